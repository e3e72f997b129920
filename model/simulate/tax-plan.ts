/**
 * @module simulate/tax-plan — what a run's paths share of the income tax (docs/montecarlo.md,
 * "Tax"; the rules are docs/model.md's "Tax"), computed once per request: the rate and the loss
 * carry-forward's terms, the years taxed after the horizon as the model bounds them, and each
 * cohort's taxable income beyond its cash, read from the model's own profiles (`optionTax`).
 */
import { EQUIPMENT_MONTHS, optionTax, type OptionTax } from '../parts/tax';
import type { Scenario, Tax } from '../schema';
import { discountFactor } from '../time';
import { USD_PER_MODEL_UNIT as M } from '../units';
import type { Cohort, CohortTrack } from './cohorts';
import type { SitePlan } from './site-plan';

/** The tax terms every path of a plan shares ($M, months from the scenario's start). */
export interface SimTax {
  readonly tax: Tax;
  readonly rate: number;
  /** The loss carried in at the start, $M. */
  readonly openingNol: number;
  readonly nolLimit: number;
  /** Whether interest and coupons are deductible ("equity" value; "firm" value is unlevered). */
  readonly deductInterest: boolean;
  /** An ASIC purchase's straight-line share per month, (1 − bonusShare) / 60. */
  readonly line: number;
  readonly T: number;
  /** The discount rate d per year (taxes are valued at it). */
  readonly d: number;
  /** First month not taxed after the horizon: the end of the last year anything can earn in. */
  readonly stop: number;
  /** Years taxed after the horizon: (stop − T) / 12. */
  readonly years: number;
  /** Discount factor at d of months 0 … max(stop, T + tail) − 1. */
  readonly df: Float64Array;
  /** Discount factor at d of each year's last month after the horizon, T + 12y + 11. */
  readonly yearDf: Float64Array;
}

/** The tax payer's state on a path, $M. */
export interface TaxState {
  /** The loss carried forward at the end of the last month settled. */
  nol: number;
  /** The straight line of the ASICs bought in the last 60 months, per month. */
  sl: number;
  /** ASIC purchases by month (the straight line drops each 60 months on). */
  readonly paid: Float64Array;
  /** The last month's taxable income, NOL used and tax (for a reader). */
  taxable: number;
  used: number;
  tax: number;
}

export function openingTax(st: SimTax): TaxState {
  return { nol: st.openingNol, sl: 0, paid: new Float64Array(st.T), taxable: 0, used: 0, tax: 0 };
}

/** A cohort track's taxable income beyond its cash, $M for its MW, with a capex factor of 1. */
export interface TrackTax {
  /** Month t < T: capex paid (building and GPUs) − depreciation. */
  readonly adj: Float64Array;
  /** Month t < T: the building's capex − its depreciation (what an overrun factor scales). */
  readonly adjBuilding: Float64Array;
  /** Taxable income after the horizon by year, and its PV at d (months T … stop − 1). */
  readonly afterYears: Float64Array;
  readonly afterPv: number;
  /** The building's depreciation after the horizon by year, and its PV at d. */
  readonly depYears: Float64Array;
  readonly depPv: number;
  /** The residuals' tax as a sale (PV at d), and the part of it the building's basis takes off. */
  readonly residualPv: number;
  readonly residualBasisPv: number;
}

/** A cohort's tax as planned and, with slips, slipped. */
export interface CohortTax {
  readonly planned: TrackTax;
  readonly slipped: TrackTax | null;
}

/** Each site's cohorts' tax, with the terms they share and a path's scratch (one thread's). */
export interface PlanTax {
  readonly terms: SimTax;
  readonly cohorts: readonly (readonly CohortTax[])[];
  readonly state: TaxState;
  readonly scratch: {
    /** Taxable income after the horizon by year. */
    readonly years: Float64Array;
    /** Each fleet's tail per MW kept, by year. */
    readonly tail0: Float64Array;
    readonly tail1: Float64Array;
    /** Each fleet's tax per MW kept rather than sold, and the MW kept. */
    readonly onKeep: [number, number];
    readonly kept: Float64Array;
  };
}

/**
 * The plan's tax (null without a tax block or at a rate of 0: then nothing is taxed, as in the
 * model). The years after the horizon end where the model's do (`addTaxAfterHorizon`): at the last
 * source of taxable income, and no later than the last year a cohort of the first site's windows,
 * a built cohort or the merchant tail can earn in.
 */
export function planTax(s: Scenario, sites: readonly SitePlan[]): PlanTax | null {
  const tax = s.tax;
  if (!tax || tax.ratePerYear === 0) return null;
  const T = s.horizonMonths;
  const d = s.financing.discountRatePerYear;
  const line = (1 - tax.bonusShare) / EQUIPMENT_MONTHS;
  const profiles = sites.map((sp) =>
    sp.cohorts.map((c) => optionTax(tax, c.planned.economics, d, false)),
  );
  const tail = s.valuation.merchantTailMonths;
  let end = T + tail;
  if (line > 0 && sites.some((sp) => sp.refresh)) end = Math.max(end, T + EQUIPMENT_MONTHS - 1);
  let earns = Math.max(T + tail, sites[0]?.earnsUntil ?? T);
  sites.forEach((sp, i) =>
    sp.cohorts.forEach((c, k) => {
      end = Math.max(end, profiles[i][k].end(c.start));
      earns = Math.max(earns, c.planned.economics.valueEnd(c.start));
    }),
  );
  const yearsTo = (m: number) => Math.max(1, Math.ceil((m - T) / 12));
  const years = Math.min(yearsTo(end), yearsTo(earns));
  const stop = T + 12 * years;
  const terms: SimTax = {
    tax,
    rate: tax.ratePerYear,
    openingNol: tax.openingNolUsd / M,
    nolLimit: tax.nolLimitShare,
    deductInterest: s.valuation.method !== 'firm',
    line,
    T,
    d,
    stop,
    years,
    df: Float64Array.from({ length: Math.max(stop, T + tail) }, (_, t) => discountFactor(d, t)),
    yearDf: Float64Array.from({ length: years }, (_, y) => discountFactor(d, T + 12 * y + 11)),
  };
  const cohorts = sites.map((sp, i) =>
    sp.cohorts.map((c, k) => ({
      planned: trackTax(terms, profiles[i][k], c, c.planned),
      slipped: c.slipped
        ? trackTax(terms, optionTax(tax, c.slipped.economics, d, false), c, c.slipped)
        : null,
    })),
  );
  return {
    terms,
    cohorts,
    state: openingTax(terms),
    scratch: {
      years: new Float64Array(years),
      tail0: new Float64Array(years),
      tail1: new Float64Array(years),
      onKeep: [0, 0],
      kept: new Float64Array(2),
    },
  };
}

/** A track's taxable income beyond its cash, from its option's tax profile (`optionTax`). */
function trackTax(st: SimTax, ot: OptionTax, c: Cohort, track: CohortTrack): TrackTax {
  const { T, stop, df } = st;
  const oe = track.economics;
  const { start, mw } = c;
  const adj = new Float64Array(T);
  const adjBuilding = new Float64Array(T);
  for (let t = start; t < T; t++) {
    const j = t - start;
    adj[t] = mw * ot.adjustmentAt(j);
    adjBuilding[t] = mw * (oe.capexAt(j) - oe.equipmentAt(j) - ot.buildingDepreciationAt(j));
  }
  const afterYears = new Float64Array(st.years);
  const depYears = new Float64Array(st.years);
  let afterPv = 0;
  let depPv = 0;
  for (let t = T; t < Math.min(ot.end(start), stop); t++) {
    const y = ((t - T) / 12) | 0;
    const g = mw * ot.afterAt(start, t);
    const dep = mw * ot.buildingDepreciationAt(t - start);
    afterYears[y] += g;
    afterPv += df[t] * g;
    depYears[y] += dep;
    depPv += df[t] * dep;
  }
  let residualPv = 0;
  let residualBasisPv = 0;
  const amounts = oe.residualFlows(start);
  ot.residualTaxes(start).forEach(([t, perMW], i) => {
    const at = discountFactor(st.d, t);
    residualPv += at * mw * perMW;
    residualBasisPv += at * mw * (st.rate * amounts[i][1] - perMW);
  });
  return { adj, adjBuilding, afterYears, afterPv, depYears, depPv, residualPv, residualBasisPv };
}
