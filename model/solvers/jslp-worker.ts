/**
 * @module solvers/jslp-worker — one javascript-lp-solver solve in a worker thread, so that the
 * adapter can kill it at its time limit.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import solver from 'javascript-lp-solver';
import type { Model, SolveResult } from 'javascript-lp-solver';

/**
 * What the adapter passes as `workerData`: a javascript-lp-solver JSON model and its `precision`.
 */
export interface JslpRequest {
  readonly model: Model;
  /** Rounding of the returned values and integrality tolerance (the solver's default is 1e-9). */
  readonly precision: number;
}

/** The one message the worker posts back; `solveMs` is the solve's own wall time, ms. */
export type JslpReply =
  | { readonly ok: true; readonly result: SolveResult; readonly solveMs: number }
  | { readonly ok: false; readonly message: string; readonly solveMs: number };

// Only when started as a worker: importing this file for its types must not solve anything.
if (!isMainThread && parentPort) {
  const port = parentPort;
  const request = workerData as JslpRequest;
  const t0 = performance.now();
  let reply: JslpReply;
  try {
    const result = solver.Solve(request.model, request.precision) as SolveResult;
    reply = { ok: true, result: { ...result }, solveMs: performance.now() - t0 };
  } catch (e) {
    reply = {
      ok: false,
      message: e instanceof Error ? e.message : String(e),
      solveMs: performance.now() - t0,
    };
  }
  port.postMessage(reply);
}
