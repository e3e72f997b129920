/**
 * @module auth/middleware — who is calling (an API token, a session cookie, or a listed proxy's
 * user header) and whether their role may (docs/security.md). Sign-in is required as soon as one
 * user exists; with none (the embedded default on loopback) every route stays open.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { errorResponse } from '../errors';
import { secretHash } from './secrets';
import { atLeast, type AuthStore, type Role } from './store';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'switchyard_session';

/** How long a session lasts from sign-in, days (the cookie's Max-Age too). */
export const SESSION_DAYS = 7;

/** Prefix of API tokens, so that a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'swy_';

/** What the server is told about authentication (api/server.ts reads it from the environment). */
export interface AuthOptions {
  readonly store: AuthStore;
  /**
   * Take `X-Forwarded-Proto: https` as a request over TLS (the session cookie is then `Secure`);
   * set only behind a proxy that terminates TLS and sets that header (`TRUST_PROXY_TLS`).
   */
  readonly trustProxyTls?: boolean;
  /**
   * An authenticating proxy: the user named in `header` (an existing user, with its role) is
   * trusted on requests from `addresses` only (`AUTH_PROXY_HEADER`, `AUTH_PROXY_ADDRESSES`).
   */
  readonly proxy?: { readonly header: string; readonly addresses: readonly string[] };
}

/** Who made a request, and how they proved it. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
  readonly via: 'session' | 'token' | 'proxy';
}

/** The request's caller, when it signed in or sent a token. */
export function callerOf(c: Context): Caller | undefined {
  return (c.var as { caller?: Caller }).caller;
}

/**
 * The role a request needs: `public` for health, signing in and out; `admin` for users and tokens;
 * `viewer` to read (GET); `editor` for the rest (save, delete, solve, run analyses and batches).
 */
export function neededRole(method: string, path: string): Role | 'public' {
  if (path === '/api/health') return 'public';
  if (path === '/api/session') return method === 'GET' ? 'viewer' : 'public';
  if (/^\/api\/(users|tokens)(\/|$)/.test(path)) return 'admin';
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'editor';
}

/** Whether the request came over TLS: directly, or through a proxy trusted to say so. */
export function overTls(c: Context, trustProxyTls = false): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return trustProxyTls && proto === 'https';
}

/** The peer's address, IPv4-mapped IPv6 written as IPv4; undefined outside the Node server. */
function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address?.replace(/^::ffff:(?=\d+\.)/, '');
  } catch {
    return undefined;
  }
}

async function identify(c: Context, options: AuthOptions): Promise<Caller | undefined> {
  const { store, proxy } = options;
  const authorization = c.req.header('authorization') ?? '';
  // Other schemes (a proxy's Basic) are not ours and fall through to the cookie.
  if (/^Bearer\s/i.test(authorization)) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const user = token?.startsWith(TOKEN_PREFIX)
      ? await store.tokenUser(secretHash(token))
      : undefined;
    // A bad token is refused even with a good cookie beside it: a script must learn its token died.
    return user && { name: user.name, role: user.role, via: 'token' };
  }
  const session = getCookie(c, SESSION_COOKIE);
  if (session) {
    const user = await store.sessionUser(secretHash(session));
    if (user) return { name: user.name, role: user.role, via: 'session' };
  }
  const named = proxy && c.req.header(proxy.header);
  if (named && proxy.addresses.includes(remoteAddress(c) ?? '')) {
    const found = await store.credentials(named);
    if (found) return { name: found.user.name, role: found.user.role, via: 'proxy' };
  }
  return undefined;
}

/**
 * Middleware for `/api/*`: sets the caller (`callerOf`) and answers 401 to a request without a
 * valid session or token and 403 to a role that may not (`neededRole`), once any user exists.
 */
export function authenticate(options: AuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const needed = neededRole(c.req.method, c.req.path);
    const caller = await identify(c, options);
    if (caller) c.set('caller' as never, caller as never);
    if (needed === 'public') return next();
    if (!caller) {
      if (!(await options.store.hasUsers())) return next();
      c.header('WWW-Authenticate', 'Bearer realm="switchyard"');
      return errorResponse(
        c,
        401,
        'unauthenticated',
        'sign in first (POST /api/session, or the page /signin) or send Authorization: Bearer <token>',
      );
    }
    if (!atLeast(caller.role, needed))
      return errorResponse(
        c,
        403,
        'forbidden',
        `${caller.name} is a ${caller.role}; ${c.req.method} ${c.req.path.slice(0, 200)} ` +
          `needs the ${needed} role`,
      );
    return next();
  };
}
