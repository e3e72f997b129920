/**
 * @module plans/repository — where saved plans live: one interface, SQLite by default, PostgreSQL
 * by DATABASE_URL.
 */
import { join } from 'node:path';
import type { PlanFields, PlanPage, PlanSummary, SavedPlan } from './schema';
import { sqlitePlanRepository } from './sqlite';
import { postgresPlanRepository } from './postgres';

/**
 * Storage of saved plans. Every method is atomic: a plan is stored whole or not at all, and a plan
 * whose write returned is durable (it survives a crash of the process). Ids are made by the
 * repository (UUIDs); `savedAt` is the time of the last write, ISO 8601 UTC.
 */
export interface PlanRepository {
  /** `sqlite` or `postgres`, for /api/health and logs. */
  readonly kind: 'sqlite' | 'postgres';
  /** Stores a new plan and returns it with its id and time. */
  create(fields: PlanFields): Promise<SavedPlan>;
  /**
   * Plan summaries, most recently saved first (ties by id): every plan, or with `page` at most
   * `page.limit` of them, starting after `page.after` (the last summary of the previous page; a
   * deleted one is fine).
   */
  list(page?: PlanPage): Promise<PlanSummary[]>;
  /** One plan, or undefined for an unknown id. */
  get(id: string): Promise<SavedPlan | undefined>;
  /**
   * Overwrites the fields given (the others keep their stored value: a rename does not undo a
   * concurrent re-solve) and the time; undefined for an unknown id.
   */
  update(id: string, fields: Partial<PlanFields>): Promise<SavedPlan | undefined>;
  /** Deletes a plan; false when there was none with that id. */
  delete(id: string): Promise<boolean>;
  /** Releases the file or the connections; the repository is unusable afterwards. */
  close(): Promise<void>;
}

/** Environment read by `openPlanRepository`. */
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

/**
 * Opens the repository the environment asks for, creating the database file or tables and applying
 * pending schema migrations on the way (no set-up step).
 * @throws Error when DATABASE_URL is set but is not a PostgreSQL URL, or the database cannot be
 * opened.
 * @example
 * const plans = await openPlanRepository(process.env); // ./.data/switchyard.db unless DATABASE_URL
 * is set
 */
export async function openPlanRepository(env: StorageEnv = {}): Promise<PlanRepository> {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new Error(
        `invalid DATABASE_URL: ${url.replace(/:[^:@/]*@/, ':***@')} (expected postgres://…)`,
      );
    return postgresPlanRepository(url);
  }
  return sqlitePlanRepository(join(env.DATA_DIR || '.data', SQLITE_FILE));
}

/**
 * Where the environment stores plans, for logs: the SQLite path or the PostgreSQL host (never the
 * password).
 */
export function describeStorage(env: StorageEnv = {}): string {
  const url = env.DATABASE_URL?.trim();
  if (url) return `PostgreSQL ${url.replace(/\/\/[^@/]*@/, '//')}`;
  return `SQLite ${join(env.DATA_DIR || '.data', SQLITE_FILE)}`;
}
