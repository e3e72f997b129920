/**
 * @module routes/auth — signing in and out (`/api/session`), and the admin routes for users and API
 * tokens (docs/security.md). Who may call which is `neededRole`'s business (api/auth/middleware).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  callerOf,
  hashPassword,
  newSecret,
  SESSION_COOKIE,
  SESSION_DAYS,
  secretHash,
  UserNameSchema,
  verifyPassword,
  type AuthOptions,
} from '../auth';
import { overTls } from '../auth/middleware';
import {
  addUser,
  createToken,
  isRefusal,
  removeUser,
  updateUser,
  type Refusal,
} from '../auth/manage';
import {
  CreatedTokenSchema,
  CreateTokenRequestSchema,
  CreateUserRequestSchema,
  SessionSchema,
  SignInRequestSchema,
  TokenIdSchema,
  TokenSchema,
  UpdateUserRequestSchema,
  UserSchema,
} from '../auth/schema';
import { errorResponse } from '../errors';
import { logToken } from '../middleware';
import { documented, errorResponses, jsonBodyOf, jsonResponse, named } from '../openapi';
import { jsonBody } from '../validate';

named(SessionSchema, 'Session');
named(UserSchema, 'User');
named(TokenSchema, 'Token');
named(CreatedTokenSchema, 'CreatedToken');

/** Failed sign-ins in a row after which a name must wait, and how long, seconds. */
export const SIGN_IN_LOCKOUT = { failures: 5, seconds: 60 } as const;

const tags = ['auth'];
const nameParam = { params: z.object({ name: UserNameSchema }) };
const idParam = { params: z.object({ id: TokenIdSchema }) };

const sessionGetRoute = createRoute({
  method: 'get',
  path: '/session',
  operationId: 'getSession',
  tags,
  summary: 'Who is signed in',
  responses: { 200: jsonResponse(SessionSchema, 'the caller'), ...errorResponses(401) },
});
const sessionPostRoute = createRoute({
  method: 'post',
  path: '/session',
  operationId: 'signIn',
  tags,
  summary: 'Sign in',
  description:
    `Checks the password and sets the session cookie \`${SESSION_COOKIE}\` (HttpOnly, ` +
    `SameSite=Strict, Secure over TLS) for ${SESSION_DAYS} days.`,
  request: jsonBodyOf(SignInRequestSchema, '{ name, password }'),
  responses: {
    200: jsonResponse(SessionSchema, 'signed in; the cookie is set'),
    ...errorResponses(400, 401, 413, 429),
  },
});
const sessionDeleteRoute = createRoute({
  method: 'delete',
  path: '/session',
  operationId: 'signOut',
  tags,
  summary: 'Sign out',
  description: 'Ends the session of the cookie sent (if any) and clears the cookie.',
  responses: { 200: jsonResponse(SessionSchema, 'signed out: `user` is null') },
});
const usersListRoute = createRoute({
  method: 'get',
  path: '/users',
  operationId: 'listUsers',
  tags,
  summary: 'List users (admin)',
  responses: {
    200: jsonResponse(z.array(UserSchema), 'every user, by name'),
    ...errorResponses(401, 403),
  },
});
const userCreateRoute = createRoute({
  method: 'post',
  path: '/users',
  operationId: 'createUser',
  tags,
  summary: 'Add a user (admin)',
  request: jsonBodyOf(CreateUserRequestSchema, '{ name, role, password }'),
  responses: {
    201: jsonResponse(UserSchema, 'added'),
    ...errorResponses(400, 401, 403, 409, 413),
  },
});
const userUpdateRoute = createRoute({
  method: 'put',
  path: '/users/{name}',
  operationId: 'updateUser',
  tags,
  summary: "Change a user's role or password (admin)",
  description: "A new password ends the user's sessions. The last admin keeps the role.",
  request: { ...nameParam, ...jsonBodyOf(UpdateUserRequestSchema, 'any of { role, password }') },
  responses: {
    200: jsonResponse(UserSchema, 'changed'),
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});
const userDeleteRoute = createRoute({
  method: 'delete',
  path: '/users/{name}',
  operationId: 'deleteUser',
  tags,
  summary: 'Remove a user with their sessions and tokens (admin)',
  request: nameParam,
  responses: { 204: { description: 'removed' }, ...errorResponses(401, 403, 404, 409) },
});
const tokensListRoute = createRoute({
  method: 'get',
  path: '/tokens',
  operationId: 'listTokens',
  tags,
  summary: 'List API tokens (admin)',
  description: 'Their ids, users and labels; never the tokens themselves.',
  responses: {
    200: jsonResponse(z.array(TokenSchema), 'every token, oldest first'),
    ...errorResponses(401, 403),
  },
});
const tokenCreateRoute = createRoute({
  method: 'post',
  path: '/tokens',
  operationId: 'createToken',
  tags,
  summary: 'Create an API token (admin)',
  description:
    'The answer carries the token this once; the server keeps only its SHA-256. Scripts send it ' +
    'as `Authorization: Bearer <token>` and act with the user’s role.',
  request: jsonBodyOf(CreateTokenRequestSchema, '{ user, label? }'),
  responses: {
    201: jsonResponse(CreatedTokenSchema, 'created'),
    ...errorResponses(400, 401, 403, 404, 413),
  },
});
const tokenDeleteRoute = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  operationId: 'revokeToken',
  tags,
  summary: 'Revoke an API token (admin)',
  description: 'It stops working at once.',
  request: idParam,
  responses: { 204: { description: 'revoked' }, ...errorResponses(401, 403, 404) },
});

/** A refusal of auth/manage as the API's error. */
function refusalResponse(c: Context, r: Refusal) {
  return r.refused === 'not_found'
    ? errorResponse(c, 404, 'not_found', r.message)
    : errorResponse(c, 409, 'conflict', r.message);
}

/**
 * The session, user and token routes on `auth`'s store; sign-ins (not their passwords) go to
 * `log`.
 */
export function authRoutes(auth: AuthOptions, log: (line: string) => void = () => {}) {
  const { store } = auth;
  // A hash to check against when the name is unknown, so that a wrong name takes as long as a
  // wrong password; and failed sign-ins per name, for the lockout.
  let decoy: Promise<string> | undefined;
  const failures = new Map<string, { count: number; last: number }>();
  const session = async (c: Context) => ({
    authRequired: await store.hasUsers(),
    user: callerOf(c) ?? null,
  });

  return documented(
    new OpenAPIHono(),
    sessionGetRoute,
    sessionPostRoute,
    sessionDeleteRoute,
    usersListRoute,
    userCreateRoute,
    userUpdateRoute,
    userDeleteRoute,
    tokensListRoute,
    tokenCreateRoute,
    tokenDeleteRoute,
  )
    .get('/session', async (c) => c.json(await session(c), 200))
    .post(
      '/session',
      jsonBody(SignInRequestSchema, 'invalid_request', 'expected { name, password }'),
      async (c) => {
        const { name, password } = c.req.valid('json');
        const failed = failures.get(name);
        const wait = failed
          ? Math.ceil((failed.last + SIGN_IN_LOCKOUT.seconds * 1000 - Date.now()) / 1000)
          : 0;
        if (failed && failed.count >= SIGN_IN_LOCKOUT.failures && wait > 0) {
          c.header('Retry-After', String(wait));
          return errorResponse(
            c,
            429,
            'too_many_attempts',
            `too many failed sign-ins; retry in ${wait} s`,
          );
        }
        const found = await store.credentials(name);
        const hash = found?.passwordHash ?? (await (decoy ??= hashPassword(newSecret(''))));
        const ok = await verifyPassword(password, hash);
        if (!found || !ok) {
          if (failures.size > 10_000) failures.clear();
          failures.set(name, { count: (failed?.count ?? 0) + 1, last: Date.now() });
          log(`sign-in refused: ${logToken(name.slice(0, 64))}`);
          return errorResponse(c, 401, 'invalid_credentials', 'wrong name or password');
        }
        failures.delete(name);
        const id = newSecret('');
        const maxAge = SESSION_DAYS * 86_400;
        await store.addSession(
          secretHash(id),
          found.user.name,
          new Date(Date.now() + maxAge * 1000),
        );
        setCookie(c, SESSION_COOKIE, id, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: overTls(c, auth.trustProxyTls),
          path: '/',
          maxAge,
        });
        log(`sign-in: ${found.user.name} (${found.user.role})`);
        const user = { name: found.user.name, role: found.user.role, via: 'session' as const };
        return c.json({ authRequired: true, user }, 200);
      },
    )
    .delete('/session', async (c) => {
      const id = getCookie(c, SESSION_COOKIE);
      if (id) await store.deleteSession(secretHash(id));
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: overTls(c, auth.trustProxyTls) });
      return c.json({ authRequired: await store.hasUsers(), user: null }, 200);
    })
    .get('/users', async (c) => c.json(await store.listUsers(), 200))
    .post(
      '/users',
      jsonBody(CreateUserRequestSchema, 'invalid_request', 'expected { name, role, password }'),
      async (c) => {
        const { name, role, password } = c.req.valid('json');
        const out = await addUser(store, name, role, password);
        return isRefusal(out) ? refusalResponse(c, out) : c.json(out, 201);
      },
    )
    .put(
      '/users/:name',
      jsonBody(UpdateUserRequestSchema, 'invalid_request', 'expected any of { role, password }'),
      async (c) => {
        const out = await updateUser(store, c.req.param('name'), c.req.valid('json'));
        return isRefusal(out) ? refusalResponse(c, out) : c.json(out, 200);
      },
    )
    .delete('/users/:name', async (c) => {
      const out = await removeUser(store, c.req.param('name'));
      return isRefusal(out) ? refusalResponse(c, out) : c.body(null, 204);
    })
    .get('/tokens', async (c) => c.json(await store.listTokens(), 200))
    .post(
      '/tokens',
      jsonBody(CreateTokenRequestSchema, 'invalid_request', 'expected { user, label? }'),
      async (c) => {
        const { user, label } = c.req.valid('json');
        const out = await createToken(store, user, label);
        return isRefusal(out) ? refusalResponse(c, out) : c.json(out, 201);
      },
    )
    .delete('/tokens/:id', async (c) => {
      const id = c.req.param('id');
      return (await store.revokeToken(id))
        ? c.body(null, 204)
        : errorResponse(c, 404, 'not_found', `no API token "${id.slice(0, 100)}"`, [
            { path: 'id', message: 'no API token has this id' },
          ]);
    });
}
