/**
 * @module solvers/jslp-solve — one javascript-lp-solver solve, on whatever thread calls it: the
 * adapter's in-process runner (jslp.ts) and the API's killable thread (api/jslp-worker.ts) both run
 * this.
 */
import solver from 'javascript-lp-solver';
import type { Model, SolveResult } from 'javascript-lp-solver';

/** One solve's input: a javascript-lp-solver JSON model and its `precision`. */
export interface JslpRequest {
  readonly model: Model;
  /** Rounding of the returned values and integrality tolerance (the solver's default is 1e-9). */
  readonly precision: number;
}

/** One solve's answer; `solveMs` is the solve's own wall time, ms. */
export type JslpReply =
  | { readonly ok: true; readonly result: SolveResult; readonly solveMs: number }
  | { readonly ok: false; readonly message: string; readonly solveMs: number };

/**
 * Solves `request` on the calling thread (it blocks until the solver returns). Never throws: a
 * solver failure is `{ ok: false, message }`.
 *
 * @example
 * const reply = solveJslp({ model, precision: JSLP_PRECISION });
 */
export function solveJslp(request: JslpRequest): JslpReply {
  const t0 = performance.now();
  try {
    const result = solver.Solve(request.model, request.precision) as SolveResult;
    // A plain copy: the answer crosses a thread's message port.
    return { ok: true, result: { ...result }, solveMs: performance.now() - t0 };
  } catch (e) {
    return {
      ok: false,
      message: e instanceof Error ? e.message : String(e),
      solveMs: performance.now() - t0,
    };
  }
}
