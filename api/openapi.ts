/**
 * @module openapi — the OpenAPI 3.1 document, generated from the zod schemas by
 * `@hono/zod-openapi`: component names for the shared schemas, and the pieces every route
 * declaration uses (JSON bodies, the error responses).
 */
import { zodToOpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import {
  ApiErrorSchema,
  EvaluateRequestSchema,
  PlanSchema,
  ScenarioSchema,
  SolveResultSchema,
} from '../model';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from './limits';
import EXAMPLES from './openapi-examples.json';

/**
 * Gives a schema a component name, so that the document refers to it (`$ref`) wherever it is used
 * instead of inlining it. It marks the schema object itself: `schema.openapi(name)` would return a
 * copy, and only the copy's users would get the reference; the model's schemas are composed of one
 * another, so it is the original that must carry the name. (The model cannot name them: it imports
 * nothing but zod.)
 */
export function named<T extends z.ZodType>(schema: T, refId: string): T {
  zodToOpenAPIRegistry.add(schema, { _internal: { refId } } as Parameters<
    typeof zodToOpenAPIRegistry.add
  >[1]);
  return schema;
}

named(ScenarioSchema, 'Scenario');
named(PlanSchema, 'Plan');
named(EvaluateRequestSchema, 'EvaluateRequest');
named(SolveResultSchema, 'SolveResult');

/**
 * The error envelope as sent: the model's `ApiError` plus the request id (also in `X-Request-Id`
 * and the log).
 */
export const ApiErrorBodySchema = named(
  z.object({
    error: ApiErrorSchema.shape.error.extend({
      requestId: z
        .string()
        .optional()
        .describe('the request id, as in the X-Request-Id header and the server log'),
    }),
  }),
  'ApiError',
);

/** A JSON request body. */
export function jsonBodyOf(schema: z.ZodType, description: string) {
  return { body: { required: true, description, content: { 'application/json': { schema } } } };
}

/** A JSON response. */
export function jsonResponse(schema: z.ZodType, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

const ERROR_RESPONSES = {
  400:
    'The body is not valid: `error.issues` names every faulty field by its ' +
    'path (`site.gridMW`, `hpcOptions.0.id`; `(body)` when the body is empty ' +
    'or not JSON).',
  401: 'Sign-in is required (the server has users): no valid session cookie or bearer token.',
  403: 'The caller is signed in, but its role may not do this (docs/security.md).',
  404: 'Nothing has this id: `error.issues` names the path parameter.',
  409: 'It conflicts with what is stored (a name taken, the last admin).',
  412:
    'The plan is no longer at the version `If-Match` names (another write came first); the ' +
    '`ETag` header is the version stored. Nothing was written.',
  413: `The body is over the ${MAX_BODY_BYTES / 1024} KiB limit.`,
  428: 'No `If-Match` header: send the ETag of the plan as last read. Nothing was written.',
  429: 'Too many failed sign-ins for this name; retry after the `Retry-After` seconds.',
  503: 'Every solver is busy and the queue is full; retry after the `Retry-After` seconds. Nothing was stored.',
} as const;

/**
 * The error responses a route can give, each with the envelope `{ error: { code, message, issues?,
 * requestId } }`.
 */
export function errorResponses<C extends keyof typeof ERROR_RESPONSES>(...codes: C[]) {
  const out = {} as Record<C, ResponseConfig>;
  for (const code of codes) {
    const retry = {
      'Retry-After': {
        description: 'seconds to wait before retrying',
        schema: { type: 'integer' as const },
      },
    };
    out[code] = {
      ...jsonResponse(ApiErrorBodySchema, ERROR_RESPONSES[code]),
      ...(code === 503 || code === 429 ? { headers: retry } : {}),
    };
  }
  return out;
}

/**
 * The answers api/guard.ts gives before any route: 421 to every request naming a host the server
 * does not answer to; 403 to a write from another origin; 415 to a write with a body not sent as
 * JSON.
 */
function guardResponses(r: RouteConfig): Record<string, ResponseConfig> {
  const error = (description: string) => jsonResponse(ApiErrorBodySchema, description);
  const out: Record<string, ResponseConfig> = {
    421: error('`Host` is not one of the names the server answers to (`ALLOWED_HOSTS`).'),
  };
  if (r.method === 'get' || r.method === 'head' || r.method === 'options') return out;
  out[403] = error(
    "`Origin` is neither the server's own nor listed in `CORS_ORIGINS` (or, without " +
      '`Origin`, `Sec-Fetch-Site` is not `same-origin`). Nothing was stored.',
  );
  if (r.request?.body)
    out[415] = error(
      'The body was not sent as `content-type: application/json`. Nothing was stored.',
    );
  return out;
}

/**
 * Registers route declarations in an app's document (the handlers are attached separately, see
 * `jsonBody`).
 */
export function documented<A extends OpenAPIHono<any, any, any>>(
  app: A,
  ...routes: RouteConfig[]
): A {
  for (const r of routes)
    app.openAPIRegistry.registerPath({ ...r, responses: { ...guardResponses(r), ...r.responses } });
  return app;
}

/** The document's header. */
export const DOCUMENT_INFO: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'Switchyard API',
    version: '1.0.0',
    description:
      'Decide, month by month, where each MW of a Bitcoin-mining site goes: ' +
      'hashing or an HPC/AI lease. Every answer carries an `X-Request-Id` ' +
      'header; every error is `{ error: { code, message, issues?, requestId } ' +
      '}`. A request naming a host the server does not answer to is a 421; a POST, PUT, PATCH ' +
      'or DELETE from another origin is a 403, and one with a body not sent as ' +
      '`content-type: application/json` a 415. A body nested deeper than ' +
      `${MAX_JSON_DEPTH} levels is a 400 (\`too_deep\`) before it is parsed.` +
      ' Once the server has users, every route but health and sign-in needs a session cookie ' +
      '(`POST /api/session`) or `Authorization: Bearer <token>`: 401 without, 403 for a role that may not.',
    license: { name: 'MIT' },
  },
  tags: [
    { name: 'solve', description: 'Optimise or evaluate a scenario; export its LP' },
    { name: 'plans', description: 'Saved plans, stored with their answers' },
    { name: 'presets', description: 'Shipped scenarios' },
    { name: 'meta', description: 'Health and this document' },
    { name: 'auth', description: 'Sign-in, users and API tokens (docs/security.md)' },
  ],
};

/**
 * An operation's example: its path parameters, request body and success answer
 * (api/openapi-examples.json).
 */
export interface OperationExample {
  readonly params?: Record<string, string | number>;
  readonly request?: unknown;
  readonly response?: unknown;
}

/**
 * The document with each operation's example (by `operationId`, from api/openapi-examples.json,
 * made by `npm run examples` from real answers): on its path parameters, its request body and its
 * first 2xx answer.
 */
export function withExamples<D extends { paths?: Record<string, Record<string, any>> }>(doc: D): D {
  const examples = EXAMPLES as Record<string, OperationExample>;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      const example = examples[op.operationId as string];
      if (!example) continue;
      for (const p of op.parameters ?? [])
        if (example.params?.[p.name] !== undefined) p.example = example.params[p.name];
      const body = op.requestBody?.content;
      if (body && example.request !== undefined)
        for (const type of Object.keys(body)) body[type].example = example.request;
      const ok = Object.keys(op.responses ?? {}).find((code) => code.startsWith('2'));
      const content = ok ? op.responses[ok].content : undefined;
      if (content && example.response !== undefined) {
        const type = Object.keys(content).find(
          (t) => (typeof example.response === 'string') === !t.includes('json'),
        );
        if (type) content[type].example = example.response;
      }
    }
  }
  return doc;
}
