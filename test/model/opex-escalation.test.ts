/**
 * @module opex-escalation.test — `hpcOptions[].opexEscalatorPerYear` (docs/model.md, "HPC
 * cohorts"), worked by hand: opex of month k after commencement × (1 + e)^⌊k/12⌋, for a lease (its
 * term, its extension and the flows after the horizon) and a cloud (the horizon and its merchant
 * tail); e = 0 is the answer without the field.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, evaluate, optimize, type ScenarioInput } from '../../model';
import { cohortValuePerMW, df } from './hand/arithmetic';
import { START, scenario } from './hand/scenario';
import { D, handCases } from './reference/hand-cases';

const HOURS = 730.5;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('a lease cohort whose opex escalates', () => {
  const cases = handCases();
  const plain = cases.find((c) => c.name.includes('a lease cohort is worth'))!;
  const escalated = cases.find((c) => c.name.includes('opex escalates 5 %/yr'))!;

  it('is worth its every flow at its own df_t, opex × 1.05^⌊k/12⌋ (term, extension, after the horizon)', async () => {
    const o = escalated.scenario.hpcOptions[0];
    expect(o.opexEscalatorPerYear).toBe(0.05);
    // The cohort converts at its best start, and escalation costs it value in every start month.
    const value = (e: number, s: number) =>
      cohortValuePerMW(
        { ...o, opexEscalatorPerYear: e, renewalProbability: o.renewalProbability ?? 0 },
        30,
        s,
        D,
        36,
      ).total;
    for (const s of [3, 4, 5, 6, 7, 8]) {
      expect(value(0.05, s)).toBeGreaterThan(0);
      expect(value(0.05, s)).toBeLessThan(value(0, s));
    }
    const answer = await optimize(ScenarioSchema.parse(escalated.scenario));
    expect(answer.status).toBe('optimal');
    expect(rel(answer.npvUsd!, escalated.expected.npvUsd!)).toBeLessThan(1e-9);
    expect(answer.plan.builds.map((b) => b.mw)).toEqual([10]);
    const base = await optimize(ScenarioSchema.parse(plain.scenario));
    expect(answer.npvUsd!).toBeLessThan(base.npvUsd!);
  });

  it('with e = 0 gives the answer without the field, to the last bit', async () => {
    const withZero = {
      ...plain.scenario,
      hpcOptions: [{ ...plain.scenario.hpcOptions[0], opexEscalatorPerYear: 0 }],
    };
    const [a, b] = await Promise.all([
      optimize(ScenarioSchema.parse(plain.scenario)),
      optimize(ScenarioSchema.parse(withZero)),
    ]);
    expect(b.npvUsd).toBe(a.npvUsd);
    expect(b.months).toEqual(a.months);
  });
});

describe('a cloud cohort whose opex escalates', () => {
  // 10 MW of a GPU cloud started in month 0 on a 10 MW site without miners, 36 months, tail 12.
  const o = {
    kind: 'cloud',
    id: 'cloud',
    name: 'GPU cloud',
    itMWPerGridMW: 0.8,
    capexUsdPerMWIt: 1_000_000,
    buildMonths: 2,
    switchoverMonths: 0,
    opexUsdPerMWItMonth: 20_000,
    opexEscalatorPerYear: 0.1,
    blockMW: 0,
    maxMW: 10,
    computeUsdPerMWItMonth: 150_000,
    utilisation: 0.9,
    gpuCapexUsdPerMWIt: 1_500_000,
    gpuLifeMonths: 60,
    rampMonths: 3,
  } as const;
  const sc = scenario({
    name: 'cloud, opex escalating',
    horizonMonths: 36,
    hashprice: { kind: 'series', usdPerPhDay: Array(36).fill(40) },
    site: { overheadUsdPerMonth: 0, hpcEligibleMW: 10, energyUsdPerMWh: 50 },
    valuation: { method: 'firm', merchantTailMonths: 12 },
    financing: { cashUsd: 60_000_000, cashYieldPerYear: 0 },
    hpcOptions: [o as unknown as ScenarioInput['hpcOptions'][number]],
  });
  /** Per grid MW in month t, USD: building capex, GPU purchase and margin, from the rules. */
  const byHand = (t: number) => {
    const k = t - o.buildMonths;
    if (k < 0) return { capex: (o.capexUsdPerMWIt * o.itMWPerGridMW) / o.buildMonths, margin: 0 };
    const ramp = Math.min(1, (k + 1) / o.rampMonths);
    const opex = o.opexUsdPerMWItMonth * o.itMWPerGridMW * 1.1 ** Math.floor(k / 12);
    const revenue = ramp * o.computeUsdPerMWItMonth * o.itMWPerGridMW * o.utilisation;
    return {
      capex: k === 0 ? o.gpuCapexUsdPerMWIt * o.itMWPerGridMW : 0,
      margin: revenue - ramp * (opex + HOURS * 50),
    };
  };

  it('pays opex × 1.1^⌊k/12⌋ in every month, in the horizon and its merchant tail', async () => {
    const r = await evaluate(sc, {
      builds: [{ optionId: 'cloud', month: START, mw: 10 }],
      refreshes: [],
    });
    expect(r.status).toBe('optimal');
    let flows = 0;
    r.months.forEach((m, t) => {
      const h = byHand(t);
      expect(m.hpcMarginUsd, m.month).toBeCloseTo(10 * h.margin, 4);
      flows += df(0.1, t) * 10 * (h.margin - h.capex);
    });
    // The third anniversary falls in month 38, inside the tail (months 36 … 47).
    let tail = 0;
    for (let t = 36; t < 48; t++) tail += df(0.1, t) * 10 * byHand(t).margin;
    expect(r.months[14].hpcMarginUsd - r.months[13].hpcMarginUsd).toBeCloseTo(
      -10 * 0.1 * 20_000 * 0.8,
      4,
    );
    expect(rel(r.kpis!.terminalValuePvUsd!, tail)).toBeLessThan(1e-9);
    expect(rel(r.npvUsd!, 60_000_000 + flows + tail)).toBeLessThan(1e-9);
  });
});
