/**
 * @module jobs — Monte Carlo runs and batches: the store, the engine, the run service.
 * `openRuns(env)` picks them from the environment: QUEUE_URL (postgres://…) queues chunks in
 * pg-boss for `switchyard worker` processes, with runs stored in DATABASE_URL (default the queue's
 * database); without it chunks run in this process and runs are stored like saved plans (SQLite
 * file, or DATABASE_URL).
 */
import {
  type Storage,
  type StorageEnv,
  describeStorage,
  openStorage,
  owning,
  postgresUrl,
  sqliteStorage,
} from '../storage';
import { embeddedEngine, pgBossEngine, type EmbeddedOptions, type QueueOptions } from './engine';
import { postgresJobStore } from './postgres';
import { runService, type RunService, type RunServiceOptions } from './runs';
import { runLimitsOf } from './admission';
import { sqliteJobStore } from './sqlite';
import type { JobStore } from './store';

export {
  runService,
  RunCancelledError,
  RunFailedError,
  RunRefusedError,
  type RunService,
  type RunProgress,
} from './runs';
export { RunTooLargeError, runLimitsOf, type RunLimits } from './admission';
export type { JobStore, StoredRun } from './store';

/**
 * The run store on `storage`; closing it leaves the storage open (its opener closes it).
 * @example const store = jobStore(await openStorage(process.env));
 */
export function jobStore(storage: Storage): JobStore {
  return storage.kind === 'sqlite' ? sqliteJobStore(storage.db) : postgresJobStore(storage.pool);
}

/**
 * Opens the storage the environment names (see `openStorage`) and a run store that owns it.
 * @example const store = await openJobStore(process.env); // ./.data/switchyard.db unless DATABASE_URL
 */
export async function openJobStore(env: StorageEnv = {}): Promise<JobStore> {
  const storage = await openStorage(env);
  return owning(jobStore(storage), storage);
}

/** Environment of `openRuns` and `runWorker`. */
export interface JobsEnv extends StorageEnv {
  /** `postgres://…`: the pg-boss queue's database. Unset: the embedded engine. */
  readonly QUEUE_URL?: string;
  /**
   * A chunk's deadline, seconds (past it a chunk counts as lost and is retried); default
   * `CHUNK_DEADLINE_SECONDS` (api/limits.ts).
   */
  readonly CHUNK_DEADLINE_SECONDS?: string;
  /**
   * How often expired chunks are looked for, seconds; default `QUEUE_MAINTENANCE_SECONDS`
   * (api/limits.ts).
   */
  readonly QUEUE_MAINTENANCE_SECONDS?: string;
  /**
   * A run's deadline when its request names none, seconds; default `DEFAULT_RUN_DEADLINE_SECONDS`
   * (api/limits.ts). The admission limits' variables are listed in api/jobs/admission.ts.
   */
  readonly RUN_DEADLINE_SECONDS?: string;
}

/** A whole number ≥ 1 from the environment, or `fallback` when unset. */
export function positiveEnv(
  name: string,
  v: string | undefined,
  fallback: number | undefined,
): number | undefined {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`invalid ${name}: ${v} (expected a whole number ≥ 1)`);
  return n;
}

/** Queue settings from the environment, over `options` (the environment wins). */
export function queueOptionsOf(env: JobsEnv, options: QueueOptions = {}): QueueOptions {
  return {
    ...options,
    chunkDeadlineSeconds: positiveEnv(
      'CHUNK_DEADLINE_SECONDS',
      env.CHUNK_DEADLINE_SECONDS,
      options.chunkDeadlineSeconds,
    ),
    maintenanceSeconds: positiveEnv(
      'QUEUE_MAINTENANCE_SECONDS',
      env.QUEUE_MAINTENANCE_SECONDS,
      options.maintenanceSeconds,
    ),
  };
}

/** The database runs are stored in when a queue is used: DATABASE_URL, else the queue's. */
export function storeEnvOf(env: JobsEnv): StorageEnv {
  const queue = env.QUEUE_URL?.trim();
  return queue ? { ...env, DATABASE_URL: env.DATABASE_URL?.trim() || queue } : env;
}

/** Options of `openRuns`. */
export interface OpenRunsOptions extends RunServiceOptions, QueueOptions {
  /** How the embedded engine computes chunks (unused with a queue). */
  readonly embedded?: EmbeddedOptions;
  /**
   * The storage already open for saved plans: runs share it when they live in the same database
   * (and leave it open on close); otherwise `openRuns` opens their own.
   */
  readonly storage?: Storage;
}

/**
 * The run service the environment asks for, with the environment's admission limits and default
 * deadline (`options` win); unfinished runs of the embedded engine are requeued unless cancelled or
 * past their deadline.
 * @example const runs = await openRuns(process.env, { storage });
 */
export async function openRuns(
  env: JobsEnv = {},
  options: OpenRunsOptions = {},
): Promise<RunService> {
  const queue = env.QUEUE_URL?.trim();
  if (queue) postgresUrl('QUEUE_URL', queue);
  const storeEnv = storeEnvOf(env);
  const shared = options.storage?.where === describeStorage(storeEnv) ? options.storage : undefined;
  const store = shared ? jobStore(shared) : await openJobStore(storeEnv);
  const engine = queue
    ? await pgBossEngine(queue, queueOptionsOf(env, options))
    : embeddedEngine(store, options.embedded);
  const runs = runService(store, engine, {
    limits: runLimitsOf(env as Readonly<Record<string, string | undefined>>),
    deadlineSeconds: positiveEnv('RUN_DEADLINE_SECONDS', env.RUN_DEADLINE_SECONDS, undefined),
    ...options,
  });
  await runs.resume();
  return runs;
}

/**
 * A private in-memory run service, chunks in this process: the default of `createApp` (tests,
 * scripts); `embedded` as `openRuns`' (e.g. the chunks on an analysis pool).
 */
export function memoryRuns(
  options: RunServiceOptions = {},
  embedded?: EmbeddedOptions,
): RunService {
  const storage = sqliteStorage(':memory:');
  const store = owning(jobStore(storage), storage);
  return runService(store, embeddedEngine(store, embedded), options);
}
