/**
 * @module simulate/tax-path — the income tax on one path (docs/montecarlo.md, "Tax"; the rules are
 * docs/model.md's "Tax"). Month t: taxable income = the month's operating cash + capex and ASIC
 * purchases added back − depreciation (− interest and coupons in "equity" value); the loss carried
 * forward is used first, up to nolLimitShare of a positive income; the tax is paid in month t.
 * After the horizon, by year: the taxable income of the cohorts, the machines sold or kept for the
 * tail and the ASICs' straight line, relieved by the loss left at T−1 under the same limit.
 */
import { EQUIPMENT_MONTHS } from '../parts/tax';
import type { CohortTrack } from './cohorts';
import type { FleetTable } from './fleet-table';
import type { SimTax, TaxState, TrackTax } from './tax-plan';
import type { Balances, FinanceTerms } from './waterfall';

/** A site's HPC taxable income beyond its cash on a path ($M). */
export interface HpcTax {
  /** Month t < T: capex added back − depreciation. */
  readonly adj: Float64Array;
  /** After the horizon: taxable income by year and its PV at d. */
  readonly years: Float64Array;
  pv: number;
  /** The residuals' tax as a sale, PV at d. */
  residual: number;
}

export function emptyHpcTax(T: number, years: number): HpcTax {
  return { adj: new Float64Array(T), years: new Float64Array(years), pv: 0, residual: 0 };
}

/**
 * Adds a cohort's tax on a path to `out`: its track's figures with the capex factor `factor`
 * (depreciation and basis scale with it) and, after a default in month `tau`, the flows after the
 * horizon at the backstop share `beta`.
 */
export function addTrackTax(
  out: HpcTax,
  st: SimTax,
  tt: TrackTax,
  track: CohortTrack,
  factor: number,
  tau: number,
  beta: number,
): void {
  const k = factor - 1;
  for (let t = 0; t < out.adj.length; t++) out.adj[t] += tt.adj[t] + k * tt.adjBuilding[t];
  for (let y = 0; y < out.years.length; y++) out.years[y] += tt.afterYears[y] - k * tt.depYears[y];
  out.pv += tt.afterPv - k * tt.depPv;
  out.residual += tt.residualPv - k * tt.residualBasisPv;
  if (tau === Number.POSITIVE_INFINITY || beta === 1) return;
  const T = st.T;
  const to = Math.min(T + track.flowAfter.length, st.stop);
  for (let t = Math.max(T, tau); t < to; t++) {
    const g = -(1 - beta) * track.flowAfter[t - T];
    out.years[((t - T) / 12) | 0] += g;
    out.pv += st.df[t] * g;
  }
}

/**
 * Month t's tax: `income` its operating cash with the cohorts' adjustments, `paid` its ASIC
 * purchases, `interest` what is deductible (0 in "firm" value). Mutates `s`; returns the tax, $M.
 */
export function taxMonth(
  st: SimTax,
  s: TaxState,
  t: number,
  income: number,
  paid: number,
  interest: number,
): number {
  s.paid[t] = paid;
  if (st.line > 0)
    s.sl += st.line * (paid - (t >= EQUIPMENT_MONTHS ? s.paid[t - EQUIPMENT_MONTHS] : 0));
  const taxable = income + (1 - st.tax.bonusShare) * paid - s.sl - interest;
  const pos = Math.max(taxable, 0);
  const used = Math.min(s.nol, st.nolLimit * pos);
  s.nol += pos - taxable - used;
  s.taxable = taxable;
  s.used = used;
  s.tax = st.rate * (pos - used);
  return s.tax;
}

/**
 * The interest and coupons month t deducts ("equity" value; 0 in "firm" value): on last month's
 * facility, project debt and BTC loan, and the existing debt's coupon, $M.
 */
export function deductible(st: SimTax, f: FinanceTerms, b: Balances, t: number): number {
  if (!st.deductInterest) return 0;
  return f.rf * b.facility + f.rp * b.projectDebt + f.rl * b.loan + f.existingCoupon[t];
}

/**
 * A fleet's merchant tail per MW kept at the last month's hashprice `hp`: its positive bin margins
 * of months T … stop − 1 by year (written to `years`), and their PV at d.
 */
export function tailTaxable(st: SimTax, f: FleetTable, hp: number, years: Float64Array): number {
  years.fill(0);
  const to = Math.min(st.stop, f.share.length / f.bins);
  let pv = 0;
  for (let t = st.T; t < to; t++) {
    let m = 0;
    for (let b = 0; b < f.bins; b++) {
      const i = t * f.bins + b;
      const v = f.share[i] * hp - f.cost[i];
      if (v > 0) m += v;
    }
    years[((t - st.T) / 12) | 0] += m;
    pv += st.df[t] * m;
  }
  return pv;
}

/**
 * The straight line of the ASICs bought in the last 60 months, running on after the horizon:
 * added to `years`; returns its PV at d (both negative: a deduction).
 */
export function lineAfter(st: SimTax, s: TaxState, years: Float64Array): number {
  if (st.line === 0) return 0;
  const T = st.T;
  let sl = s.sl;
  let pv = 0;
  const E = EQUIPMENT_MONTHS;
  for (let t = T; t < Math.min(T + E - 1, st.stop); t++) {
    if (t >= E) sl -= st.line * s.paid[t - E];
    years[((t - T) / 12) | 0] -= sl;
    pv -= st.df[t] * sl;
  }
  return pv;
}

/**
 * The tax after the horizon, PV at d: `pv` (the taxable income's PV) at the rate, and by year the
 * losses carried (the model's yearly rows: a year's loss is relieved only when later used, under
 * the limit, from the loss `nol` left at T−1 on).
 */
export function taxAfterHorizon(st: SimTax, years: Float64Array, pv: number, nol: number): number {
  let tax = st.rate * pv;
  for (let y = 0; y < st.years; y++) {
    const g = years[y];
    const pos = Math.max(g, 0);
    const neg = g < 0 ? -g : 0;
    const used = Math.min(nol, st.nolLimit * pos);
    nol += neg - used;
    tax += st.rate * st.yearDf[y] * (neg - used);
  }
  return tax;
}
