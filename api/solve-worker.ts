/**
 * @module solve-worker — a worker thread that runs optimize/evaluate for the pool, so solves never
 * block the server.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { createEngine, type Plan, type Scenario } from '../model';
import { runJslpThread } from './jslp-thread';
import { asideThread } from './aside-thread';
import { SOLVE_THREAD_NICE, serveTasks } from './worker-thread';
import { warmUpSolves, type SolveThreadData } from './solve-warm-up';

/** A job sent by the pool. */
export interface Job {
  readonly id: number;
  readonly kind: 'optimize' | 'evaluate';
  readonly scenario: Scenario;
  readonly plan?: Plan;
  /**
   * Answer with the result as JSON text, written here: the server sends it as is, and neither
   * copies a 50 kB answer's objects across threads nor serialises it on its event loop.
   */
  readonly json?: boolean;
  /**
   * Set by the pool: the job started with no other running or waiting. Only then is its
   * earlier-commencement LP sent to the thread beside (docs/solvers.md, "Beside the request"):
   * with the cores busy, the thread beside would only take CPU from other jobs, and its solve costs
   * more there than here.
   */
  readonly alone?: boolean;
}

export { SOLVE_THREAD_NICE };

// One engine per thread, so one warm-start object: a slider's next scenario has the same shape and
// starts from this one's basis. javascript-lp-solver runs in a thread of its own, killed at the
// limit; the earlier-commencement marginal value's LP in one beside this (aside-thread.ts), started
// with the first request that has one.
const aside = asideThread();
const engine = createEngine({ jslp: runJslpThread, aside });

// The warm-up stops at the first job (api/solve-warm-up.ts), which waits for the one optimize
// under way and the reset of the thread beside (so that it finds it as a fresh one).
let jobs = 0;
let warming: Promise<unknown> = Promise.resolve();
serveTasks<Job>(SOLVE_THREAD_NICE, async (job) => {
  jobs++;
  await warming;
  const result =
    job.kind === 'optimize'
      ? await engine.optimize(job.scenario, { beside: job.alone === true })
      : await engine.evaluate(job.scenario, job.plan!);
  return job.json ? JSON.stringify(result) : result;
});

if (!isMainThread) {
  const data = workerData as SolveThreadData | undefined;
  warming = warmUpSolves(data?.warmUpSolves ?? 0, () => jobs > 0, aside).catch((e: unknown) =>
    console.error('solve thread warm-up failed:', e),
  );
}
