/**
 * @module errors — the API's error envelope `{ error: { code, message, issues? } }` and zod issues
 * as `{ path, message }`.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode, UnofficialStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { otherKindField, type ApiError } from '../model';

/** One faulty field: a dot-joined path (`site.gridMW`, `hpcOptions.0.id`) and why. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** The path shown for a fault of the body as a whole. */
export const ROOT_PATH = '(body)';

/**
 * Turns zod issues into field issues. Unknown keys become one issue per key, named by its full
 * path; the body itself is `(body)`.
 */
export function zodIssues(
  error: z.ZodError,
  prefix: readonly (string | number)[] = [],
): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = [
      ...prefix,
      ...issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p)),
    ];
    if (issue.code === 'unrecognized_keys') {
      // A key of the other option kind on an HPC option (hpcOptions.N) is named as such.
      const option = path.length >= 2 && path[path.length - 2] === 'hpcOptions';
      for (const k of issue.keys)
        out.push({
          path: join([...path, k]),
          message:
            (option && otherKindField(k)) ||
            `unknown field "${k}" (not part of the scenario contract)`,
        });
    } else {
      out.push({ path: join(path), message: issue.message });
    }
  }
  return out;
}

/**
 * A dot-joined path (`hpcOptions.0.id`). A key that is not a plain identifier (empty, with dots,
 * spaces or quotes — only a hostile or mistaken body has one) is written `["…"]` as JSON, so that
 * every path is non-empty and names exactly one field.
 */
function join(path: readonly (string | number)[]): string {
  if (!path.length) return ROOT_PATH;
  return path
    .map((p, i) =>
      typeof p === 'number' || /^[A-Za-z_$][\w$]*$/.test(p)
        ? `${i ? '.' : ''}${p}`
        : `[${JSON.stringify(p)}]`,
    )
    .join('');
}

/** The request's id (`hono/request-id`), when the app set one. */
export function requestIdOf(c: Context): string | undefined {
  return (c.var as { requestId?: string }).requestId;
}

/**
 * Most issues an error body lists; the message counts the rest (50,000 unknown keys made a 4.5 MB
 * body).
 */
export const MAX_ISSUES = 50;

/**
 * Longest path or issue message sent, characters; longer ones (a hostile 100 kB key) are cut with
 * `…`.
 */
export const MAX_ISSUE_CHARS = 200;

const cut = (s: string) => (s.length > MAX_ISSUE_CHARS ? `${s.slice(0, MAX_ISSUE_CHARS - 1)}…` : s);

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
  const more = issues ? issues.length - MAX_ISSUES : 0;
  const text =
    more > 0
      ? `${message} (${issues!.length} issues, the first ${MAX_ISSUES} listed; more: ${more})`
      : message;
  const listed = issues
    ?.slice(0, MAX_ISSUES)
    .map((i) => ({ path: cut(i.path), message: cut(i.message) }));
  const body: ApiError & { error: { requestId?: string } } = {
    error: {
      code,
      message: text,
      ...(listed ? { issues: listed } : {}),
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

/** Reads a JSON body; on failure returns the 400 response to send instead. */
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
