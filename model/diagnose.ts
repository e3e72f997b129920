/**
 * @module diagnose — what an infeasible scenario or plan cannot meet, when and by how much
 * (docs/model.md, "Infeasibility and its diagnosis"). On the elastic model (a cash injection
 * inject_{k,t} ≥ 0 in every month of every case, diagnose-lp), months are taken in order: the first
 * month t such that months 0 … t cannot be funded with every other decision free (mining, ASIC
 * sales, every draw to its limit, equity to its limit) and its shortfall, the least Σ_k inject_{k,t}
 * that makes months 0 … t feasible (diagnose-search: by the elastic search, or by the bisection
 * that checks it); later months follow with those injections in place. A MILP is diagnosed on its
 * LP relaxation. Every solve shares the request's deadline.
 */
import { USD_PER_MODEL_UNIT as M } from './units';
import { fmtUsd } from './format';
import { injectionLp, NOISE_USD, type InjectionLp } from './diagnose-lp';
import { bisectionNext, elasticNext } from './diagnose-search';
import type { LpRunner } from './lp-runner';
import type { Diagnosis, Plan, Scenario, SolveResult } from './schema';

/** Diagnosis rows shown at most; the rest are summed in one more row. */
const MAX_ROWS = 12;

/** How the short months are found: the elastic search (default) or the bisection that checks it. */
export type DiagnosisSearch = 'elastic' | 'bisection';

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

/**
 * The diagnosis of an infeasible scenario (no plan) or plan, as an `infeasible` answer; `search`
 * chooses how its short months are found (the same months and shortfalls either way).
 */
export async function diagnose(
  s: Scenario,
  plan: Plan | undefined,
  runner: LpRunner,
  search: DiagnosisSearch = 'elastic',
): Promise<Omit<SolveResult, 'solver'>> {
  const e = injectionLp(s, plan, runner, search === 'elastic');
  try {
    return await diagnoseOn(e, s, plan, search === 'elastic' ? elasticNext : bisectionNext);
  } finally {
    e.dispose();
  }
}

async function diagnoseOn(
  e: InjectionLp,
  s: Scenario,
  plan: Plan | undefined,
  next: typeof elasticNext,
): Promise<Omit<SolveResult, 'solver'>> {
  const { T, inject, fixed } = e;
  const rows: Diagnosis[] = [];
  let start = 0;
  let failure: string | null = null;
  while (start < T) {
    const found = await next(e, start);
    if (found.kind === 'none') break;
    if (found.kind === 'failed') {
      failure = found.message;
      break;
    }
    const t = found.month;
    inject.forEach((cols, k) => (fixed[k][t] = found.values[cols[t]]));
    e.caseNames.forEach((name, k) => {
      const usd = fixed[k][t] * M;
      if (usd <= NOISE_USD) return;
      const who = e.caseNames.length > 1 ? `case "${name}": ` : '';
      rows.push({
        constraint: 'financing.minCashUsd',
        month: e.labels[t],
        shortfall: usd,
        unit: 'USD',
        message:
          `${who}the plan cannot be funded in ${e.labels[t]} with every ` +
          'source drawn as far as its limits allow (cash minimum ' +
          `${fmtUsd(s.financing.minCashUsd)}): short by ${fmtUsd(usd)}`,
      });
    });
    start = t + 1;
    if (rows.length >= MAX_ROWS) {
      const rest = await e.solve(start, start, (u) => (u >= start ? 1 : 0));
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
  if (e.cvarSlack !== undefined && failure === null) {
    const cv = await e.solve(T, T, () => 0, 1);
    const usd = cv.values ? cv.values[e.cvarSlack] * M : 0;
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
