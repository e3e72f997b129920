/**
 * @module storage — the database, opened once: SQLite by default (one file in DATA_DIR), PostgreSQL
 * with DATABASE_URL; the URL check, the file's place, its pragmas and the migrations of saved plans
 * and job runs happen here, and the plan and run stores sit on what it opens.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { join } from 'node:path';
import { openSqlite } from './sqlite';
import { migratePostgres, openPool } from './postgres';

export { BUSY_TIMEOUT_MS, SQLITE_MIGRATIONS, openSqlite } from './sqlite';
export { POSTGRES_MIGRATIONS, withLockedTransaction } from './postgres';

/** Environment read by `openStorage`. */
export interface StorageEnv {
  /** `postgres://…` or `postgresql://…`: use PostgreSQL; otherwise SQLite. */
  readonly DATABASE_URL?: string;
  /**
   * Folder of the SQLite file `switchyard.db`; default `./.data` (relative to the working
   * directory).
   */
  readonly DATA_DIR?: string;
}

/** Name of the SQLite file inside DATA_DIR. */
export const SQLITE_FILE = 'switchyard.db';

/** Connections PostgreSQL storage opens at most when the caller names no number. */
export const POSTGRES_POOL_SIZE = 10;

/** An open, migrated database; the stores on it share its connection(s). */
export type Storage = (
  | { readonly kind: 'sqlite'; readonly db: Database.Database }
  | { readonly kind: 'postgres'; readonly pool: pg.Pool }
) & {
  /** Where it is, for logs: the SQLite path or the PostgreSQL host (never the password). */
  readonly where: string;
  /** Closes the file or the connections; idempotent. The stores on it are unusable afterwards. */
  close(): Promise<void>;
};

/** `url` when it is a PostgreSQL URL; else an error naming the variable (the password masked). */
export function postgresUrl(variable: string, url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error(
      `invalid ${variable}: ${url.replace(/:[^:@/]*@/, ':***@')} (expected postgres://…)`,
    );
  return url;
}

/** The SQLite file the environment names (DATA_DIR, default `./.data`). */
const sqliteFileOf = (env: StorageEnv) => join(env.DATA_DIR || '.data', SQLITE_FILE);

/**
 * Where the environment stores plans and runs, for logs: the SQLite path or the PostgreSQL host
 * (never the password).
 */
export function describeStorage(env: StorageEnv = {}): string {
  const url = env.DATABASE_URL?.trim();
  if (url) return `PostgreSQL ${url.replace(/\/\/[^@/]*@/, '//')}`;
  return `SQLite ${sqliteFileOf(env)}`;
}

/**
 * Opens and migrates the SQLite file `file` (see `openSqlite`); `':memory:'` is a private
 * in-memory database. Synchronous, so that `createApp` can make its default store.
 * @throws Error when the file cannot be opened or was migrated by a newer build.
 */
export function sqliteStorage(file: string): Storage {
  const db = openSqlite(file);
  return {
    kind: 'sqlite',
    db,
    where: `SQLite ${file}`,
    async close() {
      if (db.open) db.close();
    },
  };
}

/**
 * Connects to `url` (`postgres://user:password@host:port/database`) with at most `poolSize`
 * connections and migrates. PostgreSQL's default `synchronous_commit=on` makes each committed write
 * durable when it returns.
 * @throws Error when the server cannot be reached or a migration fails.
 */
export async function postgresStorage(
  url: string,
  poolSize = POSTGRES_POOL_SIZE,
): Promise<Storage> {
  const pool = openPool(url, poolSize, 'storage/postgres');
  try {
    await migratePostgres(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  let closed = false;
  return {
    kind: 'postgres',
    pool,
    where: describeStorage({ DATABASE_URL: url }),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * Opens the database the environment asks for, creating the file or tables and applying pending
 * migrations on the way (no set-up step).
 * @throws Error when DATABASE_URL is set but is not a PostgreSQL URL, or the database cannot be
 * opened.
 * @example
 * const storage = await openStorage(process.env); // ./.data/switchyard.db unless DATABASE_URL
 */
export async function openStorage(env: StorageEnv = {}): Promise<Storage> {
  const url = env.DATABASE_URL?.trim();
  if (url) return postgresStorage(postgresUrl('DATABASE_URL', url));
  return sqliteStorage(sqliteFileOf(env));
}

/**
 * `store` owning `storage`: closing it closes the database too. For a store opened on its own (a
 * test, a script); stores that share one storage leave it to whoever opened it.
 */
export function owning<T extends { close(): Promise<void> }>(store: T, storage: Storage): T {
  return {
    ...store,
    async close() {
      await store.close();
      await storage.close();
    },
  };
}
