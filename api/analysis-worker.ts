/**
 * @module analysis-worker — a worker thread that solves the analyses' points, warm-starting each
 * from the last, and the chunks of Monte Carlo runs and batches of the embedded run engine.
 */
import { createEngine, type PointJob, type Scenario } from '../model';
import { computeItems, type ChunkWork } from './jobs/chunks';
import { runJslpThread } from './jslp-thread';
import { serveTasks } from './worker-thread';

/** A point sent by the analysis pool. */
export interface PointTask {
  readonly id: number;
  readonly base: Scenario;
  readonly job: PointJob;
}

/**
 * A chunk of a Monte Carlo run or a batch, sent by the embedded run engine (api/jobs/engine.ts).
 */
export interface ChunkTask {
  readonly id: number;
  readonly chunk: ChunkWork;
}

/**
 * Niceness of an analysis thread: below the event loop and below the optimize threads (nice 10,
 * solve-worker.ts), so that a slider's optimize is not slowed by a map running in the background.
 */
export const ANALYSIS_THREAD_NICE = 15;

// One engine per thread, so one warm-start object: consecutive points of a map or a scan are
// neighbours, so the last basis is a good start.
const engine = createEngine({ jslp: runJslpThread });

serveTasks<PointTask | ChunkTask>(ANALYSIS_THREAD_NICE, (task) =>
  'chunk' in task ? computeItems(task.chunk, { engine }) : engine.point(task.base, task.job),
);
