/**
 * @module plans — where saved plans live: the repository on an open storage (SQLite by default,
 * PostgreSQL by DATABASE_URL), or opened alone for a test or a script.
 */
import {
  type Storage,
  type StorageEnv,
  openStorage,
  owning,
  postgresStorage,
  sqliteStorage,
} from '../storage';
import { postgresPlans } from './postgres';
import type { PlanRepository } from './repository';
import { sqlitePlans } from './sqlite';

export type { PlanRepository } from './repository';

/**
 * The plan repository on `storage`; closing it leaves the storage open (its opener closes it).
 * @example
 * const storage = await openStorage(process.env);
 * const plans = planRepository(storage);
 */
export function planRepository(storage: Storage): PlanRepository {
  return storage.kind === 'sqlite' ? sqlitePlans(storage.db) : postgresPlans(storage.pool);
}

/**
 * Opens the storage the environment asks for (see `openStorage`) and a repository that owns it:
 * closing the repository closes the database.
 * @throws Error when DATABASE_URL is set but is not a PostgreSQL URL, or the database cannot be
 * opened.
 * @example
 * const plans = await openPlanRepository(process.env); // ./.data/switchyard.db unless DATABASE_URL
 */
export async function openPlanRepository(env: StorageEnv = {}): Promise<PlanRepository> {
  const storage = await openStorage(env);
  return owning(planRepository(storage), storage);
}

/**
 * A repository owning the SQLite file `file`; `':memory:'` is a private in-memory store.
 * @throws Error when the file cannot be opened or was migrated by a newer build.
 */
export function sqlitePlanRepository(file: string): PlanRepository {
  const storage = sqliteStorage(file);
  return owning(planRepository(storage), storage);
}

/**
 * A repository owning a pool of at most `poolSize` connections to the PostgreSQL `url`.
 * @throws Error when the server cannot be reached or a migration fails.
 */
export async function postgresPlanRepository(
  url: string,
  poolSize?: number,
): Promise<PlanRepository> {
  const storage = await postgresStorage(url, poolSize);
  return owning(planRepository(storage), storage);
}
