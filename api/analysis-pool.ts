/**
 * @module analysis-pool — worker threads for the analyses' many small solves: a shared queue, at most two threads,
 * started on demand and stopped when idle; a run can be cancelled (its queued points are dropped, its running ones
 * stopped after a short grace).
 */
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { AnalysisCancelledError, startWorker, type PointJob, type PointResult, type PointRunner, type RunPointsOptions, type Scenario } from '../model';
import type { PointTask } from './analysis-worker';
import { PoolFullError } from './pool';

/** Analysis pool settings. */
export interface AnalysisPoolOptions {
  /** Worker threads; default min(2, cores). */
  readonly size?: number;
  /** Points waiting before a new run is refused (503); default 4 × 41 × 41. */
  readonly maxQueue?: number;
  /** Seconds without work before the threads are stopped; default 600 (a session keeps its warm threads). */
  readonly idleSeconds?: number;
  /** Seconds beyond a point's own solve time limit before its thread is stopped; default 10. */
  readonly graceSeconds?: number;
  /** Milliseconds a cancelled run's running point may still take before its thread is stopped; default 300. */
  readonly cancelGraceMs?: number;
}

/** A pool of analysis workers: a `PointRunner` with load figures for /api/health. */
export interface AnalysisPool extends PointRunner {
  /** `size` threads at most, `live` started, `busy` solving, `queued` points waiting, `maxQueue` points at most. */
  stats(): { size: number; live: number; busy: number; queued: number; maxQueue: number };
  /**
   * Starts the threads and runs `points` solves of `base` (power price ±10 %) so that the JIT and HiGHS'
   * WebAssembly tiers are warm before the first real analysis (a cold thread solves ~5–10× slower for its first
   * few hundred points). For a server to call at start-up; resolves when done.
   */
  warmUp(base: Scenario, points?: number): Promise<void>;
  close(): Promise<void>;
}

interface Run {
  cancelled: boolean;
}

interface Task {
  readonly id: number;
  readonly base: Scenario;
  readonly job: PointJob;
  readonly run: Run;
  readonly deadlineMs: number;
  done(r: PointResult): void;
}

interface Slot {
  worker: Worker | null;
  current: Task | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_URL = new URL('./analysis-worker.ts', import.meta.url);

const failed = (status: 'error' | 'timedout', message: string, ms: number): PointResult => ({ status, npvUsd: null, hpcMW: null, warm: false, ms, message });

/**
 * Starts an analysis pool. Threads start with the first run and stop after `idleSeconds` without work; while
 * idle they do not keep the process alive. Points of concurrent runs share the queue in arrival order.
 *
 * @example
 * const pool = analysisPool();
 * const results = await pool.run(scenario, jobs, { signal, onResult: (i, r) => progress(i) });
 */
export function analysisPool(options: AnalysisPoolOptions = {}): AnalysisPool {
  const size = options.size ?? Math.max(1, Math.min(2, availableParallelism()));
  const maxQueue = options.maxQueue ?? 4 * 41 * 41;
  const idleMs = (options.idleSeconds ?? 600) * 1000;
  const grace = options.graceSeconds ?? 10;
  const cancelGraceMs = options.cancelGraceMs ?? 300;
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, current: null, timer: null }));
  let queue: Task[] = [];
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const stop = (s: Slot) => {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    void s.worker?.terminate();
    s.worker = null;
  };

  const finish = (s: Slot, result: PointResult) => {
    const task = s.current;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.current = null;
    s.worker?.unref();
    task?.done(result);
    pump();
  };

  const spawn = (s: Slot): Worker => {
    const worker = startWorker(WORKER_URL);
    worker.on('message', (msg: { id: number; result?: PointResult; error?: string }) => {
      if (s.worker !== worker || s.current?.id !== msg.id) return;
      finish(s, msg.result ?? failed('error', msg.error ?? 'analysis worker failed', 0));
    });
    const lost = (why: string) => {
      if (s.worker !== worker) return;
      s.worker = null;
      if (s.current) finish(s, failed('error', `analysis worker failed: ${why}`, 0));
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    return worker;
  };

  const pump = () => {
    for (const s of slots) {
      if (s.current || !queue.length || closed) continue;
      const task = queue.shift()!;
      s.current = task;
      s.worker ??= spawn(s);
      s.worker.ref();
      const t0 = performance.now();
      s.timer = setTimeout(() => {
        stop(s);
        finish(s, failed('timedout', `the solve did not finish within ${task.deadlineMs / 1000} s and was stopped`, performance.now() - t0));
      }, task.deadlineMs);
      s.worker.postMessage({ id: task.id, base: task.base, job: task.job } satisfies PointTask);
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!queue.length && slots.every((s) => !s.current)) {
      idleTimer = setTimeout(() => slots.forEach(stop), idleMs);
      idleTimer.unref();
    }
  };

  const cancel = (run: Run) => {
    run.cancelled = true;
    queue = queue.filter((t) => t.run !== run);
    for (const s of slots) {
      const task = s.current;
      if (task?.run !== run) continue;
      // A short LP finishes within the grace; a long MILP's thread is stopped rather than left solving for nobody.
      setTimeout(() => {
        if (s.current !== task) return;
        stop(s);
        finish(s, failed('error', 'cancelled', 0));
      }, cancelGraceMs).unref();
    }
    pump();
  };

  const pool: AnalysisPool = {
    async warmUp(base, points = 200) {
      const energy = base.site.energyUsdPerMWh;
      const jobs = Array.from({ length: points }, (_, i) => ({ changes: [{ path: 'site.energyUsdPerMWh', value: energy * (0.9 + (0.2 * (i % 20)) / 19) }] }));
      await pool.run(base, jobs);
    },
    run(base: Scenario, jobs: readonly PointJob[], runOptions: RunPointsOptions = {}): Promise<PointResult[]> {
      const { signal, onResult } = runOptions;
      return new Promise((resolve, reject) => {
        if (closed) return reject(new Error('the analysis pool is closed'));
        if (signal?.aborted) return reject(new AnalysisCancelledError());
        if (queue.length + jobs.length > maxQueue) return reject(new PoolFullError(`${queue.length} analysis solves queued`));
        if (!jobs.length) return resolve([]);
        const run: Run = { cancelled: false };
        const results: PointResult[] = new Array(jobs.length);
        let left = jobs.length;
        const onAbort = () => {
          cancel(run);
          reject(new AnalysisCancelledError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const deadlineMs = ((base.solve?.timeLimitSeconds ?? 20) + grace) * 1000;
        jobs.forEach((job, i) => {
          const done = (r: PointResult) => {
            if (run.cancelled) return;
            results[i] = r;
            onResult?.(i, r);
            if (--left === 0) {
              signal?.removeEventListener('abort', onAbort);
              resolve(results);
            }
          };
          queue.push({ id: nextId++, base, job, run, deadlineMs, done });
        });
        pump();
      });
    },
    stats: () => ({ size, live: slots.filter((s) => s.worker).length, busy: slots.filter((s) => s.current).length, queued: queue.length, maxQueue }),
    close: async () => {
      closed = true;
      queue = [];
      if (idleTimer) clearTimeout(idleTimer);
      await Promise.all(slots.map((s) => s.worker?.terminate()));
      slots.forEach((s) => (s.worker = null));
    },
  };
  return pool;
}
