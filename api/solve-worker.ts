/** @module solve-worker — a worker thread that runs optimize/evaluate for the pool, so solves never block the server. */
import { parentPort } from 'node:worker_threads';
import { evaluate, optimize, type Plan, type Scenario } from '../model';

/** A job sent by the pool. */
export interface Job {
  readonly id: number;
  readonly kind: 'optimize' | 'evaluate';
  readonly scenario: Scenario;
  readonly plan?: Plan;
}

parentPort?.on('message', async (job: Job) => {
  try {
    const result = job.kind === 'optimize' ? await optimize(job.scenario) : await evaluate(job.scenario, job.plan!);
    parentPort!.postMessage({ id: job.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
