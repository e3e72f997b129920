/** @module solvers/types — the one small interface every solver adapter implements. */
import type { Lp } from '../lp';

/** Settings a solve honours. */
export interface SolverSettings {
  /**
   * Wall-clock limit, seconds. The adapter must return by then (status `timedout`) or be killable.
   */
  readonly timeLimitSeconds: number;
  /** Relative MIP gap at which a MILP is accepted as optimal (ignored for LPs). */
  readonly mipRelGap: number;
}

/** Outcome of one solve, in the LP's own units (the objective includes `lp.objectiveConstant`). */
export interface LpSolution {
  readonly status: 'optimal' | 'infeasible' | 'unbounded' | 'timedout' | 'error';
  /** Objective (maximised) including the constant; null without a point. */
  readonly objective: number | null;
  /** Column values in column order; null without a point. */
  readonly values: Float64Array | null;
  /** Row duals (∂objective/∂row bound) where the solver gives them (LPs only). */
  readonly rowDuals?: Float64Array;
  /** Relative MIP gap of the returned point (0 for LPs); null when unknown. */
  readonly mipGap: number | null;
  /** True when the time limit stopped the solve. */
  readonly timeLimitHit: boolean;
  /** Solver wall time, ms. */
  readonly ms: number;
  /** Why a solve failed, in words. */
  readonly message?: string;
}

/**
 * A solver adapter. `solve` never throws for a solver failure: it returns status `error` with a
 * message.
 */
export interface Solver {
  readonly name: string;
  solve(lp: Lp, settings: SolverSettings): Promise<LpSolution>;
}
