/**
 * @module diagnose — what an infeasible scenario or plan cannot meet, when and by how much
 * (docs/model.md, "Infeasibility and its diagnosis"). On the elastic model (a cash injection
 * inject_{k,t} ≥ 0 in every month of every case), months are taken in order: the first month t such
 * that months 0 … t cannot be funded with every other decision free (mining, ASIC sales, every draw
 * to its limit, equity to its limit) is found by bisection on "months 0 … t are feasible with the
 * injections so far" (later months may inject freely); its shortfall is the least Σ_k inject_{k,t}
 * that makes months 0 … t feasible; later months follow with those injections in place. A MILP is
 * diagnosed on its LP relaxation. Every solve shares the request's deadline.
 */
import { buildModel } from './build';
import { USD_PER_MODEL_UNIT as M } from './units';
import { fmtUsd } from './format';
import type { LpRunner } from './lp-runner';
import type { Diagnosis, Plan, Scenario, SolveResult } from './schema';
import type { WarmBasis } from './solvers/highs-warm';

/** Diagnosis rows shown at most; the rest are summed in one more row. */
const MAX_ROWS = 12;
/** Injections below half a dollar are the solver's rounding. */
const NOISE_USD = 0.5;

/** An answer without a solution. */
export function failed(
  status: SolveResult['status'],
  plan: Plan | undefined,
  message: string,
  diagnosis?: Diagnosis[],
): Omit<SolveResult, 'solver'> {
  return {
    status,
    npvUsd: null,
    plan: plan ?? { builds: [], refreshes: [] },
    months: [],
    kpis: null,
    message,
    ...(diagnosis ? { diagnosis } : {}),
  };
}

/** The diagnosis of an infeasible scenario (no plan) or plan, as an `infeasible` answer. */
export async function diagnose(
  s: Scenario,
  plan: Plan | undefined,
  runner: LpRunner,
): Promise<Omit<SolveResult, 'solver'>> {
  const model = buildModel(s, { plan, elastic: true });
  const { lp } = model;
  for (let j = 0; j < lp.numCols; j++) lp.colInt[j] = false;
  lp.colObj.fill(0);
  lp.objectiveConstant = 0;
  // The grid is checked before any solve (plan-check); here only funding is diagnosed.
  for (const c of model.cases)
    for (const site of c.sites) for (const col of site.index.powerSlack) lp.colUb[col] = 0;
  const T = model.econ.T;
  const inject = model.cases.map((c) => c.index.injection);
  const fixed: number[][] = model.cases.map(() => new Array<number>(T).fill(0));
  let basis: WarmBasis | null = null;

  /**
   * Injections of months < `from` fixed at their values, the others in [0, ∞); `objectiveMonth`
   * minimised.
   */
  const solve = async (from: number, objectiveMonth: number | null, freeFrom = from) => {
    inject.forEach((cols, k) =>
      cols.forEach((col, t) => {
        lp.colLb[col] = t < from ? fixed[k][t] : 0;
        lp.colUb[col] = t < from ? fixed[k][t] : t >= freeFrom ? Infinity : 0;
        lp.colObj[col] =
          objectiveMonth === null
            ? 0
            : t === objectiveMonth || (objectiveMonth < 0 && t >= from)
              ? -1
              : 0;
      }),
    );
    const solved = await runner.solve(lp, basis, 'diagnose');
    basis = solved.basis ?? basis;
    return solved.solution;
  };
  /**
   * Months 0 … t fundable with the injections before `from` in place, none in from … t, any after.
   */
  const feasibleThrough = async (from: number, t: number) =>
    (await solve(from, null, t + 1)).status === 'optimal';

  const rows: Diagnosis[] = [];
  let start = 0;
  let failure: string | null = null;
  while (start < T) {
    if (await feasibleThrough(start, T - 1)) break;
    if (runner.settings().timeLimitSeconds <= 0) {
      failure = 'the time limit was reached';
      break;
    }
    let lo = start;
    let hi = T - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await feasibleThrough(start, mid)) lo = mid + 1;
      else hi = mid;
    }
    const t = lo;
    const amount = await solve(t, t, t);
    if (amount.status !== 'optimal' || !amount.values) {
      failure = amount.message ?? amount.status;
      break;
    }
    inject.forEach((cols, k) => (fixed[k][t] = amount.values![cols[t]]));
    model.cases.forEach((c, k) => {
      const usd = fixed[k][t] * M;
      if (usd <= NOISE_USD) return;
      const who = model.cases.length > 1 ? `case "${c.name}": ` : '';
      rows.push({
        constraint: 'financing.minCashUsd',
        month: c.econ.labels[t],
        shortfall: usd,
        unit: 'USD',
        message:
          `${who}the plan cannot be funded in ${c.econ.labels[t]} with every ` +
          'source drawn as far as its limits allow (cash minimum ' +
          `${fmtUsd(s.financing.minCashUsd)}): short by ${fmtUsd(usd)}`,
      });
    });
    start = t + 1;
    if (rows.length >= MAX_ROWS) {
      const rest = await solve(start, -1);
      if (rest.status === 'optimal' && rest.values) {
        let usd = 0;
        let n = 0;
        inject.forEach((cols) =>
          cols.forEach(
            (col, u) =>
              u >= start &&
              rest.values![col] * M > NOISE_USD &&
              (n++, (usd += rest.values![col] * M)),
          ),
        );
        if (n)
          rows.push({
            constraint: 'financing.minCashUsd',
            month: null,
            shortfall: usd,
            unit: 'USD',
            message: `and ${n} more months short, ${fmtUsd(usd)} in all`,
          });
      }
      break;
    }
  }
  if (model.cvarSlack !== undefined && failure === null) {
    lp.colObj.fill(0);
    inject.forEach((cols, k) =>
      cols.forEach((col, t) => (lp.colLb[col] = lp.colUb[col] = fixed[k][t])),
    );
    lp.colObj[model.cvarSlack] = -1;
    const cv = await runner.solve(lp, basis, 'diagnose');
    const usd = cv.solution.values ? cv.solution.values[model.cvarSlack] * M : 0;
    if (usd > NOISE_USD) {
      rows.push({
        constraint: 'uncertainty.cvar.minNpvUsd',
        month: null,
        shortfall: usd,
        unit: 'USD',
        message: `the CVaR limit of ${fmtUsd(s.uncertainty!.cvar!.minNpvUsd)} cannot be met: short by ${fmtUsd(usd)}`,
      });
    }
  }
  if (!rows.length)
    return failed(
      'infeasible',
      plan,
      failure ? `infeasible; the diagnosis stopped: ${failure}` : 'infeasible',
    );
  return failed('infeasible', plan, `infeasible: ${rows[0].message}`, rows);
}
