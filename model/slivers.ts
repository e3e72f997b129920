/**
 * @module slivers — merges cohorts under 1 MW into a neighbour when the optimum does not need them
 * (docs/model.md, "Plans a person can read"), for a plan a person can read.
 */
import { buildModel, type BuiltModel } from './build';
import type { LpRunner } from './lp-runner';
import type { Plan, Scenario } from './schema';
import { extractPlan } from './results';
import { allOptions } from './sites';
import type { WarmBasis } from './solvers/highs-warm';
import { monthNumber } from './time';

/** Cohorts under this many MW are merged into a neighbour when the optimum does not need them. */
const SLIVER_MW = 1;
/**
 * NPV, relative, that merging slivers may give up in all (docs/model.md, "Plans a person can
 * read").
 */
export const SLIVER_BUDGET = 0.9e-6;

/**
 * Cohorts under 1 MW (continuous builds) merged into the nearest cohort of the same offer, one at a
 * time, while the NPV given up stays within 0.9e-6 of the optimum's in all: a plan a person can
 * read. Returns the model of the tidied plan (fixed, evaluate form) with its solution, or null when
 * nothing was merged.
 */
export async function tidySlivers(
  s: Scenario,
  model: BuiltModel,
  x: ArrayLike<number>,
  runner: LpRunner,
): Promise<{ model: BuiltModel; x: ArrayLike<number>; basis: WarmBasis | null } | null> {
  let plan = extractPlan(model, x);
  const blocky = new Set(
    allOptions(s)
      .filter(({ option: o }) => o.blockMW > 0)
      .map(({ option: o }) => o.id),
  );
  const value = model.lp.objectiveAt(x);
  const floor = value - SLIVER_BUDGET * Math.max(Math.abs(value), 1e-6);
  let best: { model: BuiltModel; x: ArrayLike<number>; basis: WarmBasis | null } | null = null;
  let basis: WarmBasis | null = null;
  for (let guard = 0; guard < 40; guard++) {
    const slivers = plan.builds
      .filter((b) => b.mw < SLIVER_MW && !blocky.has(b.optionId))
      .sort((a, b) => a.mw - b.mw);
    let merged = false;
    for (const sliver of slivers) {
      const others = plan.builds.filter((b) => b !== sliver && b.optionId === sliver.optionId);
      const at = monthNumber(sliver.month);
      const nearest = (side: number) =>
        others
          .filter((b) => side * (monthNumber(b.month) - at) > 0)
          .sort(
            (a, b) =>
              Math.abs(monthNumber(a.month) - at) - Math.abs(monthNumber(b.month) - at) ||
              b.mw - a.mw,
          )[0];
      const targets = [nearest(-1), nearest(1)]
        .filter((b) => b !== undefined)
        .sort((a, b) => Math.abs(monthNumber(a.month) - at) - Math.abs(monthNumber(b.month) - at));
      const rest = plan.builds.filter((b) => b !== sliver);
      // Merged into its nearer neighbour, else the other one, else left out.
      const candidates: Plan[] = [
        ...targets.map((target) => ({
          ...plan,
          builds: rest.map((b) => (b === target ? { ...b, mw: b.mw + sliver.mw } : b)),
        })),
        { ...plan, builds: rest },
      ];
      for (const candidate of candidates) {
        const m = buildModel(s, { plan: candidate });
        const solved = await runner.solve(m.lp, basis);
        const sol = solved.solution;
        if (sol.status !== 'optimal' || !sol.values) continue;
        basis = solved.basis ?? basis;
        if (m.lp.objectiveAt(sol.values) >= floor) {
          plan = candidate;
          best = { model: m, x: sol.values, basis: solved.basis };
          merged = true;
          break;
        }
      }
      if (merged) break;
    }
    if (!merged) break;
  }
  return best;
}
