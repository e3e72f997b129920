/**
 * @module guard — no cross-site writes and no DNS rebinding: the `Host` a request names must be one
 * of the server's own names (421 otherwise); an unsafe method must come from the server's own
 * origin, an origin listed in `CORS_ORIGINS` or a client that is not a browser (403 otherwise);
 * and a request to the API with a body must say `content-type: application/json` (415 otherwise),
 * which a page on another site cannot send without a CORS preflight. See docs/security-transport.md.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { errorResponse } from './errors';

/** Names every server answers to, whatever `ALLOWED_HOSTS` says: the loopback ones. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Status for a request that names a host this server does not serve (RFC 9110 §15.5.20). */
export const MISDIRECTED_REQUEST = 421 as const;

const UNSAFE: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Parses `ALLOWED_HOSTS`: host names or addresses (`switchyard.example.com`, `10.0.0.5`, `[::1]`),
 * separated by commas or spaces, without scheme or port, lower-cased; `*` for any host (no check).
 * @throws Error `invalid ALLOWED_HOSTS entry: <entry>` for a URL, a path or a port.
 * @example parseAllowedHosts('switchyard.example.com, 10.0.0.5') // two names
 */
export function parseAllowedHosts(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((e) => e.toLowerCase());
  for (const e of entries)
    if (e !== '*' && hostnameOf(e) !== e)
      throw new Error(
        `invalid ALLOWED_HOSTS entry: ${e} (expected a host name or address without scheme or ` +
          'port, e.g. switchyard.example.com)',
      );
  return entries;
}

/**
 * The names a server listening on `address` answers to: the loopback names, the address itself
 * unless it is a wildcard (`0.0.0.0`, `::`), and the `allowed` ones.
 */
export function serverHosts(address: string, allowed: readonly string[] = []): string[] {
  const own = address === '0.0.0.0' || address === '::' || address === '' ? [] : [address];
  const bracketed = own.map((a) => (a.includes(':') && !a.startsWith('[') ? `[${a}]` : a));
  return [...new Set([...LOOPBACK_HOSTS, ...bracketed.map((h) => h.toLowerCase()), ...allowed])];
}

/** The host name of a `Host` value (`name`, `name:port`, `[v6]:port`), lower-cased; else ''. */
function hostnameOf(host: string): string {
  try {
    const u = new URL(`http://${host}`);
    return u.username || u.password || u.pathname !== '/' || u.search || u.hash ? '' : u.hostname;
  } catch {
    return '';
  }
}

/** `host:port` of an `Origin` header value; '' for `null` or anything that is not an origin. */
function hostOfOrigin(origin: string): string {
  try {
    const u = new URL(origin);
    return /^https?:$/.test(u.protocol) && u.origin === origin ? u.host : '';
  } catch {
    return '';
  }
}

/** Options of `transportGuard`. */
export interface GuardOptions {
  /**
   * Host names the server answers to (see `serverHosts`); `*` among them: any. Default the loopback
   * names.
   */
  readonly hosts?: readonly string[];
  /** Origins that may write besides the server's own (`CORS_ORIGINS`); `*` among them: any. */
  readonly origins?: readonly string[];
}

/**
 * The middleware. Every request: its `Host` header and the host of its URL must be in `hosts`, or
 * 421 `misdirected_host`. An unsafe method (POST, PUT, PATCH, DELETE): when the request carries an
 * `Origin`, it must be the server's own (its host and port those of `Host`) or listed in `origins`,
 * or 403 `cross_origin`; without one, a `Sec-Fetch-Site` other than `same-origin` or `none` is a
 * browser sending it from another site, also 403; with neither it comes from a client that is not a
 * browser (curl, the CLI, a script), which carries no one's cookies, and passes. Then, under
 * `/api/`, a POST, PUT or PATCH, or a DELETE with a body, must say `content-type:
 * application/json`, or 415 `unsupported_media_type`.
 */
export function transportGuard(options: GuardOptions = {}): MiddlewareHandler {
  const hosts = new Set(options.hosts ?? LOOPBACK_HOSTS);
  const anyHost = hosts.has('*');
  const origins = new Set(options.origins ?? []);
  const anyOrigin = origins.has('*');
  const hostAllowed = (host: string) => anyHost || hosts.has(hostnameOf(host));
  return async (c, next) => {
    const header = c.req.header('host');
    const urlHost = new URL(c.req.url).host;
    if ((header !== undefined && !hostAllowed(header)) || !hostAllowed(urlHost))
      return misdirected(c, header ?? urlHost);
    if (!UNSAFE.includes(c.req.method)) return next();
    const refused = crossSite(c, header ?? urlHost, origins, anyOrigin);
    if (refused) return refused;
    if (c.req.path.startsWith('/api/') && hasBody(c) && !isJson(c.req.header('content-type')))
      return errorResponse(
        c,
        415,
        'unsupported_media_type',
        'send the body with the header content-type: application/json',
        [{ path: 'content-type', message: `must be application/json, not ${typeOf(c)}` }],
      );
    return next();
  };
}

function misdirected(c: Context, host: string) {
  return errorResponse(
    c,
    MISDIRECTED_REQUEST,
    'misdirected_host',
    'this server does not answer to that host name; the operator lists its names in ALLOWED_HOSTS',
    [{ path: 'host', message: `not one of the server's names: ${JSON.stringify(host)}` }],
  );
}

/** The 403 for a write from another site, or undefined when the request may write. */
function crossSite(c: Context, host: string, origins: Set<string>, anyOrigin: boolean) {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (origin !== undefined) {
    const own = hostOfOrigin(origin) !== '' && hostOfOrigin(origin) === host.toLowerCase();
    if (own || anyOrigin || origins.has(origin)) return undefined;
    return errorResponse(
      c,
      403,
      'cross_origin',
      'a write from another origin is refused; the operator lists the origins allowed in CORS_ORIGINS',
      [{ path: 'origin', message: `not this server's origin: ${JSON.stringify(origin)}` }],
    );
  }
  if (site === undefined || site === 'same-origin' || site === 'none') return undefined;
  return errorResponse(c, 403, 'cross_origin', 'a write from another site is refused', [
    { path: 'sec-fetch-site', message: `must be same-origin, not ${JSON.stringify(site)}` },
  ]);
}

/** Whether the request carries a body (a length above 0, or a chunked one). */
function hasBody(c: Context): boolean {
  if (c.req.method !== 'DELETE') return true;
  const length = c.req.header('content-length');
  return (
    (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined
  );
}

/** `application/json`, with parameters or not (`; charset=utf-8`). */
function isJson(type: string | undefined): boolean {
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type.trim());
}

const typeOf = (c: Context) =>
  JSON.stringify((c.req.header('content-type') ?? 'none').slice(0, 100));
