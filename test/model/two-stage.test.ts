/**
 * The two-stage uncertainty model: one capital plan, operations per case. Checked against
 * deterministic evaluations of each case, the mean-path plan, and a binding CVaR limit.
 */
import { describe, expect, it } from 'vitest';
import {
  ScenarioSchema,
  evaluate,
  hashpriceFloorAt,
  hashpricePath,
  optimize,
  type Scenario,
} from '../../model';
import { loadPreset } from '../../data/load';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
const cases = [
  { name: 'bear', probability: 0.25, hashpriceMultiplier: 0.5 },
  { name: 'base', probability: 0.45, hashpriceMultiplier: 1 },
  { name: 'bull', probability: 0.3, hashpriceMultiplier: 1.8 },
];

/** A site where converting is marginal: the right MW depends on the hashprice case. */
function marginal(
  extra: Record<string, unknown> = {},
  valuation?: Record<string, unknown>,
): Scenario {
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  if (valuation) s.valuation = valuation;
  s.hpcOptions[0].leaseUsdPerKwMonth = 120;
  s.hpcOptions[0].renewalProbability = 0;
  delete s.fleet.refresh;
  s.market.hashprice.networkGrowthPerYear = 0.05;
  return ScenarioSchema.parse({ ...s, uncertainty: { scenarios: cases, ...extra } });
}

/**
 * The deterministic scenario of one case, written out independently of the model's own case
 * builder: the base path before the reveal month (default 12 months in), the case's multiple of it
 * from then on — both raised to the preset's floor (docs/model.md, "Hashprice floor (v3)": the
 * floor applies after the multiplier).
 */
function deterministicCase(s: Scenario, k: number): Scenario {
  const { uncertainty, ...rest } = s;
  const c = uncertainty!.scenarios[k];
  const hp = rest.market.hashprice;
  const floor = hp.kind === 'projection' ? hp.floor : undefined;
  const bare = { ...rest, market: { ...rest.market, hashprice: { ...hp, floor: undefined } } };
  const path = hashpricePath(
    bare as Scenario,
    rest.horizonMonths + rest.valuation.merchantTailMonths,
  ).map((v, t) =>
    Math.max(t < 12 ? v : v * (c.hashpriceMultiplier ?? 1), floor ? hashpriceFloorAt(floor, t) : 0),
  );
  return ScenarioSchema.parse({
    ...rest,
    market: {
      ...rest.market,
      hashprice: { kind: 'series', usdPerPhDay: path.slice(0, rest.horizonMonths) },
    },
  });
}

const DECISIONS = [
  'miningMW',
  'fleetExistingHeldMW',
  'fleetRefreshHeldMW',
  'facilityUsd',
  'projectDebtUsd',
  'equityRaisedUsd',
  'distributionUsd',
  'hpcBuildingMW',
] as const;

describe('two-stage optimisation with a reveal month', () => {
  it(
    'npvUsd weighs the cases; every decision before the reveal is the same ' +
      'in every case; after it they may differ',
    async () => {
      const s = marginal();
      const a = await optimize(s);
      expect(a.status).toBe('optimal');
      expect(a.expectedNpvUsd).toBe(a.npvUsd);
      const sum = a.scenarios!.reduce((x, c) => x + c.probability * c.npvUsd!, 0);
      expect(rel(a.npvUsd!, sum)).toBeLessThan(1e-9);
      for (const c of a.scenarios!) expect(c.months).toHaveLength(s.horizonMonths);
      const [first, ...others] = a.scenarios!;
      for (let t = 0; t < 12; t++) {
        for (const other of others)
          for (const f of DECISIONS)
            expect(other.months[t][f], `${other.name} ${f} month ${t}`).toBeCloseTo(
              first.months[t][f],
              3,
            );
      }
      // Plan rows before the reveal are shared, later ones carry their case.
      for (const b of a.plan.builds) expect(b.case === undefined).toBe(b.month < '2028-01');
    },
  );

  it('EVPI ≥ 0 equals each case’s own deterministic optimum weighed, less npvUsd; VSS ≥ 0', async () => {
    // No merchant tail: a series cannot state the projection past the horizon that a case's tail
    // uses.
    const s = marginal({}, { merchantTailMonths: 0 });
    const a = await optimize(s);
    let perfect = 0;
    for (let k = 0; k < cases.length; k++) {
      const det = await optimize(deterministicCase(s, k));
      expect(det.status).toBe('optimal');
      perfect += cases[k].probability * det.npvUsd!;
    }
    expect(a.evpiUsd!).toBeGreaterThanOrEqual(0);
    expect(Math.abs(a.evpiUsd! - (perfect - a.npvUsd!))).toBeLessThan(1e-6 * Math.abs(a.npvUsd!));
    expect(a.vssUsd!).toBeGreaterThanOrEqual(0);
    expect(a.meanPathPlan).toBeDefined();
  });

  it('evaluating its own plan (shared and case rows) reproduces the expected NPV', async () => {
    const s = marginal();
    const a = await optimize(s);
    const e = await evaluate(s, a.plan);
    expect(e.status).toBe('optimal');
    expect(rel(e.npvUsd!, a.npvUsd!)).toBeLessThan(1e-6);
    expect(e.meanPathPlan).toBeUndefined();
  });

  it('one certain case is the deterministic model', async () => {
    const s = marginal();
    const one = ScenarioSchema.parse({
      ...s,
      uncertainty: { scenarios: [{ name: 'only', probability: 1 }] },
    });
    const { uncertainty: _u, ...plain } = s;
    const [a, b] = await Promise.all([optimize(one), optimize(ScenarioSchema.parse(plain))]);
    expect(rel(a.npvUsd!, b.npvUsd!)).toBeLessThan(1e-9);
    expect(a.plan.builds.map((x) => [x.month, x.mw])).toEqual(
      b.plan.builds.map((x) => [x.month, x.mw]),
    );
  });

  it(
    'a delivery slip postpones commencement in its case only: rent starts ' +
      'later, mining stops as planned',
    async () => {
      const s = ScenarioSchema.parse({
        ...marginal(),
        uncertainty: {
          scenarios: [
            { name: 'on time', probability: 0.5 },
            { name: 'late', probability: 0.5, extraBuildMonths: 6 },
          ],
        },
      });
      const e = await evaluate(s, {
        builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 50 }],
        refreshes: [],
      });
      expect(e.status).toBe('optimal');
      const [onTime, late] = e.scenarios!;
      const firstOnline = (c: typeof onTime) => c.months.findIndex((m) => m.hpcOnlineMW > 0);
      expect(firstOnline(onTime)).toBe(15);
      expect(firstOnline(late)).toBe(21);
      // Switch-over (12) and capex (months 0–14) follow the plan in both.
      for (const c of [onTime, late]) {
        expect(c.months[12].hpcSwitchingMW).toBeCloseTo(50, 6);
        expect(c.months[14].hpcCapexUsd).toBeGreaterThan(0);
        expect(c.months[15].hpcCapexUsd).toBe(0);
      }
      expect(late.npvUsd!).toBeLessThan(onTime.npvUsd!);
    },
  );
});

describe('CVaR limit', () => {
  it('a binding limit changes the plan, meets the limit and costs expected NPV', async () => {
    const free = await optimize(marginal());
    const level = 0.25;
    // The worst 25 % of probability is the bear case here.
    const tail = free.scenarios!.find((c) => c.name === 'bear')!.npvUsd!;
    const limited = await optimize(marginal({ cvar: { level, minNpvUsd: tail + 1e6 } }));
    expect(limited.status).toBe('optimal');
    expect(limited.cvar!.level).toBe(level);
    expect(limited.cvar!.npvUsd).toBeGreaterThanOrEqual(tail + 1e6 - 1);
    expect(limited.npvUsd!).toBeLessThan(free.npvUsd!);
    expect(JSON.stringify(limited.plan)).not.toBe(JSON.stringify(free.plan));
  });

  it('an unreachable limit is infeasible, and the diagnosis names it and the shortfall', async () => {
    const a = await optimize(marginal({ cvar: { level: 0.25, minNpvUsd: 5e9 } }));
    expect(a.status).toBe('infeasible');
    const d = a.diagnosis!.find((x) => x.constraint === 'uncertainty.cvar.minNpvUsd')!;
    expect(d.unit).toBe('USD');
    expect(d.shortfall).toBeGreaterThan(4e9);
  });
});

describe('uncertainty input', () => {
  it(
    'rejects probabilities that do not sum to 1, both hashprice forms at ' +
      'once, and a series of the wrong length',
    () => {
      const s = structuredClone(loadPreset('texas-100mw')) as any;
      const bad = (u: unknown) =>
        ScenarioSchema.safeParse({ ...s, uncertainty: u }).error?.issues.map((i) =>
          i.path.join('.'),
        ) ?? [];
      expect(
        bad({
          scenarios: [
            { name: 'a', probability: 0.5 },
            { name: 'b', probability: 0.4 },
          ],
        }),
      ).toContain('uncertainty.scenarios');
      expect(
        bad({
          scenarios: [
            {
              name: 'a',
              probability: 1,
              hashpriceMultiplier: 1,
              usdPerPhDay: new Array(60).fill(40),
            },
          ],
        }),
      ).toContain('uncertainty.scenarios.0.usdPerPhDay');
      expect(bad({ scenarios: [{ name: 'a', probability: 1, usdPerPhDay: [40] }] })).toContain(
        'uncertainty.scenarios.0.usdPerPhDay',
      );
      expect(
        bad({ scenarios: [{ name: 'a', probability: 1 }], cvar: { level: 0, minNpvUsd: 0 } }),
      ).toContain('uncertainty.cvar.level');
    },
  );
});
