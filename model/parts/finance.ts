/**
 * @module parts/finance — cash, the covenant, existing debt, the facility, project debt, equity,
 * distributions, the terminal value and the objective (equity NPV). Adds the cash balance row of
 * each month from every part's terms.
 *
 * Variables ($M, end of month t):
 *   cash_t ≥ minCash   facility_t ∈ [0, limit]   project_t ∈ [0, adv_t]   equity_t ≥ 0 (Σ ≤ limit)   dist_t ≥ 0
 *   (elastic mode) inject_t ≥ 0: cash that would have to appear for the covenant to hold
 * Cash balance, month t (y, r_f, r_p monthly rates):
 *   cash_t = (1+y)·cash_{t−1} + Σ part inflows_t (every site's, its overhead included) − coupon_t − repayment_t
 *            + facility_t − (1+r_f)·facility_{t−1} + project_t − (1+r_p)·project_{t−1}
 *            + (1 − issuanceCost)·equity_t − dist_t [+ inject_t]
 *   with cash_{−1} = cashUsd and facility_{−1} = project_{−1} = 0. Existing debt is fixed: coupon = r_e × balance
 *   in months 0 … maturity, balance repaid at the end of the maturity month.
 * Objective, "firm" (default; dist_t = 0): Σ_t df_t·FCF_t + cashUsd − existing balance − Σ_t
 * df_t·issuanceCost·equity_t
 *   − Σ_{t≥1} df_t·(s_f·facility_{t−1} + s_p·project_{t−1}), s = max(0, lender's monthly rate − discount's), FCF_t the
 *   parts' operating terms and constants of month t (overhead included);
 * "equity": Σ_t df_t·(dist_t − equity_t) + df_{T−1}·(cash_{T−1} − facility_{T−1} − project_{T−1} −
 * existing balance
 *   still outstanding); both plus the terms the other parts add (the value after the horizon).
 * Tie-break (`index.financingCost`): Σ_t df_t·(interest_t − yield_t + equity_t), with the month
 * after the horizon's interest and yield on the closing balances, minimised at the optimum's value.
 */
import type { Term } from '../lp';
import type { Economics } from '../economics';
import type { Financing, Scenario } from '../schema';
import { USD_PER_MODEL_UNIT as M } from '../units';
import { monthIndex, monthlyRate } from '../time';
import { ELASTIC_PENALTY, type BuildContext } from './context';
import { addTaxAfterHorizon, addTaxMonth } from './tax';

/** The terms of the optional financing sources, with an absent source settled once, here. */
export interface FinancingTerms {
  /** The facility's monthly rate r_f (0 without a facility). */
  readonly facilityRate: number;
  /** Project debt's monthly rate r_p (0 without project debt). */
  readonly projectDebtRate: number;
  /** The facility's limit, $M (0 without a facility: no draw). */
  readonly facilityLimit: number;
  /** Most equity raised over the horizon, $M (0 without equity: no raise). */
  readonly equityLimit: number;
  /** Share of equity raised lost to issuance (0 without equity). */
  readonly issuanceCost: number;
  /** Existing debt's balance at the start, $M (0 without existing debt). */
  readonly existingDebt: number;
}

/**
 * The financing's terms as the model reads them. The sources stay optional in the schema (and as
 * posted), because an absent source is not one with zero terms: an absent facility has no marginal
 * value (`analyses/marginal`), a facility of limit 0 has one.
 */
export function financingTerms(fin: Financing): FinancingTerms {
  return {
    facilityRate: monthlyRate(fin.facility?.ratePerYear ?? 0),
    projectDebtRate: monthlyRate(fin.projectDebt?.ratePerYear ?? 0),
    facilityLimit: (fin.facility?.limitUsd ?? 0) / M,
    equityLimit: (fin.equity?.limitUsd ?? 0) / M,
    issuanceCost: fin.equity?.issuanceCost ?? 0,
    existingDebt: (fin.existingDebt?.balanceUsd ?? 0) / M,
  };
}

/**
 * Existing debt's fixed schedule: coupon and repayment per month, $M, and the balance left at the
 * horizon.
 */
export function existingDebtSchedule(ctx: {
  readonly scenario: Scenario;
  readonly econ: Pick<Economics, 'T'>;
}): {
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
  if (!debt || debt.balanceUsd === 0)
    return { coupon, repayment, balance, outstandingAtHorizon: 0 };
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

/**
 * Adds the financing variables, the cash balance rows and the objective's value terms: FCF and the
 * financing frictions ("firm"), or distributions, equity and the last month's net cash ("equity");
 * see docs/model.md, "Value".
 */
export function addFinance(ctx: BuildContext, ceilings: readonly (readonly number[])[]): void {
  const { lp, econ, scenario: s, index } = ctx;
  const T = econ.T;
  const fin = s.financing;
  const firm = s.valuation.method === 'firm';
  const y = monthlyRate(fin.cashYieldPerYear);
  const sources = financingTerms(fin);
  const rf = sources.facilityRate;
  const rp = sources.projectDebtRate;
  const rd = monthlyRate(fin.discountRatePerYear);
  // A lender's spread above the discount rate is the only cost of debt in "firm" value.
  const spreadF = Math.max(0, rf - rd);
  const spreadP = Math.max(0, rp - rd);
  const { facilityLimit, equityLimit, issuanceCost: issuance } = sources;
  const keep = 1 - issuance;
  const debt = existingDebtSchedule(ctx);
  const growth = 1 + y;
  const cost = index.financingCost;
  // Project debt is one pooled balance against every site's cohorts: its ceiling is the sum of the
  // sites' ceilings.
  const withDebt = ceilings.filter((c) => c.length > 0);
  for (let t = 0; t < T; t++) {
    const label = econ.labels[t];
    const df = econ.df[t];
    const cash = lp.addColumn(ctx.key('cash', label), { lb: fin.minCashUsd / M });
    const fac = lp.addColumn(ctx.key('facility', label), { ub: facilityLimit });
    const proj = lp.addColumn(ctx.key('projectdebt', label), {
      ub: withDebt.length ? Infinity : 0,
    });
    const eq = lp.addColumn(ctx.key('equity', label), {
      ub: equityLimit,
      obj: firm ? -df * issuance : -df,
    });
    // "firm" value holds surplus cash: nothing is distributed.
    const dist = lp.addColumn(ctx.key('dist', label), firm ? { ub: 0 } : { obj: df });
    index.cash.push(cash);
    index.facility.push(fac);
    index.projectDebt.push(proj);
    index.equity.push(eq);
    index.distribution.push(dist);
    if (withDebt.length)
      index.projectDebtCapRows[t] = lp.addRow(
        ctx.key('projectdebt.cap', label),
        [[proj, 1], ...withDebt.map((c): Term => [c[t], -1])],
        -Infinity,
        0,
      );

    const terms: Term[] = [
      [cash, 1],
      [fac, -1],
      [proj, -1],
      [eq, -keep],
      [dist, 1],
    ];
    cost.push([eq, df]);
    if (t > 0) {
      terms.push(
        [index.cash[t - 1], -growth],
        [index.facility[t - 1], 1 + rf],
        [index.projectDebt[t - 1], 1 + rp],
      );
      cost.push(
        [index.facility[t - 1], df * rf],
        [index.projectDebt[t - 1], df * rp],
        [index.cash[t - 1], -df * y],
      );
      if (firm) {
        lp.addObjective(index.facility[t - 1], -df * spreadF);
        lp.addObjective(index.projectDebt[t - 1], -df * spreadP);
      }
    } else {
      index.financingCostConstant -= df * y * (fin.cashUsd / M);
    }
    index.financingCostConstant += df * debt.coupon[t];
    for (const [c, v] of ctx.cashTerms[t]) {
      terms.push([c, -v]);
      if (firm) lp.addObjective(c, df * v);
    }
    if (firm) lp.objectiveConstant += df * ctx.cashConst[t];
    let rhs = ctx.cashConst[t] - debt.coupon[t] - debt.repayment[t];
    if (t === 0) rhs += growth * (fin.cashUsd / M);
    // Income tax paid in month t; in "equity" value interest and coupons are deductible.
    const interest: Term[] =
      firm || t === 0
        ? []
        : (
            [
              [index.facility[t - 1], rf],
              [index.projectDebt[t - 1], rp],
            ] as Term[]
          ).filter(([, v]) => v !== 0);
    terms.push(...addTaxMonth(ctx, t, interest, firm ? 0 : debt.coupon[t]));
    if (ctx.elastic) {
      // A cash injection that makes month t fundable; its cost is set by the diagnosis
      // (model/diagnose.ts).
      const inject = lp.addColumn(ctx.key('inject', label), { obj: -ELASTIC_PENALTY });
      index.injection.push(inject);
      terms.push([inject, -1]);
    }
    index.cashRows.push(lp.addRow(ctx.key('cashbal', label), terms, rhs, rhs));
  }
  // The balances left at the end carry the next month's interest and yield in the tie-break, so
  // that no balance is drawn in the last month for nothing (it would cost nothing within the
  // horizon).
  const dfNext = Math.pow(1 + fin.discountRatePerYear, -(T + 1) / 12);
  cost.push(
    [index.facility[T - 1], dfNext * rf],
    [index.projectDebt[T - 1], dfNext * rp],
    [index.cash[T - 1], -dfNext * y],
  );
  addTaxAfterHorizon(ctx);
  if (equityLimit > 0)
    lp.addRow(
      ctx.key('equity.max'),
      index.equity.map((c) => [c, 1] as const),
      -Infinity,
      equityLimit,
    );
  const dfEnd = econ.df[T - 1];
  if (firm) {
    // Cash at the start and existing debt at face, whatever its maturity and coupon.
    lp.objectiveConstant += fin.cashUsd / M - sources.existingDebt;
  } else {
    lp.addObjective(index.cash[T - 1], dfEnd);
    lp.addObjective(index.facility[T - 1], -dfEnd);
    lp.addObjective(index.projectDebt[T - 1], -dfEnd);
    lp.objectiveConstant -= dfEnd * debt.outstandingAtHorizon;
  }
}
