/**
 * @module pool — the solve pool: worker threads for optimize/evaluate, a queue limit and a hard
 * deadline per solve.
 */
import type { Plan, Scenario, SolveResult } from '../model';
import type { SolveRunner } from './runner';
import type { Job } from './solve-worker';
import type { SolveThreadData } from './solve-warm-up';
import { SOLVE_GRACE_SECONDS } from './limits';
import { createWorkerPool, defaultPoolSize, PoolFullError } from './worker-pool';

export { PoolFullError };

/**
 * Solves a thread runs before it is replaced: HiGHS' WebAssembly memory grows to its largest model
 * and never shrinks.
 */
export const SOLVES_PER_THREAD = 500;

/** Pool settings. */
export interface PoolOptions {
  /** Worker threads; default min(2, cores). */
  readonly size?: number;
  /** Jobs waiting beyond the running ones before new ones are refused; default 64. */
  readonly maxQueue?: number;
  /**
   * Seconds beyond a scenario's own solve time limit before its worker is killed; default
   * `SOLVE_GRACE_SECONDS`.
   */
  readonly graceSeconds?: number;
  /** Solves a thread runs before a fresh one replaces it; default `SOLVES_PER_THREAD`. */
  readonly solvesPerThread?: number;
  /**
   * Optimizes each thread runs when it starts, until its first job comes, so that its first
   * requests are not answered by cold code (see api/solve-warm-up.ts); default 0 (none). The
   * server passes `SOLVE_WARM_UP_SOLVES`.
   */
  readonly warmUpSolves?: number;
}

/**
 * Starts a pool of solve workers (all threads at once). Each solve's deadline is its scenario's
 * `solve.timeLimitSeconds` (settled by the scenario's schema) plus the grace; past it the worker is terminated and
 * replaced, and the answer is `status: "timedout"`. A full queue rejects with `PoolFullError`
 * (503).
 */
export function workerPool(options: PoolOptions = {}): SolveRunner {
  const size = options.size ?? defaultPoolSize();
  const grace = options.graceSeconds ?? SOLVE_GRACE_SECONDS;
  const maxQueue = options.maxQueue ?? 64;
  const pool = createWorkerPool<Omit<Job, 'id'>, SolveResult | string>({
    file: new URL('./solve-worker', import.meta.url),
    size,
    maxQueue,
    eager: true,
    maxTasksPerThread: options.solvesPerThread ?? SOLVES_PER_THREAD,
    label: 'solves',
    workerData: { warmUpSolves: options.warmUpSolves ?? 0 } satisfies SolveThreadData,
  });

  // With `json`, the thread answers the result's JSON text (see `Job.json`).
  const submit = (kind: Job['kind'], scenario: Scenario, plan?: Plan, json = false) =>
    new Promise<SolveResult | string>((resolve, reject) => {
      const message = { kind, scenario, plan, json };
      const deadlineMs = (scenario.solve.timeLimitSeconds + grace) * 1000;
      pool.submit([
        {
          message,
          deadlineMs,
          settle(o) {
            if (o.kind === 'done') resolve(o.value);
            else if (o.kind === 'timedout') {
              const answer = timedOut(message, deadlineMs);
              resolve(json ? JSON.stringify(answer) : answer);
            } else if (o.kind === 'closed') reject(new Error('the server is shutting down'));
            else reject(new Error(o.kind === 'cancelled' ? 'the solve was cancelled' : o.message));
          },
        },
      ]);
    });

  return {
    optimize: (s) => submit('optimize', s) as Promise<SolveResult>,
    evaluate: (s, p) => submit('evaluate', s, p) as Promise<SolveResult>,
    optimizeJson: (s) => submit('optimize', s, undefined, true) as Promise<string>,
    evaluateJson: (s, p) => submit('evaluate', s, p, true) as Promise<string>,
    stats: () => {
      const { busy, queued } = pool.stats();
      return { size, busy, queued, maxQueue };
    },
    close: () => pool.close(),
  };
}

function timedOut(job: Omit<Job, 'id'>, ms: number): SolveResult {
  return {
    status: 'timedout',
    npvUsd: null,
    plan: job.plan ?? { builds: [], refreshes: [] },
    months: [],
    kpis: null,
    message: `the solve did not finish within ${Math.round(ms / 1000)} s and was stopped`,
    solver: {
      name: job.scenario.solve.solver,
      ms,
      buildMs: 0,
      variables: 0,
      constraints: 0,
      integers: 0,
      mipGap: null,
      timeLimitHit: true,
      maxViolation: 0,
    },
  };
}
