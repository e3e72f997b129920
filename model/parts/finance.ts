/**
 * @module parts/finance — cash, the covenant, existing debt, the facility, project debt, equity, distributions,
 * the terminal value and the objective (equity NPV). Adds the cash balance row of each month from every part's terms.
 *
 * Variables ($M, end of month t):
 *   cash_t ≥ minCash   facility_t ∈ [0, limit]   project_t ∈ [0, adv_t]   equity_t ≥ 0 (Σ ≤ limit)   dist_t ≥ 0
 *   (elastic mode) inject_t ≥ 0: cash that would have to appear for the covenant to hold
 * Cash balance, month t (y, r_f, r_p monthly rates):
 *   cash_t = (1+y)·cash_{t−1} + Σ part inflows_t − overhead − coupon_t − repayment_t
 *            + facility_t − (1+r_f)·facility_{t−1} + project_t − (1+r_p)·project_{t−1}
 *            + (1 − issuanceCost)·equity_t − dist_t [+ inject_t]
 *   with cash_{−1} = cashUsd and facility_{−1} = project_{−1} = 0. Existing debt is fixed: coupon = r_e × balance
 *   in months 0 … maturity, balance repaid at the end of the maturity month.
 * Objective: Σ_t df_t·(dist_t − equity_t) + df_{T−1}·(cash_{T−1} − facility_{T−1} − project_{T−1} − existing balance
 *   still outstanding) [− penalty·Σ w_t·inject_t], plus the terms the other parts add.
 */
import type { Term } from '../lp';
import { USD_PER_MODEL_UNIT as M } from '../economics';
import { monthIndex, monthlyRate } from '../time';
import { ELASTIC_PENALTY, type BuildContext } from './context';

/** Existing debt's fixed schedule: coupon and repayment per month, $M, and the balance left at the horizon. */
export function existingDebtSchedule(ctx: Pick<BuildContext, 'scenario' | 'econ'>): {
  coupon: number[];
  repayment: number[];
  balance: number[];
  outstandingAtHorizon: number;
} {
  const { scenario: s, econ } = ctx;
  const T = econ.T;
  const debt = s.financing.existingDebt;
  const coupon = new Array<number>(T).fill(0);
  const repayment = new Array<number>(T).fill(0);
  const balance = new Array<number>(T).fill(0);
  if (!debt || debt.balanceUsd === 0) return { coupon, repayment, balance, outstandingAtHorizon: 0 };
  const E = debt.balanceUsd / M;
  const r = monthlyRate(debt.couponPerYear);
  const mat = monthIndex(s.startMonth, debt.maturityMonth);
  for (let t = 0; t < T; t++) {
    if (t <= mat) coupon[t] = r * E;
    if (t === mat) repayment[t] = E;
    balance[t] = t < mat ? E : 0;
  }
  return { coupon, repayment, balance, outstandingAtHorizon: mat >= T ? E : 0 };
}

/** Adds the financing variables, the cash balance rows and the objective's financing terms. */
export function addFinance(ctx: BuildContext, projectDebtCeiling: readonly number[]): void {
  const { lp, econ, scenario: s, index } = ctx;
  const T = econ.T;
  const fin = s.financing;
  const y = monthlyRate(fin.cashYieldPerYear);
  const rf = monthlyRate(fin.facility?.ratePerYear ?? 0);
  const rp = monthlyRate(fin.projectDebt?.ratePerYear ?? 0);
  const facilityLimit = (fin.facility?.limitUsd ?? 0) / M;
  const equityLimit = (fin.equity?.limitUsd ?? 0) / M;
  const keep = 1 - (fin.equity?.issuanceCost ?? 0);
  const debt = existingDebtSchedule(ctx);
  const growth = 1 + y;
  for (let t = 0; t < T; t++) {
    const label = econ.labels[t];
    const df = econ.df[t];
    const cash = lp.addColumn(ctx.key('cash', label), { lb: fin.minCashUsd / M });
    const fac = lp.addColumn(ctx.key('facility', label), { ub: facilityLimit });
    const proj = lp.addColumn(ctx.key('projectdebt', label), { ub: projectDebtCeiling.length ? Infinity : 0 });
    const eq = lp.addColumn(ctx.key('equity', label), { ub: equityLimit, obj: -df });
    const dist = lp.addColumn(ctx.key('dist', label), { obj: df });
    index.cash.push(cash);
    index.facility.push(fac);
    index.projectDebt.push(proj);
    index.equity.push(eq);
    index.distribution.push(dist);
    if (projectDebtCeiling.length) lp.addRow(ctx.key('projectdebt.cap', label), [[proj, 1], [projectDebtCeiling[t], -1]], -Infinity, 0);

    const terms: Term[] = [[cash, 1], [fac, -1], [proj, -1], [eq, -keep], [dist, 1]];
    if (t > 0) {
      terms.push([index.cash[t - 1], -growth], [index.facility[t - 1], 1 + rf], [index.projectDebt[t - 1], 1 + rp]);
    }
    for (const [c, v] of ctx.cashTerms[t]) terms.push([c, -v]);
    let rhs = ctx.cashConst[t] - s.site.overheadUsdPerMonth / M - debt.coupon[t] - debt.repayment[t];
    if (t === 0) rhs += growth * (fin.cashUsd / M);
    if (ctx.elastic) {
      // A covenant slack as an injection of cash; weighted by its value at the horizon (so that an early injection
      // earning yield is no cheaper) and a little more for earlier months, so it lands in the month it is needed.
      const inject = lp.addColumn(ctx.key('inject', label), { obj: -ELASTIC_PENALTY * Math.pow(growth, T - 1 - t) * (1 + 1e-3 * (T - t)) });
      index.injection.push(inject);
      terms.push([inject, -1]);
    }
    lp.addRow(ctx.key('cashbal', label), terms, rhs, rhs);
  }
  if (equityLimit > 0) lp.addRow(ctx.key('equity.max'), index.equity.map((c) => [c, 1] as const), -Infinity, equityLimit);
  const dfEnd = econ.df[T - 1];
  lp.addObjective(index.cash[T - 1], dfEnd);
  lp.addObjective(index.facility[T - 1], -dfEnd);
  lp.addObjective(index.projectDebt[T - 1], -dfEnd);
  lp.objectiveConstant -= dfEnd * debt.outstandingAtHorizon;
}
