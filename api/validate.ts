/**
 * @module validate — the JSON body validator every POST/PUT route uses: the error envelope, the
 * typed input.
 */
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { z } from 'zod';
import { zodIssues } from '../model';
import { errorResponse, readJson } from './errors';

/**
 * Middleware that reads the body as JSON (api/guard.ts has already refused any other Content-Type
 * with 415), validates it with `schema`, and hands the parsed value to the handler as
 * `c.req.valid('json')`. Empty, too deeply nested or malformed JSON answers 400 naming `(body)`; a
 * schema failure
 * answers 400 with `code`, `message` and every faulty field. Its input type is what the typed
 * client (`hc<AppType>`) sends.
 * @example
 * app.post('/lp', jsonBody(ScenarioSchema, 'invalid_scenario', 'the scenario is not valid'), (c) =>
 * c.json(c.req.valid('json')));
 */
export function jsonBody<S extends z.ZodType>(schema: S, code: string, message: string) {
  return createMiddleware<{}, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }>(
    async (c, next) => {
      const body = await readJson(c);
      if (!body.ok) return body.response;
      const parsed = schema.safeParse(body.value);
      if (!parsed.success) return errorResponse(c, 400, code, message, zodIssues(parsed.error));
      c.req.addValidatedData('json', parsed.data as object);
      await next();
    },
  );
}

/**
 * `jsonBody` for one of the engine's requests (`REQUESTS.optimize`, …), with the schema, code and
 * message the engine (and so the browser's worker) refuses a bad body with.
 * @example app.post('/optimize', requestBody(REQUESTS.optimize), handler)
 */
export function requestBody<S extends z.ZodType>(spec: {
  readonly schema: S;
  readonly code: string;
  readonly message: string;
}) {
  return jsonBody(spec.schema, spec.code, spec.message);
}

/**
 * Validates the query string with `schema` (each parameter once; a repeated one is refused as not a
 * string). On failure returns the 400 to send, its issues named by parameter; on success the parsed
 * value. The query stays out of the route's typed input, so clients that send none need not say so.
 * @example const q = queryOf(c, PlanListQuerySchema); if (!q.ok) return q.response;
 */
export function queryOf<S extends z.ZodType>(
  c: Context,
  schema: S,
):
  | { ok: true; value: z.output<S> }
  | { ok: false; response: ReturnType<typeof errorResponse<400>> } {
  const raw: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(c.req.queries())) raw[k] = v.length === 1 ? v[0] : v;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    response: errorResponse(
      c,
      400,
      'invalid_query',
      'the query string is not valid',
      zodIssues(parsed.error),
    ),
  };
}
