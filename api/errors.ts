/**
 * @module errors — the API's error envelope `{ error: { code, message, issues? } }` and zod issues
 * as `{ path, message }`.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode, UnofficialStatusCode } from 'hono/utils/http-status';
import { MAX_JSON_DEPTH } from './limits';
import { listIssues, ROOT_PATH, type ApiError, type EngineError, type FieldIssue } from '../model';

// The zod-issue formatter and the issue cap are the model's (model/issues.ts), so that the browser's
// engine answers a bad body as the API does; re-exported for the routes and tests that import them
// from here.
export { MAX_ISSUE_CHARS, MAX_ISSUES, ROOT_PATH, zodIssues, type FieldIssue } from '../model';

/** The request's id (`hono/request-id`), when the app set one. */
export function requestIdOf(c: Context): string | undefined {
  return (c.var as { requestId?: string }).requestId;
}

/**
 * Sends the error envelope with a status; it carries the request id (as in the logs and
 * `X-Request-Id`). At most `MAX_ISSUES` issues are listed, each cut to `MAX_ISSUE_CHARS`; when
 * there are more, the message ends with `(N issues, the first 50 listed; more: M)`.
 */
export function errorResponse<S extends ContentfulStatusCode>(
  c: Context,
  status: S,
  code: string,
  message: string,
  issues?: FieldIssue[],
) {
  const requestId = requestIdOf(c);
  const listed = listIssues(message, issues);
  const body: ApiError & { error: { requestId?: string } } = {
    error: {
      code,
      message: listed.message,
      ...(listed.issues ? { issues: listed.issues } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
  return c.json(body, status);
}

/**
 * Status logged for a request whose client went away before sending it whole (nginx's "client
 * closed request").
 */
export const CLIENT_CLOSED_REQUEST = 499 as UnofficialStatusCode;

/**
 * True when `err` comes from reading a request whose client closed the connection mid-upload: Node
 * aborts the body stream with `ECONNRESET` ("aborted"). Not a server fault: no 500, no stack trace.
 */
export function isClientAbort(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/**
 * True when the JSON text opens more than `max` arrays and objects inside one another, counted in
 * one pass over the characters (no recursion, no parse), strings skipped. Text that is not JSON is
 * counted as far as it goes; JSON.parse then refuses it.
 */
export function nestingOver(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}

/**
 * Reads a JSON body; on failure returns the 400 response to send instead: empty, nested deeper than
 * `MAX_JSON_DEPTH` (checked before parsing, so that no route recurses into a hostile body), or not
 * JSON.
 */
export async function readJson(
  c: Context,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await c.req.text();
  if (text.trim() === '') {
    return {
      ok: false,
      response: errorResponse(
        c,
        400,
        'empty_body',
        'the request body is empty; send a JSON document',
        [{ path: ROOT_PATH, message: 'empty body' }],
      ),
    };
  }
  const depth = nestingOver(text, MAX_JSON_DEPTH);
  if (depth)
    return {
      ok: false,
      response: errorResponse(
        c,
        400,
        'too_deep',
        `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
        [{ path: ROOT_PATH, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
      ),
    };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      response: errorResponse(
        c,
        400,
        'invalid_json',
        `the request body is not valid JSON: ${why}`,
        [{ path: ROOT_PATH, message: `not valid JSON: ${why}` }],
      ),
    };
  }
}

/**
 * Sends a model's refusal (`EngineError`: a plan that does not fit, a parameter out of range) as
 * the error envelope with its code, message and issues (already capped). On the server every such
 * refusal is a 400 (`planError`, `engineError`); the status stays a literal so that the typed
 * client tells the error from the answer.
 */
export function engineErrorResponse(c: Context, e: EngineError) {
  return errorResponse(c, 400, e.code, e.message, [...e.issues]);
}
