/**
 * @module solve-worker — a worker thread that runs optimize/evaluate for the pool, so solves never
 * block the server.
 */
import { evaluate, optimize, warmStarts, type Plan, type Scenario } from '../model';
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

// One warm-start cache per thread: a slider's next scenario has the same shape and starts from this
// one's basis.
const warm = warmStarts();

serveTasks<Job>(SOLVE_THREAD_NICE, (job) =>
  job.kind === 'optimize'
    ? optimize(job.scenario, { warm })
    : evaluate(job.scenario, job.plan!, { warm }),
);
