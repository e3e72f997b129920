/**
 * @module middleware — hardening: security headers, CORS closed unless allow-listed, request ids in
 * an access log.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Parses `CORS_ORIGINS`: origins separated by commas or spaces, each exactly `scheme://host[:port]`
 * (what a browser sends as `Origin`), or `*` for any origin. Empty or unset: none (CORS closed).
 * @throws Error `invalid CORS_ORIGINS entry: <entry>` for anything else (a path, a trailing slash,
 * a bare host).
 * @example parseCorsOrigins('https://app.example.com, http://localhost:5173') // two origins
 */
export function parseCorsOrigins(value: string | undefined): string[] {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  for (const e of entries) {
    if (e === '*') continue;
    let origin: string | undefined;
    try {
      const u = new URL(e);
      origin = /^https?:$/.test(u.protocol) ? u.origin : undefined;
    } catch {
      origin = undefined;
    }
    if (origin !== e)
      throw new Error(
        `invalid CORS_ORIGINS entry: ${e} (expected scheme://host[:port], e.g. https://app.example.com)`,
      );
  }
  return entries;
}

/**
 * CORS for the listed origins only. With none, no response carries `Access-Control-Allow-Origin`,
 * so browsers keep other sites from reading the API (same-origin use, curl and scripts are
 * unaffected).
 */
export function corsAllowList(origins: readonly string[]): MiddlewareHandler {
  const any = origins.includes('*');
  return cors({
    origin: (origin) => (any || origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['Content-Type', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'X-Next-Cursor'],
    maxAge: 600,
  });
}

/**
 * `hono/secure-headers` with a Content-Security-Policy for the web app: its own scripts only, no
 * plugins, no framing; inline styles are allowed (charts set style attributes), images also from
 * data:/blob: (downloads). `'wasm-unsafe-eval'` lets the app's solver worker compile HiGHS'
 * WebAssembly (its own file; no JavaScript eval).
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
      workerSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
  });
}

/**
 * A request field as one log token: control characters (C0, DEL, C1), the Unicode line and
 * paragraph separators, spaces and backslashes are written `\xNN` / `\uNNNN`, so that a path with
 * `%0a` cannot end the line and start a forged one, nor a `%20` add fields to it.
 * @example logToken('/api/x\nGET /') // '/api/x\\x0aGET\\x20/'
 */
export function logToken(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u009f\u2028\u2029\\]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/**
 * One access-log line per request: time, request id, method, path (escaped by `logToken`), status,
 * milliseconds.
 */
export function accessLog(log: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const t0 = performance.now();
    await next();
    const id = (c.var as { requestId?: string }).requestId ?? '-';
    log(
      `${new Date().toISOString()} ${id} ${c.req.method} ` +
        `${logToken(c.req.path)} ${c.res.status} ` +
        `${(performance.now() - t0).toFixed(1)}ms`,
    );
  };
}

/**
 * A log that writes the lines of one turn of the event loop in one write, for `accessLog`:
 * `console.log` makes a write per line, synchronous when stdout is a pipe or a file (Linux), and
 * under a flood of requests those writes were a tenth of the event loop's work.
 * @example createApp({ log: batchedLog((text) => process.stdout.write(text)) })
 */
export function batchedLog(write: (text: string) => void): (line: string) => void {
  let lines: string[] = [];
  const flush = () => {
    const text = `${lines.join('\n')}\n`;
    lines = [];
    write(text);
  };
  return (line) => {
    if (!lines.length) setImmediate(flush);
    lines.push(line);
  };
}
