/**
 * @module auth/store — what a store of users, sessions and API tokens does: one interface, two back
 * ends (auth/sqlite, auth/postgres) in the database of saved plans (api/storage).
 */
import { z } from 'zod';

/** The roles, least to most: viewers read; editors also save, run, delete; admins also manage. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` may do what `needed` may. */
export const atLeast = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** A user name: 1–64 letters, digits and `._@-`, starting with a letter or digit. */
export const UserNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/,
    'must be 1–64 letters, digits or . _ @ -, starting with a letter or digit',
  )
  .describe('user name');

/** A user as listed (never the password hash). */
export interface UserRecord {
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
}

/** An API token as listed (never the token nor its hash). */
export interface TokenRecord {
  readonly id: string;
  readonly user: string;
  readonly label: string;
  readonly createdAt: string;
  /** When it was revoked; null while it works. */
  readonly revokedAt: string | null;
}

/**
 * Users, sessions and tokens. Secrets never reach it in clear: passwords come as scrypt hashes,
 * session ids and tokens as their SHA-256 (auth/secrets). Lookups read the database each time, so
 * a revoked token or a removed user stops working at once.
 */
export interface AuthStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Whether any user exists (sign-in is then required, docs/security.md). */
  hasUsers(): Promise<boolean>;
  listUsers(): Promise<UserRecord[]>;
  /** The user and its password hash; undefined for an unknown name. */
  credentials(name: string): Promise<{ user: UserRecord; passwordHash: string } | undefined>;
  /** Adds a user; undefined when the name is taken. */
  addUser(name: string, role: Role, passwordHash: string): Promise<UserRecord | undefined>;
  /**
   * Changes a role and/or the password hash (a new password ends the user's sessions); undefined
   * for an unknown name.
   */
  updateUser(
    name: string,
    change: { role?: Role; passwordHash?: string },
  ): Promise<UserRecord | undefined>;
  /** Removes a user with its sessions and tokens; false for an unknown name. */
  removeUser(name: string): Promise<boolean>;
  /** Records a session (its id's hash) until `expiresAt`; drops expired sessions on the way. */
  addSession(idHash: string, user: string, expiresAt: Date): Promise<void>;
  /** The user of an unexpired session; undefined otherwise. */
  sessionUser(idHash: string): Promise<UserRecord | undefined>;
  deleteSession(idHash: string): Promise<void>;
  addToken(id: string, tokenHash: string, user: string, label: string): Promise<TokenRecord>;
  /** The user of a token that is not revoked; undefined otherwise. */
  tokenUser(tokenHash: string): Promise<UserRecord | undefined>;
  /** Revokes a token (again is fine); false for an unknown id. */
  revokeToken(id: string): Promise<boolean>;
  listTokens(): Promise<TokenRecord[]>;
}

/** A stored row's role, refusing anything else (a row written by hand). */
function roleOf(value: unknown): Role {
  const role = String(value) as Role;
  if (!ROLES.includes(role)) throw new Error(`invalid role in the users table: ${role}`);
  return role;
}

/** A row as a driver returns it: times are strings (SQLite) or Dates (PostgreSQL). */
export type Row = Record<string, unknown>;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

/** A `users` row (or a join that selects its name, role and created_at) as the user. */
export const userOf = (r: Row): UserRecord => ({
  name: String(r.name),
  role: roleOf(r.role),
  createdAt: iso(r.created_at),
});

/** An `api_tokens` row as listed. */
export const tokenOf = (r: Row): TokenRecord => ({
  id: String(r.id),
  user: String(r.user_name),
  label: String(r.label),
  createdAt: iso(r.created_at),
  revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
});
