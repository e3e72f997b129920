/**
 * @module reference.test — checks of the independent v2 reference (reference/build, reference/solve):
 * (a) HiGHS and GLPK agree on every generated scenario and every preset;
 * (b) hand-worked figures straight from docs/model.md's conventions (halvings every 48 months, ASIC prices indexed
 *     to hashprice, the v2 start window, the merchant tail, "firm" valuation's financing frictions and cash yield);
 * (c) where v1 and v2 coincide ("equity" valuation, flat ASIC prices, no merchant tail, one halving in the
 *     horizon, every build commencing inside it) the current model/ agrees with the reference.
 * The hand figures use test/model/hand/arithmetic.ts, which shares no code with the reference.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optimize, ScenarioSchema } from '../../../model/index';
import { cohortValuePerMW, df as dfHand, miningCostPerMW, miningRevenuePerMW, monthlyRate, thPerGridMW } from '../hand/arithmetic';
import { buildReference } from './build';
import { coincident, generateScenarios } from './generate';
import { fleetFigures, hashpriceMonths, type RefScenario } from './scenario';
import { solveMiningOnly, solveReference } from './solve';

const REL = 1e-6;
const presetDir = new URL('../../../data/presets/', import.meta.url);
const presets: [string, RefScenario][] = readdirSync(presetDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, presetDir), 'utf8')) as RefScenario]);
const generated = generateScenarios();

function expectClose(actual: number | null, expected: number | null, rel = REL): void {
  expect(actual).not.toBeNull();
  expect(expected).not.toBeNull();
  expect(Math.abs(actual! - expected!)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected!)));
}

const withMethod = (s: RefScenario, method: 'firm' | 'equity'): RefScenario => ({ ...s, valuation: { ...s.valuation, method } });

describe('independence', () => {
  it('the reference imports nothing from model/', () => {
    for (const f of ['scenario.ts', 'build.ts', 'solve.ts', 'generate.ts']) {
      const src = readFileSync(new URL(f, import.meta.url), 'utf8');
      const specs = [...src.matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2]);
      expect(specs.filter((p) => /model\/|^\.\.\//.test(p)), f).toEqual([]);
    }
  });
});

describe('(a) HiGHS and GLPK agree on the reference LP', () => {
  it('generates at least 30 scenarios covering the features', () => {
    expect(generated.length).toBeGreaterThanOrEqual(30);
    const has = (p: (s: RefScenario) => boolean) => generated.some(p);
    expect(has((s) => s.market.hashprice.kind === 'series') && has((s) => s.market.hashprice.kind === 'projection')).toBe(true);
    for (const k of ['facility', 'projectDebt', 'equity', 'existingDebt'] as const) {
      expect(has((s) => s.financing[k] !== undefined) && has((s) => s.financing[k] === undefined)).toBe(true);
    }
    expect(has((s) => s.valuation?.method === 'equity') && has((s) => (s.valuation?.method ?? 'firm') === 'firm')).toBe(true);
    expect(new Set(generated.map((s) => s.hpcOptions.length))).toEqual(new Set([0, 1, 2, 3]));
    expect(Math.min(...generated.map((s) => s.horizonMonths))).toBe(24);
    expect(Math.max(...generated.map((s) => s.horizonMonths))).toBe(120);
  });

  let building = 0;
  it.each(generated.map((s) => [s.name, s] as const))('%s', async (_, s) => {
    const [r, mining] = await Promise.all([solveReference(s), solveMiningOnly(s)]);
    expect(r.highs.status).toBe('optimal');
    expect(r.glpk.status).toBe(r.highs.status);
    expectClose(r.glpk.npvUsd, r.highs.npvUsd);
    // Builds are optional: the optimum is worth at least the mining-only plan.
    expect(r.npvUsd!).toBeGreaterThanOrEqual(mining.npvUsd! - REL * Math.abs(mining.npvUsd!));
    if (r.npvUsd! - mining.npvUsd! > 1e-3 * Math.abs(mining.npvUsd!)) building++;
  });
  it('some generated optima build (the HPC columns matter)', () => {
    expect(building).toBeGreaterThanOrEqual(5);
  });

  it.each(presets.flatMap(([f, s]) => (['firm', 'equity'] as const).map((m) => [`${f} ${m}`, withMethod(s, m)] as const)))('%s', async (_, s) => {
    const r = await solveReference(s);
    expect(r.highs.status).toBe('optimal');
    expect(r.glpk.status).toBe('optimal');
    expectClose(r.glpk.npvUsd, r.highs.npvUsd);
  });
});

// ---------------------------------------------------------------------------------------------
// (b) Hand-worked cases. A bare site: no overhead, no yield, $1M of cash, discount 10 %/year.
// ---------------------------------------------------------------------------------------------
const D = 0.1;
const bare = (over: Partial<RefScenario> & { horizonMonths: number; market: RefScenario['market'] }): RefScenario => ({
  name: 'hand',
  startMonth: '2027-01',
  site: { gridMW: 10, hpcEligibleMW: 10, energyUsdPerMWh: 0, miningPue: 1.05, overheadUsdPerMonth: 0 },
  fleet: { installedMW: 10, efficiencyJPerTH: 20, uptime: 1, poolFee: 0, opexUsdPerMWMonth: 0, resaleUsdPerTH: 1 },
  hpcOptions: [],
  financing: { cashUsd: 1e6, minCashUsd: 0, cashYieldPerYear: 0, discountRatePerYear: D },
  valuation: { method: 'firm', merchantTailMonths: 0 },
  ...over,
});
/** No growth, no fees: hashprice = 144 × subsidy × 90000 / 1e6 = 12.96 × subsidy. */
const flatProjection = (halvingMonth: string) => ({
  kind: 'projection' as const, btcUsd: 90_000, btcGrowthPerYear: 0, networkEhs: 1000, networkGrowthPerYear: 0, feesBtcPerBlock: 0, halvingMonth,
});
const miner = { efficiencyJPerTH: 20, miningPue: 1.05, uptime: 1, poolFee: 0, energyUsdPerMWh: 0, opexUsdPerMWMonth: 0 };

describe('(b) hand-worked checks', () => {
  it('a 240-month projection halves its subsidy at 2028-04, 2032-04, … (halvingMonth 2028-04)', () => {
    const s = bare({ horizonMonths: 240, market: { hashprice: flatProjection('2028-04') } });
    const hp = hashpriceMonths(s, 240);
    // 2027-01 + 15 = 2028-04; then every 48 months.
    const halvings = [15, 63, 111, 159, 207];
    for (let t = 0; t < 240; t++) {
      const k = t < 15 ? -1 : Math.floor((t - 15) / 48);
      expect(hp[t]).toBeCloseTo(12.96 * (3.125 / Math.pow(2, k + 1)), 12);
      if (t > 0) expect(hp[t] / hp[t - 1]).toBeCloseTo(halvings.includes(t) ? 0.5 : 1, 12);
    }
  });

  it('a halving month before startMonth (2024-04) counts its 48-month cycle from there', () => {
    const hp = hashpriceMonths(bare({ horizonMonths: 60, market: { hashprice: flatProjection('2024-04') } }), 60);
    expect(hp[0]).toBeCloseTo(12.96 * 1.5625, 12); // 2027-01: 33 months after 2024-04
    expect(hp[14]).toBeCloseTo(12.96 * 1.5625, 12);
    expect(hp[15]).toBeCloseTo(12.96 * 0.78125, 12); // 2028-04
  });

  it('a series holds its last horizon value past the horizon; values past T are ignored', () => {
    const s = bare({ horizonMonths: 24, market: { hashprice: { kind: 'series', usdPerPhDay: [...Array(23).fill(30), 31, 99, 99] } } });
    const hp = hashpriceMonths(s, 30);
    expect(hp.slice(23)).toEqual(Array(7).fill(31));
    expect(() => hashpriceMonths(bare({ horizonMonths: 24, market: { hashprice: { kind: 'series', usdPerPhDay: [30] } } }), 24)).toThrow();
  });

  it('ASIC resale in a month where hashprice has halved is half the given resale', async () => {
    const s = bare({ horizonMonths: 24, market: { hashprice: flatProjection('2028-01') } }); // halving at t = 12
    const hp = hashpriceMonths(s, 24);
    const fig = fleetFigures(s, hp, 20, 1, 0);
    const th = thPerGridMW(20, 1.05);
    expect(fig.resaleUsd[11]).toBeCloseTo(th, 6);
    expect(fig.resaleUsd[12]).toBeCloseTo(th / 2, 6);
    expect(fleetFigures(s, hp, 20, 1, 16).priceUsd[12]).toBeCloseTo((16 * th) / 2, 6); // the refresh purchase too
    // Running pays far more than selling early, so all 10 MW run to the end and are sold at the end of month 23.
    const revenue = (t: number) => 10 * miningRevenuePerMW(miner, 12.96 * (t < 12 ? 3.125 : 1.5625));
    let hand = 1e6;
    for (let t = 0; t < 24; t++) hand += dfHand(D, t) * revenue(t);
    const r = await solveReference(s);
    expectClose(r.npvUsd, hand + dfHand(D, 23) * 10 * th * 0.5);
    const flat = await solveReference({ ...s, market: { ...s.market, asicPriceIndex: 'flat' } });
    expectClose(flat.npvUsd, hand + dfHand(D, 23) * 10 * th);
  });

  it('a build that cannot commence within the horizon does not exist', async () => {
    const lease = {
      id: 'late', leaseUsdPerKwMonth: 150, escalatorPerYear: 0, termMonths: 120, itMWPerGridMW: 0.75, capexUsdPerMWIt: 1e6,
      tenantCapexShare: 0, buildMonths: 24, switchoverMonths: 0, opexUsdPerMWItMonth: 0, tenantPaysPower: true, blockMW: 0, maxMW: 10,
    };
    const base = bare({ horizonMonths: 24, market: { hashprice: flatProjection('2030-01') } });
    const s = { ...base, hpcOptions: [lease] };
    const lp = buildReference(s);
    expect(lp.starts.late).toEqual([]);
    expect(lp.notes.join(' ')).toMatch(/late cannot commence/);
    expect(lp.columns.some((c) => c.name.startsWith('x0_'))).toBe(false);
    const [withIt, without] = await Promise.all([solveReference(s), solveReference(base)]);
    expectClose(withIt.npvUsd, without.npvUsd, 1e-12);
    // s + buildMonths ≤ T − 1, inclusive windows: b = 12 in 24 months starts in 0 … 11; the window cuts it.
    expect(buildReference({ ...base, hpcOptions: [{ ...lease, buildMonths: 12 }] }).starts.late).toEqual([...Array(12).keys()]);
    const windowed = { ...lease, buildMonths: 12, earliestStartMonth: '2027-04', latestStartMonth: '2027-06' };
    expect(buildReference({ ...base, hpcOptions: [windowed] }).starts.late).toEqual([3, 4, 5]);
    expect(() => buildReference({ ...base, hpcOptions: [{ ...windowed, latestStartMonth: '2027-03' }] })).toThrow();
  });

  it('the merchant tail of a mining-only site with flat hashprice equals the hand sum', async () => {
    const m = { ...miner, energyUsdPerMWh: 40, opexUsdPerMWMonth: 3000, uptime: 0.95, poolFee: 0.02 };
    const s = bare({
      horizonMonths: 24,
      site: { gridMW: 10, gridAdditions: [{ month: '2029-06', mw: 50 }], hpcEligibleMW: 0, energyUsdPerMWh: 40, miningPue: 1.05, overheadUsdPerMonth: 50_000 },
      fleet: { installedMW: 8, efficiencyJPerTH: 20, uptime: 0.95, poolFee: 0.02, opexUsdPerMWMonth: 3000, resaleUsdPerTH: 0.5 },
      market: { hashprice: { kind: 'series', usdPerPhDay: Array(24).fill(40) }, asicPriceIndex: 'hashprice' },
      valuation: { method: 'firm', merchantTailMonths: 24 },
    });
    const margin = miningRevenuePerMW(m, 40) - miningCostPerMW(m);
    expect(margin).toBeGreaterThan(0);
    let inHorizon = 1e6;
    for (let t = 0; t < 24; t++) inHorizon += dfHand(D, t) * (8 * margin - 50_000);
    let tail = 0;
    for (let t = 24; t < 48; t++) tail += dfHand(D, t) * 8 * margin; // overhead stops at T−1; the 2029-06 addition is ignored
    expectClose((await solveReference(s)).npvUsd, inHorizon + tail);
    // No tail: every held machine is sold at the end of month T−1.
    const sold = dfHand(D, 23) * 8 * 0.5 * thPerGridMW(20, 1.05);
    expectClose((await solveReference({ ...s, valuation: { merchantTailMonths: 0 } })).npvUsd, inHorizon + sold);
  });

  // A site with nothing but $10M of cash and $20M of existing debt due in 2027-03: the facility must carry $15M
  // (cash kept at its $5M floor) from month 2, growing by its own interest, fac_t = 15M × (1 + r_f)^(t−2).
  const funding = (ratePerYear: number | null): RefScenario =>
    bare({
      horizonMonths: 24,
      fleet: { installedMW: 0, efficiencyJPerTH: 20, uptime: 1, poolFee: 0, opexUsdPerMWMonth: 0, resaleUsdPerTH: 1 },
      market: { hashprice: flatProjection('2030-01') },
      financing: {
        cashUsd: 10e6, minCashUsd: 5e6, cashYieldPerYear: 0, discountRatePerYear: 0.12,
        existingDebt: { balanceUsd: 20e6, couponPerYear: 0, maturityMonth: '2027-03' },
        ...(ratePerYear === null ? {} : { facility: { limitUsd: 100e6, ratePerYear } }),
      },
    });

  it('"firm": a facility at exactly the discount rate (or below it) adds nothing', async () => {
    expectClose((await solveReference(funding(0.12))).npvUsd, 10e6 - 20e6, 1e-9);
    expectClose((await solveReference(funding(0.05))).npvUsd, 10e6 - 20e6, 1e-9);
    const none = await solveReference(funding(null));
    expect(none.highs.status).toBe('infeasible');
    expect(none.glpk.status).toBe('infeasible');
  });

  it('"firm": a facility dearer than the discount rate costs its spread on what is drawn', async () => {
    const rf = monthlyRate(0.15);
    const spread = rf - monthlyRate(0.12);
    let cost = 0;
    for (let t = 3; t < 24; t++) cost += dfHand(0.12, t) * spread * 15e6 * Math.pow(1 + rf, t - 1 - 2);
    expectClose((await solveReference(funding(0.15))).npvUsd, 10e6 - 20e6 - cost, 1e-9);
  });

  it('"firm": equity costs its issuance and is raised when it is needed', async () => {
    const s = funding(null);
    const r = await solveReference({ ...s, financing: { ...s.financing, equity: { limitUsd: 50e6, issuanceCost: 0.05 } } });
    // $15M must land in month 2: raised = 15M / (1 − 5 %), of which 5 % is lost.
    expectClose(r.npvUsd, 10e6 - 20e6 - dfHand(0.12, 2) * 0.05 * (15e6 / 0.95), 1e-9);
  });

  it('"firm": existing debt counts at face, whatever its coupon and maturity', async () => {
    const s = funding(null);
    for (const maturityMonth of ['2027-03', '2035-01']) {
      const debt = { balanceUsd: 5e6, couponPerYear: 0.08, maturityMonth };
      const r = await solveReference({ ...s, financing: { ...s.financing, minCashUsd: 0, existingDebt: debt } });
      expectClose(r.npvUsd, 10e6 - 5e6, 1e-9);
    }
  });

  it('"firm" with ample cash: a cohort is worth its every flow at its own df_t, terminal value included', async () => {
    const lease = {
      id: 'ai', leaseUsdPerKwMonth: 160, escalatorPerYear: 0.03, termMonths: 120, itMWPerGridMW: 0.75, capexUsdPerMWIt: 8e6,
      tenantCapexShare: 0.1, buildMonths: 12, switchoverMonths: 2, opexUsdPerMWItMonth: 15_000, tenantPaysPower: false,
      blockMW: 0, maxMW: 10, earliestStartMonth: '2027-04', latestStartMonth: '2027-09', renewalProbability: 0.4,
    };
    const s = bare({
      horizonMonths: 36,
      site: { gridMW: 10, hpcEligibleMW: 10, energyUsdPerMWh: 30, miningPue: 1.05, overheadUsdPerMonth: 0 },
      fleet: { installedMW: 0, efficiencyJPerTH: 20, uptime: 1, poolFee: 0, opexUsdPerMWMonth: 0, resaleUsdPerTH: 1 },
      market: { hashprice: flatProjection('2030-01') },
      hpcOptions: [lease],
      financing: { cashUsd: 500e6, minCashUsd: 0, cashYieldPerYear: 0, discountRatePerYear: D },
    });
    const best = Math.max(...[3, 4, 5, 6, 7, 8].map((st) => cohortValuePerMW(lease, 30, st, D, 36).total));
    expect(best).toBeGreaterThan(0);
    expectClose((await solveReference(s)).npvUsd, 500e6 + 10 * best, 1e-9);
  });

  it('"firm": NPV does not change with the cash yield while the covenant does not bind', async () => {
    const [, texas] = presets.find(([f]) => f === 'texas-100mw.json')!;
    const rich = (y: number): RefScenario =>
      withMethod({ ...texas, financing: { ...texas.financing, cashUsd: 2e9, minCashUsd: 0, cashYieldPerYear: y } }, 'firm');
    const [a, b] = await Promise.all([solveReference(rich(0)), solveReference(rich(0.05))]);
    expectClose(b.npvUsd, a.npvUsd, 1e-9);
    // In "equity" valuation the same cash earns its yield into the terminal cash, so the NPV moves.
    const [c, e] = await Promise.all([solveReference(withMethod(rich(0), 'equity')), solveReference(withMethod(rich(0.05), 'equity'))]);
    expect(e.npvUsd! - c.npvUsd!).toBeGreaterThan(1e6);
  });
});

describe('(c) where v1 and v2 coincide, the current model agrees with the reference', () => {
  const cases = [...presets.map(([f, s]) => [f, s] as const), ...generated.map((s) => [s.name, s] as const)];
  let withBuilds = 0;
  it.each(cases)('%s', async (_, s) => {
    const { v1, v2 } = coincident(s);
    const [ref, model] = await Promise.all([solveReference(v2), optimize(ScenarioSchema.parse(v1))]);
    expect(model.status).toBe(ref.status);
    expectClose(model.npvUsd, ref.npvUsd);
    if (model.plan.builds.length) withBuilds++;
  });
  it('the comparison includes optima that build', () => {
    expect(withBuilds).toBeGreaterThanOrEqual(5);
  });
});
