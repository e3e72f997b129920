/**
 * @module tax-cases — the hand-worked tax cases (docs/model.md, "Tax (v3, optional `tax`)"): each
 * a plain scenario (the contract's field names, unparsed) and its answer worked out from the rules
 * (tax-hand.ts), sharing no code with model/ or with the reference LP. tax.test.ts checks the
 * model against them, reference/reference.test.ts the reference.
 *
 * Every case is valued "firm", one rate d for every stream, so npvUsd = cashUsd + Σ_t df_t · FCF_t
 * + the value after the horizon − the PV of every tax at d (docs/model.md, "Value", "Value after
 * the horizon", "Tax").
 */
import {
  afterHorizon,
  type AfterHorizon,
  buildingDepreciation,
  carryForward,
  dfAt,
  type TaxMonth,
  type TaxRule,
} from './tax-hand';

export const START = '2027-01';
/** The discount rate of every case: d = 10 %/yr. */
export const D = 0.1;
/** h = 25 %, λ = 0.8 (the default), no opening loss unless a case says so. */
export const RULE: TaxRule = { rate: 0.25, nolLimitShare: 0.8, openingNolUsd: 0 };
export const MW = 10;

/** A case's answer by hand, USD. */
export interface TaxHand {
  /** The horizon's months: taxable income, loss used, tax, loss left. */
  readonly rows: readonly TaxMonth[];
  readonly after: AfterHorizon;
  /** Σ_t df_t · tax_t + the tax after the horizon. */
  readonly taxPvUsd: number;
  /** npvUsd of the same plan without a tax block. */
  readonly preTaxUsd: number;
  readonly npvUsd: number;
}

/** The ASICs of both sites (20 J/TH; resale $2/TH), `installedMW` of them installed. */
const fleetOf = (installedMW: number) => ({
  installedMW,
  efficiencyJPerTH: 20,
  uptime: 0.95,
  poolFee: 0.02,
  opexUsdPerMWMonth: 3000,
  resaleUsdPerTH: 2,
});

/** Σ_t df_t · tax_t over the horizon's months. */
const monthsTaxPv = (rows: readonly TaxMonth[]): number =>
  rows.reduce((sum, r, t) => sum + dfAt(D, t) * r.tax, 0);

function answer(rows: TaxMonth[], after: AfterHorizon, preTaxUsd: number): TaxHand {
  const taxPvUsd = monthsTaxPv(rows) + after.valueUsd;
  return { rows, after, taxPvUsd, preTaxUsd, npvUsd: preTaxUsd - taxPvUsd };
}

// ---------------------------------------------------------------------------------------------
// (a), (b) A lease-only site: no ASICs (installedMW 0), one offer whose window is month 0 alone,
// 10 grid MW built in month 0 (a fixed plan; the optimum builds the same).
//
// Per grid MW (docs/model.md, "HPC cohorts"), η = 0.8, b = 3, τ = 60, π = 0.5, tenant pays power:
//   capex = 3,000,000 · 0.8 · (1 − 0.25) = $1,800,000, paid 1/3 in months 0, 1, 2;
//   commencement c = 3; month k = t − 3 earns w(k) · (rent_k − opex) with
//   rent_k = 150 $/kW · 1000 · 0.8 · 1.03^⌊k/12⌋ = $120,000 · 1.03^⌊k/12⌋, opex = 20,000 · 0.8 =
//   $16,000, w = 1 for k < 60, π = 0.5 for 60 ≤ k < 120 (the extension), 0 after.
// 10 MW: capex $6M a month in months 0–2 (C = $18M, the tenant's quarter excluded); margin
// $1,040,000 a month from month 3, $1,076,000 from month 15, $1,113,080 from month 27.
// Overhead $50,000 a month. T = 36: the lease's months 36 … 122 are valued after the horizon.
//
// Depreciation (docs/model.md, "Depreciation"), σ = 0.5: β·σ·C in month 3, (1 − β)·σ·C/180 in
// months 3 … 182 and (1 − σ)·C/468 = $19,230.77 in months 3 … 470 (the building kept: no
// residual), after the horizon only to the end of the last year in which the lease could earn.
// taxable_t = margin_t − overhead − dep_t (EBITDA leaves the capex out).
// ---------------------------------------------------------------------------------------------
export const T_LEASE = 36;
export const C_USD = MW * 3_000_000 * 0.8 * (1 - 0.25);
export const COMMENCEMENT = 3;

/** The lease-only site with a tax block (`tax` as the scenario gives it). */
export const leaseSite = (tax: Record<string, number>) => ({
  name: 'tax: a lease-only site',
  startMonth: START,
  horizonMonths: T_LEASE,
  site: {
    gridMW: MW,
    hpcEligibleMW: MW,
    energyUsdPerMWh: 40,
    miningPue: 1.05,
    overheadUsdPerMonth: 50_000,
  },
  fleet: fleetOf(0),
  market: {
    hashprice: { kind: 'series' as const, usdPerPhDay: Array<number>(T_LEASE).fill(40) },
    asicPriceIndex: 'flat' as const,
  },
  valuation: { method: 'firm' as const, merchantTailMonths: 0 },
  hpcOptions: [
    {
      id: 'hall',
      name: 'one hall',
      leaseUsdPerKwMonth: 150,
      escalatorPerYear: 0.03,
      termMonths: 60,
      itMWPerGridMW: 0.8,
      capexUsdPerMWIt: 3_000_000,
      tenantCapexShare: 0.25,
      buildMonths: 3,
      switchoverMonths: 0,
      opexUsdPerMWItMonth: 20_000,
      tenantPaysPower: true,
      blockMW: 0,
      maxMW: MW,
      earliestStartMonth: START,
      latestStartMonth: START,
      renewalProbability: 0.5,
    },
  ],
  financing: {
    cashUsd: 30_000_000,
    minCashUsd: 0,
    cashYieldPerYear: 0.04,
    discountRatePerYear: D,
  },
  tax: { ratePerYear: 0.25, ...tax },
});

/** The plan of the lease-only site: its 10 MW started in month 0. */
export const LEASE_PLAN = { builds: [{ optionId: 'hall', month: START, mw: MW }], refreshes: [] };

/** The 10 MW cohort's expected margin in month t (0 before commencement and after the extension). */
export function leaseMargin(t: number): number {
  const k = t - COMMENCEMENT;
  if (k < 0 || k >= 120) return 0;
  const w = k < 60 ? 1 : 0.5;
  return w * MW * (120_000 * Math.pow(1.03, Math.floor(k / 12)) - 16_000);
}
const leaseCapex = (t: number) => (t < COMMENCEMENT ? C_USD / 3 : 0);

/** The hand answer of the lease-only site for a bonus share and an opening loss. */
export function leaseHand(bonusShare: number, openingNolUsd: number): TaxHand {
  const rule = { ...RULE, openingNolUsd };
  const dep = (t: number) => buildingDepreciation(C_USD, COMMENCEMENT, bonusShare, 0.5, t);
  const taxable = Array.from({ length: T_LEASE }, (_, t) => leaseMargin(t) - 50_000 - dep(t));
  const rows = carryForward(taxable, rule);
  // After the horizon: the lease's months 36 … 122 less the depreciation still running. The last
  // month any cohort could earn is the extension's, 3 + 119 = 122 (the offer's one start; no
  // merchant tail): the years are those of months 36 … 131 (bucket 7 the last), the shell's
  // depreciation in months 132 … 470 is left out. No ASICs, so no sale in T−1.
  const after = afterHorizon(
    T_LEASE,
    COMMENCEMENT + 119,
    (t) => leaseMargin(t) - dep(t),
    0,
    rows[T_LEASE - 1].nol,
    rule,
    D,
  );
  let preTax = 30_000_000;
  for (let t = 0; t < T_LEASE; t++)
    preTax += dfAt(D, t) * (leaseMargin(t) - leaseCapex(t) - 50_000);
  for (let t = T_LEASE; t < COMMENCEMENT + 120; t++) preTax += dfAt(D, t) * leaseMargin(t);
  return answer(rows, after, preTax);
}

// ---------------------------------------------------------------------------------------------
// (c) A mining-only site: 10 MW of installed ASICs (no basis left: nothing to depreciate), no HPC,
// no overhead, T = 24, flat ASIC prices (docs/model.md, "Unit economics"). Per grid MW at 20 J/TH
// and PUE 1.05: PH/s = 1000/21; revenue = hp · (1000/21) · 30.4375 · 0.95 · 0.98; cost = 730.5 ·
// 0.95 · $40 + $3,000 = $30,759 (breakeven 22.79 $/PH/day); resale = $2/TH · 1e6/21 TH =
// $95,238.10, so $952,380.95 for 10 MW. At 40 $/PH/day 10 MW earn $232,168.33 a month.
// ---------------------------------------------------------------------------------------------
export const T_MINING = 24;
const revenuePerMW = (hp: number) => hp * (1000 / 21) * 30.4375 * 0.95 * 0.98;
const COST_PER_MW = 730.5 * 0.95 * 40 + 3000;
export const RESALE_10MW = (MW * 2 * 1e6) / 21;
export const MARGIN_10MW_AT_40 = MW * (revenuePerMW(40) - COST_PER_MW);

/** The mining-only site on a hashprice series, with a tax block. */
export const miningSite = (usdPerPhDay: number[], tax: Record<string, number>) => ({
  name: 'tax: a mining-only site',
  startMonth: START,
  horizonMonths: T_MINING,
  site: {
    gridMW: MW,
    hpcEligibleMW: 0,
    energyUsdPerMWh: 40,
    miningPue: 1.05,
    overheadUsdPerMonth: 0,
  },
  fleet: fleetOf(MW),
  market: { hashprice: { kind: 'series' as const, usdPerPhDay }, asicPriceIndex: 'flat' as const },
  valuation: { method: 'firm' as const, merchantTailMonths: 0 },
  hpcOptions: [],
  financing: { cashUsd: 1_000_000, minCashUsd: 0, cashYieldPerYear: 0.04, discountRatePerYear: D },
  tax: { ratePerYear: 0.25, ...tax },
});

/**
 * 40 $/PH/day in months 0–11, 15 from month 12 (below breakeven: the ASICs idle). Idle ASICs cost
 * nothing, so they are sold in the first idle month, 12 (a later sale is the same cash,
 * discounted more): taxable_12 = $952,380.95, the sale in full. Nothing is held after it: nothing
 * is taxed after the horizon.
 */
export const SOLD_HASHPRICE = [...Array<number>(12).fill(40), ...Array<number>(12).fill(15)];
export function miningSoldHand(): TaxHand {
  const taxable = SOLD_HASHPRICE.map((_, t) =>
    t < 12 ? MARGIN_10MW_AT_40 : t === 12 ? RESALE_10MW : 0,
  );
  const rows = carryForward(taxable, RULE);
  const after = afterHorizon(T_MINING, T_MINING - 1, () => 0, 0, rows[T_MINING - 1].nol, RULE, D);
  let preTax = 1_000_000;
  taxable.forEach((x, t) => (preTax += dfAt(D, t) * x));
  return answer(rows, after, preTax);
}

/**
 * 40 $/PH/day throughout and a $5M opening loss: every month's $232,168.33 is 80 % offset; the
 * loss left, n_23 = 5M − 24 · 0.8 · 232,168.33 = $542,368.00, offsets the sale of $952,380.95 at
 * the end of month 23 after the horizon (bucket 0: U_0 = min(n_23, 0.8 · 952,380.95) = n_23), its
 * relief counted at the bucket's last month, 35: h · (df_23 · 952,380.95 − df_35 · U_0).
 */
export const KEPT_HASHPRICE = Array<number>(T_MINING).fill(40);
export const KEPT_OPENING_NOL = 5_000_000;
export function miningKeptHand(): TaxHand {
  const rule = { ...RULE, openingNolUsd: KEPT_OPENING_NOL };
  const rows = carryForward(Array<number>(T_MINING).fill(MARGIN_10MW_AT_40), rule);
  const after = afterHorizon(
    T_MINING,
    T_MINING - 1,
    () => 0,
    RESALE_10MW,
    rows[T_MINING - 1].nol,
    rule,
    D,
  );
  let preTax = 1_000_000 + dfAt(D, T_MINING - 1) * RESALE_10MW;
  for (let t = 0; t < T_MINING; t++) preTax += dfAt(D, t) * MARGIN_10MW_AT_40;
  return answer(rows, after, preTax);
}

/** Every hand case as its scenario and hand npvUsd (the lease's optimum builds its 10 MW). */
export function taxHandCases(): { name: string; scenario: unknown; npvUsd: number }[] {
  return [
    { name: '(a) lease, 100 % bonus', scenario: leaseSite({}), npvUsd: leaseHand(1, 0).npvUsd },
    {
      name: '(b) lease, straight line',
      scenario: leaseSite({ bonusShare: 0 }),
      npvUsd: leaseHand(0, 0).npvUsd,
    },
    {
      name: '(b) lease, straight line, $30M opening loss',
      scenario: leaseSite({ bonusShare: 0, openingNolUsd: 30_000_000 }),
      npvUsd: leaseHand(0, 30_000_000).npvUsd,
    },
    {
      name: '(c) mining, sold in month 12',
      scenario: miningSite(SOLD_HASHPRICE, {}),
      npvUsd: miningSoldHand().npvUsd,
    },
    {
      name: '(c) mining, sold at the end with an opening loss',
      scenario: miningSite(KEPT_HASHPRICE, { openingNolUsd: KEPT_OPENING_NOL }),
      npvUsd: miningKeptHand().npvUsd,
    },
  ];
}
