/**
 * @module reference.test — checks of the independent v2 reference (reference/build,
 * reference/solve): (a) HiGHS and GLPK agree on every generated scenario and every preset; (b)
 * hand-worked figures straight from docs/model.md's conventions (halvings every 48 months, ASIC
 * prices indexed
 *     to hashprice, the v2 start window, the merchant tail, "firm" valuation's financing frictions and cash yield);
 * (c) where v1 and v2 coincide ("equity" valuation, flat ASIC prices, no merchant tail, one halving
 * in the
 *     horizon, every build commencing inside it) the current model/ agrees with the reference.
 * The hand figures (hand-cases.ts) use test/model/hand/arithmetic.ts, which shares no code with the
 * reference; the hand-worked tax cases (test/model/tax-cases.ts) work the "Tax" rules in order
 * without an LP.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optimize, ScenarioSchema } from '../../../model/index';
import { thPerGridMW } from '../hand/arithmetic';
import { taxHandCases } from '../tax-cases';
import { buildReference } from './build';
import { coincident, generateScenarios, tightFunding } from './generate';
import { bare, flatProjection, handCases, lateLease } from './hand-cases';
import { fleetFigures, hashpriceMonths, isSupported, type RefScenario } from './scenario';
import { solveMiningOnly, solveReference } from './solve';

const REL = 1e-6;
const presetDir = new URL('../../../data/presets/', import.meta.url);
const allPresets: [string, RefScenario][] = readdirSync(presetDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, presetDir), 'utf8')) as RefScenario]);
// The reference models v2 without power markets, clouds and tenant credit: a preset with them is
// checked by GLPK on /api/lp and the evaluator (test/api/agreement.test.ts) and by the hand-worked
// cases (test/model/cloud.test.ts …).
const presets = allPresets.filter(([, s]) => isSupported(s));
const generated = generateScenarios();

function expectClose(actual: number | null, expected: number | null, rel = REL): void {
  expect(actual).not.toBeNull();
  expect(expected).not.toBeNull();
  expect(Math.abs(actual! - expected!)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected!)));
}

const withMethod = (s: RefScenario, method: 'firm' | 'equity'): RefScenario => ({
  ...s,
  valuation: { ...s.valuation, method },
});

describe('independence', () => {
  it('models every preset except the one with a power market, a cloud and tenant credit, and the portfolio', () => {
    expect(allPresets.filter(([, s]) => !isSupported(s)).map(([f]) => f)).toEqual([
      'ercot-flex.json',
      'riot-portfolio.json',
    ]);
  });

  it('the reference imports nothing from model/', () => {
    for (const f of ['scenario.ts', 'build.ts', 'solve.ts', 'generate.ts']) {
      const src = readFileSync(new URL(f, import.meta.url), 'utf8');
      const specs = [...src.matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'/g)].map(
        (m) => m[1] ?? m[2],
      );
      expect(
        specs.filter((p) => /model\/|^\.\.\//.test(p)),
        f,
      ).toEqual([]);
    }
  });
});

describe("the scenarios use the contract's field names", () => {
  // The v1 schema is strict: with the v2-only fields left out (and a series cut to T values, as v1
  // requires), every generated and hand-worked scenario must parse, so no field is misspelt.
  const asV1 = (s: RefScenario): unknown => {
    const { valuation: _v, ...rest } = s;
    const hp = s.market.hashprice;
    return {
      ...rest,
      market: {
        hashprice:
          hp.kind === 'series'
            ? { ...hp, usdPerPhDay: hp.usdPerPhDay.slice(0, s.horizonMonths) }
            : hp,
      },
      hpcOptions: s.hpcOptions.map(({ latestStartMonth: _l, ...o }) => o),
    };
  };
  it.each([...generated, ...handCases().map((c) => c.scenario)].map((s, i) => [i, s] as const))(
    'scenario %i',
    (_, s) => {
      const parsed = ScenarioSchema.safeParse(asV1(s));
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    },
  );
});

describe('(a) HiGHS and GLPK agree on the reference LP', () => {
  it('generates at least 30 scenarios covering the features', () => {
    expect(generated.length).toBeGreaterThanOrEqual(30);
    const has = (p: (s: RefScenario) => boolean) => generated.some(p);
    expect(
      has((s) => s.market.hashprice.kind === 'series') &&
        has((s) => s.market.hashprice.kind === 'projection'),
    ).toBe(true);
    for (const k of ['facility', 'projectDebt', 'equity', 'existingDebt'] as const) {
      expect(
        has((s) => s.financing[k] !== undefined) && has((s) => s.financing[k] === undefined),
      ).toBe(true);
    }
    expect(
      has((s) => s.valuation?.method === 'equity') &&
        has((s) => (s.valuation?.method ?? 'firm') === 'firm'),
    ).toBe(true);
    expect(new Set(generated.map((s) => s.hpcOptions.length))).toEqual(new Set([0, 1, 2, 3]));
    expect(Math.min(...generated.map((s) => s.horizonMonths))).toBe(24);
    expect(Math.max(...generated.map((s) => s.horizonMonths))).toBe(120);
  });

  // How many optima use each feature, so that agreement is not vacuous for it.
  const used: Record<string, number> = {};
  const uses = (v: ReadonlyMap<string, number>, prefix: RegExp) =>
    [...v].some(([k, x]) => prefix.test(k) && x > 1e-6);
  it.each(generated.map((s) => [s.name, s] as const))('%s', async (_, s) => {
    const [r, mining] = await Promise.all([solveReference(s), solveMiningOnly(s)]);
    expect(r.highs.status).toBe('optimal');
    expect(r.glpk.status).toBe(r.highs.status);
    expectClose(r.glpk.npvUsd, r.highs.npvUsd);
    expect(r.violation).toBeLessThan(1e-6);
    // Builds are optional: the optimum is worth at least the mining-only plan.
    expect(r.npvUsd!).toBeGreaterThanOrEqual(mining.npvUsd! - REL * Math.abs(mining.npvUsd!));
    const v = r.values!;
    const minCash = s.financing.minCashUsd / 1e6;
    const flags = {
      build: uses(v, /^x\d/),
      refresh: uses(v, /^buy1_/),
      tail: uses(v, /^keep/),
      facility: uses(v, /^fac_/),
      projectDebt: uses(v, /^pd_/),
      equity: uses(v, /^eq_/),
      covenant: [...v].some(([k, x]) => /^cash_/.test(k) && x < minCash + 1e-7),
    };
    for (const [k, on] of Object.entries(flags)) used[k] = (used[k] ?? 0) + (on ? 1 : 0);
  });
  it('the generated optima build, refresh, keep a tail, draw each financing source and meet the covenant', () => {
    for (const k of ['build', 'refresh', 'tail', 'facility', 'projectDebt', 'equity', 'covenant'])
      expect(used[k], k).toBeGreaterThanOrEqual(4);
  });

  const tight = generated.map((s, i) => tightFunding(s, i));
  let infeasible = 0;
  it.each(tight.map((s) => [s.name, s] as const))('%s', async (_, s) => {
    const r = await solveReference(s);
    expect(['optimal', 'infeasible']).toContain(r.highs.status);
    expect(r.glpk.status).toBe(r.highs.status);
    if (r.npvUsd !== null) expectClose(r.glpk.npvUsd, r.highs.npvUsd);
    if (r.status === 'infeasible') infeasible++;
  });
  it('a fixed unfundable case is infeasible for both solvers', async () => {
    const s = JSON.parse(
      readFileSync(new URL('fixtures/unfundable.json', import.meta.url), 'utf8'),
    ) as RefScenario;
    for (const method of ['firm', 'equity'] as const) {
      const r = await solveReference(withMethod(s, method));
      expect([r.highs.status, r.glpk.status]).toEqual(['infeasible', 'infeasible']);
    }
  });
  it('tight funding makes some scenarios infeasible and leaves others feasible', () => {
    expect(infeasible).toBeGreaterThanOrEqual(4);
    expect(infeasible).toBeLessThanOrEqual(tight.length - 4);
  });

  it.each(
    presets.flatMap(([f, s]) =>
      (['firm', 'equity'] as const).map((m) => [`${f} ${m}`, withMethod(s, m)] as const),
    ),
  )('%s', async (_, s) => {
    const r = await solveReference(s);
    expect(r.highs.status).toBe('optimal');
    expect(r.glpk.status).toBe('optimal');
    expectClose(r.glpk.npvUsd, r.highs.npvUsd);
  });
});

// (b) Hand-worked cases: hand-cases.ts holds the LP-level ones (also checked against the v2 model
// by agreement.test); the checks of the hashprice path and the start window read the reference's
// own functions.
describe('(b) hand-worked checks', () => {
  it.each(handCases().map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const r = await solveReference(c.scenario);
    expect(r.highs.status).toBe(c.expected.status);
    expect(r.glpk.status).toBe(c.expected.status);
    if (c.expected.npvUsd !== null) {
      expectClose(r.highs.npvUsd, c.expected.npvUsd, 1e-9);
      expectClose(r.glpk.npvUsd, c.expected.npvUsd, 1e-9);
    }
  });

  // v3 "Tax": the hand-worked tax cases (tax-cases.ts: the rules in order, no LP), to 1e-9.
  it.each(taxHandCases().map((c) => [c.name, c] as const))('tax %s', async (_, c) => {
    const r = await solveReference(c.scenario as RefScenario);
    expect([r.highs.status, r.glpk.status]).toEqual(['optimal', 'optimal']);
    expectClose(r.highs.npvUsd, c.npvUsd, 1e-9);
    expectClose(r.glpk.npvUsd, c.npvUsd, 1e-9);
  });

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
    const hp = hashpriceMonths(
      bare({ horizonMonths: 60, market: { hashprice: flatProjection('2024-04') } }),
      60,
    );
    expect(hp[0]).toBeCloseTo(12.96 * 1.5625, 12); // 2027-01: 33 months after 2024-04
    expect(hp[14]).toBeCloseTo(12.96 * 1.5625, 12);
    expect(hp[15]).toBeCloseTo(12.96 * 0.78125, 12); // 2028-04
  });

  it('a series holds its last horizon value past the horizon; values past T are ignored', () => {
    const s = bare({
      horizonMonths: 24,
      market: { hashprice: { kind: 'series', usdPerPhDay: [...Array(23).fill(30), 31, 99, 99] } },
    });
    const hp = hashpriceMonths(s, 30);
    expect(hp.slice(23)).toEqual(Array(7).fill(31));
    expect(() =>
      hashpriceMonths(
        bare({ horizonMonths: 24, market: { hashprice: { kind: 'series', usdPerPhDay: [30] } } }),
        24,
      ),
    ).toThrow();
  });

  it('every ASIC price of a month where hashprice has halved is half the given price', () => {
    const s = bare({ horizonMonths: 24, market: { hashprice: flatProjection('2028-01') } }); // halving at t = 12
    const hp = hashpriceMonths(s, 24);
    const fig = fleetFigures(s, hp, 20, 1, 16);
    const th = thPerGridMW(20, 1.05);
    expect(fig.resaleUsd[11]).toBeCloseTo(th, 6);
    expect(fig.resaleUsd[12]).toBeCloseTo(th / 2, 6);
    expect(fig.priceUsd[12]).toBeCloseTo((16 * th) / 2, 6);
  });

  it('a build that cannot commence within the horizon has no columns; start windows are inclusive', () => {
    const base = bare({ horizonMonths: 24, market: { hashprice: flatProjection('2030-01') } });
    const lp = buildReference({ ...base, hpcOptions: [lateLease] });
    expect(lp.starts.late).toEqual([]);
    expect(lp.notes.join(' ')).toMatch(/late cannot commence/);
    expect(lp.columns.some((c) => c.name.startsWith('x0_'))).toBe(false);
    // s + buildMonths ≤ T − 1: b = 12 in 24 months starts in 0 … 11; the window cuts it.
    expect(
      buildReference({ ...base, hpcOptions: [{ ...lateLease, buildMonths: 12 }] }).starts.late,
    ).toEqual([...Array(12).keys()]);
    const windowed = {
      ...lateLease,
      buildMonths: 12,
      earliestStartMonth: '2027-04',
      latestStartMonth: '2027-06',
    };
    expect(buildReference({ ...base, hpcOptions: [windowed] }).starts.late).toEqual([3, 4, 5]);
    expect(() =>
      buildReference({ ...base, hpcOptions: [{ ...windowed, latestStartMonth: '2027-03' }] }),
    ).toThrow();
    // An earliest start past the horizon with no expiry, or an expiry before startMonth: no start,
    // not an error.
    expect(
      buildReference({
        ...base,
        hpcOptions: [{ ...lateLease, buildMonths: 12, earliestStartMonth: '2030-01' }],
      }).starts.late,
    ).toEqual([]);
    expect(
      buildReference({
        ...base,
        hpcOptions: [{ ...lateLease, buildMonths: 12, latestStartMonth: '2026-12' }],
      }).starts.late,
    ).toEqual([]);
    // With blocks, only decision months (every 3 months from month 0) inside the window.
    const blocks = { ...lateLease, buildMonths: 12, blockMW: 5 };
    expect(buildReference({ ...base, hpcOptions: [blocks] }).starts.late).toEqual([0, 3, 6, 9]);
  });

  it('"firm": NPV does not change with the cash yield while the covenant does not bind', async () => {
    const [, texas] = presets.find(([f]) => f === 'texas-100mw.json')!;
    const rich = (y: number): RefScenario =>
      withMethod(
        {
          ...texas,
          financing: { ...texas.financing, cashUsd: 2e9, minCashUsd: 0, cashYieldPerYear: y },
        },
        'firm',
      );
    const [a, b] = await Promise.all([solveReference(rich(0)), solveReference(rich(0.05))]);
    expectClose(b.npvUsd, a.npvUsd, 1e-9);
    // In "equity" valuation the same cash earns its yield into the terminal cash, so the NPV moves.
    const [c, e] = await Promise.all([
      solveReference(withMethod(rich(0), 'equity')),
      solveReference(withMethod(rich(0.05), 'equity')),
    ]);
    expect(e.npvUsd! - c.npvUsd!).toBeGreaterThan(1e6);
  });
});

describe('the two valuation methods meet where financing is worth exactly the discount rate', () => {
  // Cash yield, every lender's rate and the existing coupon = the discount rate, no issuance cost:
  // in "equity" valuation the cash recursion then telescopes to "firm"'s Σ df·FCF + TV + cash −
  // existing debt for every feasible point, so the two optima are equal.
  const atDiscount = (s: RefScenario, method: 'firm' | 'equity'): RefScenario => {
    const f = s.financing;
    const d = f.discountRatePerYear;
    return withMethod(
      {
        ...s,
        financing: {
          ...f,
          cashYieldPerYear: d,
          ...(f.existingDebt ? { existingDebt: { ...f.existingDebt, couponPerYear: d } } : {}),
          ...(f.facility ? { facility: { ...f.facility, ratePerYear: d } } : {}),
          ...(f.projectDebt ? { projectDebt: { ...f.projectDebt, ratePerYear: d } } : {}),
          ...(f.equity ? { equity: { ...f.equity, issuanceCost: 0 } } : {}),
        },
      },
      method,
    );
  };
  it.each(generated.slice(0, 16).map((s) => [s.name, s] as const))('%s', async (_, s) => {
    const [firm, equity] = await Promise.all([
      solveReference(atDiscount(s, 'firm')),
      solveReference(atDiscount(s, 'equity')),
    ]);
    expect(firm.status).toBe('optimal');
    expectClose(equity.npvUsd, firm.npvUsd, 1e-7);
  });
});

describe('(c) where v1 and v2 coincide, the current model agrees with the reference', () => {
  const cases = [
    ...presets.map(([f, s]) => [f, s] as const),
    ...generated.map((s) => [s.name, s] as const),
  ];
  let withBuilds = 0;
  it.each(cases)('%s', async (_, s) => {
    const { v1, v2 } = coincident(s);
    // A v1 model rejects the v2-only fields: it is then given the scenario without them (read as v1
    // reads it).
    const asV2 = ScenarioSchema.safeParse({ ...v2, solve: { mipRelGap: 1e-9 } });
    const [ref, model] = await Promise.all([
      solveReference(v2),
      optimize(asV2.success ? asV2.data : ScenarioSchema.parse(v1)),
    ]);
    expect(model.status).toBe(ref.status);
    expectClose(model.npvUsd, ref.npvUsd);
    if (model.plan.builds.length) withBuilds++;
  });
  it('the comparison includes optima that build', () => {
    expect(withBuilds).toBeGreaterThanOrEqual(5);
  });
});
