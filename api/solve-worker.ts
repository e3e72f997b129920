/** @module solve-worker — a worker thread that runs optimize/evaluate for the pool, so solves never block the server. */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { evaluate, optimize, warmStarts, type Plan, type Scenario } from '../model';

/** A job sent by the pool. */
export interface Job {
  readonly id: number;
  readonly kind: 'optimize' | 'evaluate';
  readonly scenario: Scenario;
  readonly plan?: Plan;
}

/** Niceness of a solve thread: solves yield the CPU to the event loop when the cores are all busy. */
export const SOLVE_THREAD_NICE = 10;

// On Linux, setpriority(PRIO_PROCESS, 0) renices only the calling thread (elsewhere it would renice the whole
// process, the event loop too, so it is left alone). With both cores solving, /api/health and the parsing of new
// requests then still get the CPU at once; alone on a core, a solve runs at full speed all the same.
if (process.platform === 'linux' && parentPort) {
  try {
    setPriority(SOLVE_THREAD_NICE);
  } catch {
    // Not permitted: solve at normal priority.
  }
}

// One warm-start cache per thread: a slider's next scenario has the same shape and starts from this one's basis.
const warm = warmStarts();

parentPort?.on('message', async (job: Job) => {
  try {
    const result = job.kind === 'optimize' ? await optimize(job.scenario, { warm }) : await evaluate(job.scenario, job.plan!, { warm });
    parentPort!.postMessage({ id: job.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
