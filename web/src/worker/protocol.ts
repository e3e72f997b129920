/**
 * @module worker/protocol — the messages between the app and its solver workers (see docs/web.md).
 * Every request carries an id; its answer, its progress and its failure carry the same id.
 */
import type { PointJob, PointResult } from '../../../model/analyses/point';
import type { Scenario } from '../../../model/schema';

/**
 * What a worker can be asked to do: the API's solve and analysis routes, and a chunk of an
 * analysis's points.
 */
export type WorkerTask =
  /** `preview`: a dragged slider's preview, without the reason (docs/web.md). */
  | { readonly kind: 'optimize'; readonly body: unknown; readonly preview?: boolean }
  | { readonly kind: 'evaluate'; readonly body: unknown }
  | { readonly kind: 'sensitivity'; readonly body: unknown }
  | { readonly kind: 'breakeven'; readonly body: unknown }
  | { readonly kind: 'map'; readonly body: unknown }
  /**
   * Solve these points of `base` one after another, warm-starting each from the last (a chunk of an
   * analysis, worker/chunks.ts); the answer is their results, in order.
   */
  | {
      readonly kind: 'points';
      readonly base: Scenario;
      readonly jobs: readonly PointJob[];
      /** A warm-up's points (worker/runs.ts): no User Timing measure. */
      readonly warmUp?: boolean;
    }
  /**
   * Load HiGHS and answer: the pool's readiness check. With `warmUp` (an optimize body), first
   * solve a run of slider previews of it (docs/web.md, "A slider's preview").
   */
  | { readonly kind: 'start'; readonly warmUp?: unknown };

/** A failure as the API would answer it: HTTP status, code, message and the fields at fault. */
export interface WireError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

/** App → worker. */
export type ToWorker =
  | { readonly type: 'task'; readonly id: number; readonly task: WorkerTask }
  | { readonly type: 'cancel'; readonly id: number }
  /**
   * Answers to a `run` the worker asked for (an analysis's points, solved across the pool): a
   * chunk's results, for its points from `from` on.
   */
  | {
      readonly type: 'points';
      readonly runId: number;
      readonly from: number;
      readonly results: readonly PointResult[];
    }
  | { readonly type: 'ran'; readonly runId: number; readonly error?: WireError };

/** Worker → app. */
export type FromWorker =
  | {
      readonly type: 'result';
      readonly id: number;
      readonly value: unknown;
      /** The worker's own time on the task, from its message to its answer, ms. */
      readonly workerMs?: number;
    }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError }
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly done: number;
      readonly total: number;
    }
  /** An analysis (task `id`) asks for its points to be solved across the pool. */
  | {
      readonly type: 'run';
      readonly id: number;
      readonly runId: number;
      readonly base: Scenario;
      readonly jobs: readonly PointJob[];
    };
