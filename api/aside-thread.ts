/**
 * @module aside-thread — a thread beside a solve thread for the LP an optimize request hands off:
 * its earlier-commencement marginal value's (model/analyses/marginal.ts, `startAside`), solved on
 * the thread's own warm starts while the request builds and solves its own model. See
 * docs/solvers.md ("Beside the request").
 */
import type { Worker } from 'node:worker_threads';
import type { AsideAnswer, AsideSolve, Scenario } from '../model';
import { startWorker } from './ts-worker';

/**
 * The worker module beside this one: TypeScript source under tsx and vitest, `.js` in the bundle
 * (`startWorker`).
 */
const workerFile = new URL('./aside-worker', import.meta.url);

/**
 * A scenario sent to the thread, or `reset`: its warm starts dropped (after a warm-up, so that the
 * requests that follow find the thread as a fresh one).
 */
export type AsideTask =
  | { readonly id: number; readonly scenario: Scenario }
  | { readonly id: number; readonly reset: true };

/** An `AsideSolve` on a thread of its own (`asideThread`). */
export interface AsideThread extends AsideSolve {
  /** Drops the thread's warm starts once what it holds is answered (no thread: nothing). */
  reset(): void;
  /** Stops the thread; what it held is answered null. */
  close(): Promise<void>;
}

interface Reply {
  readonly id: number;
  readonly result?: AsideAnswer | null;
  readonly error?: string;
}

/**
 * An `AsideSolve` on a thread of its own, started at the first scenario and kept. A thread that
 * fails (an error, an exit) answers null to what it held — the request then solves the LP itself —
 * and another is started for the next. The thread does not keep its owner alive.
 *
 * @example
 * const engine = createEngine({ aside: asideThread() }); // api/solve-worker.ts
 */
export function asideThread(): AsideThread {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, (answer: AsideAnswer | null) => void>();
  const fail = (w: Worker) => {
    if (worker !== w) return;
    worker = undefined;
    for (const answer of pending.values()) answer(null);
    pending.clear();
  };
  const start = (): Worker => {
    const w = startWorker(workerFile);
    w.unref();
    w.on('message', (reply: Reply) => {
      const answer = pending.get(reply.id);
      pending.delete(reply.id);
      answer?.(reply.error !== undefined ? null : (reply.result ?? null));
    });
    w.on('error', () => fail(w));
    w.on('exit', () => fail(w));
    return w;
  };
  const solve = (scenario: Scenario) =>
    new Promise<AsideAnswer | null>((resolve) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ id, scenario } satisfies AsideTask);
    });
  return Object.assign(solve, {
    reset() {
      worker?.postMessage({ id: nextId++, reset: true } satisfies AsideTask);
    },
    async close() {
      const w = worker;
      if (!w) return;
      fail(w);
      await w.terminate();
    },
  });
}
