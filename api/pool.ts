/** @module pool — a fixed pool of solve workers with a queue, a hard deadline per solve and a queue limit. */
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { startWorker, type Plan, type Scenario, type SolveResult } from '../model';
import type { SolveRunner } from './runner';
import type { Job } from './solve-worker';

/** Thrown when the queue is full: the API answers 503 with Retry-After. */
export class PoolFullError extends Error {
  override name = 'PoolFullError';
}

/** Pool settings. */
export interface PoolOptions {
  /** Worker threads; default min(2, cores). */
  readonly size?: number;
  /** Jobs waiting beyond the running ones before new ones are refused; default 64. */
  readonly maxQueue?: number;
  /** Seconds beyond a scenario's own solve time limit before its worker is killed; default 10. */
  readonly graceSeconds?: number;
}

interface Pending {
  readonly job: Job;
  readonly deadlineMs: number;
  resolve(r: SolveResult): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_URL = new URL('./solve-worker.ts', import.meta.url);

/**
 * Starts a pool of solve workers. Each solve's deadline is its scenario's `solve.timeLimitSeconds` (default 20) plus
 * the grace; past it the worker is terminated and replaced, and the answer is `status: "timedout"`.
 */
export function workerPool(options: PoolOptions = {}): SolveRunner {
  const size = options.size ?? Math.max(1, Math.min(2, availableParallelism()));
  const maxQueue = options.maxQueue ?? 64;
  const grace = options.graceSeconds ?? 10;
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (slot?: Slot): Slot => {
    const worker = startWorker(WORKER_URL);
    const s: Slot = slot ?? { worker, current: null, timer: null };
    s.worker = worker;
    worker.on('message', (msg: { id: number; result?: SolveResult; error?: string }) => {
      const p = s.current;
      if (!p || p.job.id !== msg.id) return;
      finish(s);
      if (msg.result) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'solve worker failed'));
      pump();
    });
    worker.on('error', (err) => {
      const p = s.current;
      finish(s);
      p?.reject(err);
      if (!closed) spawn(s);
      pump();
    });
    return s;
  };

  const finish = (s: Slot) => {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.current = null;
  };

  const pump = () => {
    for (const s of slots) {
      if (s.current || !queue.length) continue;
      const p = queue.shift()!;
      s.current = p;
      s.timer = setTimeout(() => {
        finish(s);
        void s.worker.terminate();
        spawn(s);
        p.resolve(timedOut(p.job, p.deadlineMs));
        pump();
      }, p.deadlineMs);
      s.worker.postMessage(p.job);
    }
  };

  const submit = (kind: Job['kind'], scenario: Scenario, plan?: Plan) =>
    new Promise<SolveResult>((resolve, reject) => {
      if (closed) return reject(new Error('the solve pool is closed'));
      const busy = slots.filter((s) => s.current).length;
      if (busy === slots.length && queue.length >= maxQueue) return reject(new PoolFullError(`all ${size} solvers busy and ${queue.length} solves queued`));
      const deadlineMs = ((scenario.solve?.timeLimitSeconds ?? 20) + grace) * 1000;
      queue.push({ job: { id: nextId++, kind, scenario, plan }, deadlineMs, resolve, reject });
      pump();
    });

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    optimize: (s) => submit('optimize', s),
    evaluate: (s, p) => submit('evaluate', s, p),
    stats: () => ({ size, busy: slots.filter((s) => s.current).length, queued: queue.length, maxQueue }),
    close: async () => {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error('the server is shutting down'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function timedOut(job: Job, ms: number): SolveResult {
  return {
    status: 'timedout',
    npvUsd: null,
    plan: job.plan ?? { builds: [], refreshes: [] },
    months: [],
    kpis: null,
    message: `the solve did not finish within ${Math.round(ms / 1000)} s and was stopped`,
    solver: { name: job.scenario.solve?.solver ?? 'highs', ms, buildMs: 0, variables: 0, constraints: 0, integers: 0, mipGap: null, timeLimitHit: true, maxViolation: 0 },
  };
}
