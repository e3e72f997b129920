/**
 * @module min-build — readable plans: no cohort under `solve.minBuildMW` in an optimum
 * (docs/model.md, "Plans a person can read"). A build is 0 or ≥ m: a semi-continuous column, made
 * of a binary and two rows, added only when the LP optimum (after the sliver merging of
 * `slivers.ts`) still has a cohort under m.
 *
 * For each free build column x (in units of u MW: 1 for a continuous build, blockMW for blocks with
 * blockMW < m) with upper bound U, a binary z and the rows
 *   x − U · z ≤ 0      (no build unless z = 1; U = maxMW / u, the column's own bound: the big-M)
 *   x − (m / u) · z ≥ 0   (a build is at least m MW)
 * A column whose U · u < m can never hold a build of m MW: it is fixed at 0.
 */
import { buildModel, type BuiltModel } from './build';
import { lpRunner, type LpRunner } from './lp-runner';
import type { Plan, Scenario } from './schema';
import { extractPlan } from './results';
import { SLIVER_BUDGET, tidySlivers } from './slivers';
import type { WarmBasis } from './solvers/highs-warm';

/**
 * Relative MIP gap of the min-build MILP: tight, so that its npvUsd is the whole MILP's optimum to
 * well within 1e-6 (the reference model's agreement).
 */
export const MIN_BUILD_GAP = 1e-7;

/** MW under `minMW` count as below it only beyond this (a build of 0.9999999999 MW is 1 MW). */
const MW_TOLERANCE = 1e-6;

/** Whether a plan has a cohort under `minMW` MW (never with `minMW` = 0). */
export function hasBuildBelow(plan: Plan, minMW: number): boolean {
  return minMW > 0 && plan.builds.some((b) => b.mw > 0 && b.mw < minMW - MW_TOLERANCE);
}

/**
 * Adds the semi-continuous rule to every free build column of a built model whose unit is under
 * `minMW` (continuous builds, blocks smaller than it) — or to those in `only`; mutates `model.lp`.
 * Returns the binaries added. Fixed columns (a plan, the mining-only plan) are left alone.
 */
export function addMinBuild(model: BuiltModel, minMW: number, only?: ReadonlySet<string>): number {
  const { lp } = model;
  if (minMW <= 0) return 0;
  const seen = new Set<number>();
  let added = 0;
  for (const c of model.cases) {
    for (const site of c.sites) {
      for (const b of site.index.builds) {
        const x = b.col;
        if (seen.has(x) || (only && !only.has(lp.colNames[x]))) continue;
        seen.add(x);
        const ub = lp.colUb[x];
        // Blocks of at least m MW are whole multiples of them already.
        if ((lp.colInt[x] && b.mwPerUnit >= minMW) || ub <= lp.colLb[x]) continue;
        if (ub * b.mwPerUnit < minMW) {
          lp.colUb[x] = 0;
          continue;
        }
        const z = lp.addColumn(`minbuild.z.${lp.colNames[x]}`, { ub: 1, integer: true });
        lp.addRow(
          `minbuild.up.${lp.colNames[x]}`,
          [
            [x, 1],
            [z, -ub],
          ],
          -Infinity,
          0,
        );
        lp.addRow(
          `minbuild.low.${lp.colNames[x]}`,
          [
            [x, 1],
            [z, -minMW / b.mwPerUnit],
          ],
          0,
          Infinity,
        );
        added++;
      }
    }
  }
  return added;
}

/** A point of a model: its solution and basis. */
type Point = { model: BuiltModel; x: ArrayLike<number>; basis: WarmBasis | null };

/**
 * The plan a person can read, from the LP optimum `x` of `model` (docs/model.md, "Plans a person
 * can read"): slivers merged (`slivers.ts`) when that leaves no cohort under `solve.minBuildMW`,
 * else the optimum with the min-build rule, its plan solved as a fixed plan — the evaluate form,
 * so that `/api/evaluate` of the answer's plan gives its npvUsd. `minBuild` says whether the rule
 * decided the plan. Null when the LP's plan stands.
 *
 * The MILP comes first when the LP optimum has a cohort under m: when its value is below the
 * merging's floor, no merging can end without such a cohort (a plan without one is a point of the
 * MILP), so the merging is skipped — the same answer, without its many solves.
 */
export async function readablePlan(
  s: Scenario,
  model: BuiltModel,
  x: ArrayLike<number>,
  runner: LpRunner,
): Promise<(Point & { minBuild: boolean }) | null> {
  const minMW = s.solve.minBuildMW;
  const single = model.cases.length === 1;
  const best = await minBuildOptimum(s, model, x, runner);
  const value = model.lp.objectiveAt(x);
  const floor = value - SLIVER_BUDGET * Math.max(Math.abs(value), 1e-6);
  const merged =
    single && !(best && best.value + MIN_BUILD_GAP * Math.abs(best.value) < floor)
      ? await tidySlivers(s, model, x, runner)
      : null;
  if (merged && !hasBuildBelow(extractPlan(merged.model, merged.x), minMW))
    return { ...merged, minBuild: false };
  if (best) {
    const fixed = buildModel(s, { plan: best.plan });
    const solved = await runner.solve(fixed.lp);
    const sol = solved.solution;
    if (sol.status === 'optimal' && sol.values)
      return { model: fixed, x: sol.values, basis: solved.basis, minBuild: true };
  }
  return merged ? { ...merged, minBuild: false } : null;
}

/**
 * When the plan of `x` has a cohort under `solve.minBuildMW`: the optimum with the min-build rule
 * (a MILP at gap `MIN_BUILD_GAP`), its plan and value ($M). Null when no cohort is under it, or
 * when the MILP finds no optimum.
 */
async function minBuildOptimum(
  s: Scenario,
  model: BuiltModel,
  x: ArrayLike<number>,
  runner: LpRunner,
): Promise<{ plan: Plan; value: number } | null> {
  const minMW = s.solve.minBuildMW;
  if (!hasBuildBelow(extractPlan(model, x), minMW)) return null;
  const tight = lpRunner(
    { ...s, solve: { ...s.solve, mipRelGap: Math.min(s.solve.mipRelGap, MIN_BUILD_GAP) } },
    { solver: runner.solver, deadline: runner.deadline, warm: runner.warm },
  );
  // The rule on the columns holding a cohort under m first, then on any column that comes to hold
  // one: a relaxation of the whole MILP whose optimum, once it has no such cohort, is the whole
  // MILP's (fewer binaries, the same answer).
  const ruled = new Set<string>();
  let at = { model, x };
  for (let round = 0; round < 20; round++) {
    for (const name of slivers(at.model, at.x, minMW)) ruled.add(name);
    const milp = buildModel(s);
    addMinBuild(milp, minMW, ruled);
    const sol = (await tight.solve(milp.lp)).solution;
    if (sol.status !== 'optimal' || !sol.values) return null;
    at = { model: milp, x: sol.values };
    const plan = extractPlan(milp, sol.values);
    if (!hasBuildBelow(plan, minMW)) return { plan, value: milp.lp.objectiveAt(sol.values) };
  }
  return null;
}

/**
 * The names of the build columns to rule next (names, since a fixed plan's model numbers its
 * columns otherwise than the free model): per option of each case and site, every start month
 * from one before its first cohort under `minMW` to one after its last — the MILP tends to move a
 * sliver to a month beside it, and ruling those at once saves a round.
 */
function slivers(model: BuiltModel, x: ArrayLike<number>, minMW: number): string[] {
  const out: string[] = [];
  for (const c of model.cases)
    for (const site of c.sites) {
      const span = new Map<number, [number, number]>();
      for (const b of site.index.builds) {
        const mw = x[b.col] * b.mwPerUnit;
        if (mw <= MW_TOLERANCE || mw >= minMW - MW_TOLERANCE) continue;
        const [lo, hi] = span.get(b.option) ?? [b.start, b.start];
        span.set(b.option, [Math.min(lo, b.start), Math.max(hi, b.start)]);
      }
      for (const b of site.index.builds) {
        const range = span.get(b.option);
        if (range && b.start >= range[0] - 1 && b.start <= range[1] + 1)
          out.push(model.lp.colNames[b.col]);
      }
    }
  return out;
}
