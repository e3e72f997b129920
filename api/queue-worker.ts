/**
 * @module queue-worker — a process that runs queued chunks (Monte Carlo paths, batch items) from
 * the pg-boss queue at QUEUE_URL and writes their results into the run store (DATABASE_URL, default
 * the queue's database). Any number of them, on any machine, can drain the same queue; one killed
 * mid-chunk loses nothing: its chunk expires after its deadline and is retried by another, and the
 * upsert keyed by (run, index) never counts a result twice. `switchyard worker` and
 * scripts/worker.ts call `runWorker`.
 */
import { setPriority } from 'node:os';
import { CHUNK_QUEUE, startBoss, type QueueOptions } from './jobs/engine';
import { computeHere, runChunk, type Chunk, type RunCache } from './jobs/chunks';
import { openJobStore, positiveEnv, queueOptionsOf, storeEnvOf, type JobsEnv } from './jobs';

/** Environment of `runWorker`. */
export interface WorkerEnv extends JobsEnv {
  /**
   * Chunks this process runs at once; default 1 (solves are synchronous: more only overlap store
   * round trips).
   */
  readonly WORKER_CONCURRENCY?: string;
  /**
   * Niceness of the thread that runs the chunks, 0–19; default 10. Chunks are batch work: on a
   * machine that also runs an API server (or PostgreSQL) they take the CPU those leave, so a
   * request is never queued behind a solve. On a machine of its own a worker runs as fast at 10 as
   * at 0.
   */
  readonly WORKER_NICE?: string;
}

/**
 * The worker thread's niceness from WORKER_NICE (0–19; default 10). @throws Error naming the
 * variable when invalid.
 */
export function workerNice(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return 10;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 19)
    throw new Error(`invalid WORKER_NICE: ${v} (expected a whole number 0–19)`);
  return n;
}

/** A running worker. */
export interface RunningWorker {
  /** Chunks this process has finished. */
  readonly finished: () => number;
  /**
   * Stops taking chunks, waits for none (a chunk in progress is retried elsewhere), closes the
   * connections.
   */
  stop(): Promise<void>;
}

/**
 * Connects to the queue and the store and runs chunks until stopped.
 * @throws Error when QUEUE_URL is missing or not a PostgreSQL URL, or the database cannot be
 * reached.
 * @example
 * const worker = await runWorker(process.env);
 * process.on('SIGTERM', () => void worker.stop());
 */
export async function runWorker(
  env: WorkerEnv,
  options: QueueOptions & { onChunk?: (event: 'start' | 'done', chunk: Chunk) => void } = {},
): Promise<RunningWorker> {
  const queue = env.QUEUE_URL?.trim();
  if (!queue)
    throw new Error('QUEUE_URL is not set: a worker needs the queue database (postgres://…)');
  const concurrency = positiveEnv('WORKER_CONCURRENCY', env.WORKER_CONCURRENCY, 1)!;
  const nice = workerNice(env.WORKER_NICE);
  // Chunks run on this (the main) thread; on Linux this renices only it. Lowering priority needs no
  // privilege.
  if (nice > 0) setPriority(nice);
  const store = await openJobStore(storeEnvOf(env));
  const boss = await startBoss(queue, queueOptionsOf(env, options));
  const cache: RunCache = new Map();
  const compute = computeHere();
  let finished = 0;
  await boss.work<Chunk>(
    CHUNK_QUEUE,
    { teamSize: concurrency, teamConcurrency: concurrency, newJobCheckInterval: 100 },
    async (job) => {
      options.onChunk?.('start', job.data);
      const out = await runChunk(store, job.data, cache, compute);
      finished++;
      options.onChunk?.('done', job.data);
      return out;
    },
  );
  return {
    finished: () => finished,
    async stop() {
      await boss.stop({ graceful: false, destroy: true });
      await store.close();
    },
  };
}
