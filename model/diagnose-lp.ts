/**
 * @module diagnose-lp — the elastic LP a diagnosis solves (docs/model.md, "Infeasibility and its
 * diagnosis"): the scenario's or plan's model with a cash injection inject_{k,t} ≥ 0 in every month
 * of every case, every other objective term removed, solved again and again with the injections of
 * early months fixed, some months held at 0 and a cost on others. A HiGHS LP is kept live between
 * solves that only fix more injections or change costs (hot-started, verified); any other change
 * solves it again in full from the last basis.
 */
import { buildModel } from './build';
import type { LpRunner } from './lp-runner';
import type { Plan, Scenario } from './schema';
import type { LiveModel, WarmBasis } from './solvers/highs-warm';
import type { LpSolution } from './solvers/types';

/** Injections below half a dollar are the solver's rounding. */
export const NOISE_USD = 0.5;

/** The elastic LP of one diagnosis. */
export interface InjectionLp {
  /** Months. */
  readonly T: number;
  /** The cases' names (one unnamed case without uncertainty). */
  readonly caseNames: readonly string[];
  /** The month labels ("YYYY-MM"), by month. */
  readonly labels: readonly string[];
  /** The injection column of case k in month t: `inject[k][t]`. */
  readonly inject: readonly (readonly number[])[];
  /** The injections fixed so far, $M, by case and month (0 where none is fixed). */
  readonly fixed: number[][];
  /** The CVaR row's elastic slack column, when the scenario has a CVaR limit. */
  readonly cvarSlack?: number;
  /**
   * Solves with the injections of months < `from` at `fixed`, months `from` … `freeFrom` − 1 at 0
   * and later months in [0, ∞); month t's injections (of every case) cost `cost(t)` $M per $M and
   * the CVaR slack `cvarCost`, minimised. Verified; `timedout` once the request's time is up.
   */
  solve(
    from: number,
    freeFrom: number,
    cost: (t: number) => number,
    cvarCost?: number,
  ): Promise<LpSolution>;
  /** Seconds left of the request's time. */
  secondsLeft(): number;
  /** Frees the live model, if any. */
  dispose(): void;
}

/**
 * The elastic LP of `s` (with `plan` fixed, if given), relaxed (a MILP is diagnosed on its LP
 * relaxation), its grid slack closed (the grid is checked before any solve, plan-check). `live`
 * false solves every time in full from the last basis (as the bisection always has).
 */
export function injectionLp(
  s: Scenario,
  plan: Plan | undefined,
  runner: LpRunner,
  live = true,
): InjectionLp {
  const model = buildModel(s, { plan, elastic: true });
  const { lp } = model;
  for (let j = 0; j < lp.numCols; j++) lp.colInt[j] = false;
  lp.colObj.fill(0);
  lp.objectiveConstant = 0;
  for (const c of model.cases)
    for (const site of c.sites) for (const col of site.index.powerSlack) lp.colUb[col] = 0;
  const T = model.econ.T;
  const inject = model.cases.map((c) => c.index.injection);
  const fixed = model.cases.map(() => new Array<number>(T).fill(0));
  const columns = inject.flat();
  let basis: WarmBasis | null = null;
  let kept: LiveModel | undefined;
  /** The injections' bounds as the live model has them. */
  let keptLb: number[] = [];
  let keptUb: number[] = [];

  const full = async (): Promise<LpSolution> => {
    kept?.dispose();
    kept = undefined;
    const solved = await runner.solve(lp, basis, 'diagnose', live);
    basis = solved.basis ?? basis;
    if (solved.live) {
      kept = solved.live;
      keptLb = columns.map((c) => lp.colLb[c]);
      keptUb = columns.map((c) => lp.colUb[c]);
    }
    return solved.solution;
  };

  /** Re-optimises the live model when every bound that changed is fixed; null when it cannot. */
  const hot = async (): Promise<LpSolution | null> => {
    if (!kept) return null;
    const indices: number[] = [];
    const values: number[] = [];
    for (const [i, c] of columns.entries()) {
      if (lp.colLb[c] === keptLb[i] && lp.colUb[c] === keptUb[i]) continue;
      if (lp.colLb[c] !== lp.colUb[c]) return null;
      indices.push(c);
      values.push(lp.colLb[c]);
    }
    const solution = await runner.reoptimize(kept, lp, {
      fix: { indices, values },
      costs: lp.colObj,
    });
    if (!solution) return null;
    keptLb = columns.map((c) => lp.colLb[c]);
    keptUb = columns.map((c) => lp.colUb[c]);
    return solution;
  };

  return {
    T,
    caseNames: model.cases.map((c) => c.name),
    labels: model.econ.labels,
    inject,
    fixed,
    ...(model.cvarSlack !== undefined ? { cvarSlack: model.cvarSlack } : {}),
    async solve(from, freeFrom, cost, cvarCost = 0) {
      inject.forEach((cols, k) =>
        cols.forEach((col, t) => {
          lp.colLb[col] = t < from ? fixed[k][t] : 0;
          lp.colUb[col] = t < from ? fixed[k][t] : t >= freeFrom ? Infinity : 0;
          // The LP is maximised.
          lp.colObj[col] = t < from ? 0 : -cost(t);
        }),
      );
      if (model.cvarSlack !== undefined) lp.colObj[model.cvarSlack] = -cvarCost;
      if (runner.settings().timeLimitSeconds <= 0) return full();
      return (await hot()) ?? full();
    },
    secondsLeft: () => runner.settings().timeLimitSeconds,
    dispose() {
      kept?.dispose();
      kept = undefined;
    },
  };
}
