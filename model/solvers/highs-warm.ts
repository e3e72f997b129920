/**
 * @module solvers/highs-warm — HiGHS warm starts for runs of similar LPs (the analyses' grids):
 * solve from the basis of a neighbouring solve, verified, with the plain adapter as the fallback.
 */
import type { Highs, Model, ModelData } from 'highs';
import { primalViolation, type Lp } from '../lp';
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

/**
 * Outcome of `solveWarm`: a verified answer, the basis to start the next solve from (null when
 * none), and how.
 */
export interface WarmAnswer {
  readonly solution: LpSolution;
  readonly basis: WarmBasis | null;
  /** True when the answer came from the given basis (not from a cold start or the fallback). */
  readonly warm: boolean;
  /** The model at its optimum, when asked to keep it (its owner disposes it). */
  readonly live?: LiveModel;
}

/**
 * Solves `lp` with HiGHS, starting from `basis` when it fits (same numbers of columns and rows),
 * and returns the optimal basis for the next solve. A basis is only a starting point: a poor one
 * costs iterations, never correctness. Every point is checked with `checkSolution`; a MILP, a warm
 * or cold run that does not end `optimal` (HiGHS occasionally stops a warm run with status
 * "unknown"), or one that fails the check is solved again by the plain adapter (`highsSolver`,
 * verified), whose answer is returned without a basis. Never throws.
 *
 * @example
 * let basis = null;
 * for (const lp of lps) ({ basis } = await solveWarm(lp, settings, basis));
 */
export async function solveWarm(
  lp: Lp,
  settings: SolverSettings,
  basis: WarmBasis | null = null,
  keep = false,
): Promise<WarmAnswer> {
  if (lp.numIntegers === 0) {
    const fits = basis !== null && basis.numCols === lp.numCols && basis.numRows === lp.numRows;
    // A thrown HiGHS error (an aborted runtime) is left to the plain adapter, which reloads the
    // runtime.
    const quick = await run(lp, settings, fits ? basis : null, keep).catch(() => null);
    if (quick) return { ...quick, warm: fits };
  }
  return { solution: await solveVerified(highsSolver, lp, settings), basis: null, warm: false };
}

/**
 * The HiGHS model of an LP kept at its optimum (`solveWarm(…, keep = true)`), for the
 * re-optimisations that follow it in one request — the probes and the tie-break — without a rebuild
 * or a refactorisation. Its owner disposes it (disposing twice is harmless).
 */
export interface LiveModel {
  readonly lp: Lp;
  readonly model: Model;
  dispose(): void;
  /**
   * Told by a borrower that has put back every value it changed (a probe's bounds): the model
   * differs from its optimum at most by its basis, so the next LP of its shape sets the optimum's
   * basis again instead of every cost and bound too (docs/solvers.md, "Live models").
   */
  putBack?(): void;
  /**
   * Told by a borrower that changes more than bounds it puts back (`reoptimize`): after it, a
   * borrower's `putBack` no longer says the model is as it was.
   */
  changed?(): void;
}

function liveModel(lp: Lp, model: Model): LiveModel {
  let open = true;
  return {
    lp,
    model,
    dispose() {
      if (!open) return;
      open = false;
      try {
        model.dispose();
      } catch {
        // a model of an aborted runtime goes with the runtime
      }
    },
  };
}

/** A change to a live model: columns fixed, one row added, a new objective (maximised). */
export interface LiveChange {
  readonly fix?: { readonly indices: readonly number[]; readonly values: readonly number[] };
  readonly row?: {
    readonly indices: readonly number[];
    readonly values: readonly number[];
    readonly lb: number;
    readonly ub: number;
  };
  readonly costs?: ArrayLike<number>;
}

/**
 * Re-optimises a live model after `change`, hot-started where it stands; the point is verified
 * against `check` (the Lp with the same change). The model is left changed. Null when it does not
 * end optimal or fails the check.
 */
export async function reoptimize(
  live: LiveModel,
  check: Lp,
  settings: SolverSettings,
  change: LiveChange,
): Promise<LpSolution | null> {
  const { model } = live;
  live.changed?.();
  try {
    const highs = await loadHighs();
    const t0 = performance.now();
    if (change.fix?.indices.length) {
      const order = change.fix.indices
        .map((c, k) => [c, change.fix!.values[k]] as const)
        .sort((a, b) => a[0] - b[0]);
      const indices = order.map(([c]) => c);
      const values = order.map(([, v]) => v);
      model.changeColsBounds({ kind: 'set', indices }, values, values);
    }
    if (change.row)
      model.addRow(change.row.lb, change.row.ub, {
        indices: [...change.row.indices],
        values: [...change.row.values],
      });
    if (change.costs) {
      model.changeColsCost(
        { kind: 'range', from: 0, to: check.numCols - 1 },
        Float64Array.from(change.costs),
      );
      model.changeObjectiveOffset(check.objectiveConstant);
    }
    model.options.set(options(settings, true));
    model.run();
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
    const solution: LpSolution = {
      status: 'optimal',
      objective: model.getObjectiveValue(),
      values: model.getSolution().colValue,
      mipGap: 0,
      timeLimitHit: false,
      ms: performance.now() - t0,
    };
    return checkSolution(check, solution) === null ? solution : null;
  } catch {
    return null;
  }
}

async function run(
  lp: Lp,
  settings: SolverSettings,
  basis: WarmBasis | null,
  keep: boolean,
): Promise<Omit<WarmAnswer, 'warm'> | null> {
  const highs = await loadHighs();
  const t0 = performance.now();
  const model = highs.createModel(data(highs, lp));
  let kept = false;
  try {
    model.options.set(options(settings));
    if (basis) model.setBasis(basis);
    model.run();
    const optimum = verifiedOptimum(highs, model, lp, t0);
    if (!optimum) return null;
    kept = keep;
    return { ...optimum, ...(keep ? { live: liveModel(lp, model) } : {}) };
  } finally {
    if (!kept) model.dispose();
  }
}

/**
 * The point of a model just run, with its basis, when it ended optimal and passes `checkSolution`
 * against `lp` (the fully built arrays); else null. `t0`: when the solve started.
 */
export function verifiedOptimum(
  highs: Highs,
  model: Model,
  lp: Lp,
  t0: number,
): Omit<WarmAnswer, 'warm'> | null {
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
}

/** The Lp as HiGHS model data (maximise; integer bounds as every adapter passes them). */
export function data(highs: Highs, lp: Lp): ModelData {
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
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: lp.rowStart,
      indices: lp.rowCols,
      values: lp.rowCoefs,
    },
  };
}

/**
 * HiGHS options of a solve: quiet, with the time left as its limit. A model changed in place
 * (`devex`: a live model's hot or reloaded run, a re-optimisation) prices the dual simplex by Devex
 * instead of HiGHS's default dual steepest edge, whose weights are computed afresh after a matrix
 * value changes, one triangular solve per row — most of a re-solve's time where it takes a few
 * iterations (docs/solvers.md, "Pricing of a re-solve"). A new model keeps the default.
 */
export function options(settings: SolverSettings, devex = false): Record<string, number | boolean> {
  return {
    output_flag: false,
    // Devex, or HiGHS's default (-1: dual steepest edge here) set back on a model that had Devex.
    simplex_dual_edge_weight_strategy: devex ? DEVEX : CHOOSE,
    ...(Number.isFinite(settings.timeLimitSeconds)
      ? { time_limit: settings.timeLimitSeconds }
      : {}),
  };
}

/** HiGHS's `simplex_dual_edge_weight_strategy`: Devex, and its default (HiGHS chooses). */
const DEVEX = 1;
const CHOOSE = -1;

/** Upper bounds to raise by `delta` together: rows (`kind: 'row'`) or columns, by index. */
export interface UpperBoundProbe {
  readonly kind: 'row' | 'col';
  readonly indices: readonly number[];
  readonly delta: number;
}

/**
 * A probe's optimum: its objective and the simplex iterations it took from the optimal basis (0:
 * the basis holds).
 */
export interface ProbeResult {
  readonly objective: number;
  readonly iterations: number;
}

/**
 * Re-optimises an LP from its optimal `basis` (as `solveWarm` returned it), once per probe, with
 * the probe's upper bounds raised: each run is hot-started in one HiGHS model, then the bounds are
 * put back. Each probe's point is verified against the raised bounds. A probe that fails, a MILP,
 * or no basis gives null. Never throws.
 */
export async function probeUpperBounds(
  lp: Lp,
  settings: SolverSettings,
  basis: WarmBasis | null,
  probes: readonly UpperBoundProbe[],
  live?: LiveModel,
): Promise<(ProbeResult | null)[]> {
  const reuse = live !== undefined && live.lp === lp;
  if (!basis || lp.numIntegers > 0 || basis.numCols !== lp.numCols || basis.numRows !== lp.numRows)
    return probes.map(() => null);
  let highs: Highs;
  try {
    highs = await loadHighs();
  } catch {
    return probes.map(() => null);
  }
  // A live model of this Lp is at its optimum already (its owner disposes it); else one is made for
  // the probes.
  const model = reuse ? live.model : highs.createModel(data(highs, lp));
  try {
    if (!reuse) {
      model.options.set(options(settings));
      model.setBasis(basis);
      // Solve at the optimal basis first (no iteration): the probes then hot-start from its
      // factorisation, and their iteration counts say whether the basis held.
      model.run();
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal)
        return probes.map(() => null);
    }
    // Where the optimal basis holds over a probe's step, its answer is read at the optimum, before
    // any probe runs.
    const raisedAll = probes.map((probe) => raise(lp, probe));
    let optimum: Optimum | null = null;
    const heldAll = probes.map((probe, k) => {
      try {
        optimum ??= optimumOf(model);
        return heldOptimum(model, lp, raisedAll[k], probe, optimum);
      } catch {
        // The runtime refused (no factorisation at hand): the probe runs.
        return null;
      }
    });
    const results = probes.map((probe, k) => {
      const raised = raisedAll[k];
      const held = heldAll[k];
      if (held) return held;
      const indices = [...probe.indices].sort((a, b) => a - b);
      const { lb: lower, ub: upper } =
        probe.kind === 'row' ? { lb: lp.rowLb, ub: lp.rowUb } : solverBounds(lp);
      const change = (delta: number) => {
        const selection = { kind: 'set', indices } as const;
        const lo = indices.map((i) => lower[i]);
        const up = indices.map((i) => upper[i] + delta);
        if (probe.kind === 'row') model.changeRowsBounds(selection, lo, up);
        else model.changeColsBounds(selection, lo, up);
      };
      change(probe.delta);
      try {
        model.run();
        if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
        const objective = model.getObjectiveValue();
        const point: LpSolution = {
          status: 'optimal',
          objective,
          values: model.getSolution().colValue,
          mipGap: 0,
          timeLimitHit: false,
          ms: 0,
        };
        if (checkSolution(raised, point) !== null) return null;
        return { objective, iterations: Number(model.info.get('simplex_iteration_count')) };
      } finally {
        change(0);
      }
    });
    // Every probe's bounds are back (a throw above skips this: the owner restores it all).
    if (reuse) live.putBack?.();
    return results;
  } catch {
    return probes.map(() => null);
  } finally {
    if (!reuse) model.dispose();
  }
}

/** HiGHS's basis statuses of a nonbasic variable at its lower or upper bound, and of a basic one. */
const AT_LOWER = 0;
const BASIC = 1;
const AT_UPPER = 2;

/** A model's optimum as the probes read it: its basis, basic variables (in B's order) and point. */
interface Optimum {
  readonly colStatus: Int32Array;
  readonly rowStatus: Int32Array;
  readonly basic: Int32Array;
  readonly x: Float64Array;
}

/** The optimum `model` holds, read once for every probe. */
function optimumOf(model: Model): Optimum {
  const { colStatus, rowStatus } = model.getBasis();
  return {
    colStatus,
    rowStatus,
    basic: model.getBasicVariables(),
    x: Float64Array.from(model.getSolution().colValue),
  };
}

/**
 * A probe's optimum without a run, when the optimal basis still holds over its step (docs/solvers.md,
 * "Probes the basis answers"): the raised bounds move the nonbasic variables at them by the step,
 * the basic ones by B⁻¹ of that (one solve with the model's factorisation), and when every value
 * stays within its bounds the basis is still optimal — the answer a run would give after no
 * simplex iteration. Null when a run must tell: a bound shared by an equality row or a fixed
 * column, a free column, or a basic value pushed past a bound (by more than 1e-9, scaled).
 */
export function heldOptimum(
  model: Model,
  lp: Lp,
  raised: Lp,
  probe: UpperBoundProbe,
  optimum: Optimum = optimumOf(model),
): ProbeResult | null {
  const { colStatus, rowStatus, basic } = optimum;
  const point = Float64Array.from(optimum.x);
  // B·Δx_B = Σ_i δ·e_i over the rows at their upper bound, − Σ_j δ·a_j over the columns at theirs
  // (HiGHS's basis matrix is [A I] with a row's logical −activity).
  const rhs = new Float64Array(lp.numRows);
  const step = new Float64Array(lp.numCols);
  let moves = false;
  for (const i of probe.indices) {
    const row = probe.kind === 'row';
    const status = row ? rowStatus[i] : colStatus[i];
    if (status === BASIC) continue;
    if (!((row ? lp.rowLb[i] : lp.colLb[i]) < (row ? lp.rowUb[i] : lp.colUb[i]))) return null;
    if (status === AT_LOWER) continue;
    if (status !== AT_UPPER) return null;
    moves = true;
    if (row) rhs[i] += probe.delta;
    else step[i] += probe.delta;
  }
  if (moves) {
    for (let r = 0; r < lp.numRows; r++)
      for (let k = lp.rowStart[r]; k < lp.rowStart[r + 1]; k++) {
        const d = step[lp.rowCols[k]];
        if (d !== 0) rhs[r] -= lp.rowCoefs[k] * d;
      }
    for (let j = 0; j < lp.numCols; j++) point[j] += step[j];
    const dx = model.getBasisSolve(rhs).values;
    for (let k = 0; k < basic.length; k++) if (basic[k] >= 0) point[basic[k]] += dx[k];
  }
  if (primalViolation(raised, point).max > 1e-9) return null;
  return { objective: raised.objectiveAt(point), iterations: 0 };
}

/**
 * A shallow copy of `lp` with a probe's upper bounds raised (for verification; the arrays raised
 * are copies).
 */
function raise(lp: Lp, probe: UpperBoundProbe): Lp {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(lp) as object) as Lp, lp);
  const ub = Float64Array.from(probe.kind === 'row' ? lp.rowUb : lp.colUb);
  for (const i of probe.indices) ub[i] += probe.delta;
  return Object.assign(
    copy,
    probe.kind === 'row' ? { rowUb: Array.from(ub) } : { colUb: Array.from(ub) },
  );
}
