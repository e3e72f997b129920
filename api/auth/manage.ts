/**
 * @module auth/manage — what the admin routes and `switchyard users|tokens` do alike: add and
 * change users (passwords hashed here), keep at least one admin, and create tokens (shown once).
 */
import { randomBytes } from 'node:crypto';
import { TOKEN_PREFIX } from './middleware';
import { hashPassword, newSecret, secretHash } from './secrets';
import type { AuthStore, Role, TokenRecord, UserRecord } from './store';

/** A refusal: `code` for the API (`not_found` 404, `conflict` 409), `message` for people. */
export interface Refusal {
  readonly refused: 'not_found' | 'conflict';
  readonly message: string;
}

const notFound = (name: string): Refusal => ({
  refused: 'not_found',
  message: `no user "${name}"`,
});

/** Adds a user with a hashed password; refused when the name is taken. */
export async function addUser(
  store: AuthStore,
  name: string,
  role: Role,
  password: string,
): Promise<UserRecord | Refusal> {
  const user = await store.addUser(name, role, await hashPassword(password));
  return user ?? { refused: 'conflict', message: `a user "${name}" exists already` };
}

/** Whether taking `name`'s admin role away would leave no admin while users remain. */
async function lastAdmin(store: AuthStore, name: string): Promise<boolean> {
  const users = await store.listUsers();
  const admins = users.filter((u) => u.role === 'admin');
  return admins.length === 1 && admins[0].name === name && users.length > 1;
}

/**
 * Changes a role and/or a password (a new password ends the user's sessions). The last admin
 * keeps the role while other users remain: someone must be able to manage them.
 */
export async function updateUser(
  store: AuthStore,
  name: string,
  change: { role?: Role; password?: string },
): Promise<UserRecord | Refusal> {
  if (change.role !== undefined && change.role !== 'admin' && (await lastAdmin(store, name)))
    return { refused: 'conflict', message: `"${name}" is the last admin; make another first` };
  const passwordHash =
    change.password === undefined ? undefined : await hashPassword(change.password);
  return (await store.updateUser(name, { role: change.role, passwordHash })) ?? notFound(name);
}

/** Removes a user, their sessions and tokens; the last admin stays while other users remain. */
export async function removeUser(store: AuthStore, name: string): Promise<true | Refusal> {
  if (await lastAdmin(store, name))
    return { refused: 'conflict', message: `"${name}" is the last admin; make another first` };
  return (await store.removeUser(name)) || notFound(name);
}

/**
 * A new API token for `user`: the record and the token itself, which exists only in this answer
 * (the store keeps its SHA-256).
 */
export async function createToken(
  store: AuthStore,
  user: string,
  label: string,
): Promise<(TokenRecord & { token: string }) | Refusal> {
  if (!(await store.credentials(user))) return notFound(user);
  const token = newSecret(TOKEN_PREFIX);
  const record = await store.addToken(
    randomBytes(8).toString('hex'),
    secretHash(token),
    user,
    label,
  );
  return { ...record, token };
}

/** Whether a result is a refusal. */
export const isRefusal = (r: unknown): r is Refusal =>
  typeof r === 'object' && r !== null && 'refused' in r;
