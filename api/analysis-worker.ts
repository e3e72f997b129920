/** @module analysis-worker — a worker thread that solves the analyses' points, warm-starting each from the last. */
import { parentPort } from 'node:worker_threads';
import { solvePoint, warmCache, type PointJob, type Scenario } from '../model';

/** A point sent by the analysis pool. */
export interface PointTask {
  readonly id: number;
  readonly base: Scenario;
  readonly job: PointJob;
}

// One cache per thread: consecutive points of a map or a scan are neighbours, so the last basis is a good start.
const cache = warmCache();

parentPort?.on('message', async (task: PointTask) => {
  try {
    parentPort!.postMessage({ id: task.id, result: await solvePoint(task.base, task.job, cache) });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
