/**
 * @module jobs/engine — where chunks run. `embeddedEngine`: in this process (the default: no
 * service needed), on the server's analysis threads. `pgBossEngine`: a pg-boss 9 queue on
 * PostgreSQL (QUEUE_URL), drained by `switchyard worker` processes on any machine (see
 * docs/scale.md for why pg-boss).
 */
import PgBoss from 'pg-boss';
import pg from 'pg';
import { computeHere, runChunk, type Chunk, type ComputeItems, type RunCache } from './chunks';
import { CHUNK_DEADLINE_SECONDS, QUEUE_MAINTENANCE_SECONDS } from '../limits';
import type { JobStore } from './store';
import type { QueuePlace } from '../worker-pool';

/** The queue chunks go through. */
export const CHUNK_QUEUE = 'switchyard-chunks';

/** How chunks are run. */
export interface Engine {
  readonly kind: 'embedded' | 'pg-boss';
  /** Queues the chunks; resolves once they are queued (not run). */
  submit(chunks: readonly Chunk[]): Promise<void>;
  /** Chunks of the run that failed for good (every retry spent), with the last error. */
  failedChunks(runId: string): Promise<{ chunk: Chunk; message: string }[]>;
  /**
   * Drops the run's chunks not yet started and stops its running ones here (no further item starts;
   * on other machines they see the run's status within `CHUNK_STOP_POLL_MS`, see `runChunk`).
   */
  cancel(runId: string): Promise<void>;
  /**
   * Where a run's work waits while none of it computes: the work ahead of it and the threads busy
   * (`QueuePlace`); undefined when some of it computes, or the engine cannot tell (pg-boss).
   */
  place?(runId: string): QueuePlace | undefined;
  close(): Promise<void>;
}

/** Where the embedded engine computes a chunk's items, and how many chunks it runs at once. */
export interface EmbeddedOptions {
  /**
   * Default: on the event loop's thread, a solve at a time (tests, scripts); the server passes its
   * analysis threads.
   */
  readonly compute?: ComputeItems;
  /** Chunks in flight at once; default 1 (the server: its analysis threads' count). */
  readonly parallel?: number;
  /**
   * Where `compute` keeps a run's chunks waiting (the server: its analysis threads' queue,
   * `AnalysisPool.waiting`); default: a chunk in flight computes at once.
   */
  readonly waiting?: (runId: string) => QueuePlace | undefined;
}

/**
 * Runs chunks in this process, in submission order, `parallel` at a time, each computed by
 * `compute`; a chunk that throws is failed for good.
 */
export function embeddedEngine(store: JobStore, options: EmbeddedOptions = {}): Engine {
  const compute = options.compute ?? computeHere();
  const parallel = Math.max(1, options.parallel ?? 1);
  const queue: Chunk[] = [];
  const failed = new Map<string, { chunk: Chunk; message: string }[]>();
  const cache: RunCache = new Map();
  // The chunks running now, to stop them at once when their run is cancelled.
  const running = new Set<{ chunk: Chunk; stop: AbortController }>();
  let active = 0;
  let closed = false;
  const drain = () => {
    while (active < parallel && queue.length && !closed) {
      const chunk = queue.shift()!;
      const entry = { chunk, stop: new AbortController() };
      running.add(entry);
      active++;
      runChunk(store, chunk, cache, compute, entry.stop.signal)
        .catch((e) => {
          const list = failed.get(chunk.runId) ?? [];
          list.push({ chunk, message: e instanceof Error ? e.message : String(e) });
          failed.set(chunk.runId, list);
        })
        .finally(() => {
          running.delete(entry);
          active--;
          drain();
        });
    }
  };
  return {
    kind: 'embedded',
    async submit(chunks) {
      queue.push(...chunks);
      drain();
    },
    async failedChunks(runId) {
      return failed.get(runId) ?? [];
    },
    place(runId) {
      if ([...running].some((r) => r.chunk.runId === runId)) return options.waiting?.(runId);
      const ahead = queue.findIndex((c) => c.runId === runId);
      return ahead < 0 ? undefined : { ahead, busy: active };
    },
    async cancel(runId) {
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i].runId === runId) queue.splice(i, 1);
      for (const r of running) if (r.chunk.runId === runId) r.stop.abort();
    },
    async close() {
      closed = true;
      queue.length = 0;
      for (const r of running) r.stop.abort();
    },
  };
}

/** Queue settings of a pg-boss engine and its workers. */
export interface QueueOptions {
  /**
   * A chunk's deadline, seconds: past it the chunk counts as lost and is retried; default
   * `CHUNK_DEADLINE_SECONDS`.
   */
  readonly chunkDeadlineSeconds?: number;
  /**
   * Retries of a chunk (a lost worker, a deadline passed, a store error) before it fails for good;
   * default 3.
   */
  readonly retryLimit?: number;
  /** How often expired chunks are looked for, seconds; default `QUEUE_MAINTENANCE_SECONDS`. */
  readonly maintenanceSeconds?: number;
}

/** pg-boss, connected and started, with the queue's settings. */
export async function startBoss(url: string, options: QueueOptions = {}): Promise<PgBoss> {
  const maintenanceSeconds = options.maintenanceSeconds ?? QUEUE_MAINTENANCE_SECONDS;
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    maintenanceIntervalSeconds: maintenanceSeconds,
    monitorStateIntervalSeconds: Math.max(1, maintenanceSeconds),
    noScheduling: true,
  });
  boss.on('error', (err: Error) => console.error('[queue] pg-boss:', err.message));
  await boss.start();
  return boss;
}

/** The job options every chunk is sent with. */
export function chunkJobOptions(options: QueueOptions = {}) {
  return {
    retryLimit: options.retryLimit ?? 3,
    retryDelay: 0,
    expireInSeconds: options.chunkDeadlineSeconds ?? CHUNK_DEADLINE_SECONDS,
  };
}

/**
 * Queues chunks in pg-boss at `url`; `switchyard worker` processes run them (see
 * api/queue-worker.ts).
 */
export async function pgBossEngine(url: string, options: QueueOptions = {}): Promise<Engine> {
  const boss = await startBoss(url, options);
  const jobOptions = chunkJobOptions(options);
  // pg-boss 9 has no query by job data; its table is public API (schema `pgboss`), read with a
  // small pool of our own.
  const db = new pg.Pool({ connectionString: url, max: 1 });
  db.on('error', (err) => console.error('[queue] idle connection error:', err.message));
  return {
    kind: 'pg-boss',
    async submit(chunks) {
      await boss.insert(chunks.map((c) => ({ name: CHUNK_QUEUE, data: { ...c }, ...jobOptions })));
    },
    async failedChunks(runId) {
      const { rows } = await db.query(
        "SELECT data, output FROM pgboss.job WHERE name = $1 AND state = 'failed' AND data->>'runId' = $2",
        [CHUNK_QUEUE, runId],
      );
      return rows.map((r: { data: Chunk; output: { message?: string } | null }) => ({
        chunk: r.data,
        message: r.output?.message ?? 'the chunk failed',
      }));
    },
    async cancel(runId) {
      const { rows } = await db.query(
        "SELECT id FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry') AND data->>'runId' = $2",
        [CHUNK_QUEUE, runId],
      );
      if (rows.length) await boss.cancel(rows.map((r: { id: string }) => r.id));
    },
    async close() {
      await boss.stop({ graceful: false, destroy: true });
      await db.end();
    },
  };
}
