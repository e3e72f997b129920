/**
 * Monte Carlo process and statistics: with zero volatility every path is the deterministic
 * projection (an oracle written here from the formula) and every path's NPV is that of a direct
 * evaluate; the sample means of BTC price and hashrate at month 12 match the process means within 3
 * standard errors (seeded); the helpers on tiny cases.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import {
  ScenarioSchema,
  evaluate,
  evaluatePath,
  histogram,
  miningOnlyPlanOf,
  optimize,
  percentiles,
  samplePath,
  summarise,
  uniformStream,
  type MonteCarloProcess,
  type Scenario,
} from '../../model';

/**
 * A preset without its hashprice floor: the two factors' process as sampled (the floor on the paths
 * is tested in test/model/hashprice-floor.test.ts).
 */
function withoutFloor(id: string): Scenario {
  const s = loadPreset(id) as Scenario;
  const hp = s.market.hashprice;
  return { ...s, market: { ...s.market, hashprice: { ...hp, floor: undefined } as typeof hp } };
}

const scenario = ScenarioSchema.parse({ ...withoutFloor('texas-100mw'), horizonMonths: 24 });
const still: MonteCarloProcess = {
  btc: { volatilityPerYear: 0 },
  network: { volatilityPerYear: 0, correlation: 0.5 },
};
const moving: MonteCarloProcess = {
  btc: { volatilityPerYear: 0.7 },
  network: { volatilityPerYear: 0.3, correlation: 0.6 },
};

/**
 * The projection of docs/model.md, from its text: subsidy 3.125 before the halving, halved every 48
 * months from it.
 */
function oracleProjection(s: Scenario): number[] {
  const hp = s.market.hashprice;
  if (hp.kind !== 'projection') throw new Error('projection expected');
  const [y0, m0] = s.startMonth.split('-').map(Number);
  const [y1, m1] = hp.halvingMonth.split('-').map(Number);
  const h = (y1 - y0) * 12 + (m1 - m0);
  return Array.from({ length: s.horizonMonths }, (_, t) => {
    const subsidy = t < h ? 3.125 : 3.125 / 2 ** (1 + Math.floor((t - h) / 48));
    return (
      (144 * (subsidy + hp.feesBtcPerBlock) * hp.btcUsd * (1 + hp.btcGrowthPerYear) ** (t / 12)) /
      (hp.networkEhs * 1000 * (1 + hp.networkGrowthPerYear) ** (t / 12))
    );
  });
}

const withSeries = (s: Scenario, usdPerPhDay: number[]): Scenario => ({
  ...s,
  market: { ...s.market, hashprice: { kind: 'series', usdPerPhDay } },
});

describe('the process with zero volatility', () => {
  it('gives the deterministic projection on every path, whatever the seed', () => {
    const expected = oracleProjection(scenario);
    for (const [seed, index] of [
      [0, 0],
      [1, 5],
      [123456, 99],
    ]) {
      const got = samplePath(scenario, still, seed, index).usdPerPhDay;
      // The volatility factors are exactly 1; what is left is the order of the formula's products
      // (a few ulps).
      got.forEach((v, t) => expect(Math.abs(v / expected[t] - 1)).toBeLessThan(1e-14));
    }
  });

  it('halves the subsidy every 48 months from the halving month, before the start too', () => {
    const base = withoutFloor('texas-100mw');
    const s = ScenarioSchema.parse({
      ...base,
      horizonMonths: 120,
      market: { ...base.market, hashprice: { ...base.market.hashprice, halvingMonth: '2024-04' } },
    });
    const got = samplePath(s, still, 1, 0).usdPerPhDay;
    oracleProjection(s).forEach((v, t) => expect(got[t] / v).toBeCloseTo(1, 12));
  });

  it('gives every path the NPV of a direct evaluate of the projection, for the plan and mining only', async () => {
    const best = await optimize(scenario);
    expect(best.status).toBe('optimal');
    const direct = await evaluate(withSeries(scenario, oracleProjection(scenario)), best.plan);
    const directMining = await evaluate(
      withSeries(scenario, oracleProjection(scenario)),
      miningOnlyPlanOf(best.plan),
    );
    const job = {
      scenario,
      plan: best.plan,
      miningOnlyPlan: miningOnlyPlanOf(best.plan),
      seed: 42,
      process: still,
    };
    for (const i of [0, 1, 2, 7]) {
      const o = await evaluatePath(job, i);
      expect(o.npvUsd! / direct.npvUsd!).toBeCloseTo(1, 9);
      expect(o.miningOnlyNpvUsd! / directMining.npvUsd!).toBeCloseTo(1, 9);
      expect(o.minLiquidityUsd! / direct.kpis!.minLiquidityUsd!).toBeCloseTo(1, 9);
    }
  }, 120_000);
});

describe('the process with volatility', () => {
  it('has the sample mean of BTC price and hashrate at month 12 within 3 standard errors of the process mean', () => {
    const n = 4000;
    const btc: number[] = [];
    const net: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = samplePath(scenario, moving, 2026, i);
      btc.push(p.btcUsd[12]);
      net.push(p.networkEhs[12]);
    }
    const hp = scenario.market.hashprice as {
      btcUsd: number;
      btcGrowthPerYear: number;
      networkEhs: number;
      networkGrowthPerYear: number;
    };
    const check = (xs: number[], mean: number) => {
      const m = xs.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
      expect(Math.abs(m - mean)).toBeLessThan((3 * sd) / Math.sqrt(n));
      // The spread is the lognormal one, not zero: the check above has teeth.
      expect(sd / mean).toBeGreaterThan(0.1);
    };
    check(btc, hp.btcUsd * (1 + hp.btcGrowthPerYear));
    check(net, hp.networkEhs * (1 + hp.networkGrowthPerYear));
  });

  it('correlates the monthly log-returns of the two factors as asked', () => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      const p = samplePath(scenario, moving, 9, i);
      for (let t = 1; t < 24; t++) {
        x.push(Math.log(p.btcUsd[t] / p.btcUsd[t - 1]));
        y.push(Math.log(p.networkEhs[t] / p.networkEhs[t - 1]));
      }
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(x);
    const my = mean(y);
    let sxy = 0,
      sxx = 0,
      syy = 0;
    x.forEach((_, k) => {
      sxy += (x[k] - mx) * (y[k] - my);
      sxx += (x[k] - mx) ** 2;
      syy += (y[k] - my) ** 2;
    });
    // 9,200 pairs: the sample correlation's standard error is about (1 − ρ²)/√n ≈ 0.007.
    expect(sxy / Math.sqrt(sxx * syy)).toBeCloseTo(0.6, 1);
  });

  it('gives a path the same values for the same (seed, index), and other values for another index or seed', () => {
    const a = samplePath(scenario, moving, 5, 3).usdPerPhDay;
    expect(samplePath(scenario, moving, 5, 3).usdPerPhDay).toEqual(a);
    expect(samplePath(scenario, moving, 5, 4).usdPerPhDay).not.toEqual(a);
    expect(samplePath(scenario, moving, 6, 3).usdPerPhDay).not.toEqual(a);
  });

  it('draws uniforms strictly inside (0, 1) with mean 1/2', () => {
    const u = uniformStream(1, 0);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = u();
      expect(v > 0 && v < 1).toBe(true);
      sum += v;
    }
    // Standard error of the mean: √(1/12)/100 ≈ 0.0029.
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.0087);
  });
});

describe('statistics', () => {
  it('takes percentiles by linear interpolation between order statistics', () => {
    expect(percentiles([5, 1, 4, 2, 3])).toEqual({
      p5: 1.2,
      p10: 1.4,
      p25: 2,
      p50: 3,
      p75: 4,
      p90: 4.6,
      p95: 4.8,
    });
    expect(percentiles([])).toBeNull();
  });

  it('puts both samples on the same bins, every value counted once', () => {
    const h = histogram([0, 1, 2, 10], [5, 10], 5);
    expect(h.edgesUsd).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.plan).toEqual([2, 1, 0, 0, 1]);
    expect(h.miningOnly).toEqual([0, 0, 1, 0, 1]);
  });

  it('summarises unfunded paths by their first month and counts a plan with no mining NPV as beating it', () => {
    const row = (
      index: number,
      npvUsd: number | null,
      miningOnlyNpvUsd: number | null,
      month: string | null = null,
    ) => ({
      index,
      status: npvUsd === null ? 'infeasible' : 'optimal',
      npvUsd,
      peakDebtUsd: npvUsd === null ? null : 10,
      minCovenantHeadroomUsd: npvUsd === null ? null : 1,
      firstUnfundedMonth: month,
      miningOnlyStatus: miningOnlyNpvUsd === null ? 'infeasible' : 'optimal',
      miningOnlyNpvUsd,
    });
    const s = summarise(3, [
      row(2, null, 5, '2027-06'),
      row(0, 10, 5),
      row(1, 4, 5),
      row(3, 1, null),
    ]);
    expect(s.paths).toBe(4);
    expect(s.plan.unfundedShare).toBe(0.25);
    expect(s.plan.firstUnfundedMonths).toEqual({ '2027-06': 1 });
    expect(s.probabilityConversionBeatsMining).toBe(0.5);
    expect(s.plan.meanNpvUsd).toBe(5);
    expect(s.miningOnly.meanNpvUsd).toBe(5);
  });

  it('reports the percentiles of the paths’ least liquidity beside their covenant headroom', () => {
    const row = (index: number, minLiquidityUsd: number | null) => ({
      index,
      status: minLiquidityUsd === null ? 'infeasible' : 'optimal',
      npvUsd: minLiquidityUsd === null ? null : 1,
      peakDebtUsd: null,
      minCovenantHeadroomUsd: null,
      minLiquidityUsd,
      firstUnfundedMonth: null,
      miningOnlyStatus: 'optimal',
      miningOnlyNpvUsd: 0,
    });
    const s = summarise(1, [row(0, 30), row(1, null), row(2, 10), row(3, 20)]);
    expect(s.plan.minLiquidityPercentilesUsd?.p50).toBe(20);
    expect(s.plan.minLiquidityPercentilesUsd?.p5).toBe(11);
    expect(s.plan.minCovenantHeadroomPercentilesUsd).toBeNull();
  });
});
