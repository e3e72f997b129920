/**
 * Risks per path (docs/montecarlo.md, "Risks"), seeded: the share of paths hit and the mean NPV over
 * 10,000 paths lie within 3 standard errors of what the hazard, the slip probability and the
 * overrun's mean give; with no volatility, so that the risk is the only randomness.
 */
import { describe, expect, it } from 'vitest';
import {
  drawEvents,
  eventsOfPath,
  prepareSim,
  samplePath,
  simulatePath,
  simulatePlan,
  type Plan,
  type Risks,
  type Scenario,
} from '../../model';
import { optimumPlan, preset, still } from './sim-helpers';

const N = 10_000;

/** texas-100mw with a lease that may default (5 %/yr, backstop 30 %). */
function risky(): Scenario {
  const s = preset('texas-100mw');
  const o = s.hpcOptions![0] as any;
  return { ...s, hpcOptions: [{ ...o, defaultProbabilityPerYear: 0.05, backstopShare: 0.3 }] };
}

/**
 * Mean and standard error of the plan's NPV over N paths (unfunded ones too: the gap is carried as
 * an injection, which firm value does not count, so the value stays linear in the events), and
 * each path's events.
 */
function npvs(s: Scenario, plan: Plan, risks: Risks) {
  const p = prepareSim({ scenario: s, plan, seed: 17, process: still, risks });
  const path = samplePath(s, still, 17, 0);
  const events = Array.from({ length: N }, (_, i) => eventsOfPath(p, i));
  const v = events.map((e) => simulatePlan(p.plan, path.usdPerPhDay, path.btcUsd, e).npvUsd);
  const mean = v.reduce((a, b) => a + b, 0) / N;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1));
  return { mean, se: sd / Math.sqrt(N), events, p };
}

/** One path's NPV with every event fixed (expected credit; slips with probability 0 or 1). */
const deterministic = (s: Scenario, plan: Plan, risks: Risks) =>
  simulatePath(prepareSim({ scenario: s, plan, seed: 17, process: still, risks }), 0).npvUsd!;

describe('risks, one at a time, against their expectation', () => {
  it('tenant default: share defaulted by month k and the mean NPV', {
    timeout: 120_000,
  }, async () => {
    const s = risky();
    const plan = await optimumPlan(s);
    const { mean, se, p } = npvs(s, plan, { tenantDefault: 'sampled' });
    const expected = deterministic(s, plan, { tenantDefault: 'expected' });
    expect(Math.abs(mean - expected)).toBeLessThan(3 * se);
    // The first cohort's default month, counted from its commencement.
    const cohort = p.plan.sites[0].cohorts[0];
    const months = Array.from({ length: N }, (_, i) => {
      const e = drawEvents(p.plan.sites[0].cohorts, p.risks, 17, i)[0];
      return e.defaultMonth - cohort.planned.commencement;
    });
    for (const k of [6, 12, 36, 120]) {
      const share = months.filter((m) => m <= k).length / N;
      const q = 1 - Math.pow(1 - 0.05, k / 12);
      expect(Math.abs(share - q)).toBeLessThan(3 * Math.sqrt((q * (1 - q)) / N));
    }
  });

  it('slips: share of paths slipped and the mean NPV', { timeout: 120_000 }, async () => {
    const s = preset('texas-100mw');
    const plan = await optimumPlan(s);
    const slip = { probability: 0.3, months: 6 };
    const { mean, se, events, p } = npvs(s, plan, { tenantDefault: 'sampled', slip });
    const n = p.plan.sites[0].cohorts.length;
    const hit = events.filter((e) => e?.some((c) => c.slipped)).length / N;
    const q = 1 - Math.pow(1 - slip.probability, n);
    expect(Math.abs(hit - q)).toBeLessThan(3 * Math.sqrt((q * (1 - q)) / N));
    // Value is linear in each cohort's flows when funding does not bind: E = (1−p) V₀ + p V₁.
    const none = deterministic(s, plan, {
      tenantDefault: 'sampled',
      slip: { ...slip, probability: 0 },
    });
    const all = deterministic(s, plan, {
      tenantDefault: 'sampled',
      slip: { ...slip, probability: 1 },
    });
    expect(all).toBeLessThan(none);
    const expected = (1 - slip.probability) * none + slip.probability * all;
    expect(Math.abs(mean - expected)).toBeLessThan(3 * se);
  });

  it('capex overruns: factors of mean 1 and log-σ as asked, and the mean NPV', {
    timeout: 120_000,
  }, async () => {
    const s = preset('texas-100mw');
    const plan = await optimumPlan(s);
    const risks: Risks = { tenantDefault: 'sampled', capexOverrun: { volatility: 0.25 } };
    const { mean, se, p } = npvs(s, plan, risks);
    const cohorts = p.plan.sites[0].cohorts;
    const f = Array.from({ length: N }, (_, i) => drawEvents(cohorts, risks, 17, i)[0].capexFactor);
    const fm = f.reduce((a, b) => a + b, 0) / N;
    const fsd = Math.sqrt(f.reduce((a, b) => a + (b - fm) ** 2, 0) / (N - 1));
    expect(Math.abs(fm - 1)).toBeLessThan((3 * fsd) / Math.sqrt(N));
    const logs = f.map(Math.log);
    const lm = logs.reduce((a, b) => a + b, 0) / N;
    const lsd = Math.sqrt(logs.reduce((a, b) => a + (b - lm) ** 2, 0) / (N - 1));
    expect(Math.abs(lsd - 0.25)).toBeLessThan(3 * (0.25 / Math.sqrt(2 * N)));
    const expected = deterministic(s, plan, { tenantDefault: 'sampled' });
    expect(Math.abs(mean - expected)).toBeLessThan(3 * se);
  });
});
