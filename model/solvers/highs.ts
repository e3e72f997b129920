/**
 * @module solvers/highs — HiGHS (WebAssembly, MIT) adapter: the Lp's CSR arrays in, an `LpSolution`
 * out.
 */
import highsLoader from 'highs';
import type { Highs, Model, ModelData, ModelStatusCode, OptionValue } from 'highs';
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

/** One way to run HiGHS: a name for messages and the options set on top of the adapter's own. */
export interface HighsStrategy {
  readonly name: string;
  readonly options: Readonly<Record<string, OptionValue>>;
  /** Not tried on a MILP (its subproblems are solved by the MIP solver's own simplex). */
  readonly lpOnly?: boolean;
}

/**
 * The strategies `highsSolver` tries in turn while HiGHS ends undecided: its defaults, then
 * presolve off, then primal simplex (the default is dual), then interior point with crossover (LPs
 * only).
 */
export const HIGHS_STRATEGIES: readonly HighsStrategy[] = [
  { name: 'defaults', options: {} },
  { name: 'presolve off', options: { presolve: 'off' } },
  { name: 'primal simplex', options: { simplex_strategy: 4 } },
  { name: 'interior point', options: { solver: 'ipm' }, lpOnly: true },
];

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
 * A solve that ends without a decisive status ("unknown", an iteration limit, a solver or
 * presolve error — anything but optimal, infeasible, unbounded, empty or the time limit) is
 * solved again from scratch with the next of `HIGHS_STRATEGIES` (presolve off, primal simplex,
 * then interior point for LPs), each within what is left of the time limit, before `error` is
 * answered; the message then names every strategy tried.
 * Every model is disposed. `ms` excludes the one-off runtime load.
 */
export const highsSolver: Solver = highsSolverWith();

/** The HiGHS adapter trying `strategies` in turn (see `highsSolver`; tests pass their own). */
export function highsSolverWith(strategies: readonly HighsStrategy[] = HIGHS_STRATEGIES): Solver {
  return {
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
      const tried: string[] = [];
      let last: LpSolution | undefined;
      for (const strategy of strategies) {
        if (strategy.lpOnly && lp.numIntegers > 0) continue;
        const left = settings.timeLimitSeconds - (performance.now() - t0) / 1000;
        if (last && left <= 0) {
          // The time limit stopped the retries: answered as a time-limited solve, saying what
          // happened first.
          const why = `HiGHS stopped at the time limit while retrying (${last.message}; tried: ${tried.join(', ')})`;
          return bareAnswer('timedout', performance.now() - t0, {
            timeLimitHit: true,
            message: why,
          });
        }
        const result = attempt(
          highs,
          lp,
          bounds,
          { ...settings, timeLimitSeconds: left },
          strategy,
          t0,
        );
        tried.push(strategy.name);
        if (!result.undecided) return result.solution;
        last = result.solution;
      }
      if (!last) return errorAnswer('HiGHS: no strategy to try', performance.now() - t0);
      return tried.length > 1
        ? { ...last, message: `${last.message} (tried: ${tried.join(', ')})` }
        : last;
    },
  };
}

/**
 * One solve of a fresh HiGHS model with a strategy; `undecided` when another strategy should try.
 */
function attempt(
  highs: Highs,
  lp: Lp,
  bounds: SolverBounds,
  settings: SolverSettings,
  strategy: HighsStrategy,
  t0: number,
): { solution: LpSolution; undecided: boolean } {
  let model: Model | undefined;
  try {
    model = highs.createModel(modelData(highs, lp, bounds));
    model.options.set(optionValues(lp, settings.timeLimitSeconds, settings.mipRelGap));
    model.options.set(strategy.options);
    const start = performance.now();
    model.run();
    let status = model.getModelStatus();
    if (status === highs.constants.modelStatus.unboundedOrInfeasible) {
      status = disambiguate(highs, model, lp, bounds, settings, start);
    }
    const S = highs.constants.modelStatus;
    const decisive: number[] = [S.optimal, S.infeasible, S.unbounded, S.empty, S.timeLimit];
    return {
      solution: answer(highs, model, lp, status, t0),
      undecided: !decisive.includes(status),
    };
  } catch (e) {
    // An aborted WebAssembly instance cannot be used again: load a fresh one next time.
    if (e instanceof WebAssembly.RuntimeError) runtime = undefined;
    return {
      solution: errorAnswer(`HiGHS failed: ${errorText(e)}`, performance.now() - t0),
      undecided: false,
    };
  } finally {
    try {
      model?.dispose();
    } catch {
      // Disposing a model of an aborted runtime throws; the runtime is dropped above.
    }
  }
}

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
