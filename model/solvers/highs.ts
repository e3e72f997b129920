/** @module solvers/highs — HiGHS (WebAssembly, MIT) adapter: the Lp's CSR arrays in, an `LpSolution` out. */
import highsLoader from 'highs';
import type { Highs, Model, ModelData, ModelStatusCode } from 'highs';
import type { Lp } from '../lp';
import type { LpSolution, Solver, SolverSettings } from './types';
import { bareAnswer, errorAnswer, errorText, infeasibleAnswer, solverBounds } from './verify';
import type { SolverBounds } from './verify';

let runtime: Promise<Highs> | undefined;

/**
 * Loads the HiGHS WebAssembly runtime once and caches the promise. A failed load is not cached,
 * so the next call tries again; neither is a runtime that aborted (see `highsSolver`).
 */
export function loadHighs(): Promise<Highs> {
  runtime ??= highsLoader().catch((e: unknown) => {
    runtime = undefined;
    throw e;
  });
  return runtime;
}

/**
 * HiGHS adapter. Builds the model from the Lp's row-wise arrays (`createModel`, sense maximise,
 * offset = `objectiveConstant`, integrality where `colInt`, integer columns' bounds rounded inward
 * by `solverBounds` — HiGHS 1.15's presolve returned a wrong optimum for an integer column with
 * bound −2.5), with `output_flag` off, `time_limit` (omitted when not finite) and `mip_rel_gap`
 * (MILPs only).
 *
 * Statuses: `optimal` (values; LP row duals as ∂objective/∂row bound; `mipGap` from HiGHS'
 * `mip_gap` for MILPs, 0 for LPs), `infeasible`, `unbounded`, `timedout` (with the incumbent,
 * its gap and `timeLimitHit` when HiGHS has a feasible point, else without a point), `error`
 * (any other model status, a thrown HiGHS error, or a load failure — with a message).
 * HiGHS' "infeasible or unbounded" is resolved by re-solving with presolve off and, if still
 * ambiguous, by solving the feasibility problem (zero objective): feasible ⇒ unbounded.
 * The model is always disposed. `ms` excludes the one-off runtime load.
 */
export const highsSolver: Solver = {
  name: 'highs',
  async solve(lp: Lp, settings: SolverSettings): Promise<LpSolution> {
    let highs: Highs;
    try {
      highs = await loadHighs();
    } catch (e) {
      return errorAnswer(`HiGHS failed to load: ${errorText(e)}`, 0);
    }
    const t0 = performance.now();
    const bounds = solverBounds(lp);
    if (bounds.infeasible !== null)
      return infeasibleAnswer(bounds.infeasible, performance.now() - t0);
    let model: Model | undefined;
    try {
      model = highs.createModel(modelData(highs, lp, bounds));
      model.options.set(optionValues(lp, settings.timeLimitSeconds, settings.mipRelGap));
      model.run();
      let status = model.getModelStatus();
      if (status === highs.constants.modelStatus.unboundedOrInfeasible) {
        status = disambiguate(highs, model, lp, bounds, settings, t0);
      }
      return answer(highs, model, lp, status, t0);
    } catch (e) {
      // An aborted WebAssembly instance cannot be used again: load a fresh one next time.
      if (e instanceof WebAssembly.RuntimeError) runtime = undefined;
      return errorAnswer(`HiGHS failed: ${errorText(e)}`, performance.now() - t0);
    } finally {
      try {
        model?.dispose();
      } catch {
        // Disposing a model of an aborted runtime throws; the runtime is dropped above.
      }
    }
  },
};

function modelData(highs: Highs, lp: Lp, bounds: SolverBounds, zeroObjective = false): ModelData {
  const integer = lp.numIntegers > 0;
  return {
    numCols: lp.numCols,
    numRows: lp.numRows,
    sense: highs.constants.objectiveSense.maximize,
    offset: zeroObjective ? 0 : lp.objectiveConstant,
    colCost: zeroObjective ? new Float64Array(lp.numCols) : lp.colObj,
    colLower: bounds.lb,
    colUpper: bounds.ub,
    rowLower: lp.rowLb,
    rowUpper: lp.rowUb,
    matrix: {
      format: 'csr',
      numRows: lp.numRows,
      numCols: lp.numCols,
      starts: lp.rowStart,
      indices: lp.rowCols,
      values: lp.rowCoefs,
    },
    ...(integer ? { integrality: Int32Array.from(lp.colInt, (b) => (b ? 1 : 0)) } : {}),
  };
}

function optionValues(
  lp: Lp,
  timeLimitSeconds: number,
  mipRelGap: number,
): Record<string, number | boolean> {
  const values: Record<string, number | boolean> = { output_flag: false };
  // HiGHS rejects a non-finite time_limit; its default is already "no limit".
  if (Number.isFinite(timeLimitSeconds)) values.time_limit = Math.max(0, timeLimitSeconds);
  if (lp.numIntegers > 0 && Number.isFinite(mipRelGap) && mipRelGap >= 0)
    values.mip_rel_gap = mipRelGap;
  return values;
}

/** Resolves "infeasible or unbounded" into one of the two (or another status HiGHS ends with). */
function disambiguate(
  highs: Highs,
  model: Model,
  lp: Lp,
  bounds: SolverBounds,
  settings: SolverSettings,
  t0: number,
): ModelStatusCode {
  const S = highs.constants.modelStatus;
  model.options.set('presolve', 'off');
  model.clearSolver();
  model.run();
  const status = model.getModelStatus();
  if (status !== S.unboundedOrInfeasible) return status;
  const left = settings.timeLimitSeconds - (performance.now() - t0) / 1000;
  if (left <= 0) return S.timeLimit;
  const feasibility = highs.createModel(modelData(highs, lp, bounds, true));
  try {
    feasibility.options.set(optionValues(lp, left, 0));
    feasibility.run();
    const found = feasibility.getModelStatus();
    if (found === S.optimal) return S.unbounded;
    return found === S.infeasible ? S.infeasible : found;
  } finally {
    feasibility.dispose();
  }
}

function answer(
  highs: Highs,
  model: Model,
  lp: Lp,
  status: ModelStatusCode,
  t0: number,
): LpSolution {
  const S = highs.constants.modelStatus;
  const isMip = lp.numIntegers > 0;
  const ms = () => performance.now() - t0;
  const base = { mipGap: null, timeLimitHit: false } as const;
  switch (status) {
    case S.optimal: {
      const sol = model.getSolution();
      const dualsValid = !isMip && Number(model.info.get('dual_solution_status')) === 2;
      return {
        ...base,
        status: 'optimal',
        objective: model.getObjectiveValue(),
        values: sol.colValue,
        // For a maximisation HiGHS' row dual already is ∂objective/∂(active row bound).
        ...(dualsValid ? { rowDuals: sol.rowDual } : {}),
        mipGap: isMip ? gapOf(model) : 0,
        ms: ms(),
      };
    }
    case S.empty:
      return emptyAnswer(lp, ms());
    case S.infeasible:
      return bareAnswer('infeasible', ms());
    case S.unbounded:
      return bareAnswer('unbounded', ms());
    case S.timeLimit: {
      const feasible = Number(model.info.get('primal_solution_status')) === 2;
      return {
        ...base,
        status: 'timedout',
        objective: feasible ? model.getObjectiveValue() : null,
        values: feasible ? model.getSolution().colValue : null,
        mipGap: feasible && isMip ? gapOf(model) : null,
        timeLimitHit: true,
        ms: ms(),
      };
    }
    default:
      return errorAnswer(
        `HiGHS ended with model status ${statusName(highs, status)} (${status})`,
        ms(),
      );
  }
}

function gapOf(model: Model): number | null {
  const gap = Number(model.info.get('mip_gap'));
  return Number.isFinite(gap) && gap >= 0 ? gap : null;
}

/** HiGHS calls a model without columns "empty" and does not look at its rows: decide here. */
function emptyAnswer(lp: Lp, ms: number): LpSolution {
  const feasible = lp.rowLb.every((lb, i) => lb <= 0 && lp.rowUb[i] >= 0);
  if (!feasible) return bareAnswer('infeasible', ms);
  const values = new Float64Array(lp.numCols);
  return {
    status: 'optimal',
    objective: lp.objectiveConstant,
    values,
    mipGap: 0,
    timeLimitHit: false,
    ms,
  };
}

function statusName(highs: Highs, code: number): string {
  return Object.entries(highs.constants.modelStatus).find(([, v]) => v === code)?.[0] ?? 'unknown';
}
