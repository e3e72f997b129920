/**
 * @module tie-break — among financing schedules of equal value (within 1e-9, relative) for the
 * optimum's plan and operations, the one with the least financing cost (docs/model.md, "Value").
 */
import type { BuiltModel } from './build';
import { primalViolation, type Lp } from './lp';
import { VERIFY_TOLERANCE } from './solvers/verify';
import type { LpRunner } from './lp-runner';
import type { LiveModel } from './solvers/highs-warm';

/**
 * Relative NPV within which another schedule counts as "of equal value" for the tie-break
 * (docs/model.md).
 */
export const TIE_TOLERANCE = 1e-9;

/**
 * The tie-break (docs/model.md, "Value"): for the optimum's capital plan and operations, among
 * financing schedules within 1e-9 (relative) of its value, the one that minimises Σ_k p_k Σ_t df_t
 * × (interest paid − cash yield earned + equity raised). A MILP's integers are fixed first. Returns
 * the new point, or null when the re-solve fails (the optimum's point stands).
 */
export async function tieBreak(
  model: BuiltModel,
  x: ArrayLike<number>,
  runner: LpRunner,
  live?: LiveModel,
): Promise<Float64Array | null> {
  const { lp } = model;
  const value = lp.objectiveAt(x);
  const fixed = heldColumns(model);
  const cost = financingCost(model);
  // On the optimum's own HiGHS model when it is at hand: no rebuild, hot-started where it stands.
  if (live && live.lp === lp && !lp.numIntegers) {
    const cols = [...fixed];
    const tie = withValueRow(lp, fixed, x, value, cost);
    // Its last row is the value row, the one change beyond bounds and costs.
    const row = tie.numRows - 1;
    const [from, to] = [tie.rowStart[row], tie.rowStart[row + 1]];
    const solved = await runner.reoptimize(live, tie, {
      fix: { indices: cols, values: cols.map((c) => x[c]) },
      row: {
        indices: tie.rowCols.slice(from, to),
        values: tie.rowCoefs.slice(from, to),
        lb: tie.rowLb[row],
        ub: tie.rowUb[row],
      },
      costs: cost,
    });
    if (solved?.values) {
      // A held column the simplex kept basic carries rounding (1e-11, at times 1e-9 MW of a build
      // that is not there): held columns are the optimum's values, exactly.
      const at = Float64Array.from(solved.values);
      for (const col of fixed) at[col] = x[col];
      if (primalViolation(lp, at).max <= VERIFY_TOLERANCE.feasibility) return at;
    }
  }
  // Elsewhere the LP is solved on the columns it may move alone (a MILP's integers fixed too): the
  // fixed columns' terms go into the row bounds, rows of fixed columns alone are dropped — less
  // than half the LP (docs/solvers.md, "The tie-break's LP"). It starts where the last tie-break
  // of its shape (a slider's previous answer) ended.
  const mask = new Uint8Array(lp.numCols);
  for (const col of fixed) mask[col] = 1;
  const at = Float64Array.from(x as ArrayLike<number>);
  for (let j = 0; j < lp.numCols; j++) {
    if (!lp.colInt[j]) continue;
    mask[j] = 1;
    if (!fixed.has(j)) at[j] = Math.round(x[j]);
  }
  const { lp: small, cols } = lp.restrict(mask, at);
  small.addRow('tiebreak.value', objectiveTerms(small), valueFloor(small, value), Infinity);
  for (let j = 0; j < small.numCols; j++) small.colObj[j] = cost[cols[j]];
  small.objectiveConstant = 0;
  const start = lp.numIntegers ? null : runner.cached(small, 'tie');
  const { solution } = await runner.solve(small, start, 'tie');
  if (solution.status !== 'optimal' || !solution.values) return null;
  for (let k = 0; k < cols.length; k++) at[cols[k]] = solution.values[k];
  // The whole point is checked against the LP itself: the restricted rows' bounds hold the fixed
  // columns' terms as sums, rounded.
  return primalViolation(lp, at).max <= VERIFY_TOLERANCE.feasibility ? at : null;
}

/**
 * The columns the tie-break holds at the optimum's values: the capital plan and the operations
 * (they make the FCF, hence the value), and in "firm" value a tax block's columns (no interest is
 * deducted there, so the tax is theirs: docs/model.md, "The schedule shown"). It chooses among
 * financing schedules for them — a small LP once those columns are fixed.
 */
export function heldColumns(model: BuiltModel): Set<number> {
  const fixed = new Set<number>();
  for (const c of model.cases) {
    for (const { index: i } of c.sites) {
      for (const col of [
        ...i.builds.map((b) => b.col),
        ...i.refreshBuy,
        ...i.existingHeld,
        ...i.existingRun,
        ...i.refreshRunnable,
        ...i.refreshRun,
        ...i.occupancy,
        ...i.hpcFlow,
      ])
        fixed.add(col);
      if (i.keepExisting !== undefined) fixed.add(i.keepExisting);
      if (i.keepRefresh !== undefined) fixed.add(i.keepRefresh);
    }
    if (c.tax && model.scenario.valuation.method === 'firm')
      for (const col of c.tax.cols) fixed.add(col);
  }
  return fixed;
}

/** The tie-break's objective by column: −Σ_k p_k × the case's financing cost. */
export function financingCost(model: BuiltModel): number[] {
  const cost: number[] = new Array(model.lp.numCols).fill(0);
  for (const c of model.cases)
    for (const [j, v] of c.index.financingCost) cost[j] -= c.probability * v;
  return cost;
}

/** The objective's terms in column order, without zeros: `addRow` appends such a row as it is. */
function objectiveTerms(lp: Lp): [number, number][] {
  const terms: [number, number][] = [];
  for (let j = 0; j < lp.numCols; j++) if (lp.colObj[j] !== 0) terms.push([j, lp.colObj[j]]);
  return terms;
}

/** The least value of `lp`'s objective terms (without its constant) a schedule may have. */
const valueFloor = (lp: Lp, value: number) =>
  value - lp.objectiveConstant - TIE_TOLERANCE * Math.max(1, Math.abs(value));

/**
 * The tie-break's LP in full (the check of a re-optimisation on the optimum's model, an LP): `lp`
 * with the `fixed` columns held at `x`, the value row and `cost` as objective.
 */
function withValueRow(
  lp: Lp,
  fixed: ReadonlySet<number>,
  x: ArrayLike<number>,
  value: number,
  cost: readonly number[],
): Lp {
  const tie = lp.clone();
  for (const col of fixed) tie.colLb[col] = tie.colUb[col] = x[col];
  tie.addRow('tiebreak.value', objectiveTerms(lp), valueFloor(lp, value), Infinity);
  for (let j = 0; j < lp.numCols; j++) tie.colObj[j] = cost[j];
  tie.objectiveConstant = 0;
  return tie;
}

/**
 * A difference of two optima within the tie-break's tolerance (2 × 1e-9 of the NPV, or a cent) is
 * rounding, not value: npvUsd is held to 1e-9 relative while the financing schedule is chosen.
 */
export const tieRounding = (usd: number, npvUsd: number) =>
  Math.abs(usd) <= Math.max(0.01, 2 * TIE_TOLERANCE * Math.abs(npvUsd)) ? 0 : usd;
