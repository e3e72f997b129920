/**
 * @module jobs/store — where Monte Carlo runs and batches live, with their per-item results: one
 * interface, SQLite by default (the saved plans' file), PostgreSQL with DATABASE_URL, so that a
 * restarted server finds its runs and workers on other machines write into the same place.
 */
import { join } from 'node:path';
import { SQLITE_FILE, type StorageEnv } from '../plans/repository';
import { sqliteJobStore } from './sqlite';
import { postgresJobStore } from './postgres';

/** What a run is. */
export type RunKind = 'montecarlo' | 'batch';
/**
 * Where a run stands: `failed` when it could not be carried out at all (its items' own errors do
 * not fail it).
 */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** A stored run: its request (what every chunk needs), its answer once done. */
export interface StoredRun {
  readonly id: string;
  readonly kind: RunKind;
  readonly status: RunStatus;
  /** Items (paths or scenarios) in the run. */
  readonly total: number;
  /** The run's input as the chunks read it (JSON-compatible). */
  readonly input: unknown;
  /** The summary once done (Monte Carlo), else null. */
  readonly answer: unknown;
  /** Why the run failed, else null. */
  readonly error: string | null;
  readonly createdAt: string;
}

/**
 * One item's result, keyed by (run, index): written with an upsert, so a retried chunk never counts
 * twice.
 */
export interface ItemResult {
  readonly index: number;
  readonly data: unknown;
}

/** A `job_runs` row as both back ends read it (JSON columns as text). */
export interface RunRow {
  id: string;
  kind: string;
  status: string;
  total: number;
  input: string;
  answer: string | null;
  error: string | null;
  created_at: string | Date;
}

/** The run of a row. */
export const runFromRow = (r: RunRow): StoredRun => ({
  id: r.id,
  kind: r.kind as RunKind,
  status: r.status as RunStatus,
  total: r.total,
  input: JSON.parse(r.input),
  answer: r.answer === null ? null : JSON.parse(r.answer),
  error: r.error,
  createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : r.created_at,
});

/** `url` when it is a PostgreSQL URL; else an error naming the variable (the password masked). */
export function postgresUrl(variable: string, url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error(
      `invalid ${variable}: ${url.replace(/:[^:@/]*@/, ':***@')} (expected postgres://…)`,
    );
  return url;
}

/** Storage of runs and their results. Every write is one atomic statement or transaction. */
export interface JobStore {
  readonly kind: 'sqlite' | 'postgres';
  createRun(run: Omit<StoredRun, 'createdAt' | 'answer' | 'error' | 'status'>): Promise<void>;
  getRun(id: string): Promise<StoredRun | undefined>;
  /**
   * A run's status alone (cheap: a chunk asks before and after its work); undefined for an unknown
   * id.
   */
  runStatus(id: string): Promise<RunStatus | undefined>;
  /** Runs still `running`, oldest first (what a restarted server resumes). */
  runningRuns(): Promise<StoredRun[]>;
  /**
   * Sets the status (and the answer or error); a run already finished keeps its status (first
   * finisher wins).
   */
  finish(
    id: string,
    status: Exclude<RunStatus, 'running'>,
    answer: unknown,
    error: string | null,
  ): Promise<void>;
  /**
   * Upserts results; with `keepExisting` an item that already has a result keeps it (for fallback
   * error rows).
   */
  putResults(runId: string, rows: readonly ItemResult[], keepExisting?: boolean): Promise<void>;
  /** Results stored so far. */
  countResults(runId: string): Promise<number>;
  /** Results in index order; `from`/`to` (exclusive) select a range. */
  results(runId: string, from?: number, to?: number): Promise<ItemResult[]>;
  close(): Promise<void>;
}

/** Environment of `openJobStore`: the saved plans' (DATABASE_URL, DATA_DIR). */
export type JobStoreEnv = StorageEnv;

/**
 * Opens the store the environment names, creating its tables if missing.
 * @example const store = await openJobStore(process.env); // ./.data/switchyard.db unless DATABASE_URL is set
 */
export async function openJobStore(env: JobStoreEnv = {}): Promise<JobStore> {
  const url = env.DATABASE_URL?.trim();
  if (url) return postgresJobStore(postgresUrl('DATABASE_URL', url));
  return sqliteJobStore(join(env.DATA_DIR || '.data', SQLITE_FILE));
}
