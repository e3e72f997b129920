/**
 * @module jslp-thread — javascript-lp-solver in a killable worker thread: the `JslpRun` the API's
 * engines pass to the model (which starts no thread itself, docs/solvers.md).
 */
import type { Worker } from 'node:worker_threads';
import { jslpSolverWith, type JslpOutcome, type JslpReply, type JslpRun } from '../model';
import { startWorker } from './ts-worker';

/**
 * The worker module beside this one: TypeScript source under tsx and vitest, `.js` in the bundle
 * (`startWorker`).
 */
const workerFile = new URL('./jslp-worker', import.meta.url);

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs one request in a fresh worker thread; terminates it at `limitMs` (wall clock, from now).
 *
 * @example
 * const engine = createEngine({ jslp: runJslpThread });
 */
export const runJslpThread: JslpRun = (request, limitMs) =>
  new Promise<JslpOutcome>((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let worker: Worker | undefined;
    const settle = (outcome: JslpOutcome) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      void worker?.terminate();
      resolve(outcome);
    };
    try {
      worker = startWorker(workerFile, { workerData: request });
    } catch (e) {
      settle({ kind: 'crash', message: errorText(e) });
      return;
    }
    worker.once('message', (reply: JslpReply) => settle({ kind: 'reply', reply }));
    worker.once('error', (e) => settle({ kind: 'crash', message: errorText(e) }));
    worker.once('exit', (code) =>
      settle({ kind: 'crash', message: `worker exited with code ${code} before answering` }),
    );
    // setTimeout fires at once for delays beyond 2^31−1 ms, so an "infinite" limit sets no timer.
    if (Number.isFinite(limitMs) && limitMs < 2 ** 31)
      timer = setTimeout(() => settle({ kind: 'timeout' }), Math.max(0, limitMs));
  });

/**
 * The javascript-lp-solver adapter the server solves with: each solve in a worker thread that is
 * terminated at `timeLimitSeconds` (status `timedout`, no point).
 */
export const jslpThreadSolver = jslpSolverWith(runJslpThread);
