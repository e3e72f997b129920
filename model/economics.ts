/** @module economics — per-MW unit economics derived from a scenario: mining margins, ASIC values, HPC cohort profiles. */
import type { HpcOption, Scenario } from './schema';
import { hashpricePath } from './hashprice';
import { DAYS_PER_MONTH, HOURS_PER_MONTH, discountFactor, labelAt, monthIndex } from './time';

/** Money inside the model is in $M: 1 $M = 1e6 USD. */
export const USD_PER_MODEL_UNIT = 1e6;

/** A mining fleet's economics per grid MW. */
export interface FleetEconomics {
  /** TH/s per grid MW: 1e6 / (J/TH × PUE). */
  readonly thPerMW: number;
  /** Operating margin per grid MW running in month t, $M (revenue − power − opex). */
  readonly marginPerMW: readonly number[];
  /** Revenue per grid MW running in month t, $M. */
  readonly revenuePerMW: readonly number[];
  /** Cost per grid MW running in a month, $M (power × uptime + opex). */
  readonly costPerMW: number;
  /** Resale value per grid MW of machines, $M. */
  readonly resalePerMW: number;
  /** Purchase price per grid MW of machines, $M (refresh only; 0 for the installed fleet). */
  readonly pricePerMW: number;
}

/** An HPC option's economics per grid MW of a cohort, as profiles over months since the cohort's start. */
export interface OptionEconomics {
  readonly option: HpcOption;
  /** Capex per grid MW, $M, paid in equal parts over months 0 … b−1 of the cohort. */
  readonly capexPerMW: number;
  readonly buildMonths: number;
  /** Months after start when the MW stop mining and occupy power: b − switchover. */
  readonly occupyOffset: number;
  /** Capex paid in month j of the cohort, $M per MW (j = 0 … b−1). */
  capexAt(j: number): number;
  /** Expected lease margin in month j of the cohort, $M per MW (0 before commencement at j = b). */
  marginAt(j: number): number;
  /** Lease revenue (before opex and power) in month j, $M per MW, expected (renewal × p). */
  revenueAt(j: number): number;
  /** Net cash flow in month j of the cohort: margin − capex, $M per MW. */
  netAt(j: number): number;
  /** Project-debt ceiling per MW at month j: advanceRate × capex paid by then, falling after commencement. */
  advanceAt(j: number): number;
  /** Last month (exclusive) of the cohort with any cash flow: b + term × (renewal ? 2 : 1). */
  readonly lastMonth: number;
  /** Start months t allowed for this option in an optimisation. */
  readonly starts: readonly number[];
  /** Discounted value, $M per MW, of the cohort's flows after the horizon (months ≥ T), if started in month s. */
  postHorizonValue(s: number): number;
}

/** Everything the model parts need that is fixed by the scenario. */
export interface Economics {
  readonly T: number;
  readonly labels: readonly string[];
  /** Discount factor of month t's flows. */
  readonly df: readonly number[];
  readonly hashprice: readonly number[];
  /** Grid MW available in month t. */
  readonly gridMW: readonly number[];
  readonly existing: FleetEconomics;
  readonly refresh: FleetEconomics | null;
  readonly options: readonly OptionEconomics[];
}

function fleetEconomics(
  s: Scenario,
  hashprice: readonly number[],
  efficiencyJPerTH: number,
  resaleUsdPerTH: number,
  priceUsdPerTH: number,
): FleetEconomics {
  const f = s.fleet;
  const pue = s.site.miningPue;
  const thPerMW = 1e6 / (efficiencyJPerTH * pue);
  const phPerMW = thPerMW / 1000;
  const revenuePerMW = hashprice.map(
    (hp) => (hp * phPerMW * DAYS_PER_MONTH * f.uptime * (1 - f.poolFee)) / USD_PER_MODEL_UNIT,
  );
  const costPerMW = (HOURS_PER_MONTH * f.uptime * s.site.energyUsdPerMWh + f.opexUsdPerMWMonth) / USD_PER_MODEL_UNIT;
  return {
    thPerMW,
    revenuePerMW,
    marginPerMW: revenuePerMW.map((r) => r - costPerMW),
    costPerMW,
    resalePerMW: (resaleUsdPerTH * thPerMW) / USD_PER_MODEL_UNIT,
    pricePerMW: (priceUsdPerTH * thPerMW) / USD_PER_MODEL_UNIT,
  };
}

function optionEconomics(s: Scenario, o: HpcOption, df: (t: number) => number): OptionEconomics {
  const T = s.horizonMonths;
  const b = o.buildMonths;
  const it = o.itMWPerGridMW;
  const capexPerMW = (o.capexUsdPerMWIt * it * (1 - o.tenantCapexShare)) / USD_PER_MODEL_UNIT;
  const p = o.renewalProbability;
  const term = o.termMonths;
  const lastMonth = b + term * (p > 0 ? 2 : 1);
  const powerPerMW = o.tenantPaysPower ? 0 : HOURS_PER_MONTH * s.site.energyUsdPerMWh;
  // Profiles per grid MW over months j = 0 … lastMonth−1 since the cohort's start, computed once.
  const revenue = new Float64Array(lastMonth);
  const margin = new Float64Array(lastMonth);
  for (let k = 0; b + k < lastMonth; k++) {
    const w = k < term ? 1 : p; // the extension's margin counts × renewalProbability
    revenue[b + k] = (w * o.leaseUsdPerKwMonth * 1000 * it * Math.pow(1 + o.escalatorPerYear, Math.floor(k / 12))) / USD_PER_MODEL_UNIT;
    margin[b + k] = revenue[b + k] - (w * (o.opexUsdPerMWItMonth * it + powerPerMW)) / USD_PER_MODEL_UNIT;
  }
  const inRange = (j: number) => j >= 0 && j < lastMonth;
  const revenueAt = (j: number) => (inRange(j) ? revenue[j] : 0);
  const marginAt = (j: number) => (inRange(j) ? margin[j] : 0);
  const capexAt = (j: number) => (j >= 0 && j < b ? capexPerMW / b : 0);
  const netAt = (j: number) => marginAt(j) - capexAt(j);
  const pd = s.financing.projectDebt;
  const advanceAt = (j: number) => {
    if (!pd || j < 0) return 0;
    const full = pd.advanceRate * capexPerMW;
    if (j < b) return (full * (j + 1)) / b;
    return full * Math.max(0, 1 - (j - b + 1) / pd.amortizationMonths);
  };
  const earliest = o.earliestStartMonth ? Math.max(0, monthIndex(s.startMonth, o.earliestStartMonth)) : 0;
  const starts: number[] = [];
  for (let t = earliest; t < T; t++) {
    if (o.blockMW > 0 && t % o.decisionIntervalMonths !== 0) continue;
    starts.push(t);
  }
  const postHorizon = new Float64Array(T);
  for (let start = 0; start < T; start++) {
    let v = 0;
    for (let t = T; t < start + lastMonth; t++) v += netAt(t - start) * df(t);
    postHorizon[start] = v;
  }
  const postHorizonValue = (start: number) => (start >= 0 && start < T ? postHorizon[start] : 0);
  return { option: o, capexPerMW, buildMonths: b, occupyOffset: b - o.switchoverMonths, capexAt, marginAt, revenueAt, netAt, advanceAt, lastMonth, starts, postHorizonValue };
}

/** Derives every scenario-fixed quantity the model needs. Pure. */
export function economics(s: Scenario): Economics {
  const T = s.horizonMonths;
  const d = s.financing.discountRatePerYear;
  const labels = Array.from({ length: T }, (_, t) => labelAt(s.startMonth, t));
  const df = labels.map((_, t) => discountFactor(d, t));
  const hashprice = hashpricePath(s);
  const gridMW = labels.map((_, t) => {
    let g = s.site.gridMW;
    for (const a of s.site.gridAdditions) if (monthIndex(s.startMonth, a.month) <= t) g += a.mw;
    return g;
  });
  const f = s.fleet;
  const existing = fleetEconomics(s, hashprice, f.efficiencyJPerTH, f.resaleUsdPerTH, 0);
  const refresh = f.refresh
    ? fleetEconomics(s, hashprice, f.refresh.efficiencyJPerTH, f.refresh.resaleUsdPerTH, f.refresh.priceUsdPerTH)
    : null;
  // Discount factors far enough past the horizon for every cohort's last month.
  const reach = T + Math.max(0, ...s.hpcOptions.map((o) => o.buildMonths + 2 * o.termMonths));
  const dfFar = Array.from({ length: reach }, (_, t) => discountFactor(d, t));
  const options = s.hpcOptions.map((o) => optionEconomics(s, o, (t) => dfFar[t]));
  return { T, labels, df, hashprice, gridMW, existing, refresh, options };
}
