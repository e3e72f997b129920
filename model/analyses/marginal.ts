/**
 * @module analyses/marginal — marginal values of an optimum: the NPV of one more MW of grid, one
 * more $1M of facility limit, one month earlier commencement of every offer; from the LP's duals
 * where they hold over the step, else by re-solving.
 */
import { buildModel, type BuiltModel } from '../build';
import { USD_PER_MODEL_UNIT as M } from '../units';
import type { LpRunner } from '../lp-runner';
import type { HpcOption, MarginalValues, Scenario } from '../schema';
import { allOptions, sitesOf } from '../sites';
import type { LiveModel, ProbeResult, WarmBasis } from '../solvers/highs-warm';
import type { LpSolution } from '../solvers/types';
import { labelAt } from '../time';

/** How the marginal values of an optimize answer are computed (`scenario.solve.marginalValues`). */
export type MarginalMode = 'fast' | 'all' | 'off';

type Method = MarginalValues['methods']['gridMWUsd'];
interface Value {
  readonly usd: number | null;
  readonly method: Method;
}

/**
 * The marginal values of a solved optimisation, USD of equity NPV, each for a finite step:
 * - `gridMWUsd`: one more MW of grid in every month;
 * - `facilityPerMillionUsd`: $1M more facility limit (the limit bounds every month's balance); null
 *   without one;
 * - `earlierCommencementUsd`: every offer commencing one month earlier (buildMonths − 1, same
 *   capex, a switch-over at most as long as the shorter build), re-optimised; null when no build
 *   can be shorter.
 *
 * For an LP solved by HiGHS: grid and facility from the optimum's own HiGHS model with the bounds
 * raised (`probeUpperBounds`, no rebuild): read at its optimal basis where that basis still holds
 * over the step, else re-run hot from it. When the basis holds (no simplex iteration) the value is
 * the dual one — Σ_t dual(power_t), resp. Σ_t reduced cost of facility_t at its limit — with
 * method `dual`;
 * otherwise the step crosses a vertex (a degenerate optimum, e.g. grid = installed fleet: the power
 * row's dual can be anything between the left and right derivatives) and the re-solve's difference
 * is reported, method `resolve`. Commencement: the model rebuilt with the shorter builds has the
 * same columns and rows (only where builds come online moves), so it is solved from the optimum's
 * basis, a few iterations away (method `resolve`); or, with `aside` (`startAside`), beside the
 * request on another thread, from that thread's last basis of its shape (the same LP, so the same
 * optimum). A probe that fails is re-solved the same way.
 *
 * Mode `fast` (the default) does that for LPs solved by HiGHS; a MILP or a solver without a basis
 * gets `not-computed`. `all` also re-solves those from scratch (seconds for a MILP); `off` gives
 * nothing. A failed re-solve gives null. Differences within the solver's objective accuracy (1e-9
 * relative) are 0.
 */
export async function marginalValues(
  model: BuiltModel,
  sol: LpSolution,
  basis: WarmBasis | null,
  runner: LpRunner,
  live?: LiveModel,
  aside?: Promise<AsideAnswer | null>,
): Promise<MarginalValues | undefined> {
  const { scenario, lp } = model;
  const mode: MarginalMode = scenario.solve.marginalValues;
  if (mode === 'off' || sol.status !== 'optimal' || !sol.values) return undefined;
  const x = sol.values;
  const base = lp.objectiveAt(x);
  // A step worth less than the solver's objective accuracy is no value: 0, not 5.7e-8 USD of
  // rounding.
  const usdOf = (objective: number) =>
    Math.abs(objective - base) <= 1e-9 * Math.max(1, Math.abs(base)) ? 0 : (objective - base) * M;
  // An LP solved by HiGHS re-solves in milliseconds; a MILP or another solver only when asked for
  // (`all`).
  const cheap = runner.solver.name === 'highs' && lp.numIntegers === 0;
  const resolve = async (
    changed: Scenario | null,
    beside?: Promise<AsideAnswer | null>,
  ): Promise<Value> => {
    if (!changed) return { usd: null, method: 'not-applicable' };
    if (mode !== 'all' && !cheap) return { usd: null, method: 'not-computed' };
    // Solved beside this request when it could be (an LP by HiGHS, as here), else here: the changed
    // model has the optimum's columns and rows (a bound or where builds come online moves), so an
    // LP starts from the optimum's basis, a few simplex iterations away.
    const answer =
      (cheap && beside ? await beside : null) ??
      (await solvedObjective(changed, runner, cheap ? basis : null, false));
    return { usd: answer?.objective == null ? null : usdOf(answer.objective), method: 'resolve' };
  };
  const fromProbe = (probe: ProbeResult | null, dual: () => number): Value | null => {
    if (!probe) return null;
    return probe.iterations === 0 && sol.rowDuals
      ? { usd: dual() * M, method: 'dual' }
      : { usd: usdOf(probe.objective), method: 'resolve' };
  };
  // Every site's power rows, in the LP's order.
  const powerRows = [
    ...new Set(model.cases.flatMap((c) => c.sites.flatMap((v) => v.index.powerRows))),
  ].sort((a, b) => a - b);
  const facility = scenario.financing.facility;
  const [gridProbe, facilityProbe = null] = await runner.probe(
    lp,
    cheap ? basis : null,
    [
      { kind: 'row', indices: powerRows, delta: 1 },
      ...(facility
        ? [{ kind: 'col', indices: model.index.facility, delta: 1e6 / M } as const]
        : []),
    ],
    live,
  );
  const grid =
    fromProbe(gridProbe, () => powerRows.reduce((a, i) => a + sol.rowDuals![i], 0)) ??
    (await resolve(withGrid(scenario)));
  const limit = !facility
    ? { usd: null, method: 'not-applicable' as const }
    : (fromProbe(facilityProbe, () => facilityDual(model, x, sol.rowDuals!)) ??
      (await resolve(withFacility(scenario))));
  const earlier = await resolve(earlierCommencement(scenario), aside);
  return {
    gridMWUsd: grid.usd,
    facilityPerMillionUsd: limit.usd,
    earlierCommencementUsd: earlier.usd,
    methods: {
      gridMWUsd: grid.method,
      facilityPerMillionUsd: limit.method,
      earlierCommencementUsd: earlier.method,
    },
  };
}

/**
 * The optimum's objective of a scenario's LP, model units (null: not solved to optimality), as
 * another thread answers for `startAside`.
 */
export interface AsideAnswer {
  readonly objective: number | null;
}

/**
 * Solves a scenario's LP on another thread (its own warm starts), answering its optimum's objective;
 * null when it does not solve it there (not an LP for HiGHS): the request then solves it itself.
 * The API's solve threads pass one (api/aside-thread.ts); see docs/solvers.md ("Beside the request").
 */
export type AsideSolve = (scenario: Scenario) => Promise<AsideAnswer | null>;

/**
 * The earlier-commencement scenario of an optimize request, sent at once to `aside` so that it is
 * solved while the request builds and solves its own model; undefined when the request has no such
 * marginal value to compute (marginal values off, no build that can be shorter, a solver other
 * than HiGHS, several cases). A thread that fails answers null (the request solves it itself).
 */
export function startAside(
  s: Scenario,
  aside: AsideSolve | undefined,
): Promise<AsideAnswer | null> | undefined {
  if (!aside || s.solve.marginalValues === 'off' || s.solve.solver !== 'highs') return undefined;
  // Marginal values are a single case's (two-stage answers have none).
  if ((s.uncertainty?.scenarios.length ?? 1) > 1) return undefined;
  const changed = earlierCommencement(s);
  return changed ? aside(changed).catch(() => null) : undefined;
}

/**
 * Builds `s` and solves it with `runner` (an LP by HiGHS from `basis`, else its cache's basis of
 * the shape, in the role `marginal`): its optimum's objective. With `lpOnly`, a MILP or another
 * solver is not solved (null).
 */
export async function solvedObjective(
  s: Scenario,
  runner: LpRunner,
  basis: WarmBasis | null,
  lpOnly: boolean,
): Promise<AsideAnswer | null> {
  const lp = buildModel(s).lp;
  if (lpOnly && (runner.solver.name !== 'highs' || lp.numIntegers > 0)) return null;
  const answer = (await runner.solve(lp, basis, 'marginal')).solution;
  return {
    objective: answer.status === 'optimal' && answer.values ? lp.objectiveAt(answer.values) : null,
  };
}

/**
 * Σ_t ∂objective/∂ub(facility_t), $M per $M: each facility column's reduced cost c_j − Σ_i A_ij·y_i
 * (HiGHS' row duals y are ∂objective/∂row bound of the maximisation) where the balance sits at the
 * limit; elsewhere raising the limit changes nothing.
 */
function facilityDual(model: BuiltModel, x: ArrayLike<number>, duals: ArrayLike<number>): number {
  const { lp, index } = model;
  // Each facility column's place in `index.facility` (−1: another column).
  const at = new Int32Array(lp.numCols).fill(-1);
  index.facility.forEach((c, k) => {
    at[c] = k;
  });
  const reduced = index.facility.map((c) => lp.colObj[c]);
  for (let i = 0; i < lp.numRows; i++) {
    for (let k = lp.rowStart[i]; k < lp.rowStart[i + 1]; k++) {
      const f = at[lp.rowCols[k]];
      if (f >= 0) reduced[f] -= lp.rowCoefs[k] * duals[i];
    }
  }
  let sum = 0;
  index.facility.forEach((c, k) => {
    if (x[c] >= lp.colUb[c] - 1e-9 * Math.max(1, lp.colUb[c]) && reduced[k] > 0) sum += reduced[k];
  });
  return sum;
}

/** The scenario with one more MW of grid in every month (in a portfolio, at every site). */
export function withGrid(s: Scenario): Scenario {
  if (s.sites)
    return {
      ...s,
      sites: s.sites.map((e) => ({ ...e, site: { ...e.site, gridMW: e.site.gridMW + 1 } })),
    };
  const site = sitesOf(s)[0].scenario.site;
  return { ...s, site: { ...site, gridMW: site.gridMW + 1 } };
}

/** The scenario with $1M more facility limit, or null without a facility. */
export function withFacility(s: Scenario): Scenario | null {
  const f = s.financing.facility;
  return f
    ? { ...s, financing: { ...s.financing, facility: { ...f, limitUsd: f.limitUsd + 1e6 } } }
    : null;
}

/**
 * Every offer's build one month shorter (its switch-over at most as long), with the same start
 * months (its last start kept as `latestStartMonth`), or null when none can be.
 */
export function earlierCommencement(s: Scenario): Scenario | null {
  if (!allOptions(s).some(({ option: o }) => o.buildMonths > 1)) return null;
  const shorter = (o: HpcOption): HpcOption => {
    if (o.buildMonths <= 1) return o;
    const last = labelAt(s.startMonth, s.horizonMonths - 1 - o.buildMonths);
    const latestStartMonth =
      o.latestStartMonth && o.latestStartMonth < last ? o.latestStartMonth : last;
    return {
      ...o,
      buildMonths: o.buildMonths - 1,
      switchoverMonths: Math.min(o.switchoverMonths, o.buildMonths - 1),
      latestStartMonth,
    };
  };
  if (s.sites)
    return { ...s, sites: s.sites.map((e) => ({ ...e, hpcOptions: e.hpcOptions.map(shorter) })) };
  return { ...s, hpcOptions: sitesOf(s)[0].scenario.hpcOptions.map(shorter) };
}
