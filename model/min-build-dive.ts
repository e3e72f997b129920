/**
 * @module min-build-dive — a plan without cohorts under m = `solve.minBuildMW`, found in a few LP
 * solves (docs/model.md, "Plans a person can read"): the answer's plan when the min-build MILP
 * cannot finish in the time there is (unless the MILP's last plan is better).
 *
 * A funding-limited optimum over a long horizon builds as cash comes in: a sliver every decision
 * month (205 months, 2 offers: 65 cohorts under 1 MW), and its MILP — a binary per build column —
 * does not close a 1e-7 gap within a minute. The dive rounds the slivers along time instead, offer
 * by offer: walking the start months in order it adds up the MW of the cohorts under m, and the
 * column where the sum reaches m is switched on (a build of at least m there, the MW before it
 * moved to it: later, so the cash that paid for them is there), the others off (no build). The LP
 * with those bounds is solved again and the same is done to any new cohort under m, until none is
 * left; a round the LP cannot fund has its switched-on columns switched off.
 */
import { buildModel, type BuiltModel } from './build';
import type { LpRunner } from './lp-runner';
import type { Scenario } from './schema';

/**
 * MW under m count as below it only beyond this (a build of 0.9999999999 MW is 1 MW), here and in
 * `min-build.ts`.
 */
export const MW_TOLERANCE = 1e-6;

/** At most this many LP solves. */
const MAX_ROUNDS = 12;

/** What the dive found: a model with its build bounds set, its optimum and value ($M). */
export interface DivePoint {
  readonly model: BuiltModel;
  readonly x: ArrayLike<number>;
  readonly value: number;
}

/** Build columns of `model` grouped by case, site and offer, each group in start order. */
function groups(model: BuiltModel): { col: number; mwPerUnit: number }[][] {
  const out: { col: number; mwPerUnit: number }[][] = [];
  for (const c of model.cases)
    for (const site of c.sites) {
      const byOption = new Map<number, { col: number; mwPerUnit: number; start: number }[]>();
      for (const b of site.index.builds) {
        const list = byOption.get(b.option) ?? [];
        list.push(b);
        byOption.set(b.option, list);
      }
      for (const list of byOption.values()) out.push(list.sort((a, b) => a.start - b.start));
    }
  return out;
}

/**
 * Switches each cohort under m of `x` on or off (by column name, in `decided`), adding up their MW
 * along each group's months. Returns the names switched on, or null when `x` has no cohort under m.
 */
function round(
  model: BuiltModel,
  x: ArrayLike<number>,
  minMW: number,
  decided: Map<string, boolean>,
): string[] | null {
  const names = model.lp.colNames;
  const on: string[] = [];
  let any = false;
  for (const group of groups(model)) {
    const mw = group.map((b) => x[b.col] * b.mwPerUnit);
    const under = (i: number) =>
      !decided.has(names[group[i].col]) && mw[i] > MW_TOLERANCE && mw[i] < minMW - MW_TOLERANCE;
    let first = -1;
    let last = -1;
    for (let i = 0; i < group.length; i++)
      if (under(i)) {
        if (first < 0) first = i;
        last = i;
      }
    if (first < 0) continue;
    any = true;
    // The months around the slivers too, those at 0 switched off: the LP would move a sliver there.
    let sum = 0;
    for (let i = Math.max(0, first - 1); i <= Math.min(group.length - 1, last + 1); i++) {
      const name = names[group[i].col];
      if (decided.has(name) || mw[i] >= minMW - MW_TOLERANCE) continue;
      sum += Math.max(0, mw[i]);
      const reached = sum >= minMW - MW_TOLERANCE;
      decided.set(name, reached);
      if (reached) {
        on.push(name);
        sum = 0;
      }
    }
  }
  return any ? on : null;
}

/** The free model of `s` with the decided build columns' bounds set: off at 0, on at least m. */
function bounded(s: Scenario, decided: ReadonlyMap<string, boolean>, minMW: number): BuiltModel {
  const model = buildModel(s);
  const { lp } = model;
  for (const c of model.cases)
    for (const site of c.sites)
      for (const b of site.index.builds) {
        const on = decided.get(lp.colNames[b.col]);
        if (on === undefined) continue;
        const least = minMW / b.mwPerUnit;
        if (on && lp.colUb[b.col] >= least) lp.colLb[b.col] = Math.max(lp.colLb[b.col], least);
        else lp.colUb[b.col] = 0;
      }
  return model;
}

/**
 * The dive from the LP optimum `x` of `model`: a point without cohorts under `solve.minBuildMW`,
 * or null when one round found no funded plan, or the rounds or the time ran out.
 */
export async function diveToMinBuild(
  s: Scenario,
  model: BuiltModel,
  x: ArrayLike<number>,
  runner: LpRunner,
): Promise<DivePoint | null> {
  const minMW = s.solve.minBuildMW;
  const decided = new Map<string, boolean>();
  let at: { model: BuiltModel; x: ArrayLike<number> } = { model, x };
  for (let k = 0; k < MAX_ROUNDS; k++) {
    const on = round(at.model, at.x, minMW, decided);
    if (!on) return { ...at, value: at.model.lp.objectiveAt(at.x) };
    let next = bounded(s, decided, minMW);
    let sol = (await runner.solve(next.lp, null, 'min-build-dive')).solution;
    if (sol.status === 'infeasible' && on.length) {
      // The MW moved to later months cannot all be funded there: leave this round's out.
      for (const name of on) decided.set(name, false);
      next = bounded(s, decided, minMW);
      sol = (await runner.solve(next.lp, null, 'min-build-dive')).solution;
    }
    if (sol.status !== 'optimal' || !sol.values) return null;
    at = { model: next, x: sol.values };
  }
  return null;
}
