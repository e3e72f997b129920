/** @module analysis-worker — a worker thread that solves the analyses' points, warm-starting each from the last. */
import { solvePoint, warmCache, type PointJob, type Scenario } from '../model';
import { serveTasks } from './worker-thread';

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

// One cache per thread: consecutive points of a map or a scan are neighbours, so the last basis is a good start.
const cache = warmCache();

serveTasks<PointTask>(ANALYSIS_THREAD_NICE, (task) => solvePoint(task.base, task.job, cache));
