/**
 * @module hand/arithmetic — the SPEC's conventions written out by hand, independently of model/,
 * for hand-worked tests.
 */

/** A month is 1/12 of a 365.25-day year. */
export const DAYS_PER_MONTH = 365.25 / 12; // 30.4375
export const HOURS_PER_MONTH = DAYS_PER_MONTH * 24; // 730.5

/** Monthly rate from an annual one: (1 + r)^(1/12) − 1. */
export function monthlyRate(annual: number): number {
  return Math.pow(1 + annual, 1 / 12) - 1;
}

/** Discount factor of a flow at the end of month t (months counted from 0): (1 + d)^(−(t+1)/12). */
export function df(discountPerYear: number, t: number): number {
  return Math.pow(1 + discountPerYear, -(t + 1) / 12);
}

/** `YYYY-MM` plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Σ over t = 0…T−1 of df(t) × f(t). */
export function pvSum(discountPerYear: number, months: number, f: (t: number) => number): number {
  let sum = 0;
  for (let t = 0; t < months; t++) sum += df(discountPerYear, t) * f(t);
  return sum;
}

/** The parts of a mining calculation that depend on the ASICs and the site. */
export interface MinerInputs {
  readonly efficiencyJPerTH: number;
  readonly miningPue: number;
  readonly uptime: number;
  readonly poolFee: number;
  readonly energyUsdPerMWh: number;
  readonly opexUsdPerMWMonth: number;
}

/** PH/s hashed per grid MW: 1000 / (J/TH × PUE). */
export function phPerGridMW(m: MinerInputs): number {
  return 1000 / (m.efficiencyJPerTH * m.miningPue);
}

/** TH of ASICs per grid MW: 1e6 / (J/TH × PUE) — resale and purchase are priced per TH. */
export function thPerGridMW(efficiencyJPerTH: number, miningPue: number): number {
  return 1e6 / (efficiencyJPerTH * miningPue);
}

/** Mining revenue of one grid MW running a month at hashprice `hp` ($/PH/day). */
export function miningRevenuePerMW(m: MinerInputs, hp: number): number {
  return hp * phPerGridMW(m) * DAYS_PER_MONTH * m.uptime * (1 - m.poolFee);
}

/** Mining cost of one grid MW running a month: power for the hours it hashes plus opex. */
export function miningCostPerMW(m: MinerInputs): number {
  return HOURS_PER_MONTH * m.uptime * m.energyUsdPerMWh + m.opexUsdPerMWMonth;
}

/** Hashprice at which a MW of these miners just pays its running cost. */
export function breakevenHashprice(m: MinerInputs): number {
  return miningCostPerMW(m) / miningRevenuePerMW(m, 1);
}

/** The parts of an HPC option the cohort arithmetic reads. */
export interface CohortInputs {
  readonly leaseUsdPerKwMonth: number;
  readonly escalatorPerYear: number;
  readonly termMonths: number;
  readonly itMWPerGridMW: number;
  readonly capexUsdPerMWIt: number;
  readonly tenantCapexShare: number;
  readonly buildMonths: number;
  readonly opexUsdPerMWItMonth: number;
  /** Opex grows by this share on each anniversary of commencement (absent: 0). */
  readonly opexEscalatorPerYear?: number;
  readonly tenantPaysPower: boolean;
  readonly renewalProbability: number;
}

/** One month of a cohort's life, per grid MW: capex paid and expected lease margin earned. */
export interface CohortMonth {
  readonly t: number;
  readonly capexUsd: number;
  readonly marginUsd: number;
}

/**
 * Every month of a cohort started in month s, per grid MW, with no horizon cut:
 * capex in equal parts over s … s+b−1; margin from commencement c = s+b for k = 0 … 2·term−1,
 * the second term (the extension) weighted by the renewal probability; rent and opex each grow by
 * their own escalator in each year k/12 of the cohort.
 */
export function cohortMonths(o: CohortInputs, energyUsdPerMWh: number, s: number): CohortMonth[] {
  const capexTotal = o.capexUsdPerMWIt * o.itMWPerGridMW * (1 - o.tenantCapexShare);
  const rows = new Map<number, { capexUsd: number; marginUsd: number }>();
  const row = (t: number) => {
    let r = rows.get(t);
    if (!r) rows.set(t, (r = { capexUsd: 0, marginUsd: 0 }));
    return r;
  };
  for (let i = 0; i < o.buildMonths; i++) row(s + i).capexUsd += capexTotal / o.buildMonths;
  const commencement = s + o.buildMonths;
  for (let k = 0; k < 2 * o.termMonths; k++) {
    const rent =
      o.leaseUsdPerKwMonth *
      1000 *
      o.itMWPerGridMW *
      Math.pow(1 + o.escalatorPerYear, Math.floor(k / 12));
    const years = Math.floor(k / 12);
    const opex =
      o.opexUsdPerMWItMonth * o.itMWPerGridMW * (1 + (o.opexEscalatorPerYear ?? 0)) ** years;
    const power = o.tenantPaysPower ? 0 : HOURS_PER_MONTH * energyUsdPerMWh;
    const weight = k < o.termMonths ? 1 : o.renewalProbability;
    row(commencement + k).marginUsd += weight * (rent - opex - power);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([t, r]) => ({ t, ...r }));
}

/** A cohort's value per grid MW, split at the horizon T: each month at its own df(t). */
export function cohortValuePerMW(
  o: CohortInputs,
  energyUsdPerMWh: number,
  s: number,
  discountPerYear: number,
  horizonMonths: number,
): { inHorizon: number; postHorizon: number; total: number } {
  let inHorizon = 0;
  let postHorizon = 0;
  for (const m of cohortMonths(o, energyUsdPerMWh, s)) {
    const v = df(discountPerYear, m.t) * (m.marginUsd - m.capexUsd);
    if (m.t < horizonMonths) inHorizon += v;
    else postHorizon += v;
  }
  return { inHorizon, postHorizon, total: inHorizon + postHorizon };
}

/** Projected hashprice, $/PH/day, in month t (the SPEC's formula, written out). */
export function projectedHashprice(
  p: {
    readonly btcUsd: number;
    readonly btcGrowthPerYear: number;
    readonly networkEhs: number;
    readonly networkGrowthPerYear: number;
    readonly feesBtcPerBlock: number;
  },
  halvingIndex: number,
  t: number,
): number {
  const subsidy = t < halvingIndex ? 3.125 : 1.5625;
  const btc = p.btcUsd * Math.pow(1 + p.btcGrowthPerYear, t / 12);
  const networkPh = p.networkEhs * 1000 * Math.pow(1 + p.networkGrowthPerYear, t / 12);
  // 144 blocks a day, shared over the network's PH/s.
  return (144 * (subsidy + p.feesBtcPerBlock) * btc) / networkPh;
}
