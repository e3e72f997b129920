/**
 * @module reference/scenario — the reference's own reading of a single-site deterministic v2
 * scenario: a minimal input type (the scenario's JSON field names), its defaults applied here and
 * nowhere else, the calendar, the hashprice path and the per-MW unit economics. Written from
 * docs/model.md's conventions without any code of model/, so that it can check model/.
 *
 * Blocks and the rule each follows (docs/model.md):
 *   months, monthly rates, df_t ........................ "Conventions": a month is 1/12 of a 365.25-day year,
 *                                                          df_t = (1+d)^(−(t+1)/12)
 *   hashprice .......................................... "Conventions": 144·(subsidy_t + fees)·btc_t / network_t,
 *                                                          a halving every 48 months from halvingMonth (which may
 *                                                          precede startMonth); a series holds its last horizon
 *                                                          value past the horizon, values past T are ignored
 *   ASIC price index ................................... "Unit economics": prices × hashprice_t / hashprice_0
 *                                                          ("hashprice", the default; as given if hashprice_0 = 0)
 *                                                          or the given prices ("flat")
 *   mining per grid MW ................................. "Unit economics": PH/s, revenue, cost, TH per MW
 *   HPC cohort per grid MW ............................. "Unit economics": capex over the build, commencement,
 *                                                          escalator, term, p × extension, tenant-paid power,
 *                                                          opex escalated on each anniversary (v3)
 *   start window ....................................... "Variables" (v2): s + buildMonths ≤ T−1, inclusive
 *                                                          earliest/latest start, decision months for blocks
 *   tax block, depreciation ... "Tax" (v3): the defaults, the rate 0 that builds no rows, the
 *                               bonus and straight-line shares of ASIC purchases and of buildings,
 *                               the share of a building still held
 * Money here is in USD; build.ts converts to $M.
 */

/** A month written YYYY-MM. */
export type MonthLabel = string;

/** One HPC lease offer as the scenario gives it (optional fields may be missing). */
export interface RefOption {
  readonly id: string;
  readonly name?: string;
  readonly leaseUsdPerKwMonth: number;
  readonly escalatorPerYear: number;
  readonly termMonths: number;
  readonly itMWPerGridMW: number;
  readonly capexUsdPerMWIt: number;
  readonly tenantCapexShare: number;
  readonly buildMonths: number;
  readonly switchoverMonths: number;
  readonly opexUsdPerMWItMonth: number;
  /** Opex of month k after commencement × (1 + e)^⌊k/12⌋ (default 0). */
  readonly opexEscalatorPerYear?: number;
  readonly tenantPaysPower: boolean;
  readonly blockMW: number;
  readonly maxMW: number;
  readonly earliestStartMonth?: MonthLabel;
  readonly latestStartMonth?: MonthLabel;
  readonly renewalProbability?: number;
  readonly decisionIntervalMonths?: number;
  readonly kind?: string;
  /** v3: this option's discount rate (beats `valuation.discountRates.lease`). */
  readonly discountRatePerYear?: number;
  /** v3: the building's value at each contract end. */
  readonly residual?: { readonly capRatePerYear: number; readonly refitCapexUsdPerMWIt?: number };
}

/** A projected hashprice or a given series, $/PH/day. */
export type RefHashprice =
  | {
      readonly kind: 'projection';
      readonly btcUsd: number;
      readonly btcGrowthPerYear: number;
      readonly networkEhs: number;
      readonly networkGrowthPerYear: number;
      readonly feesBtcPerBlock: number;
      readonly halvingMonth: MonthLabel;
      /** v3: the marginal machines' cash cost, under which hashprice does not fall. */
      readonly floor?: {
        readonly marginalJPerTH: number;
        readonly powerUsdPerMWh: number;
        readonly efficiencyGainPerYear?: number;
        readonly otherCostUsdPerPhDay?: number;
      };
    }
  | { readonly kind: 'series'; readonly usdPerPhDay: readonly number[] };

/**
 * The scenario fields the reference reads: the SPEC's names; anything else it does not model is
 * refused.
 */
export interface RefScenario {
  readonly name?: string;
  /** v3: `minBuildMW` (default 1 MW): a build is 0 or at least this; other solve fields ignored. */
  readonly solve?: { readonly minBuildMW?: number; readonly mipRelGap?: number };
  readonly startMonth: MonthLabel;
  readonly horizonMonths: number;
  readonly site: {
    readonly gridMW: number;
    readonly gridAdditions?: readonly { readonly month: MonthLabel; readonly mw: number }[];
    readonly hpcEligibleMW: number;
    readonly energyUsdPerMWh: number;
    readonly miningPue: number;
    readonly overheadUsdPerMonth: number;
  };
  readonly fleet: {
    readonly installedMW: number;
    readonly efficiencyJPerTH: number;
    readonly uptime: number;
    readonly poolFee: number;
    readonly opexUsdPerMWMonth: number;
    readonly resaleUsdPerTH: number;
    readonly refresh?: {
      readonly efficiencyJPerTH: number;
      readonly priceUsdPerTH: number;
      readonly resaleUsdPerTH: number;
      readonly maxMW: number;
    };
  };
  readonly market: {
    readonly hashprice: RefHashprice;
    readonly asicPriceIndex?: 'hashprice' | 'flat';
  };
  readonly valuation?: {
    readonly method?: 'firm' | 'equity';
    readonly merchantTailMonths?: number;
    /** v3: rates by risk class, each defaulting to financing.discountRatePerYear. */
    readonly discountRates?: { readonly mining?: number; readonly lease?: number };
  };
  readonly hpcOptions: readonly RefOption[];
  readonly financing: {
    readonly cashUsd: number;
    readonly minCashUsd: number;
    readonly cashYieldPerYear: number;
    readonly discountRatePerYear: number;
    readonly existingDebt?: {
      readonly balanceUsd: number;
      readonly couponPerYear: number;
      readonly maturityMonth: MonthLabel;
    };
    readonly facility?: { readonly limitUsd: number; readonly ratePerYear: number };
    readonly projectDebt?: {
      readonly advanceRate: number;
      readonly ratePerYear: number;
      readonly amortizationMonths: number;
    };
    readonly equity?: { readonly limitUsd: number; readonly issuanceCost: number };
  };
  /** v3: income tax, depreciation and loss carry-forward (absent: pre-tax). */
  readonly tax?: {
    readonly ratePerYear: number;
    readonly bonusShare?: number;
    readonly hpcShortLifeShare?: number;
    readonly openingNolUsd?: number;
    readonly nolLimitShare?: number;
  };
}

export const DAYS_PER_MONTH = 365.25 / 12;
export const HOURS_PER_MONTH = (365.25 * 24) / 12;

/** Months since year 0 of a YYYY-MM label. */
function monthNumber(label: MonthLabel): number {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m) throw new Error(`reference: not a month: ${label}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** Index of `label` counted from `start` (negative before it). */
export function indexOf(start: MonthLabel, label: MonthLabel): number {
  return monthNumber(label) - monthNumber(start);
}

/** Monthly rate from an annual one: (1 + r)^(1/12) − 1. */
export const perMonth = (annual: number): number => Math.pow(1 + annual, 1 / 12) - 1;

/** Discount factor of a flow at the end of month t. */
export const discount = (annual: number, t: number): number => Math.pow(1 + annual, -(t + 1) / 12);

/**
 * Block subsidy in month t (BTC) for a halving month of index h: 3.125 before h, then halved every
 * 48 months (3.125 / 2^(1 + floor((t − h)/48)) for t ≥ h; h may be negative).
 */
export function subsidyBtc(h: number, t: number): number {
  if (t < h) return 3.125;
  return 3.125 / Math.pow(2, 1 + Math.floor((t - h) / 48));
}

/**
 * Hashprice ($/PH/day) for months 0 … n−1 (n may exceed the horizon: a projection runs on, a series
 * holds its value of month T−1), a projection raised to its floor where one is given. A series
 * shorter than the horizon is refused.
 */
export function hashpriceMonths(s: RefScenario, n: number): number[] {
  const hp = s.market.hashprice;
  const T = s.horizonMonths;
  if (hp.kind === 'series') {
    if (hp.usdPerPhDay.length < T)
      throw new Error(`reference: series has ${hp.usdPerPhDay.length} values, horizon ${T}`);
    return Array.from({ length: n }, (_, t) => hp.usdPerPhDay[Math.min(t, T - 1)]);
  }
  const h = indexOf(s.startMonth, hp.halvingMonth);
  const f = hp.floor;
  return Array.from({ length: n }, (_, t) => {
    const btcUsd = hp.btcUsd * Math.pow(1 + hp.btcGrowthPerYear, t / 12);
    const networkPhs = hp.networkEhs * 1000 * Math.pow(1 + hp.networkGrowthPerYear, t / 12);
    const projected = (144 * (subsidyBtc(h, t) + hp.feesBtcPerBlock) * btcUsd) / networkPhs;
    if (!f) return projected;
    // v3: a PH/s of the marginal machines draws marginalJPerTH kW, 24 × that kWh a day, at a J/TH
    // that falls by the gain a year; hashprice never sits below their cash cost.
    const kwhPerPhDay =
      24 * f.marginalJPerTH * Math.pow(1 - (f.efficiencyGainPerYear ?? 0), t / 12);
    const cost = (kwhPerPhDay * f.powerUsdPerMWh) / 1000 + (f.otherCostUsdPerPhDay ?? 0);
    return Math.max(projected, cost);
  });
}

/**
 * The multiplier of every ASIC price in month t: hashprice_t / hashprice_0, or 1 ("flat", or
 * hashprice_0 = 0).
 */
export function asicIndex(s: RefScenario, hp: readonly number[], t: number): number {
  if ((s.market.asicPriceIndex ?? 'hashprice') === 'flat' || hp[0] === 0) return 1;
  return hp[t] / hp[0];
}

/**
 * One fleet's figures per grid MW, USD: margin per month (t = 0 … n−1), resale and purchase price
 * per month.
 */
export interface FleetFigures {
  readonly thPerMW: number;
  readonly marginUsd: readonly number[];
  readonly resaleUsd: readonly number[];
  readonly priceUsd: readonly number[];
}

/**
 * Per-MW figures of a fleet of the given efficiency and prices ($/TH), over months 0 … hp.length−1.
 */
export function fleetFigures(
  s: RefScenario,
  hp: readonly number[],
  efficiencyJPerTH: number,
  resaleUsdPerTH: number,
  priceUsdPerTH: number,
): FleetFigures {
  const f = s.fleet;
  const thPerMW = 1e6 / (efficiencyJPerTH * s.site.miningPue);
  const phPerMW = 1000 / (efficiencyJPerTH * s.site.miningPue);
  const cost = HOURS_PER_MONTH * f.uptime * s.site.energyUsdPerMWh + f.opexUsdPerMWMonth;
  return {
    thPerMW,
    marginUsd: hp.map((h) => h * phPerMW * DAYS_PER_MONTH * f.uptime * (1 - f.poolFee) - cost),
    resaleUsd: hp.map((_, t) => resaleUsdPerTH * thPerMW * asicIndex(s, hp, t)),
    priceUsd: hp.map((_, t) => priceUsdPerTH * thPerMW * asicIndex(s, hp, t)),
  };
}

/**
 * A cohort's life per grid MW: capex (USD) in each month of its build, and its expected lease
 * margin in month t.
 */
export interface Cohort {
  readonly start: number;
  readonly commencement: number;
  /** First month the MW stop mining and occupy power. */
  readonly occupiesFrom: number;
  /** Total capex per grid MW, USD (after the tenant's share). */
  readonly capexUsd: number;
  /** Capex paid in month t, USD. */
  capexAt(t: number): number;
  /** Capex paid through the end of month t, USD. */
  paidThrough(t: number): number;
  /** Expected lease margin in month t, USD (0 before commencement and after the extension). */
  marginAt(t: number): number;
  /** Last month (exclusive) with a margin. */
  readonly end: number;
}

/** The cohort of option `o` started in month s. */
export function cohort(s: RefScenario, o: RefOption, start: number): Cohort {
  const b = o.buildMonths;
  const eta = o.itMWPerGridMW;
  const capexUsd = o.capexUsdPerMWIt * eta * (1 - o.tenantCapexShare);
  const commencement = start + b;
  const p = o.renewalProbability ?? 0;
  const power = o.tenantPaysPower ? 0 : HOURS_PER_MONTH * s.site.energyUsdPerMWh;
  return {
    start,
    commencement,
    occupiesFrom: commencement - o.switchoverMonths,
    capexUsd,
    end: commencement + 2 * o.termMonths,
    capexAt: (t) => (t >= start && t < commencement ? capexUsd / b : 0),
    paidThrough: (t) => (capexUsd * Math.min(b, Math.max(0, t - start + 1))) / b,
    marginAt: (t) => {
      const k = t - commencement;
      if (k < 0) return 0;
      const weight = k < o.termMonths ? 1 : k < 2 * o.termMonths ? p : 0;
      if (weight === 0) return 0;
      const rent =
        o.leaseUsdPerKwMonth * 1000 * eta * Math.pow(1 + o.escalatorPerYear, Math.floor(k / 12));
      const opex =
        o.opexUsdPerMWItMonth *
        eta *
        Math.pow(1 + (o.opexEscalatorPerYear ?? 0), Math.floor(k / 12));
      return weight * (rent - opex - power);
    },
  };
}

/**
 * The months an option's build may start in (v2 window): earliest ≤ s ≤ latest (inclusive, clamped
 * to the horizon), s + buildMonths ≤ T − 1, and on a decision month (s mod interval = 0) when
 * blockMW > 0. A latest month before a given earliest one is refused (the API's 400).
 */
export function startMonths(s: RefScenario, o: RefOption): number[] {
  const T = s.horizonMonths;
  const earliest = o.earliestStartMonth ? indexOf(s.startMonth, o.earliestStartMonth) : 0;
  const latest = o.latestStartMonth ? indexOf(s.startMonth, o.latestStartMonth) : T - 1;
  // Refused only when both months are given; an open window, or one before startMonth, just leaves
  // no start.
  if (o.earliestStartMonth && o.latestStartMonth && latest < earliest) {
    throw new Error(`reference: option ${o.id}: latestStartMonth before earliestStartMonth`);
  }
  const interval = o.decisionIntervalMonths ?? 3;
  const out: number[] = [];
  for (let t = Math.max(0, earliest); t <= Math.min(latest, T - 1 - o.buildMonths); t++) {
    if (o.blockMW > 0 && t % interval !== 0) continue;
    out.push(t);
  }
  return out;
}

/** Grid MW of month t: gridMW plus every addition from its month on. */
export function gridAt(s: RefScenario, t: number): number {
  let mw = s.site.gridMW;
  for (const a of s.site.gridAdditions ?? []) if (indexOf(s.startMonth, a.month) <= t) mw += a.mw;
  return mw;
}

/** Whether the reference models the scenario (see `checkSupported`). */
export function isSupported(s: RefScenario): boolean {
  try {
    checkSupported(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses what the reference does not model (portfolio, uncertainty, power markets, cloud and
 * credit terms).
 */
export function checkSupported(s: RefScenario): void {
  const raw = s as unknown as Record<string, unknown>;
  for (const k of ['sites', 'uncertainty'])
    if (raw[k] !== undefined) throw new Error(`reference: ${k} not modelled`);
  const site = s.site as unknown as Record<string, unknown>;
  for (const k of ['powerMarket', 'maxMWUnderConstruction'])
    if (site[k] !== undefined) throw new Error(`reference: site.${k} not modelled`);
  for (const o of s.hpcOptions) {
    const r = o as unknown as Record<string, unknown>;
    if ((o.kind ?? 'lease') !== 'lease')
      throw new Error(`reference: option ${o.id}: kind ${o.kind} not modelled`);
    for (const k of ['defaultProbabilityPerYear', 'backstopShare', 'rampMonths']) {
      if (r[k] !== undefined && r[k] !== 0)
        throw new Error(`reference: option ${o.id}: ${k} not modelled`);
    }
    if (o.switchoverMonths > o.buildMonths)
      throw new Error(`reference: option ${o.id}: switchover longer than the build`);
  }
}

/** The tax block with its defaults applied (docs/model.md, "Tax"). */
export interface RefTax {
  /** h, per year, charged on a month's taxable income after losses. */
  readonly rate: number;
  /** β: the share of a purchase (or of a building's short-life part) deducted at once. */
  readonly bonus: number;
  /** σ: the share of a building's capex that is 15-year site and electrical work. */
  readonly shortLife: number;
  /** The loss carried forward at the start, USD. */
  readonly openingNolUsd: number;
  /** λ: the most of a month's (after the horizon: a year's) taxable income a loss may offset. */
  readonly limit: number;
}

/** The scenario's tax, or null when it has none or its rate is 0 ("the tax rows are not built"). */
export function taxOf(s: RefScenario): RefTax | null {
  const t = s.tax;
  if (!t || t.ratePerYear === 0) return null;
  return {
    rate: t.ratePerYear,
    bonus: t.bonusShare ?? 1,
    shortLife: t.hpcShortLifeShare ?? 0.5,
    openingNolUsd: t.openingNolUsd ?? 0,
    limit: t.nolLimitShare ?? 0.8,
  };
}

/**
 * The share of an ASIC purchase deducted in month k after it (k = 0 the month paid): β at once and
 * (1 − β)/60 in each of months 0 … 59, whatever is later sold.
 */
export function purchaseDepreciation(tax: RefTax, k: number): number {
  if (k < 0 || k >= 60) return 0;
  return (k === 0 ? tax.bonus : 0) + (1 - tax.bonus) / 60;
}

/** The last month after a purchase (k) in which it is depreciated. */
export const PURCHASE_LIFE_MONTHS = 60;
/** The last month after commencement (k) in which a building is depreciated: 39 years. */
export const BUILDING_LIFE_MONTHS = 468;

/**
 * The share of a building's operator-paid capex C deducted in month k after its commencement, the
 * whole building held: β·σ at k = 0, (1 − β)·σ/180 in each of k = 0 … 179 (15-year site and
 * electrical work) and (1 − σ)/468 in each of k = 0 … 467 (the 39-year shell).
 */
export function buildingDepreciation(tax: RefTax, k: number): number {
  if (k < 0 || k >= BUILDING_LIFE_MONTHS) return 0;
  const short =
    (k === 0 ? tax.bonus * tax.shortLife : 0) +
    (k < 180 ? ((1 - tax.bonus) * tax.shortLife) / 180 : 0);
  return short + (1 - tax.shortLife) / BUILDING_LIFE_MONTHS;
}

/**
 * The share of a cohort's building still held in month t: with a residual the share 1 − p is sold
 * at the end of the term (month commencement + τ − 1) and p at the end of the extension
 * (commencement + 2τ − 1), and only the share still held depreciates (a sale counts from the
 * month after it); without one the building is kept.
 */
export function heldShare(o: RefOption, c: Cohort, t: number): number {
  if (!o.residual) return 1;
  const p = o.renewalProbability ?? 0;
  let w = 1;
  if (t > c.commencement + o.termMonths - 1) w -= 1 - p;
  if (t > c.commencement + 2 * o.termMonths - 1) w -= p;
  return w;
}
