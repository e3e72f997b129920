/**
 * @module analysis-pool — worker threads for the analyses' many small solves: a shared queue, at
 * most two threads, started on demand and stopped when idle; a run can be cancelled (its queued
 * points are dropped, its running ones stopped after a short grace).
 */
import {
  AnalysisCancelledError,
  MAX_MAP_STEPS,
  type PointJob,
  type PointResult,
  type PointRunner,
  type RunPointsOptions,
  type Scenario,
  readParameter,
} from '../model';
import type { ChunkTask, PointTask } from './analysis-worker';
import { ChunkStoppedError, type ChunkWork } from './jobs/chunks';

/** A computed chunk's rows. */
type ItemRows = { index: number; data: unknown }[];
import {
  CHUNK_DEADLINE_SECONDS,
  SOLVE_GRACE_SECONDS,
  WARM_UP_SOLVES,
  warmUpPowerFactor,
} from './limits';
import {
  createWorkerPool,
  PoolFullError,
  type PoolStats,
  type PoolTask,
  type QueuePlace,
  type TaskOutcome,
} from './worker-pool';

/** How long a chunk waits before it asks again for a place in a full queue, ms. */
const CHUNK_RETRY_MS = 250;

/** Analysis pool settings. */
export interface AnalysisPoolOptions {
  /** Worker threads; default min(2, cores). */
  readonly size?: number;
  /**
   * Points waiting beyond the free threads before a new run is refused (503); default 4 × 41 × 41.
   */
  readonly maxQueue?: number;
  /**
   * Seconds without work before the threads are stopped; default 600 (a session keeps its warm
   * threads).
   */
  readonly idleSeconds?: number;
  /**
   * Seconds beyond a point's own solve time limit before its thread is stopped; default
   * `SOLVE_GRACE_SECONDS`.
   */
  readonly graceSeconds?: number;
  /**
   * Milliseconds a cancelled run's running point may still take before its thread is stopped;
   * default 300.
   */
  readonly cancelGraceMs?: number;
}

/** A pool of analysis workers: a `PointRunner` with load figures for /api/health. */
export interface AnalysisPool extends PointRunner {
  /** Its load now, in points (`PoolStats`: `busy` solving, `queued` waiting, `completed` solved). */
  stats(): PoolStats;
  /**
   * Where the chunks of run `runId` stand when none is computing and one waits: the points and
   * chunks queued before it and the threads busy (`QueuePlace`); undefined otherwise.
   */
  waiting(runId: string): QueuePlace | undefined;
  /**
   * Starts the threads and runs `points` solves of `base` (power price ±10 %) so that the JIT and
   * HiGHS' WebAssembly tiers are warm before the first real analysis (a cold thread solves ~5–10×
   * slower for its first few hundred points). The server calls it at start-up; resolves when done.
   */
  warmUp(base: Scenario, points?: number): Promise<void>;
  /**
   * Computes a chunk of a Monte Carlo run or a batch on one of the threads (the embedded run
   * engine's `compute`): batch work at the threads' low priority, off the event loop. While
   * analyses fill the queue it waits for a place (asking again every 250 ms). Rejects when the
   * thread fails or the chunk runs past `deadlineMs` (default `CHUNK_DEADLINE_SECONDS`, as queued),
   * or with `ChunkStoppedError` once `signal` is aborted (the chunk is dropped, or its thread
   * stopped after the cancel grace).
   */
  items(
    work: ChunkWork,
    deadlineMs?: number,
    signal?: AbortSignal,
  ): Promise<{ index: number; data: unknown }[]>;
  close(): Promise<void>;
}

const failed = (status: 'error' | 'timedout', message: string, ms: number): PointResult => ({
  status,
  npvUsd: null,
  hpcMW: null,
  warm: false,
  ms,
  message,
});

/** A point's answer for every way its task can end. */
function pointResult(o: TaskOutcome<PointResult>, deadlineMs: number): PointResult {
  switch (o.kind) {
    case 'done':
      return o.value;
    case 'timedout':
      return failed(
        'timedout',
        `the solve did not finish within ${deadlineMs / 1000} s and was stopped`,
        o.ms,
      );
    case 'failed':
      return failed('error', o.message, 0);
    case 'lost':
      return failed('error', `analysis worker failed: ${o.message}`, 0);
    case 'cancelled':
      return failed('error', 'cancelled', 0);
    case 'closed':
      return failed('error', 'the server is shutting down', 0);
  }
}

/**
 * Points the pool queues at most by default: four of the largest maps (`MAX_MAP_STEPS` values on
 * each axis) at once.
 */
export const DEFAULT_MAX_QUEUE = 4 * MAX_MAP_STEPS * MAX_MAP_STEPS;

/**
 * Starts an analysis pool. Threads start with the first run and stop after `idleSeconds` without
 * work; while idle they do not keep the process alive. Points of concurrent runs share the queue in
 * arrival order.
 *
 * @example
 * const pool = analysisPool();
 * const results = await pool.run(scenario, jobs, { signal, onResult: (i, r) => progress(i) });
 */
export function analysisPool(options: AnalysisPoolOptions = {}): AnalysisPool {
  const grace = options.graceSeconds ?? SOLVE_GRACE_SECONDS;
  const cancelGraceMs = options.cancelGraceMs ?? 300;
  const threads = createWorkerPool<
    Omit<PointTask, 'id'> | Omit<ChunkTask, 'id'>,
    PointResult | ItemRows
  >({
    file: new URL('./analysis-worker', import.meta.url),
    size: options.size,
    maxQueue: options.maxQueue ?? DEFAULT_MAX_QUEUE,
    idleMs: (options.idleSeconds ?? 600) * 1000,
    label: 'analysis solves',
  });

  const pool: AnalysisPool = {
    async warmUp(base, points = WARM_UP_SOLVES) {
      const path = base.sites ? 'sites.0.site.energyUsdPerMWh' : 'site.energyUsdPerMWh';
      const energy = readParameter(base, path);
      const jobs = Array.from({ length: points }, (_, i) => ({
        changes: [{ path, value: energy * warmUpPowerFactor(i) }],
      }));
      await pool.run(base, jobs);
    },
    run(
      base: Scenario,
      jobs: readonly PointJob[],
      runOptions: RunPointsOptions = {},
    ): Promise<PointResult[]> {
      const { signal, onResult } = runOptions;
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new AnalysisCancelledError());
        if (!jobs.length) return resolve([]);
        const run = { cancelled: false };
        const results: PointResult[] = new Array(jobs.length);
        let left = jobs.length;
        const onAbort = () => {
          run.cancelled = true;
          threads.cancel(run, cancelGraceMs);
          reject(new AnalysisCancelledError());
        };
        const deadlineMs = (base.solve.timeLimitSeconds + grace) * 1000;
        const tasks = jobs.map(
          (job, i): PoolTask<Omit<PointTask, 'id'>, PointResult> => ({
            message: { base, job },
            deadlineMs,
            group: run,
            settle(o) {
              if (run.cancelled) return;
              results[i] = pointResult(o as TaskOutcome<PointResult>, deadlineMs);
              onResult?.(i, results[i]);
              if (--left === 0) {
                signal?.removeEventListener('abort', onAbort);
                resolve(results);
              }
            },
          }),
        );
        threads.submit(tasks);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async items(work, deadlineMs = CHUNK_DEADLINE_SECONDS * 1000, signal) {
      for (;;) {
        if (signal?.aborted) throw new ChunkStoppedError('the chunk was stopped');
        try {
          return await new Promise<ItemRows>((resolve, reject) => {
            // Stopped: dropped if waiting; if running, its thread is stopped after the grace.
            const onAbort = () => threads.cancel(work, cancelGraceMs);
            threads.submit([
              {
                message: { chunk: work },
                deadlineMs,
                group: work,
                settle(o) {
                  signal?.removeEventListener('abort', onAbort);
                  if (o.kind === 'done') resolve(o.value as ItemRows);
                  else if (o.kind === 'cancelled')
                    reject(new ChunkStoppedError('the chunk was stopped'));
                  else
                    reject(
                      new Error(
                        o.kind === 'failed' || o.kind === 'lost'
                          ? o.message
                          : `the chunk was ${o.kind}`,
                      ),
                    );
                },
              },
            ]);
            signal?.addEventListener('abort', onAbort, { once: true });
          });
        } catch (e) {
          // Batch work waits for room while interactive analyses fill the queue, rather than
          // failing its chunk.
          if (!(e instanceof PoolFullError)) throw e;
          await new Promise((r) => setTimeout(r, CHUNK_RETRY_MS));
        }
      }
    },
    waiting: (runId) =>
      threads.place((g) => (g as Partial<ChunkWork> | undefined)?.runId === runId),
    stats: () => threads.stats(),
    close: () => threads.close(),
  };
  return pool;
}
