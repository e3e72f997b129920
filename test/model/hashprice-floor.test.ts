/**
 * The hashprice floor (docs/model.md, "Hashprice floor (v3)"): floor_t by hand, the projection
 * raised to it and no further, the network hashrate the answer reports, the floor in two-stage
 * cases and on Monte Carlo paths, every answer unchanged by an inert floor, and what the presets'
 * floor does to the mining-only plan of texas-100mw.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import {
  casesOf,
  defaultParameters,
  evaluate,
  floorPath,
  hashpriceFloorAt,
  hashpricePath,
  optimize,
  readParameter,
  samplePath,
  ScenarioSchema,
  type HashpriceProjection,
  type MonthRow,
  type Scenario,
  type ScenarioInput,
} from '../../model';

type Floor = {
  marginalJPerTH: number;
  powerUsdPerMWh: number;
  efficiencyGainPerYear?: number;
  otherCostUsdPerPhDay?: number;
};
type Projection = Extract<ScenarioInput['market']['hashprice'], { kind: 'projection' }>;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** A preset with its projection's floor replaced (`null`: no floor). */
function withFloor(id: string, floor: Floor | null, extra: Record<string, unknown> = {}): Scenario {
  const s = structuredClone(loadPreset(id)) as ScenarioInput;
  const { floor: _, ...hp } = s.market.hashprice as Projection;
  return ScenarioSchema.parse({
    ...s,
    ...extra,
    market: { ...s.market, hashprice: floor ? { ...hp, floor } : hp },
  });
}

/** The projection's own value of month t, from docs/model.md's formula (h: the halving's index). */
function projected(hp: Projection, t: number, h: number): number {
  const subsidy = t < h ? 3.125 : 3.125 / 2 ** (1 + Math.floor((t - h) / 48));
  const btc = hp.btcUsd * (1 + hp.btcGrowthPerYear) ** (t / 12);
  const network = hp.networkEhs * 1000 * (1 + hp.networkGrowthPerYear) ** (t / 12);
  return (144 * (subsidy + hp.feesBtcPerBlock) * btc) / network;
}

const projectionOf = (s: Scenario) => s.market.hashprice as HashpriceProjection;
/** texas-100mw starts 2027-01; the halving of 2028-04 is month 15. */
const HALVING = 15;

describe('floor_t, by hand', () => {
  const floor = {
    marginalJPerTH: 20,
    powerUsdPerMWh: 50,
    efficiencyGainPerYear: 0.25,
    otherCostUsdPerPhDay: 1.5,
  };
  it('is 0.024 × J/TH × (1 − gain)^(t/12) × $/MWh + other cost', () => {
    // 0.024 × 20 × 50 = 24 $/PH/day of power at the start.
    expect(Math.abs(hashpriceFloorAt(floor, 0) - 25.5)).toBeLessThan(1e-12);
    // (0.75)^(6/12) = √3/2: 24 × √3/2 = 12√3.
    expect(Math.abs(hashpriceFloorAt(floor, 6) - (12 * Math.sqrt(3) + 1.5))).toBeLessThan(1e-12);
    // (0.75)^2 = 0.5625: 24 × 0.5625 = 13.5.
    expect(Math.abs(hashpriceFloorAt(floor, 24) - 15)).toBeLessThan(1e-12);
    // S19 XP-class at $60/MWh, no gain: 0.024 × 21.5 × 60 = 30.96.
    const xp = { marginalJPerTH: 21.5, powerUsdPerMWh: 60, efficiencyGainPerYear: 0 };
    expect(Math.abs(hashpriceFloorAt({ ...xp, otherCostUsdPerPhDay: 0 }, 40) - 30.96)).toBe(
      Math.abs(0.024 * 21.5 * 60 - 30.96),
    );
  });

  it('defaults the gain and the other cost to 0, and names the field at fault', () => {
    const s = withFloor('texas-100mw', { marginalJPerTH: 21.5, powerUsdPerMWh: 60 });
    expect(projectionOf(s).floor).toEqual({
      marginalJPerTH: 21.5,
      powerUsdPerMWh: 60,
      efficiencyGainPerYear: 0,
      otherCostUsdPerPhDay: 0,
    });
    const bad = structuredClone(loadPreset('texas-100mw')) as ScenarioInput;
    (bad.market.hashprice as Projection).floor = {
      marginalJPerTH: 0.5,
      powerUsdPerMWh: -1,
      efficiencyGainPerYear: 1,
    };
    const r = ScenarioSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'market.hashprice.floor.marginalJPerTH: must be ≥ 1 J/TH',
        'market.hashprice.floor.powerUsdPerMWh: must be ≥ 0',
        expect.stringMatching(/^market\.hashprice\.floor\.efficiencyGainPerYear: must be ≤ 0\.9/),
      ]),
    );
  });
});

describe('the hashprice path with a floor', () => {
  const floor = { marginalJPerTH: 20, powerUsdPerMWh: 50, efficiencyGainPerYear: 0.05 };
  const s = withFloor('texas-100mw', floor, { horizonMonths: 120 });
  const hp = projectionOf(s);
  const months = s.horizonMonths + s.valuation.merchantTailMonths;
  const path = hashpricePath(s, months);

  it('is the projection where it lies above the floor and the floor where it lies below, past the horizon too', () => {
    let above = 0;
    let below = 0;
    for (let t = 0; t < months; t++) {
      const p = projected(hp, t, HALVING);
      const f = 0.024 * 20 * 0.95 ** (t / 12) * 50;
      if (p >= f) {
        above++;
        expect(rel(path[t], p)).toBeLessThan(1e-12);
      } else {
        below++;
        expect(path[t]).toBe(hashpriceFloorAt(hp.floor!, t));
        expect(Math.abs(path[t] - f)).toBeLessThan(1e-12);
      }
    }
    // Both sides occur: before the 2028 halving above, after it below.
    expect(path[0]).toBeGreaterThan(24);
    expect(above).toBeGreaterThan(10);
    expect(below).toBeGreaterThan(10);
    expect(months).toBeGreaterThan(s.horizonMonths);
    expect(floorPath(s, months)).toHaveLength(months);
  });

  it('reports the floor and the network hashrate it implies in the answer months (and none for a series)', async () => {
    const r = await optimize(ScenarioSchema.parse({ ...s, horizonMonths: 60 }));
    const rows = r.months;
    for (const [t, m] of rows.entries()) {
      const p = projected(hp, t, HALVING);
      const network = hp.networkEhs * 1.25 ** (t / 12);
      expect(m.hashpriceFloorUsdPerPhDay).toBe(hashpriceFloorAt(hp.floor!, t));
      // The network's revenue over the hashprice: the projection's network where the floor does
      // not bind, less where it does.
      expect(rel(m.networkEhs!, (network * p) / m.hashpriceUsdPerPhDay)).toBeLessThan(1e-12);
      if (m.hashpriceUsdPerPhDay > p) expect(m.networkEhs!).toBeLessThan(network);
      else expect(rel(m.networkEhs!, network)).toBeLessThan(1e-12);
    }
    const series = ScenarioSchema.parse({
      ...s,
      horizonMonths: 24,
      market: { hashprice: { kind: 'series', usdPerPhDay: Array(24).fill(40) } },
    });
    const plain = await optimize(series);
    expect(plain.months.some((m) => 'networkEhs' in m || 'hashpriceFloorUsdPerPhDay' in m)).toBe(
      false,
    );
  }, 60_000);
});

describe('an inert floor (0 $/MWh) leaves every answer as it was', () => {
  const inert = { marginalJPerTH: 21.5, powerUsdPerMWh: 0 };
  const numbers = (rows: readonly MonthRow[]) =>
    rows.map((m) =>
      Object.entries(m).filter(
        ([k, v]) => typeof v === 'number' && k !== 'hashpriceFloorUsdPerPhDay',
      ),
    );

  it.each(['texas-100mw', 'river-bend', 'ercot-flex'])(
    '%s: optimize and evaluate',
    async (id) => {
      const none = withFloor(id, null);
      const zero = withFloor(id, inert);
      expect(hashpricePath(zero, 300)).toEqual(hashpricePath(none, 300));
      const [a, b] = await Promise.all([optimize(none), optimize(zero)]);
      expect(rel(b.npvUsd!, a.npvUsd!)).toBeLessThan(1e-9);
      expect(rel(b.kpis!.npvVsMiningOnlyUsd!, a.kpis!.npvVsMiningOnlyUsd!)).toBeLessThan(1e-9);
      const [na, nb] = [numbers(a.months), numbers(b.months)];
      nb.forEach((row, t) =>
        row.forEach(([k, v], j) => {
          expect(k).toBe(na[t][j][0]);
          expect(rel(v as number, na[t][j][1] as number)).toBeLessThan(1e-9);
        }),
      );
      const e = await evaluate(zero, a.plan);
      expect(rel(e.npvUsd!, a.npvUsd!)).toBeLessThan(1e-9);
    },
    120_000,
  );

  it('two-stage cases: the same paths and the same optimum', async () => {
    const uncertainty = {
      scenarios: [
        { name: 'bear', probability: 0.3, hashpriceMultiplier: 0.5 },
        { name: 'bull', probability: 0.7, hashpriceMultiplier: 1.5 },
      ],
    };
    const none = withFloor('texas-100mw', null, { uncertainty });
    const zero = withFloor('texas-100mw', inert, { uncertainty });
    expect(casesOf(zero)).toEqual(casesOf(none));
    const [a, b] = await Promise.all([optimize(none), optimize(zero)]);
    expect(rel(b.npvUsd!, a.npvUsd!)).toBeLessThan(1e-9);
  }, 120_000);
});

describe('two-stage cases from a projection with a floor', () => {
  const floor = { marginalJPerTH: 21.5, powerUsdPerMWh: 60, efficiencyGainPerYear: 0.2 };
  const own = Array.from({ length: 60 }, () => 5);
  const s = withFloor('texas-100mw', floor, {
    uncertainty: {
      scenarios: [
        { name: 'bear', probability: 0.3, hashpriceMultiplier: 0.5 },
        { name: 'bull', probability: 0.5, hashpriceMultiplier: 1.5 },
        { name: 'given', probability: 0.2, usdPerPhDay: own },
      ],
    },
  });
  const hp = projectionOf(s);

  it('apply the multiplier to the projection and then the floor; a case’s own series is as given', () => {
    const [bear, bull, given] = casesOf(s);
    for (let t = 0; t < s.horizonMonths + s.valuation.merchantTailMonths; t++) {
      const f = hashpriceFloorAt(hp.floor!, t);
      const p = projected(hp, t, HALVING);
      // Before the reveal (month 12) every case is the base path: the projection raised to the floor.
      const mult = (m: number) => (t < 12 ? Math.max(p, f) : Math.max(m * p, f));
      expect(rel(bear.hashprice[t], mult(0.5))).toBeLessThan(1e-12);
      expect(rel(bull.hashprice[t], mult(1.5))).toBeLessThan(1e-12);
      expect(bear.hashprice[t]).toBeGreaterThanOrEqual(f);
      expect(given.hashprice[t]).toBe(t < 12 ? bear.hashprice[t] : 5);
    }
  });

  it('solve, each case with its own floored path and the network it implies', async () => {
    const r = await optimize(s);
    expect(r.status).toBe('optimal');
    const [bear] = casesOf(s);
    const rows = r.scenarios!.find((c) => c.name === 'bear')!.months;
    rows.forEach((m, t) => {
      expect(m.hashpriceUsdPerPhDay).toBe(bear.hashprice[t]);
      expect(m.hashpriceFloorUsdPerPhDay).toBe(hashpriceFloorAt(hp.floor!, t));
      const network = hp.networkEhs * 1.25 ** (t / 12);
      expect(
        rel(m.networkEhs!, (network * projected(hp, t, HALVING)) / m.hashpriceUsdPerPhDay),
      ).toBeLessThan(1e-12);
    });
  }, 120_000);
});

describe('Monte Carlo paths with a floor', () => {
  const s = withFloor(
    'texas-100mw',
    { marginalJPerTH: 21.5, powerUsdPerMWh: 60, efficiencyGainPerYear: 0.2 },
    { horizonMonths: 60 },
  );
  const hp = projectionOf(s);
  const moving = {
    btc: { volatilityPerYear: 0.7 },
    network: { volatilityPerYear: 0.3, correlation: 0.6 },
  };

  it('never go below floor_t, and where they sit on it the network is the one the floor implies', () => {
    let bound = 0;
    for (let i = 0; i < 300; i++) {
      const p = samplePath(s, moving, 17, i);
      p.usdPerPhDay.forEach((v, t) => {
        const f = hashpriceFloorAt(hp.floor!, t);
        expect(v).toBeGreaterThanOrEqual(f);
        const subsidy = t < HALVING ? 3.125 : 1.5625;
        const revenue = 144 * (subsidy + hp.feesBtcPerBlock) * p.btcUsd[t];
        expect(rel(revenue / (p.networkEhs[t] * 1000), v)).toBeLessThan(1e-12);
        if (v === f) bound++;
      });
    }
    expect(bound).toBeGreaterThan(1000);
  });

  it('with zero volatility are the deterministic path', () => {
    const still = {
      btc: { volatilityPerYear: 0 },
      network: { volatilityPerYear: 0, correlation: 0 },
    };
    expect(samplePath(s, still, 3, 1).usdPerPhDay).toEqual(hashpricePath(s));
  });

  it('are the v2 paths, floor aside: max(v2 path, floor_t) month by month', () => {
    const v2 = withFloor('texas-100mw', null, { horizonMonths: 60 });
    for (let i = 0; i < 20; i++) {
      const a = samplePath(v2, moving, 4, i).usdPerPhDay;
      const b = samplePath(s, moving, 4, i).usdPerPhDay;
      b.forEach((v, t) => expect(v).toBe(Math.max(a[t], hashpriceFloorAt(hp.floor!, t))));
    }
  });
});

describe('analyses', () => {
  it('reach the floor by dot path and put it on the tornado when it is set', () => {
    const s = withFloor('texas-100mw', {
      marginalJPerTH: 21.5,
      powerUsdPerMWh: 60,
      efficiencyGainPerYear: 0.2,
    });
    expect(readParameter(s, 'market.hashprice.floor.marginalJPerTH')).toBe(21.5);
    expect(readParameter(s, 'market.hashprice.floor.otherCostUsdPerPhDay')).toBe(0);
    const params = defaultParameters(s);
    expect(params).toContain('market.hashprice.floor.powerUsdPerMWh');
    expect(params).toContain('market.hashprice.floor.efficiencyGainPerYear');
    expect(defaultParameters(withFloor('texas-100mw', null)).join()).not.toContain('floor');
    expect(() =>
      readParameter(withFloor('texas-100mw', null), 'market.hashprice.floor.powerUsdPerMWh'),
    ).toThrow(/not set/);
  });
});

describe('texas-100mw with the preset’s floor: the mining-only plan', () => {
  /** The mining-only plan: the preset with no offer (its optimum is kpis.miningOnlyNpvUsd). */
  const miningOnly = (s: Scenario) => optimize({ ...s, hpcOptions: [] });

  /**
   * Every month from the halving on where the existing fleet is held and its margin at the month's
   * hashprice (the floor, where it binds) is positive: the fleet runs. Returns those months.
   */
  async function runsWherePaid(s: Scenario): Promise<string[]> {
    const r = await miningOnly(s);
    expect(r.status).toBe('optimal');
    const breakeven = r.breakevens!.existingUsdPerPhDay;
    const paid = r.months
      .slice(HALVING)
      .filter((m) => m.fleetExistingHeldMW > 1e-6 && m.hashpriceUsdPerPhDay > breakeven);
    for (const m of paid) expect(m.miningExistingMW).toBeCloseTo(m.fleetExistingHeldMW, 6);
    return paid.map((m) => m.month);
  }

  it('runs the fleet it holds in every month after the halving where its margin at the floor is > 0', async () => {
    const preset = ScenarioSchema.parse(loadPreset('texas-100mw'));
    expect(projectionOf(preset).floor).toBeDefined();
    await runsWherePaid(preset);
  }, 60_000);

  it('keeps the fleet running after the halving while the floor stays above its breakeven', async () => {
    // The preset's floor falling 5 %/yr instead of 20 %: above the S21 fleet's cash breakeven for
    // the whole horizon.
    const preset = ScenarioSchema.parse(loadPreset('texas-100mw'));
    const slow = withFloor('texas-100mw', {
      ...projectionOf(preset).floor!,
      efficiencyGainPerYear: 0.05,
    });
    const months = await runsWherePaid(slow);
    expect(months.length).toBe(slow.horizonMonths - HALVING);
    const r = await miningOnly(slow);
    r.months.slice(HALVING).forEach((m) => expect(m.miningMW).toBeGreaterThan(0));
    // Without a floor the same plan sells the fleet before the halving and idles.
    const none = await miningOnly(withFloor('texas-100mw', null));
    none.months.slice(HALVING).forEach((m) => expect(m.miningMW).toBe(0));
  }, 60_000);
});
