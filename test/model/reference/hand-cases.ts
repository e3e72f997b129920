/**
 * @module reference/hand-cases — small v2 scenarios whose NPV is worked out by hand from
 * docs/model.md's conventions (with test/model/hand/arithmetic.ts, which shares no code with the
 * reference or model/), as `{ name, scenario, expected: { status, npvUsd } }`. reference.test
 * checks the reference against them; agreement.test checks the v2 model against them.
 *
 * Cases: ASIC resale at a halved hashprice ("hashprice" index and "flat"); an option that cannot
 * commence within the horizon; the merchant tail of a mining-only site (24 months and none); "firm"
 * financing — a facility at, below and above the discount rate, none at all (infeasible), equity's
 * issuance cost, existing debt at face; a lease cohort's full value, also with its opex escalated.
 */
import {
  cohortValuePerMW,
  df,
  miningCostPerMW,
  miningRevenuePerMW,
  monthlyRate,
  thPerGridMW,
  type CohortInputs,
} from '../hand/arithmetic';
import type { RefOption, RefScenario } from './scenario';

/** A scenario with the NPV (USD) worked out by hand, or the status when there is no NPV. */
export interface HandCase {
  readonly name: string;
  readonly scenario: RefScenario;
  readonly expected: { readonly status: 'optimal' | 'infeasible'; readonly npvUsd: number | null };
}

export const D = 0.1;

/**
 * A bare 10 MW site: 10 MW of 20 J/TH miners with no running cost, no overhead or yield, $1M cash,
 * "firm", no tail.
 */
export function bare(
  over: Partial<RefScenario> & { horizonMonths: number; market: RefScenario['market'] },
): RefScenario {
  return {
    name: 'hand',
    startMonth: '2027-01',
    site: {
      gridMW: 10,
      hpcEligibleMW: 10,
      energyUsdPerMWh: 0,
      miningPue: 1.05,
      overheadUsdPerMonth: 0,
    },
    fleet: {
      installedMW: 10,
      efficiencyJPerTH: 20,
      uptime: 1,
      poolFee: 0,
      opexUsdPerMWMonth: 0,
      resaleUsdPerTH: 1,
    },
    hpcOptions: [],
    financing: { cashUsd: 1e6, minCashUsd: 0, cashYieldPerYear: 0, discountRatePerYear: D },
    valuation: { method: 'firm', merchantTailMonths: 0 },
    ...over,
  };
}

/** No growth, no fees: hashprice = 144 × subsidy × 90000 / 1e6 = 12.96 × subsidy. */
export const flatProjection = (halvingMonth: string) => ({
  kind: 'projection' as const,
  btcUsd: 90_000,
  btcGrowthPerYear: 0,
  networkEhs: 1000,
  networkGrowthPerYear: 0,
  feesBtcPerBlock: 0,
  halvingMonth,
});

const miner = {
  efficiencyJPerTH: 20,
  miningPue: 1.05,
  uptime: 1,
  poolFee: 0,
  energyUsdPerMWh: 0,
  opexUsdPerMWMonth: 0,
};
const TH = thPerGridMW(20, 1.05);

/** A lease offer that takes 24 months to build: in a 24-month horizon it can never commence. */
export const lateLease: RefOption = {
  id: 'late',
  name: 'a lease that takes the whole horizon to build',
  leaseUsdPerKwMonth: 150,
  escalatorPerYear: 0,
  termMonths: 120,
  itMWPerGridMW: 0.75,
  capexUsdPerMWIt: 1e6,
  tenantCapexShare: 0,
  buildMonths: 24,
  switchoverMonths: 0,
  opexUsdPerMWItMonth: 0,
  tenantPaysPower: true,
  blockMW: 0,
  maxMW: 10,
};

/**
 * Nothing but $10M of cash ($5M floor) and $20M of existing debt due in 2027-03: $15M must be found
 * in month 2; a facility then carries fac_t = 15M × (1 + r_f)^(t−2), cash held at its floor.
 */
export function funding(ratePerYear: number | null): RefScenario {
  return bare({
    horizonMonths: 24,
    fleet: {
      installedMW: 0,
      efficiencyJPerTH: 20,
      uptime: 1,
      poolFee: 0,
      opexUsdPerMWMonth: 0,
      resaleUsdPerTH: 1,
    },
    market: { hashprice: flatProjection('2030-01') },
    financing: {
      cashUsd: 10e6,
      minCashUsd: 5e6,
      cashYieldPerYear: 0,
      discountRatePerYear: 0.12,
      existingDebt: { balanceUsd: 20e6, couponPerYear: 0, maturityMonth: '2027-03' },
      ...(ratePerYear === null ? {} : { facility: { limitUsd: 100e6, ratePerYear } }),
    },
  });
}

/** Every hand-worked case. */
export function handCases(): HandCase[] {
  const out: HandCase[] = [];
  const ok = (name: string, scenario: RefScenario, npvUsd: number) =>
    out.push({ name, scenario, expected: { status: 'optimal', npvUsd } });

  // ASICs: hashprice halves at t = 12; running beats selling early, so all 10 MW run and are sold
  // at the end of 23.
  const halved = bare({ horizonMonths: 24, market: { hashprice: flatProjection('2028-01') } });
  let mined = 1e6;
  for (let t = 0; t < 24; t++)
    mined += df(D, t) * 10 * miningRevenuePerMW(miner, 12.96 * (t < 12 ? 3.125 : 1.5625));
  ok(
    'ASIC resale at a halved hashprice is half the given resale',
    halved,
    mined + df(D, 23) * 10 * TH * 0.5,
  );
  ok(
    '"flat" ASIC prices keep the given resale',
    { ...halved, market: { ...halved.market, asicPriceIndex: 'flat' } },
    mined + df(D, 23) * 10 * TH,
  );

  // A build that cannot commence within the horizon does not exist: the site mines as if it were
  // not offered.
  let unbuilt = 1e6;
  for (let t = 0; t < 24; t++) unbuilt += df(D, t) * 10 * miningRevenuePerMW(miner, 12.96 * 3.125);
  const noHalving = bare({ horizonMonths: 24, market: { hashprice: flatProjection('2030-01') } });
  ok(
    'an option that cannot commence within the horizon adds nothing',
    { ...noHalving, hpcOptions: [lateLease] },
    unbuilt + df(D, 23) * 10 * TH,
  );

  // Merchant tail: 8 MW at a flat $40/PH/day with a positive margin; overhead stops at T−1, later
  // grid is ignored.
  const m = { ...miner, energyUsdPerMWh: 40, opexUsdPerMWMonth: 3000, uptime: 0.95, poolFee: 0.02 };
  const margin = miningRevenuePerMW(m, 40) - miningCostPerMW(m);
  const tailSite = bare({
    horizonMonths: 24,
    site: {
      gridMW: 10,
      gridAdditions: [{ month: '2029-06', mw: 50 }],
      hpcEligibleMW: 0,
      energyUsdPerMWh: 40,
      miningPue: 1.05,
      overheadUsdPerMonth: 50_000,
    },
    fleet: {
      installedMW: 8,
      efficiencyJPerTH: 20,
      uptime: 0.95,
      poolFee: 0.02,
      opexUsdPerMWMonth: 3000,
      resaleUsdPerTH: 0.5,
    },
    market: {
      hashprice: { kind: 'series', usdPerPhDay: Array(24).fill(40) },
      asicPriceIndex: 'hashprice',
    },
    valuation: { method: 'firm', merchantTailMonths: 24 },
  });
  let inHorizon = 1e6;
  for (let t = 0; t < 24; t++) inHorizon += df(D, t) * (8 * margin - 50_000);
  let tail = 0;
  for (let t = 24; t < 48; t++) tail += df(D, t) * 8 * margin;
  ok('the merchant tail of a mining-only site at flat hashprice', tailSite, inHorizon + tail);
  ok(
    'no merchant tail: every held machine is sold at the end of T−1',
    { ...tailSite, valuation: { merchantTailMonths: 0 } },
    inHorizon + df(D, 23) * 8 * 0.5 * TH,
  );

  // "firm" financing.
  ok('"firm": a facility at the discount rate adds nothing', funding(0.12), 10e6 - 20e6);
  ok('"firm": a facility below the discount rate adds nothing', funding(0.05), 10e6 - 20e6);
  out.push({
    name: 'no facility: the maturity cannot be funded',
    scenario: funding(null),
    expected: { status: 'infeasible', npvUsd: null },
  });
  const rf = monthlyRate(0.15);
  let spread = 0;
  for (let t = 3; t < 24; t++)
    spread += df(0.12, t) * (rf - monthlyRate(0.12)) * 15e6 * Math.pow(1 + rf, t - 1 - 2);
  ok(
    '"firm": a facility dearer than the discount rate costs its spread on what is drawn',
    funding(0.15),
    10e6 - 20e6 - spread,
  );
  const f = funding(null);
  ok(
    '"firm": equity costs its issuance, raised when needed',
    { ...f, financing: { ...f.financing, equity: { limitUsd: 50e6, issuanceCost: 0.05 } } },
    10e6 - 20e6 - df(0.12, 2) * 0.05 * (15e6 / 0.95),
  );
  for (const maturityMonth of ['2027-03', '2035-01']) {
    const debt = { balanceUsd: 5e6, couponPerYear: 0.08, maturityMonth };
    ok(
      `"firm": existing debt due ${maturityMonth} counts at face`,
      { ...f, financing: { ...f.financing, minCashUsd: 0, existingDebt: debt } },
      10e6 - 5e6,
    );
  }

  // A lease cohort with ample cash in "firm": worth every flow at its own df_t (terminal value
  // included), at the best start of its window 2027-04 … 2027-09.
  const lease = {
    id: 'ai',
    name: 'a 10-year lease',
    leaseUsdPerKwMonth: 160,
    escalatorPerYear: 0.03,
    termMonths: 120,
    itMWPerGridMW: 0.75,
    capexUsdPerMWIt: 8e6,
    tenantCapexShare: 0.1,
    buildMonths: 12,
    switchoverMonths: 2,
    opexUsdPerMWItMonth: 15_000,
    tenantPaysPower: false,
    blockMW: 0,
    maxMW: 10,
    earliestStartMonth: '2027-04',
    latestStartMonth: '2027-09',
    renewalProbability: 0.4,
  };
  const cohortSite = bare({
    horizonMonths: 36,
    site: {
      gridMW: 10,
      hpcEligibleMW: 10,
      energyUsdPerMWh: 30,
      miningPue: 1.05,
      overheadUsdPerMonth: 0,
    },
    fleet: {
      installedMW: 0,
      efficiencyJPerTH: 20,
      uptime: 1,
      poolFee: 0,
      opexUsdPerMWMonth: 0,
      resaleUsdPerTH: 1,
    },
    market: { hashprice: flatProjection('2030-01') },
    hpcOptions: [lease],
    financing: { cashUsd: 500e6, minCashUsd: 0, cashYieldPerYear: 0, discountRatePerYear: D },
  });
  const inputs: CohortInputs = { ...lease };
  const best = Math.max(
    ...[3, 4, 5, 6, 7, 8].map((s) => cohortValuePerMW(inputs, 30, s, D, 36).total),
  );
  ok(
    '"firm": a lease cohort is worth its every flow at its own df_t',
    cohortSite,
    500e6 + 10 * Math.max(0, best),
  );
  // v3: the same cohort with its opex growing 5 % on each anniversary of commencement.
  const escalated = { ...lease, opexEscalatorPerYear: 0.05 };
  const bestEscalated = Math.max(
    ...[3, 4, 5, 6, 7, 8].map((s) => cohortValuePerMW(escalated, 30, s, D, 36).total),
  );
  ok(
    '"firm": a lease cohort whose opex escalates 5 %/yr is worth its every flow at its own df_t',
    { ...cohortSite, hpcOptions: [escalated] },
    500e6 + 10 * Math.max(0, bestEscalated),
  );
  return out;
}
