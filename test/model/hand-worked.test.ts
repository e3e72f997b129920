/**
 * @module hand-worked — tiny scenarios whose optimum is worked out by hand from the SPEC's
 * conventions.
 */
import { describe, expect, it } from 'vitest';
import type { Plan, Scenario, ScenarioInput } from '../../model/schema';
import { leaseOf } from '../helpers/lease';
import { evaluate, hashpricePath, optimize } from '../../model/index';
import {
  addMonths,
  breakevenHashprice,
  cohortMonths,
  cohortValuePerMW,
  df,
  miningCostPerMW,
  miningRevenuePerMW,
  monthlyRate,
  projectedHashprice,
  pvSum,
  thPerGridMW,
  type CohortInputs,
} from './hand/arithmetic';
import {
  MW_ABS,
  NPV_REL,
  START,
  covenantBreach,
  expectMW,
  expectNpv,
  miners,
  monthsOf,
  mwByMonth,
  scenario,
  type Section,
} from './hand/scenario';

// Every case keeps cash yield = discount rate, minCash 0 and no facility, so (the SPEC's cash
// recursion discounted at the same rate telescopes) NPV = cash0 + Σ df(t)·(net operating flow_t)
// + df(T−1)·(ASIC resale − debt) + post-horizon cohort terms, whatever the distributions are.

// ---------------------------------------------------------------------------------------------
// a. Mining only, a hashprice dip below cash cost.
// Per grid MW (20 J/TH, PUE 1.05): PH/s = 1000/21 = 47.619; revenue = hp × 47.619 × 30.4375 ×
// 0.95 × 0.98 = hp × 1349.396; cost = 730.5 × 0.95 × $40 + $3000 = $30,759 → breakeven 22.795.
// The dip (21, 18, 15, 22 in months 4–7) is curtailed; every other month runs min(8, 10) = 8 MW.
// Resale per MW = $2 × 1e6/21 TH = $95,238.10.
// ---------------------------------------------------------------------------------------------
const HP_A = [40, 38, 35, 30, 21, 18, 15, 22, 26, 33, 36, 40, 42, 45, 44, 41, 39, 37];
const DIP_A = new Set([4, 5, 6, 7]);
const caseA = (fleet: Section<'fleet'> = {}, financing: Section<'financing'> = {}) =>
  scenario({
    name: 'hand a: mining through a dip',
    horizonMonths: HP_A.length,
    hashprice: { kind: 'series', usdPerPhDay: HP_A },
    fleet: { installedMW: 8, ...fleet },
    financing,
  });

/**
 * Hand NPV of a mining-only site running `runMW` whenever hp > breakeven and holding `runMW` to the
 * end.
 */
function miningOnlyNpv(sc: Scenario, hp: readonly number[], runMW: number): number {
  const d = sc.financing.discountRatePerYear;
  const T = sc.horizonMonths;
  const m = miners(sc);
  const resalePerMW =
    sc.fleet!.resaleUsdPerTH * thPerGridMW(sc.fleet!.efficiencyJPerTH, sc.site!.miningPue);
  const margin = (t: number) => Math.max(0, miningRevenuePerMW(m, hp[t]) - miningCostPerMW(m));
  return (
    sc.financing.cashUsd +
    pvSum(d, T, (t) => runMW * margin(t) - sc.site!.overheadUsdPerMonth) +
    df(d, T - 1) * runMW * resalePerMW
  );
}

describe('hand a: mining-only site, curtailed through a hashprice dip', () => {
  const sc = caseA();
  const m = miners(sc);
  const d = sc.financing.discountRatePerYear;
  const T = sc.horizonMonths;
  const resalePerMW = 2 * (1e6 / 21);

  it('the hand figures: breakeven, the dip, and holding the miners beats selling them in any month', () => {
    expect(miningCostPerMW(m)).toBeCloseTo(30_759, 9);
    expect(miningRevenuePerMW(m, 1)).toBeCloseTo((1000 / 21) * 30.4375 * 0.95 * 0.98, 9);
    const be = breakevenHashprice(m);
    expect(be).toBeCloseTo(22.7946, 3);
    HP_A.forEach((hp, t) => expect(hp < be, `month ${t}`).toBe(DIP_A.has(t)));
    // Selling a MW in month t (it does not run in t) gets df(t)·resale; holding gets the margins
    // from t on plus df(T−1)·resale. The optimum holds if holding wins for every t.
    for (let t = 0; t < T; t++) {
      const hold =
        pvSum(d, T, (u) =>
          u >= t ? Math.max(0, miningRevenuePerMW(m, HP_A[u]) - miningCostPerMW(m)) : 0,
        ) +
        df(d, T - 1) * resalePerMW;
      expect(hold, `hold from ${t}`).toBeGreaterThan(df(d, t) * resalePerMW);
    }
  });

  it('curtails exactly in the dip, runs min(installed, grid) otherwise; NPV as by hand', async () => {
    const r = await optimize(sc);
    expectNpv(r, miningOnlyNpv(sc, HP_A, 8));
    monthsOf(r, sc).forEach((row, t) => {
      const hand = DIP_A.has(t) ? 0 : Math.min(8, 10);
      expectMW(row.miningMW, hand, `miningMW ${row.month}`);
      expectMW(row.miningExistingMW, hand, `miningExistingMW ${row.month}`);
    });
  });

  it('with more ASICs (12 MW) than grid (10 MW) the 2 MW that can never run are sold in month 0', async () => {
    const big = caseA({ installedMW: 12 });
    const r = await optimize(big);
    // 10 MW run as above and are held to the end; 2 MW bring df(0)·resale at once.
    const hand = miningOnlyNpv(big, HP_A, 10) + 2 * df(d, 0) * resalePerMW;
    expectNpv(r, hand);
    monthsOf(r, big).forEach((row, t) =>
      expectMW(row.miningExistingMW, DIP_A.has(t) ? 0 : 10, `miningExistingMW ${row.month}`),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// b. HPC only, unlimited cash. 20 grid MW, 10 eligible, no fleet, $50k overhead, d = yield = 10 %.
// b1: lease $130/kW·month, 0.8 MW IT per grid MW → rent $104,000/month in lease year 0, × 1.03 each
//     lease year; opex 0.8 × $12,000 = $9,600; tenant pays power. Capex 9e6 × 0.8 × 0.9 = $6.48M
//     per grid MW, $540,000/month over months s … s+11; earliest start 2027-03 (s = 2); commences
//     s+12 = 14; switch-over from 11. Term 120 months fully, months 120–239 × 0.5.
// b2: lease $180, 0.75 IT, capex 8e6 × 0.75 (no tenant share) over 9 months, owner pays power
//     (730.5 × $50 = $36,525/month), term 120, no renewal, maxMW 7 < eligible 10.
// b3: as b1 with lease $60: the cohort is worth < 0, so nothing is built.
// ---------------------------------------------------------------------------------------------
const T_B = 24;
const OPTION_B1 = {
  id: 'ai',
  name: 'hand lease',
  leaseUsdPerKwMonth: 130,
  escalatorPerYear: 0.03,
  termMonths: 120,
  itMWPerGridMW: 0.8,
  capexUsdPerMWIt: 9_000_000,
  tenantCapexShare: 0.1,
  buildMonths: 12,
  switchoverMonths: 3,
  opexUsdPerMWItMonth: 12_000,
  tenantPaysPower: true,
  blockMW: 0,
  maxMW: 15,
  earliestStartMonth: addMonths(START, 2),
  renewalProbability: 0.5,
} satisfies ScenarioInput['hpcOptions'][number];
const OPTION_B2 = {
  ...OPTION_B1,
  leaseUsdPerKwMonth: 180,
  escalatorPerYear: 0.025,
  itMWPerGridMW: 0.75,
  capexUsdPerMWIt: 8_000_000,
  tenantCapexShare: 0,
  buildMonths: 9,
  switchoverMonths: 2,
  opexUsdPerMWItMonth: 10_000,
  tenantPaysPower: false,
  maxMW: 7,
  earliestStartMonth: START,
  renewalProbability: 0,
} satisfies ScenarioInput['hpcOptions'][number];
const caseB = (option: ScenarioInput['hpcOptions'][number]) =>
  scenario({
    name: 'hand b: one HPC lease',
    horizonMonths: T_B,
    hashprice: { kind: 'series', usdPerPhDay: Array<number>(T_B).fill(40) },
    site: { gridMW: 20, hpcEligibleMW: 10, energyUsdPerMWh: 50, overheadUsdPerMonth: 50_000 },
    hpcOptions: [option],
    financing: { cashUsd: 70_000_000 },
  });
const cohort = (sc: Scenario): CohortInputs => leaseOf(sc.hpcOptions![0]);
/** Cash-only value: cash0 − Σ df(t)·overhead. */
const cashOnlyNpv = (sc: Scenario) =>
  sc.financing.cashUsd -
  pvSum(sc.financing.discountRatePerYear, sc.horizonMonths, () => sc.site!.overheadUsdPerMonth);
/** Hand value per grid MW of a cohort of the scenario's option started in month s. */
const cohortValue = (sc: Scenario, s: number) =>
  cohortValuePerMW(
    cohort(sc),
    sc.site!.energyUsdPerMWh,
    s,
    sc.financing.discountRatePerYear,
    sc.horizonMonths,
  );

describe('hand b: HPC-only site with ample cash converts all it may at the earliest month', () => {
  const b1 = caseB(OPTION_B1);
  const d = 0.1;

  it('the hand cohort b1: capex, commencement, escalator steps, term and renewal', () => {
    const rows = cohortMonths(cohort(b1), 50, 2);
    const at = (t: number) => rows.find((r) => r.t === t)!;
    expect(at(2).capexUsd).toBeCloseTo(540_000, 6); // 6.48M / 12
    expect(at(13).capexUsd).toBeCloseTo(540_000, 6);
    expect(at(13).marginUsd).toBe(0); // still building
    expect(at(14).marginUsd).toBeCloseTo(104_000 - 9_600, 6); // commencement, lease year 0
    expect(at(26).marginUsd).toBeCloseTo(104_000 * 1.03 - 9_600, 6); // k = 12: lease year 1
    expect(at(14 + 119).marginUsd).toBeCloseTo(104_000 * 1.03 ** 9 - 9_600, 6); // last month of the term
    expect(at(14 + 120).marginUsd).toBeCloseTo(0.5 * (104_000 * 1.03 ** 10 - 9_600), 6); // extension × p
    expect(at(14 + 239).marginUsd).toBeCloseTo(0.5 * (104_000 * 1.03 ** 19 - 9_600), 6);
    expect(rows.at(-1)!.t).toBe(14 + 239);
    // Starting later only shifts the whole stream: V(s) = V(2)·1.1^(−(s−2)/12) < V(2) while V(2) >
    // 0.
    const v = cohortValue(b1, 2);
    expect(v.total).toBeGreaterThan(3e6);
    expect(cohortValue(b1, 5).total).toBeCloseTo(v.total * 1.1 ** (-3 / 12), 3);
    expect(v.postHorizon).toBeGreaterThan(0);
    expect(v.inHorizon).toBeLessThan(0); // the horizon alone would never pay back: the terminal value must
  });

  it('b1: builds 10 MW (hpcEligibleMW) in 2027-03 (earliestStartMonth); NPV = cash-only + 10·V(2)', async () => {
    const r = await optimize(b1);
    expectNpv(r, cashOnlyNpv(b1) + 10 * cohortValue(b1, 2).total);
    const builds = mwByMonth(r.plan.builds);
    expect([...builds.keys()]).toEqual(['2027-03']);
    expectMW(builds.get('2027-03')!, 10, 'build 2027-03');
    monthsOf(r, b1).forEach((row, t) => {
      expectMW(row.hpcOnlineMW, t >= 14 ? 10 : 0, `hpcOnlineMW ${row.month}`);
      expectMW(row.hpcSwitchingMW, t >= 11 && t < 14 ? 10 : 0, `hpcSwitchingMW ${row.month}`);
      expectMW(row.hpcBuildingMW, t >= 2 && t < 14 ? 10 : 0, `hpcBuildingMW ${row.month}`);
      expectMW(row.miningMW, 0, `miningMW ${row.month}`);
    });
  });

  it('b2: owner pays power, maxMW 7 binds; builds 7 MW in month 0', async () => {
    const b2 = caseB(OPTION_B2);
    const rows = cohortMonths(cohort(b2), 50, 0);
    // 6M per grid MW over 9 months; margin 135,000 − 7,500 − 36,525 = $90,975 in lease year 0.
    expect(rows[0].capexUsd).toBeCloseTo(6_000_000 / 9, 6);
    expect(rows.find((x) => x.t === 9)!.marginUsd).toBeCloseTo(180 * 750 - 7_500 - 730.5 * 50, 6);
    // No renewal: nothing counted after the term's last month, 9 + 119.
    expect(rows.filter((x) => x.marginUsd !== 0).at(-1)!.t).toBe(9 + 119);
    const v = cohortValue(b2, 0);
    expect(v.total).toBeGreaterThan(1e6);
    const r = await optimize(b2);
    expectNpv(r, cashOnlyNpv(b2) + 7 * v.total);
    expect(
      [...mwByMonth(r.plan.builds).entries()].map(([k, mw]) => [k, Math.round(mw * 1e6) / 1e6]),
    ).toEqual([['2027-01', 7]]);
    monthsOf(r, b2).forEach((row, t) =>
      expectMW(row.hpcOnlineMW, t >= 9 ? 7 : 0, `hpcOnlineMW ${row.month}`),
    );
  });

  it('b3: a lease too low to pay back ($60) is not built; NPV = cash-only value', async () => {
    const b3 = caseB({ ...OPTION_B1, leaseUsdPerKwMonth: 60 });
    // V(s) < 0 for every s (it is V(2) scaled by a positive factor).
    expect(cohortValue(b3, 2).total).toBeLessThan(-2e6);
    const r = await optimize(b3);
    expectNpv(r, cashOnlyNpv(b3));
    expect(r.plan.builds.reduce((n, b) => n + b.mw, 0)).toBeLessThan(MW_ABS);
  });

  it(
    'e: evaluate of fixed plans (5 MW two quarters later; 10 MW in months 6 ' +
      'and 18) gives the hand NPV, below the optimum',
    async () => {
      const opt = await optimize(b1);
      const later: Plan = { builds: [{ optionId: 'ai', month: '2027-09', mw: 5 }], refreshes: [] };
      const rLater = await evaluate(b1, later);
      // V(8) = V(2) × 1.1^(−6/12): the same stream, half a year later.
      const v8 = cohortValue(b1, 8).total;
      expect(v8).toBeCloseTo(cohortValue(b1, 2).total * 1.1 ** -0.5, 3);
      expectNpv(rLater, cashOnlyNpv(b1) + 5 * v8, 'evaluate 5 MW 2027-09');
      expect(rLater.npvUsd!).toBeLessThan(opt.npvUsd!);
      monthsOf(rLater, b1).forEach((row, t) =>
        expectMW(row.hpcOnlineMW, t >= 20 ? 5 : 0, `hpcOnlineMW ${row.month}`),
      );

      const rLate = await evaluate(b1, {
        builds: [{ optionId: 'ai', month: '2027-07', mw: 10 }],
        refreshes: [],
      });
      expectNpv(rLate, cashOnlyNpv(b1) + 10 * cohortValue(b1, 6).total, 'evaluate 10 MW 2027-07');
      // Started in month 18 it would commence after the horizon (month 30 of 24): under v2 such a
      // build does not exist, and a plan that makes it is diagnosed before any solve, naming the
      // build months.
      const rLast = await evaluate(b1, {
        builds: [{ optionId: 'ai', month: '2028-07', mw: 10 }],
        refreshes: [],
      });
      expect(rLast.status).toBe('infeasible');
      expect(rLast.diagnosis?.[0]).toMatchObject({
        constraint: 'hpcOptions.0.buildMonths',
        month: '2028-07',
        shortfall: 10,
        unit: 'MW',
      });

      // The optimum's own plan evaluates to the optimum.
      expectNpv(await evaluate(b1, opt.plan), opt.npvUsd!, 'evaluate of the optimum plan');
    },
  );
});

// ---------------------------------------------------------------------------------------------
// c. Covenant breach. No fleet, no HPC, $1M cash, $100k overhead a month, yield 4 %/yr, minCash
// $450k. Cash is highest with no distributions: c_t = c_{t−1}·(1 + 1.04^(1/12) − 1) − 100,000.
// ---------------------------------------------------------------------------------------------
describe('hand c: overhead drains cash below minCashUsd', () => {
  const sc = covenantBreach();

  it(
    'is infeasible, first in the month the best cash path falls below the ' +
      'covenant, by the hand shortfall',
    async () => {
      const ym = monthlyRate(0.04); // 0.0032737
      const path: number[] = [];
      let cash = 1_000_000;
      for (let t = 0; t < 12; t++) path.push((cash = cash * (1 + ym) - 100_000));
      // 903,274 → 806,231 → 708,870 → 611,190 → 513,191 → 414,871: month 5 (2027-06) is the first
      // below.
      const first = path.findIndex((c) => c < 450_000);
      expect(first).toBe(5);
      expect(path[4]).toBeGreaterThan(450_000);
      const shortfall = 450_000 - path[first];
      expect(shortfall).toBeCloseTo(35_129, -1);

      const r = await optimize(sc);
      expect(r.status).toBe('infeasible');
      const dx = r.diagnosis?.[0];
      expect(dx, 'diagnosis[0]').toBeDefined();
      expect(dx!.constraint).toBe('financing.minCashUsd');
      expect(dx!.month).toBe(addMonths(START, first));
      expect(dx!.unit).toBe('USD');
      expect(
        Math.abs(dx!.shortfall - shortfall),
        `shortfall: model ${dx!.shortfall} vs hand ${shortfall}`,
      ).toBeLessThan(1);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// d. The halving step in the projection. Start 2027-07, halving 2028-04 → month 9.
// hp(t) = 144 × (subsidy + 0.03) × 100,000 × 1.2^(t/12) / (800 × 1000 × 1.3^(t/12)).
// hp(0) = 144 × 3.155 × 1e5 / 8e5 = 56.79; across the step the ratio is
// (1.5625 + 0.03)/(3.125 + 0.03) × (1.2/1.3)^(1/12) = 0.504754 × 0.993352 = 0.501399.
// ---------------------------------------------------------------------------------------------
describe('hand d: projected hashprice and the halving step', () => {
  const projection = {
    kind: 'projection' as const,
    btcUsd: 100_000,
    btcGrowthPerYear: 0.2,
    networkEhs: 800,
    networkGrowthPerYear: 0.3,
    feesBtcPerBlock: 0.03,
    halvingMonth: '2028-04',
  };
  const sc = scenario({
    name: 'hand d: halving',
    startMonth: '2027-07',
    horizonMonths: 12,
    hashprice: projection,
    fleet: { installedMW: 8 },
  });
  const H = 9;

  it('hashpricePath matches the formula month by month, with the subsidy halved from halvingMonth', () => {
    expect(addMonths('2027-07', H)).toBe('2028-04');
    expect(projectedHashprice(projection, H, 0)).toBeCloseTo(56.79, 9);
    const path = hashpricePath(sc);
    expect(path).toHaveLength(12);
    path.forEach((hp, t) => {
      const hand = projectedHashprice(projection, H, t);
      expect(Math.abs(hp - hand) / hand, `month ${t}: model ${hp} vs hand ${hand}`).toBeLessThan(
        1e-12,
      );
    });
    const before = (144 * 3.155 * 100_000 * 1.2 ** (8 / 12)) / (800_000 * 1.3 ** (8 / 12));
    const after = (144 * 1.5925 * 100_000 * 1.2 ** (9 / 12)) / (800_000 * 1.3 ** (9 / 12));
    expect(path[H - 1]).toBeCloseTo(before, 9);
    expect(path[H]).toBeCloseTo(after, 9);
    const ratio = (1.5925 / 3.155) * (1.2 / 1.3) ** (1 / 12);
    expect(path[H] / path[H - 1]).toBeCloseTo(ratio, 12);
    expect(ratio).toBeCloseTo(0.501399, 6);
  });

  it('the optimiser reports the same hashprice in its month rows', async () => {
    const r = await optimize(sc);
    monthsOf(r, sc).forEach((row, t) =>
      expect(row.hashpriceUsdPerPhDay).toBeCloseTo(projectedHashprice(projection, H, t), 6),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// f. Existing debt on case a's site: $3M at a 7 % coupon (monthly 1.07^(1/12) − 1 = 0.5654 %,
// $16,962.6 a month). Coupon < yield, so holding cash to repay at maturity is right.
// ---------------------------------------------------------------------------------------------
describe('hand f: existing debt costs exactly its discounted coupons and repayment', () => {
  const B = 3_000_000;
  const cm = monthlyRate(0.07);
  const d = 0.1;
  const noDebt = caseA({}, { cashUsd: 5_000_000 });
  const debt = (maturityMonth: string) =>
    caseA(
      {},
      { cashUsd: 5_000_000, existingDebt: { balanceUsd: B, couponPerYear: 0.07, maturityMonth } },
    );

  it('without debt the NPV is case a’s with $4M more cash', async () => {
    expect(cm * B).toBeCloseTo(16_962.6, 0);
    expectNpv(await optimize(noDebt), miningOnlyNpv(noDebt, HP_A, 8), 'without debt');
  });

  it.each([
    // Maturing in 2027-10 (month 9): coupons in months 0…9, the balance at the end of month 9.
    ['2027-10', pvSum(d, 10, () => cm * B) + df(d, 9) * B],
    // Maturing after the horizon: coupons all 18 months, the balance netted at df(T−1) = df(17).
    ['2029-06', pvSum(d, 18, () => cm * B) + df(d, 17) * B],
  ])('maturing %s: ΔNPV = the discounted coupons and balance, %d', async (maturity, cost) => {
    const without = await optimize(noDebt);
    const withDebt = await optimize(debt(maturity));
    expectNpv(withDebt, without.npvUsd! - cost, 'with debt');
    const diff = without.npvUsd! - withDebt.npvUsd!;
    const tolerance = NPV_REL * without.npvUsd!;
    expect(Math.abs(diff - cost), `ΔNPV: model ${diff} vs hand ${cost}`).toBeLessThan(tolerance);
  });
});

// ---------------------------------------------------------------------------------------------
// g. Refresh. 10 grid MW; 4 MW of old ASICs (25 J/TH, breakeven 28.49); up to 6 MW of new ones
// (15 J/TH, breakeven 17.10) at $12/TH (63,492 TH per grid MW → $761,905 per MW), resale $5/TH.
// Hashprice 14 in months 0–5 (nothing pays), ≥ 44 from month 6. Buying in month 5 pays at its end
// and runs from month 6: the first month that pays. Buying earlier only costs time value;
// buying in 6 loses month 6's margin ($59,200.72/MW) to save one month's discount on the price.
// ---------------------------------------------------------------------------------------------
const HP_G = [
  14, 14, 14, 14, 14, 14, 50, 52, 48, 55, 60, 58, 57, 54, 50, 49, 47, 45, 44, 46, 48, 50, 52, 53,
];
const REFRESH_G = { efficiencyJPerTH: 15, priceUsdPerTH: 12, resaleUsdPerTH: 5, maxMW: 6 };
const caseG = (withRefresh: boolean) =>
  scenario({
    name: 'hand g: refresh',
    horizonMonths: HP_G.length,
    hashprice: { kind: 'series', usdPerPhDay: HP_G },
    fleet: { installedMW: 4, efficiencyJPerTH: 25, ...(withRefresh ? { refresh: REFRESH_G } : {}) },
    financing: { cashUsd: 6_000_000 },
  });

describe('hand g: refresh ASICs bought the month before they can pay, running from the next month', () => {
  const sc = caseG(true);
  const d = 0.1;
  const T = HP_G.length;
  const old = miners(sc);
  const neu = miners(sc, 'refresh');
  const thNew = thPerGridMW(15, 1.05);
  const marginNew = (t: number) =>
    Math.max(0, miningRevenuePerMW(neu, HP_G[t]) - miningCostPerMW(neu));
  const marginOld = (t: number) =>
    Math.max(0, miningRevenuePerMW(old, HP_G[t]) - miningCostPerMW(old));
  /** Value per MW of new ASICs bought in month t, run from t+1 when they pay, held to the end. */
  const buyValue = (t: number) =>
    -df(d, t) * 12 * thNew +
    pvSum(d, T, (u) => (u > t ? marginNew(u) : 0)) +
    df(d, T - 1) * 5 * thNew;

  it('the hand figures: month 5 is the best month to buy, and holding beats selling for both fleets', () => {
    expect(breakevenHashprice(old)).toBeCloseTo(28.4933, 3);
    expect(breakevenHashprice(neu)).toBeCloseTo(17.096, 3);
    expect(12 * thNew).toBeCloseTo(761_904.76, 1);
    expect(marginNew(5)).toBe(0);
    expect(marginNew(6)).toBeCloseTo(59_200.72, 1); // 50 × 63.492 × 30.4375 × 0.931 − 30,759
    HP_G.forEach((hp, t) => expect(marginOld(t) > 0, `old runs in ${t}`).toBe(t >= 6));
    const values = HP_G.map((_, t) => buyValue(t));
    const best = values.indexOf(Math.max(...values));
    expect(best).toBe(5);
    expect(values[5]).toBeGreaterThan(0);
    for (let t = 0; t < T; t++) {
      const holdOld =
        pvSum(d, T, (u) => (u >= t ? marginOld(u) : 0)) + df(d, T - 1) * 2 * thPerGridMW(25, 1.05);
      expect(holdOld, `old hold from ${t}`).toBeGreaterThan(df(d, t) * 2 * thPerGridMW(25, 1.05));
      const holdNew = pvSum(d, T, (u) => (u >= t ? marginNew(u) : 0)) + df(d, T - 1) * 5 * thNew;
      if (t >= 6) expect(holdNew, `new hold from ${t}`).toBeGreaterThan(df(d, t) * 5 * thNew);
    }
  });

  it('buys 6 MW in 2027-06 (month 5); they run from 2027-07; NPV = no-refresh NPV + 6·V_buy(5)', async () => {
    const noRefresh = caseG(false);
    const baseHand =
      noRefresh.financing.cashUsd +
      pvSum(d, T, (t) => 4 * marginOld(t) - 60_000) +
      df(d, T - 1) * 4 * 2 * thPerGridMW(25, 1.05);
    const rBase = await optimize(noRefresh);
    expectNpv(rBase, baseHand, 'no refresh');
    const r = await optimize(sc);
    expectNpv(r, baseHand + 6 * buyValue(5), 'with refresh');
    const buys = mwByMonth(r.plan.refreshes);
    expect([...buys.keys()]).toEqual(['2027-06']);
    expectMW(buys.get('2027-06')!, 6, 'refresh 2027-06');
    monthsOf(r, sc).forEach((row, t) => {
      expectMW(row.miningRefreshMW, t >= 6 ? 6 : 0, `miningRefreshMW ${row.month}`);
      expectMW(row.miningExistingMW, t >= 6 ? 4 : 0, `miningExistingMW ${row.month}`);
    });
  });

  it('evaluate: a month earlier costs the price’s time value; a month later also loses month 6', async () => {
    const opt = await optimize(sc);
    const price = 6 * 12 * thNew; // $4,571,428.57 for 6 MW
    const early = await evaluate(sc, { builds: [], refreshes: [{ month: '2027-05', mw: 6 }] });
    // Paid at the end of month 4 instead of 5; month 5 does not pay anyway.
    expectNpv(early, opt.npvUsd! - price * (df(d, 4) - df(d, 5)), 'refresh 2027-05');
    const late = await evaluate(sc, { builds: [], refreshes: [{ month: '2027-07', mw: 6 }] });
    // Paid at the end of month 6, so they run from month 7 only.
    expectNpv(
      late,
      opt.npvUsd! + price * (df(d, 5) - df(d, 6)) - 6 * df(d, 6) * marginNew(6),
      'refresh 2027-07',
    );
    monthsOf(late, sc).forEach((row, t) =>
      expectMW(row.miningRefreshMW, t >= 7 ? 6 : 0, `late miningRefreshMW ${row.month}`),
    );
  });
});
