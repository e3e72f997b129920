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
import { secondsLeft, type LpRunner } from './lp-runner';
import { diveToMinBuild, MW_TOLERANCE } from './min-build-dive';
import { solveVerified } from './solvers';
import type { Plan, Scenario } from './schema';
import { extractPlan } from './results';
import { SLIVER_BUDGET, tidySlivers } from './slivers';
import type { WarmBasis } from './solvers/highs-warm';

/**
 * Relative MIP gap of the min-build MILP: tight, so that its npvUsd is the whole MILP's optimum to
 * well within 1e-6 (the reference model's agreement).
 */
export const MIN_BUILD_GAP = 1e-7;

/** Whether a plan has a cohort under `minMW` MW (never with `minMW` = 0). */
export function hasBuildBelow(plan: Plan, minMW: number): boolean {
  return minMW > 0 && plan.builds.some((b) => b.mw > 0 && b.mw < minMW - MW_TOLERANCE);
}

/**
 * Adds the semi-continuous rule to every free build column of a built model whose unit is under
 * `minMW` (continuous builds, blocks smaller than it) — or to those in `only`; mutates `model.lp`.
 * Returns each ruled column with its binary, [x, z]. Fixed columns (a plan, the mining-only plan)
 * are left alone.
 */
export function addMinBuild(
  model: BuiltModel,
  minMW: number,
  only?: ReadonlySet<string>,
): [number, number][] {
  const { lp } = model;
  const added: [number, number][] = [];
  if (minMW <= 0) return added;
  const seen = new Set<number>();
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
        added.push([x, z]);
      }
    }
  }
  return added;
}

/** A point of a model: its solution and basis. */
type Point = { model: BuiltModel; x: ArrayLike<number>; basis: WarmBasis | null };

/**
 * Where the min-build search stopped short of its optimum (the time there was ran out): no plan
 * without a cohort under m is worth more than `bound`, $M (the LP optimum, or the MILP's bound).
 */
export interface MinBuildStop {
  readonly bound: number;
}

/**
 * The plan a person can read, from the LP optimum `x` of `model` (solved in `lpMs`; docs/model.md,
 * "Plans a person can read"): slivers merged (`slivers.ts`) when that leaves no cohort under `solve.minBuildMW`,
 * else the optimum with the min-build rule, its plan solved as a fixed plan — the evaluate form,
 * so that `/api/evaluate` of the answer's plan gives its npvUsd. `minBuild` says whether the rule
 * decided the plan, `stopped` whether its search ended before its optimum. Null when the LP's plan
 * stands.
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
  lpMs: number,
): Promise<(Point & { minBuild: boolean; stopped?: MinBuildStop }) | null> {
  const minMW = s.solve.minBuildMW;
  const single = model.cases.length === 1;
  const best = await minBuildOptimum(s, model, x, runner, lpMs);
  const value = model.lp.objectiveAt(x);
  const floor = value - SLIVER_BUDGET * Math.max(Math.abs(value), 1e-6);
  // A search that stopped leaves only the time kept for the rest of the answer: no merging then.
  const merged =
    single && !best?.stopped && !(best && best.value + MIN_BUILD_GAP * Math.abs(best.value) < floor)
      ? await tidySlivers(s, model, x, runner)
      : null;
  if (merged && !hasBuildBelow(extractPlan(merged.model, merged.x), minMW))
    return { ...merged, minBuild: false };
  if (best) {
    const point =
      (await fixedPoint(s, best.plan, runner)) ??
      (best.alternate ? await fixedPoint(s, best.alternate, runner) : null);
    if (point)
      return { ...point, minBuild: true, ...(best.stopped ? { stopped: best.stopped } : {}) };
  }
  return merged ? { ...merged, minBuild: false } : null;
}

/** How much smaller a plan's builds are taken when the plan as found cannot be funded exactly. */
const EDGE_SHRINK = 1e-9;

/**
 * `plan` solved as a fixed plan (the evaluate form). A MILP's point holds its rows within the
 * solver's tolerance, so a plan that spends the last dollar a covenant allows can be a hair over
 * it when fixed: then its builds are taken 1e-9 smaller (a watt in a GW; MW under m by that count
 * as m) and solved again. Null when neither is optimal.
 */
async function fixedPoint(s: Scenario, plan: Plan, runner: LpRunner): Promise<Point | null> {
  for (const shrink of [0, EDGE_SHRINK]) {
    const builds = plan.builds.map((b) => ({ ...b, mw: b.mw * (1 - shrink) }));
    const fixed = buildModel(s, { plan: { ...plan, builds } });
    const solved = await runner.solve(fixed.lp);
    const sol = solved.solution;
    if (sol.status === 'optimal' && sol.values)
      return { model: fixed, x: sol.values, basis: solved.basis };
    if (sol.status !== 'infeasible') return null;
  }
  return null;
}

/**
 * Time kept after the MILP for the dive and the rest of an answer (the fixed plan's solve, the
 * marginal values, the tie-break, the mining-only plan: a few LP solves each): at least this, ms,
 * or …
 */
const RESERVE_MS = 1000;
/** … this many times the LP's own solve, whichever is more (at most half of the time left). */
const RESERVE_SOLVES = 8;

/** A plan without a cohort under m and its value ($M). */
type Found = { plan: Plan; value: number };

/**
 * When the plan of `x` has a cohort under `solve.minBuildMW`: the optimum with the min-build rule
 * (a MILP at gap `MIN_BUILD_GAP`), its plan and value ($M), as long as the MILP ends within the
 * time left less a reserve; then, so that the answer does not depend on how fast it was found,
 * nothing else is tried. When it does not end, the dive (`min-build-dive.ts`) finds a plan without
 * such a cohort in a few LP solves, and the better of it and the MILP's last plan is taken, with
 * `stopped`. Null when no cohort is under m, or when neither finds a plan.
 */
async function minBuildOptimum(
  s: Scenario,
  model: BuiltModel,
  x: ArrayLike<number>,
  runner: LpRunner,
  lpMs: number,
): Promise<(Found & { stopped?: MinBuildStop; alternate?: Plan }) | null> {
  const minMW = s.solve.minBuildMW;
  if (!hasBuildBelow(extractPlan(model, x), minMW)) return null;
  const gap = Math.min(s.solve.mipRelGap, MIN_BUILD_GAP);
  // The rule on the columns holding a cohort under m first, then on any column that comes to hold
  // one: a relaxation of the whole MILP whose optimum, once it has no such cohort, is the whole
  // MILP's (fewer binaries, the same answer). Each round's MILP is a relaxation of the whole one, so
  // its bound is one of the whole MILP's.
  const ruled = new Set<string>();
  let at = { model, x };
  let bound = model.lp.objectiveAt(x);
  let found: Found | null = null;
  const search = async (atMs: number): Promise<Found | 'stopped'> => {
    for (let round = 0; round < 20; round++) {
      const seconds = secondsLeft({ atMs });
      if (seconds <= 0) return 'stopped';
      for (const name of slivers(at.model, at.x, minMW)) ruled.add(name);
      const milp = buildModel(s);
      addMinBuild(milp, minMW, ruled);
      // (A round whose ruled columns can none hold m MW has no binary: an LP, solved warm.)
      const sol = milp.lp.numIntegers
        ? await solveVerified(runner.solver, milp.lp, { timeLimitSeconds: seconds, mipRelGap: gap })
        : (await runner.solve(milp.lp)).solution;
      // A round that ends otherwise (a point rejected by its check, say) leaves it to the dive.
      if (!sol.values || (sol.status !== 'optimal' && sol.status !== 'timedout')) return 'stopped';
      const plan = extractPlan(milp, sol.values);
      const value = milp.lp.objectiveAt(sol.values);
      if (sol.status === 'timedout') {
        if (sol.mipGap !== null) bound = Math.min(bound, value + sol.mipGap * Math.abs(value));
        if (!hasBuildBelow(plan, minMW)) found = { plan, value };
        return 'stopped';
      }
      at = { model: milp, x: sol.values };
      if (!hasBuildBelow(plan, minMW)) return { plan, value };
    }
    return 'stopped';
  };
  const end = runner.deadline.atMs;
  const reserve = Math.min(
    (end - performance.now()) / 2,
    Math.max(RESERVE_MS, RESERVE_SOLVES * lpMs),
  );
  const first = await search(end - reserve);
  if (typeof first === 'object') return first;
  const dive = await diveToMinBuild(s, model, x, runner);
  const dived = dive ? { plan: extractPlan(dive.model, dive.x), value: dive.value } : null;
  // (Set by `search`, which TypeScript does not follow.)
  const last = found as Found | null;
  const pick = dived && (!last || dived.value > last.value) ? dived : last;
  if (!pick) return null;
  // The other plan found, for when the better one cannot be solved as a fixed plan.
  const other = pick === dived ? last : dived;
  return {
    ...pick,
    ...(other ? { alternate: other.plan } : {}),
    stopped: { bound: Math.max(bound, pick.value) },
  };
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
