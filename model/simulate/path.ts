/**
 * @module simulate/path — one plan on one path, month by month (docs/montecarlo.md): each site's
 * mining by the rule, the HPC cohorts' cash, the BTC treasury's margin call, the cash waterfall, and
 * the path's value by the conventions of docs/model.md ("firm" or "equity").
 */
import { hpcFlows, type HpcFlows } from './hpc-flows';
import type { CohortEvents } from './risks';
import { openingFleet, stepSite, tailValue, type MonthAt, type SiteMonth } from './site-step';
import type { SitePlan } from './site-plan';
import { tailsAfterTax } from './tax-after';
import { deductible, taxMonth } from './tax-path';
import type { PlanTax } from './tax-plan';
import { marginCall } from './treasury';
import { openingBalances, settleMonth, type FinanceTerms } from './waterfall';
import { USD_PER_MODEL_UNIT as M } from '../units';

/** What every path of one plan shares. */
export interface SimPlan {
  readonly T: number;
  readonly sites: readonly SitePlan[];
  readonly finance: FinanceTerms;
  /** Mining discount factors, months 0 … T+L−1. */
  readonly dfm: Float64Array;
  /** Whether ASIC prices follow hashprice (docs/model.md, "ASICs"). */
  readonly indexed: boolean;
  readonly idleLimit: number;
  readonly holdShare: number;
  /** Each site's HPC figures when no cohort has events (the same on every path); else null. */
  readonly fixedHpc: readonly HpcFlows[] | null;
  /** Scratch HPC figures per site, reused path after path (one thread owns a SimPlan). */
  readonly scratch: readonly HpcFlows[];
  /** The income tax (null without a tax block: flows before tax). */
  readonly tax: PlanTax | null;
}

/** A month of a path, for a reader who checks it by hand (tests, the docs' worked example). */
export interface PathMonth {
  readonly t: number;
  readonly cashUsd: number;
  readonly debtUsd: number;
  readonly miningMW: number;
  readonly soldMW: number;
  readonly btcHeld: number;
  readonly loanUsd: number;
  readonly equityUsd: number;
  /** Each site's MW held after the month's sales: [installed fleet, refreshed fleet runnable]. */
  readonly heldMW: readonly (readonly [number, number])[];
  /** Taxable income, the loss carried forward used, the tax paid and the loss left (0 untaxed). */
  readonly taxableIncomeUsd: number;
  readonly nolUsedUsd: number;
  readonly taxUsd: number;
  readonly nolUsd: number;
}

/** One plan's figures on one path. */
export interface PathResult {
  /** NPV, USD (also when unfunded: the summary leaves it out). */
  readonly npvUsd: number;
  readonly funded: boolean;
  /** First unfunded month index, −1 when funded. */
  readonly unfundedMonth: number;
  readonly peakDebtUsd: number;
  readonly minCovenantHeadroomUsd: number;
  readonly minLiquidityUsd: number;
  readonly btcHeld: number;
  readonly marginCalls: number;
}

/**
 * Simulates `plan` on a path: `hp` hashprice and `btc` BTC price of months 0 … T−1; `events` each
 * cohort's risk events in `plan.sites`' cohort order (null: none); `record` sees every month.
 */
export function simulatePlan(
  plan: SimPlan,
  hp: ArrayLike<number>,
  btc: ArrayLike<number>,
  events: readonly CohortEvents[] | null,
  record?: (m: PathMonth) => void,
): PathResult {
  const { T, sites, finance: f, dfm } = plan;
  const px = plan.tax;
  const ts = px?.state;
  if (px && ts) {
    ts.nol = px.terms.openingNol;
    ts.sl = 0;
  }
  const hpc =
    plan.fixedHpc ??
    sites.map((s, i) =>
      hpcFlows(s.cohorts, eventsOf(plan, events, i), plan.scratch[i], px?.cohorts[i], px?.terms),
    );
  const fleets = sites.map(openingFleet);
  const b = openingBalances(f);
  const month: SiteMonth = { cash: 0, revenue: 0, miningMW: 0, soldMW: 0 };
  const at: MonthAt = { hp: 0, index: 1, idleLimit: plan.idleLimit };
  const hp0 = hp[0];
  const indexAt = (t: number) => (plan.indexed && hp0 > 0 ? hp[t] / hp0 : 1);
  let value = 0;
  let btcHeld = 0;
  let calls = 0;
  let peakDebt = Number.NEGATIVE_INFINITY;
  let minHeadroom = Number.POSITIVE_INFINITY;
  let minLiquidity = Number.POSITIVE_INFINITY;
  for (let t = 0; t < T; t++) {
    at.hp = hp[t];
    at.index = indexAt(t);
    let inflow = 0;
    let ceiling = 0;
    let miningMW = 0;
    let soldMW = 0;
    let revenue = 0;
    let income = 0;
    let paid = 0;
    for (let i = 0; i < sites.length; i++) {
      const sp = sites[i];
      stepSite(sp, fleets[i], t, at, month);
      const kept = plan.holdShare * month.revenue;
      const mining = month.cash - kept;
      revenue += month.revenue;
      inflow += mining + hpc[i].cash[t] + sp.fixedFlow[t];
      ceiling += hpc[i].advance[t];
      miningMW += month.miningMW;
      soldMW += month.soldMW;
      if (f.firm) value += dfm[t] * mining + f.df[t] * sp.fixedFlow[t];
      const h = hpc[i].tax;
      if (h) {
        // Mined BTC is income when mined, kept or sold; purchases are added back in `taxMonth`.
        income += month.cash + hpc[i].cash[t] + h.adj[t] + sp.fixedFlow[t];
        if (sp.refresh) paid += at.index * sp.refresh.pricePerMW * sp.buys[t];
      }
    }
    if (t > 0 && f.firm)
      value -= f.df[t] * (f.spreadF * b.facility + f.spreadP * b.projectDebt + f.spreadL * b.loan);
    let loanCap = Number.POSITIVE_INFINITY;
    if (plan.holdShare > 0) {
      btcHeld += (plan.holdShare * revenue * M) / btc[t];
      const call = marginCall(b.loan, btcHeld, btc[t], f.maxLtv, f.marginCallLtv);
      if (call) {
        calls++;
        btcHeld -= call.soldBtc;
        b.loan -= call.soldUsdM;
        if (f.firm) value += dfm[t] * call.soldUsdM;
        // No BTC left to back what remains: it is repaid from cash.
        if (btcHeld <= 1e-12) loanCap = 0;
      }
    }
    if (px && ts) {
      const tax = taxMonth(px.terms, ts, t, income, paid, deductible(px.terms, f, b, t));
      inflow -= tax;
      if (f.firm) value -= f.df[t] * tax;
    }
    const btcValue = (btcHeld * btc[t]) / M;
    settleMonth(f, b, t, inflow, ceiling, f.maxLtv * btcValue, loanCap);
    value -= f.df[t] * (f.firm ? f.issuance : 1) * b.equityNow;
    const debt = b.facility + b.projectDebt + b.loan + f.existingBalance[t];
    peakDebt = Math.max(peakDebt, debt);
    minHeadroom = Math.min(minHeadroom, b.cash - f.minCash);
    minLiquidity = Math.min(minLiquidity, b.cash - f.minCash + f.facilityLimit - b.facility);
    record?.({
      t,
      cashUsd: b.cash * M,
      debtUsd: debt * M,
      miningMW,
      soldMW,
      btcHeld,
      loanUsd: b.loan * M,
      equityUsd: b.equityNow * M,
      heldMW: fleets.map((x) => [x.held0, x.avail1] as const),
      taxableIncomeUsd: ts ? ts.taxable * M : 0,
      nolUsedUsd: ts ? ts.used * M : 0,
      taxUsd: ts ? ts.tax * M : 0,
      nolUsd: ts ? ts.nol * M : 0,
    });
  }
  const last = T - 1;
  const indexLast = indexAt(last);
  if (px) value += tailsAfterTax(px, sites, fleets, hpc, hp[last], indexLast, dfm);
  for (let i = 0; i < sites.length; i++) {
    if (!px) value += tailValue(sites[i], fleets[i], T, hp[last], indexLast, dfm);
    value += hpc[i].after;
    if (f.firm) value += hpc[i].valueIn;
  }
  value += dfm[last] * ((btcHeld * btc[last]) / M);
  if (f.firm) value += f.cash0 - f.existing0;
  else
    value += f.df[last] * (b.cash - b.facility - b.projectDebt - b.loan - f.outstandingAtHorizon);
  return {
    npvUsd: value * M,
    funded: b.unfunded < 0,
    unfundedMonth: b.unfunded,
    peakDebtUsd: peakDebt * M,
    minCovenantHeadroomUsd: minHeadroom * M,
    minLiquidityUsd: minLiquidity * M,
    btcHeld,
    marginCalls: calls,
  };
}

/** The events of site i's cohorts (they are listed site after site). */
function eventsOf(
  plan: SimPlan,
  events: readonly CohortEvents[] | null,
  i: number,
): readonly CohortEvents[] | null {
  if (!events) return null;
  let from = 0;
  for (let k = 0; k < i; k++) from += plan.sites[k].cohorts.length;
  return events.slice(from, from + plan.sites[i].cohorts.length);
}
