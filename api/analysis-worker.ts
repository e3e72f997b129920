/** @module analysis-worker — a worker thread that solves the analyses' points, warm-starting each from the last. */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { solvePoint, warmCache, type PointJob, type Scenario } from '../model';

/** A point sent by the analysis pool. */
export interface PointTask {
  readonly id: number;
  readonly base: Scenario;
  readonly job: PointJob;
}

/**
 * Niceness of an analysis thread: below the event loop and below the optimize threads (nice 10, solve-worker.ts),
 * so that a slider's optimize is not slowed by a map running in the background.
 */
export const ANALYSIS_THREAD_NICE = 15;

// On Linux this renices only the calling thread (see solve-worker.ts); elsewhere it would renice the process.
if (process.platform === 'linux' && parentPort) {
  try {
    setPriority(ANALYSIS_THREAD_NICE);
  } catch {
    // not permitted: run at normal priority
  }
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
