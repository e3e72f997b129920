/**
 * @module solve-worker — a worker thread that runs optimize/evaluate for the pool, so solves never
 * block the server.
 */
import { createEngine, type Plan, type Scenario } from '../model';
import { runJslpThread } from './jslp-thread';
import { serveTasks } from './worker-thread';

/** A job sent by the pool. */
export interface Job {
  readonly id: number;
  readonly kind: 'optimize' | 'evaluate';
  readonly scenario: Scenario;
  readonly plan?: Plan;
}

/**
 * Niceness of a solve thread: solves yield the CPU to the event loop when the cores are all busy.
 * With both cores solving, /api/health and the parsing of new requests still get the CPU at once;
 * alone on a core, a solve runs at full speed all the same.
 */
export const SOLVE_THREAD_NICE = 10;

// One engine per thread, so one warm-start object: a slider's next scenario has the same shape and
// starts from this one's basis. javascript-lp-solver runs in a thread of its own, killed at the
// limit.
const engine = createEngine({ jslp: runJslpThread });

serveTasks<Job>(SOLVE_THREAD_NICE, (job) =>
  job.kind === 'optimize'
    ? engine.optimize(job.scenario)
    : engine.evaluate(job.scenario, job.plan!),
);
