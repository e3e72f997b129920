/**
 * @module auth — sign-in and roles (docs/security.md): users, sessions and API tokens in the
 * database of saved plans, and the middleware that asks for them once a user exists.
 */
import { sqliteStorage, type Storage } from '../storage';
import { postgresAuth } from './postgres';
import { sqliteAuth } from './sqlite';
import type { AuthStore } from './store';

export {
  authenticate,
  callerOf,
  neededRole,
  SESSION_COOKIE,
  SESSION_DAYS,
  TOKEN_PREFIX,
  type AuthOptions,
  type Caller,
} from './middleware';
import type { AuthOptions } from './middleware';
export { hashPassword, newSecret, PASSWORD_LENGTH, secretHash, verifyPassword } from './secrets';
export { atLeast, ROLES, UserNameSchema, type AuthStore, type Role } from './store';

/** The auth store on `storage`; it owns nothing (the storage's opener closes it). */
export function authStore(storage: Storage): AuthStore {
  return storage.kind === 'sqlite' ? sqliteAuth(storage.db) : postgresAuth(storage.pool);
}

/** Environment read by `authOptions` (docs/security.md). */
export interface AuthEnv {
  /** `1`/`true`: take `X-Forwarded-Proto: https` as TLS (the cookie is then `Secure`). */
  readonly TRUST_PROXY_TLS?: string;
  /** An authenticating proxy's header naming the user, e.g. `X-Forwarded-User`. */
  readonly AUTH_PROXY_HEADER?: string;
  /** The proxy's addresses, comma- or space-separated; the header is ignored from any other. */
  readonly AUTH_PROXY_ADDRESSES?: string;
}

/**
 * The server's auth settings from the environment.
 * @throws Error when only one of AUTH_PROXY_HEADER and AUTH_PROXY_ADDRESSES is set, or the header
 * is not a header name.
 */
export function authOptions(env: AuthEnv, store: AuthStore): AuthOptions {
  const header = env.AUTH_PROXY_HEADER?.trim() ?? '';
  const addresses = (env.AUTH_PROXY_ADDRESSES ?? '').split(/[\s,]+/).filter(Boolean);
  if (Boolean(header) !== addresses.length > 0)
    throw new Error(
      'invalid AUTH_PROXY_HEADER/AUTH_PROXY_ADDRESSES: set both (the header is trusted only ' +
        'from the listed addresses) or neither',
    );
  if (header && !/^[A-Za-z0-9-]+$/.test(header))
    throw new Error(`invalid AUTH_PROXY_HEADER: ${header} (expected a header name)`);
  return {
    store,
    trustProxyTls: /^(1|true|yes)$/i.test(env.TRUST_PROXY_TLS?.trim() ?? ''),
    ...(header ? { proxy: { header, addresses } } : {}),
  };
}

/** A private in-memory store with no users: `createApp`'s default, open as on loopback. */
export function memoryAuthStore(): AuthStore {
  return authStore(sqliteStorage(':memory:'));
}

/** Whether `host` (HOST) is a loopback address or name: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h) ||
    h === '0:0:0:0:0:0:0:1'
  );
}

/**
 * Why the server must not start on `host` (a sentence naming the fix), or undefined when it may:
 * any address but loopback needs a user first, or everyone who reaches the port could read and
 * change every plan.
 */
export async function refuseToStart(host: string, store: AuthStore): Promise<string | undefined> {
  if (isLoopback(host) || (await store.hasUsers())) return undefined;
  return (
    `HOST=${host} is not a loopback address and no users are set up, so anyone who reaches ` +
    'the port could read and change every plan. Add an admin first — ' +
    'switchyard users add NAME --role admin (the password from stdin or SWITCHYARD_PASSWORD) — ' +
    'or listen on 127.0.0.1. See docs/security.md.'
  );
}
