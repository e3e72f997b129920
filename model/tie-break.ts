/**
 * @module tie-break — among financing schedules of equal value (within 1e-9, relative) for the
 * optimum's plan and operations, the one with the least financing cost (docs/model.md, "Value").
 */
import type { BuiltModel } from './build';
import type { Lp } from './lp';
import { withBasicRows, type LpRunner } from './lp-runner';
import type { LiveModel, WarmBasis } from './solvers/highs-warm';

/**
 * Relative NPV within which another schedule counts as "of equal value" for the tie-break
 * (docs/model.md).
 */
export const TIE_TOLERANCE = 1e-9;

/** Fixes a MILP's integer columns at their (rounded) values: what is left is an LP. */
function fixIntegers(lp: Lp, x: ArrayLike<number>): void {
  for (let j = 0; j < lp.numCols; j++) {
    if (!lp.colInt[j]) continue;
    lp.colLb[j] = lp.colUb[j] = Math.round(x[j]);
    lp.colInt[j] = false;
  }
}

/**
 * The tie-break (docs/model.md, "Value"): for the optimum's capital plan and operations, among
 * financing schedules within 1e-9 (relative) of its value, the one that minimises Σ_k p_k Σ_t df_t
 * × (interest paid − cash yield earned + equity raised). A MILP's integers are fixed first. Returns
 * the new point, or null when the re-solve fails (the optimum's point stands).
 */
export async function tieBreak(
  model: BuiltModel,
  x: ArrayLike<number>,
  basis: WarmBasis | null,
  runner: LpRunner,
  live?: LiveModel,
): Promise<Float64Array | null> {
  const { lp } = model;
  const value = lp.objectiveAt(x);
  const tie = lp.clone();
  if (lp.numIntegers) fixIntegers(tie, x);
  // The capital plan and the operations stand (they make the FCF, hence the value): the tie-break
  // chooses among financing schedules for them — a small LP once those columns are fixed.
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
  }
  for (const col of fixed) tie.colLb[col] = tie.colUb[col] = x[col];
  // The objective's terms in column order, without zeros: `addRow` appends such a row as it is.
  const terms: [number, number][] = [];
  for (let j = 0; j < lp.numCols; j++) if (lp.colObj[j] !== 0) terms.push([j, lp.colObj[j]]);
  tie.addRow(
    'tiebreak.value',
    terms,
    value - lp.objectiveConstant - TIE_TOLERANCE * Math.max(1, Math.abs(value)),
    Infinity,
  );
  tie.colObj.fill(0);
  tie.objectiveConstant = 0;
  for (const c of model.cases)
    for (const [j, v] of c.index.financingCost) tie.colObj[j] -= c.probability * v;
  // On the optimum's own HiGHS model when it is at hand: no rebuild, hot-started where it stands.
  if (live && live.lp === lp && !lp.numIntegers) {
    const cols = [...fixed];
    const row = tie.numRows - 1;
    const rowCols = tie.rowCols.slice(tie.rowStart[row], tie.rowStart[row + 1]);
    const rowCoefs = tie.rowCoefs.slice(tie.rowStart[row], tie.rowStart[row + 1]);
    const solved = await runner.reoptimize(live, tie, {
      fix: { indices: cols, values: cols.map((c) => tie.colLb[c]) },
      row: { indices: rowCols, values: rowCoefs, lb: tie.rowLb[row], ub: tie.rowUb[row] },
      costs: tie.colObj,
    });
    if (solved?.values) return solved.values;
  }
  // The last tie-break of this shape (a slider's previous answer) is closer than the optimum's own
  // vertex.
  const start = lp.numIntegers ? null : (runner.cached(tie, 'tie') ?? withBasicRows(basis, 1));
  const { solution } = await runner.solve(tie, start, 'tie');
  return solution.status === 'optimal' && solution.values ? solution.values : null;
}

/**
 * A difference of two optima within the tie-break's tolerance (2 × 1e-9 of the NPV, or a cent) is
 * rounding, not value: npvUsd is held to 1e-9 relative while the financing schedule is chosen.
 */
export const tieRounding = (usd: number, npvUsd: number) =>
  Math.abs(usd) <= Math.max(0.01, 2 * TIE_TOLERANCE * Math.abs(npvUsd)) ? 0 : usd;
