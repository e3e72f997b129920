/**
 * The two-stage uncertainty model: one capital plan, operations per case. Checked against deterministic
 * evaluations of each case, the mean-path plan, and a binding CVaR limit.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, evaluate, hashpricePath, optimize, type Plan, type Scenario } from '../../model';
import { loadPreset } from '../../data/load';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
const cases = [
  { name: 'bear', probability: 0.25, hashpriceMultiplier: 0.5 },
  { name: 'base', probability: 0.45, hashpriceMultiplier: 1 },
  { name: 'bull', probability: 0.3, hashpriceMultiplier: 1.8 },
];

/** A site where converting is marginal: the right MW depends on the hashprice case. */
function marginal(extra: Record<string, unknown> = {}): Scenario {
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  s.hpcOptions[0].leaseUsdPerKwMonth = 110;
  s.hpcOptions[0].renewalProbability = 0;
  delete s.fleet.refresh;
  s.market.hashprice.networkGrowthPerYear = 0.05;
  return ScenarioSchema.parse({ ...s, uncertainty: { scenarios: cases, ...extra } });
}

/** The deterministic scenario of one case, written out independently of the model's own case builder. */
function deterministicCase(s: Scenario, k: number, slip = 0): Scenario {
  const { uncertainty, ...rest } = s;
  const c = uncertainty!.scenarios[k];
  const path = hashpricePath({ ...rest } as Scenario).map((v) => v * (c.hashpriceMultiplier ?? 1));
  return ScenarioSchema.parse({
    ...rest,
    market: { hashprice: { kind: 'series', usdPerPhDay: path } },
    hpcOptions: rest.hpcOptions.map((o) => ({ ...o, buildMonths: o.buildMonths + slip })),
  });
}

const committed = (p: Plan) => p.builds.reduce((a, b) => a + b.mw, 0);

describe('two-stage optimisation', () => {
  it('each case NPV equals a deterministic evaluation of that case under the same plan; the expectation weighs them', async () => {
    const s = marginal();
    const a = await optimize(s);
    expect(a.status).toBe('optimal');
    expect(a.expectedNpvUsd).toBe(a.npvUsd);
    let expected = 0;
    for (let k = 0; k < cases.length; k++) {
      const det = await evaluate(deterministicCase(s, k), a.plan);
      expect(det.status).toBe('optimal');
      expect(rel(a.scenarios![k].npvUsd!, det.npvUsd!)).toBeLessThan(1e-6);
      expected += cases[k].probability * det.npvUsd!;
    }
    expect(rel(a.npvUsd!, expected)).toBeLessThan(1e-6);
  });

  it('is at least as good as the mean-path plan evaluated on the cases (VSS ≥ 0), and here strictly better', async () => {
    const s = marginal();
    const a = await optimize(s);
    expect(a.meanPathPlan).toBeDefined();
    const onCases = await evaluate(s, a.meanPathPlan!);
    expect(onCases.status).toBe('optimal');
    expect(a.npvUsd!).toBeGreaterThanOrEqual(onCases.npvUsd! - 1e-6 * Math.abs(onCases.npvUsd!));
    expect(Math.abs(a.vssUsd! - (a.npvUsd! - onCases.npvUsd!))).toBeLessThan(1);
    expect(a.vssUsd!).toBeGreaterThan(1000);
    expect(committed(a.plan)).not.toBeCloseTo(committed(a.meanPathPlan!), 3);
  });

  it('evaluating its own plan reproduces the expected NPV', async () => {
    const s = marginal();
    const a = await optimize(s);
    const e = await evaluate(s, a.plan);
    expect(rel(e.npvUsd!, a.npvUsd!)).toBeLessThan(1e-6);
    expect(e.meanPathPlan).toBeUndefined();
  });

  it('one certain case is the deterministic model', async () => {
    const s = marginal();
    const one = ScenarioSchema.parse({ ...s, uncertainty: { scenarios: [{ name: 'only', probability: 1 }] } });
    const { uncertainty: _u, ...plain } = s;
    const [a, b] = await Promise.all([optimize(one), optimize(ScenarioSchema.parse(plain))]);
    expect(rel(a.npvUsd!, b.npvUsd!)).toBeLessThan(1e-6);
  });

  it('a delivery slip is priced as the same case with longer builds', async () => {
    const s = ScenarioSchema.parse({ ...marginal(), uncertainty: { scenarios: [{ name: 'late', probability: 1, hashpriceMultiplier: 1, extraBuildMonths: 6 }] } });
    const a = await optimize(s);
    const det = await evaluate(deterministicCase(s, 0, 6), a.plan);
    expect(rel(a.npvUsd!, det.npvUsd!)).toBeLessThan(1e-6);
  });
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
  it('rejects probabilities that do not sum to 1, both hashprice forms at once, and a series of the wrong length', () => {
    const s = structuredClone(loadPreset('texas-100mw')) as any;
    const bad = (u: unknown) => ScenarioSchema.safeParse({ ...s, uncertainty: u }).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(bad({ scenarios: [{ name: 'a', probability: 0.5 }, { name: 'b', probability: 0.4 }] })).toContain('uncertainty.scenarios');
    expect(bad({ scenarios: [{ name: 'a', probability: 1, hashpriceMultiplier: 1, usdPerPhDay: new Array(60).fill(40) }] })).toContain('uncertainty.scenarios.0.usdPerPhDay');
    expect(bad({ scenarios: [{ name: 'a', probability: 1, usdPerPhDay: [40] }] })).toContain('uncertainty.scenarios.0.usdPerPhDay');
    expect(bad({ scenarios: [{ name: 'a', probability: 1 }], cvar: { level: 0, minNpvUsd: 0 } })).toContain('uncertainty.cvar.level');
  });
});
