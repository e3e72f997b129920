/**
 * @module agreement.test — the v2 model must reproduce the independent reference (reference/solve):
 * for every preset and every generated scenario (and its tight-funding variant), in "firm" and in
 * "equity" valuation, the same status and `optimize(ScenarioSchema.parse(s)).npvUsd` equal to the
 * reference's NPV to 1e-6 relative (docs/model.md, "Value"). Also kpis.npvVsMiningOnlyUsd against
 * the reference's mining-only plan, and the hand-worked cases of hand-cases.ts, against their hand
 * figures. v3 "Tax": every preset, some generated scenarios and two with rates by class and
 * residuals again with a tax block (25 %, an opening loss, some with straight-line depreciation),
 * which the reference carries month by month and by year after the horizon in its own rows.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optimize, ScenarioSchema } from '../../../model/index';
import { generateScenarios, tightFunding } from './generate';
import { handCases } from './hand-cases';
import { isSupported, type RefScenario } from './scenario';
import { solveMiningOnly, solveReference } from './solve';

const REL = 1e-6;
const presetDir = new URL('../../../data/presets/', import.meta.url);
const presets = readdirSync(presetDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, presetDir), 'utf8')) as RefScenario] as const)
  // Power markets, clouds and tenant credit are not in the reference (reference.test.ts names the
  // preset left out).
  .filter(([, s]) => isSupported(s));
const generated = generateScenarios();
// With tight funding many cannot be funded: the model must say "infeasible" where the reference
// does.
const tight = generated.map((s, i) => tightFunding(s, i));
// A fixed case that cannot be funded, on which a solver ended with an undecided status instead of
// "infeasible".
const unfundable = JSON.parse(
  readFileSync(new URL('fixtures/unfundable.json', import.meta.url), 'utf8'),
) as RefScenario;
/**
 * v3: rates by class (mining 20 %, leases 8 %, the first offer at its own 10 %) and residuals at a
 * 6.5 % cap rate with a refit, which the reference discounts stream by stream on its own.
 */
const byClass = (s: RefScenario): RefScenario => ({
  ...s,
  name: `${s.name} (rates by class, residuals)`,
  valuation: { ...s.valuation, discountRates: { mining: 0.2, lease: 0.08 } },
  hpcOptions: s.hpcOptions.map((o, i) => ({
    ...o,
    residual: { capRatePerYear: 0.065, refitCapexUsdPerMWIt: 500_000 },
    ...(i === 0 ? { discountRatePerYear: 0.1 } : {}),
  })),
});
/**
 * v3 "Tax": 25 % with an opening loss of $0, $20M or $200M, every other one with bonusShare 0
 * (straight line). Generated scenarios are given solve.minBuildMW 0: the reference's minimum build
 * is a binary on every build column, and with a tax its branch and bound takes tens of seconds.
 */
const taxed = (s: RefScenario, i: number, generatedOne: boolean): RefScenario => ({
  ...s,
  name: `${s.name} (tax${i % 2 ? ', straight line' : ''})`,
  ...(generatedOne ? { solve: { minBuildMW: 0 } } : {}),
  tax: {
    ratePerYear: 0.25,
    openingNolUsd: [0, 20e6, 200e6][i % 3],
    ...(i % 2 ? { bonusShare: 0 } : {}),
  },
});
// Generated ones that build (with project debt, existing debt, a tail), buy ASICs, or both.
const taxedGenerated = [2, 8, 29, 25, 30, 31].map((k) => generated[k]);
const texas = presets.find(([f]) => f === 'texas-100mw.json')![1];
const scenarios = [
  ...presets,
  ...[...generated, ...tight, unfundable].map((s) => [s.name, s] as const),
  ...[...presets.map(([, s]) => s), ...generated.slice(0, 8)].map(
    (s) => [byClass(s).name, byClass(s)] as const,
  ),
  ...presets.map(([, s], i) => taxed(s, i, false)).map((s) => [s.name, s] as const),
  ...taxedGenerated.map((s, i) => taxed(s, i, true)).map((s) => [s.name, s] as const),
  ...[taxed(byClass(texas), 0, false), taxed(byClass(generated[27]), 1, true)].map(
    (s) => [s.name, s] as const,
  ),
];
const cases = scenarios.flatMap(([name, s]) =>
  (['firm', 'equity'] as const).map((method) => {
    const v2: RefScenario = { ...s, valuation: { ...s.valuation, method } };
    // Block builds are MILPs: ask the model for the reference's gap, so that the optima agree to
    // 1e-6.
    const blocks = s.hpcOptions.some((o) => o.blockMW > 0);
    const solve = { ...v2.solve, mipRelGap: 1e-9 };
    return [`${name} ${method}`, blocks ? { ...v2, solve } : v2] as const;
  }),
);

describe('the v2 model agrees with the independent reference', () => {
  it.each(cases)('%s', async (_, s) => {
    const [ref, model] = await Promise.all([solveReference(s), optimize(ScenarioSchema.parse(s))]);
    expect(ref.glpk.status).toBe(ref.highs.status);
    expect(model.status).toBe(ref.status);
    if (ref.npvUsd === null) return;
    expect(model.npvUsd).not.toBeNull();
    expect(Math.abs(model.npvUsd! - ref.npvUsd)).toBeLessThanOrEqual(
      REL * Math.max(1, Math.abs(ref.npvUsd)),
    );
    // kpis.npvVsMiningOnlyUsd = npvUsd − the mining-only plan's (no builds, refreshes optimised),
    // to 1e-6 of npvUsd.
    const mining = await solveMiningOnly(s);
    const kpis = model.kpis as Record<string, unknown> | null;
    expect(typeof kpis?.npvVsMiningOnlyUsd).toBe('number');
    const uplift = ref.npvUsd - mining.npvUsd!;
    expect(Math.abs((kpis!.npvVsMiningOnlyUsd as number) - uplift)).toBeLessThanOrEqual(
      REL * Math.max(1, Math.abs(ref.npvUsd)),
    );
  });

  it.each(handCases().map((c) => [c.name, c] as const))('hand: %s', async (_, c) => {
    const model = await optimize(ScenarioSchema.parse(c.scenario));
    expect(model.status).toBe(c.expected.status);
    if (c.expected.npvUsd === null) return;
    expect(Math.abs(model.npvUsd! - c.expected.npvUsd)).toBeLessThanOrEqual(
      REL * Math.max(1, Math.abs(c.expected.npvUsd)),
    );
  });
});
