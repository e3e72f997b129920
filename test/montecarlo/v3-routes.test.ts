/**
 * POST /api/montecarlo's v3 fields (docs/montecarlo.md): the policy answer with risks and a
 * treasury (shares, BTC held, the hashprice fan, the speed), the hindsight mode on the same seed,
 * an after-tax policy run, and a 400 naming `risks` in hindsight mode.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { MonteCarloSummarySchema } from '../../model';
import { monteCarloRequest, scenario24 } from './fixture';

const app = createApp();
const post = (body: unknown) =>
  app.request('/api/montecarlo', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });

/** scenario24 with a lease that may default (5 %/yr, no backstop). */
const risky = () => {
  const s = scenario24();
  s.hpcOptions = [{ ...s.hpcOptions[0], defaultProbabilityPerYear: 0.05, backstopShare: 0 }];
  return s;
};

describe('POST /api/montecarlo, v3', () => {
  it('answers the policy with risks and a treasury: shares of paths hit, BTC held, the fan', async () => {
    const res = await post({
      ...monteCarloRequest(500),
      scenario: risky(),
      risks: { slip: { probability: 0.5, months: 6 }, capexOverrun: { volatility: 0.2 } },
      treasury: { holdShare: 0.3, loan: { maxLtv: 0.5, ratePerYear: 0.08, marginCallLtv: 0.7 } },
    });
    expect(res.status).toBe(200);
    const a = MonteCarloSummarySchema.parse(await res.json());
    expect(a.simulation?.mode).toBe('policy');
    expect(a.simulation?.pathsPerSecond).toBeGreaterThan(0);
    const shares = a.plan.riskShares!;
    expect(shares.slip).toBeGreaterThan(0.4);
    expect(shares.capexOverrun).toBeGreaterThan(0.3);
    expect(shares.tenantDefault).toBeGreaterThan(0);
    expect(a.plan.marginCallShare).toBeGreaterThanOrEqual(0);
    expect(a.plan.btcHeldPercentiles!.p50).toBeGreaterThan(0);
    const fan = a.hashpriceFan!;
    expect(fan.months).toHaveLength(24);
    expect(fan.paths).toBe(500);
    fan.p5.forEach((v, t) => expect(v).toBeLessThanOrEqual(fan.p95[t]));
  }, 120_000);

  it('hindsight on the same seed: the LP per path, no policy fields', async () => {
    const res = await post({ ...monteCarloRequest(10), mode: 'hindsight' });
    expect(res.status).toBe(200);
    const a = MonteCarloSummarySchema.parse(await res.json());
    expect(a.simulation?.mode).toBe('hindsight');
    expect(a.simulation?.pathsPerSecond).toBeGreaterThan(0);
    expect(a.plan.riskShares).toBeUndefined();
    const policy = MonteCarloSummarySchema.parse(await (await post(monteCarloRequest(10))).json());
    // The same market paths: the fan is the same in both modes.
    expect(policy.hashpriceFan).toEqual(a.hashpriceFan);
  }, 120_000);

  it('simulates a tax block in policy mode: the same paths, each worth less after tax', async () => {
    const taxed = { ...scenario24(), tax: { ratePerYear: 0.21 } };
    const one = await post({ ...monteCarloRequest(10), scenario: taxed });
    expect(one.status).toBe(200);
    const after = MonteCarloSummarySchema.parse(await one.json());
    const before = MonteCarloSummarySchema.parse(await (await post(monteCarloRequest(10))).json());
    expect(after.hashpriceFan).toEqual(before.hashpriceFan);
    expect(after.plan.meanNpvUsd!).toBeLessThan(before.plan.meanNpvUsd!);
  }, 120_000);

  it('is a 400 naming risks in hindsight mode', async () => {
    const two = await post({
      ...monteCarloRequest(10),
      mode: 'hindsight',
      risks: { slip: { probability: 0.1, months: 3 } },
    });
    expect(two.status).toBe(400);
    const e2 = (await two.json()) as any;
    expect(e2.error.issues.map((i: any) => i.path)).toContain('risks');
  });
});
