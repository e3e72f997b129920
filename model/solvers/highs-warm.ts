/**
 * @module solvers/highs-warm — HiGHS warm starts for runs of similar LPs (the analyses' grids): solve from the basis of a
 * neighbouring solve, verified, with the plain adapter as the fallback.
 */
import type { Highs, ModelData } from 'highs';
import type { Lp } from '../lp';
import { highsSolver, loadHighs } from './highs';
import type { LpSolution, SolverSettings } from './types';
import { checkSolution, solveVerified, solverBounds } from './verify';

/** A simplex basis of an LP with `numCols` columns and `numRows` rows (HiGHS status codes). */
export interface WarmBasis {
  readonly numCols: number;
  readonly numRows: number;
  readonly colStatus: Int32Array;
  readonly rowStatus: Int32Array;
}

/** Outcome of `solveWarm`: a verified answer, the basis to start the next solve from (null when none), and how. */
export interface WarmAnswer {
  readonly solution: LpSolution;
  readonly basis: WarmBasis | null;
  /** True when the answer came from the given basis (not from a cold start or the fallback). */
  readonly warm: boolean;
}

/**
 * Solves `lp` with HiGHS, starting from `basis` when it fits (same numbers of columns and rows), and returns the
 * optimal basis for the next solve. A basis is only a starting point: a poor one costs iterations, never
 * correctness. Every point is checked with `checkSolution`; a MILP, a warm or cold run that does not end `optimal`
 * (HiGHS occasionally stops a warm run with status "unknown"), or one that fails the check is solved again by
 * the plain adapter (`highsSolver`, verified), whose answer is returned without a basis. Never throws.
 *
 * @example
 * let basis = null;
 * for (const lp of lps) ({ basis } = await solveWarm(lp, settings, basis));
 */
export async function solveWarm(lp: Lp, settings: SolverSettings, basis: WarmBasis | null = null): Promise<WarmAnswer> {
  if (lp.numIntegers === 0) {
    const fits = basis !== null && basis.numCols === lp.numCols && basis.numRows === lp.numRows;
    // A thrown HiGHS error (an aborted runtime) is left to the plain adapter, which reloads the runtime.
    const quick = await run(lp, settings, fits ? basis : null).catch(() => null);
    if (quick) return { ...quick, warm: fits };
  }
  return { solution: await solveVerified(highsSolver, lp, settings), basis: null, warm: false };
}

async function run(lp: Lp, settings: SolverSettings, basis: WarmBasis | null): Promise<Omit<WarmAnswer, 'warm'> | null> {
  const highs = await loadHighs();
  const t0 = performance.now();
  const model = highs.createModel(data(highs, lp));
  try {
    model.options.set({ output_flag: false, ...(Number.isFinite(settings.timeLimitSeconds) ? { time_limit: settings.timeLimitSeconds } : {}) });
    if (basis) model.setBasis(basis);
    model.run();
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
    const sol = model.getSolution();
    const dualsValid = Number(model.info.get('dual_solution_status')) === 2;
    const solution: LpSolution = {
      status: 'optimal',
      objective: model.getObjectiveValue(),
      values: sol.colValue,
      ...(dualsValid ? { rowDuals: sol.rowDual } : {}),
      mipGap: 0,
      timeLimitHit: false,
      ms: performance.now() - t0,
    };
    if (checkSolution(lp, solution) !== null) return null;
    const next = Number(model.info.get('basis_validity')) === 1 ? model.getBasis() : null;
    return { solution, basis: next && { numCols: lp.numCols, numRows: lp.numRows, ...next } };
  } finally {
    model.dispose();
  }
}

/** The Lp as HiGHS model data (maximise; integer bounds as every adapter passes them). */
function data(highs: Highs, lp: Lp): ModelData {
  const { lb, ub } = solverBounds(lp);
  const { numCols, numRows } = lp;
  return {
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    offset: lp.objectiveConstant,
    colCost: lp.colObj,
    colLower: lb,
    colUpper: ub,
    rowLower: lp.rowLb,
    rowUpper: lp.rowUb,
    matrix: { format: 'csr', numRows, numCols, starts: lp.rowStart, indices: lp.rowCols, values: lp.rowCoefs },
  };
}
