/**
 * Breakeven: the bracket it returns holds a change — optimising just below and just above gives
 * different HPC MW.
 */
import { describe, expect, it } from 'vitest';
import {
  BreakevenRequestSchema,
  ScenarioSchema,
  breakeven,
  inProcessPoints,
  optimize,
  setParameters,
  type BreakevenRequest,
} from '../../model';
import { loadPreset } from '../../data/load';

const raw = () => structuredClone(loadPreset('texas-100mw')) as any;
const run = (request: BreakevenRequest) =>
  breakeven(BreakevenRequestSchema.parse(request), inProcessPoints());

async function expectBracket(request: BreakevenRequest) {
  const b = await run(request);
  expect(b.value, b.message).not.toBeNull();
  const { below, above } = b;
  expect(above!.value - below!.value).toBeLessThanOrEqual(b.tolerance * (1 + 1e-9));
  expect(b.value).toBeGreaterThanOrEqual(below!.value);
  expect(b.value).toBeLessThanOrEqual(above!.value);
  const scenario = ScenarioSchema.parse(request.scenario);
  const [lo, hi] = await Promise.all(
    [below!, above!].map((side) =>
      optimize(setParameters(scenario, [{ path: b.parameter, value: side.value }])),
    ),
  );
  expect(lo.kpis!.hpcCommittedMW).toBeCloseTo(below!.hpcMW!, 4);
  expect(hi.kpis!.hpcCommittedMW).toBeCloseTo(above!.hpcMW!, 4);
  // Past a kink HPC MW may move continuously (cash rows carry the parameter), so the step at the
  // bracket can be small.
  expect(Math.abs(lo.kpis!.hpcCommittedMW - hi.kpis!.hpcCommittedMW)).toBeGreaterThan(1e-5);
  expect(below!.plan.builds.reduce((a, x) => a + x.mw, 0)).toBeCloseTo(below!.hpcMW!, 6);
  return b;
}

describe('breakeven', () => {
  it('finds the lease rate below which converting stops', async () => {
    const b = await expectBracket({
      scenario: raw(),
      parameter: 'hpcOptions.0.leaseUsdPerKwMonth',
      tolerance: 0.05,
    });
    expect(b.value).toBeGreaterThan(80);
    expect(b.value).toBeLessThan(150);
    expect(b.below!.hpcMW).toBeLessThan(b.above!.hpcMW!);
  });

  it(
    'reports where the site flips — HPC MW crossing half the eligible MW, ' +
      'or a given threshold — beside the first change',
    async () => {
      for (const thresholdMW of [undefined, 80]) {
        const b = await run({
          scenario: raw(),
          parameter: 'hpcOptions.0.leaseUsdPerKwMonth',
          tolerance: 0.05,
          thresholdMW,
        });
        const t = b.threshold!;
        expect(t.thresholdMW).toBe(thresholdMW ?? 50);
        expect(t.value, t.message).not.toBeNull();
        expect(t.above!.value - t.below!.value).toBeLessThanOrEqual(b.tolerance * (1 + 1e-9));
        // Optimised at the bracket's ends: below the threshold on one side, at or above it on the
        // other.
        const scenario = ScenarioSchema.parse(raw());
        const [lo, hi] = await Promise.all(
          [t.below!, t.above!].map((side) =>
            optimize(setParameters(scenario, [{ path: b.parameter, value: side.value }])),
          ),
        );
        expect(lo.kpis!.hpcCommittedMW).toBeLessThan(t.thresholdMW);
        expect(hi.kpis!.hpcCommittedMW).toBeGreaterThanOrEqual(t.thresholdMW - 1e-6);
        // The first change comes no later than the crossing.
        expect(b.value!).toBeLessThanOrEqual(t.value! + b.tolerance);
      }
      const never = await run({
        scenario: raw(),
        parameter: 'site.energyUsdPerMWh',
        from: 30,
        to: 60,
        steps: 5,
      });
      expect(never.threshold!.value).toBeNull();
      expect(never.threshold!.message).toMatch(/does not cross 50 MW/);
    },
  );

  it('finds the capex above which converting shrinks', async () => {
    const b = await expectBracket({ scenario: raw(), parameter: 'hpcOptions.0.capexUsdPerMWIt' });
    expect(b.below!.hpcMW).toBeGreaterThan(b.above!.hpcMW!);
  });

  it('finds the BTC price where mining wins MW back, on a thinner lease', async () => {
    const s = raw();
    s.hpcOptions[0].leaseUsdPerKwMonth = 105.6;
    const b = await expectBracket({
      scenario: s,
      parameter: 'market.hashprice.btcUsd',
      from: 30000,
      to: 200000,
      tolerance: 50,
    });
    expect(b.message).toMatch(/the decision changes at/);
  });

  it('brackets whole months to adjacent months', async () => {
    const s = raw();
    s.hpcOptions[0].leaseUsdPerKwMonth = 100;
    const b = await run({ scenario: s, parameter: 'hpcOptions.0.buildMonths', from: 3, to: 40 });
    if (b.value !== null) expect(b.above!.value - b.below!.value).toBe(1);
    expect(b.tolerance).toBe(1);
  });

  it('says so when nothing changes within the range', async () => {
    const b = await run({
      scenario: raw(),
      parameter: 'site.energyUsdPerMWh',
      from: 30,
      to: 60,
      steps: 5,
    });
    expect(b.value).toBeNull();
    expect(b.message).toMatch(
      /no change within the range 30 … 60: the optimum commits 100 MW of HPC throughout/,
    );
    expect(b.scan).toHaveLength(5);
  });

  it('names the field of a bad range', async () => {
    await expect(
      run({ scenario: raw(), parameter: 'site.energyUsdPerMWh', from: 60, to: 30 }),
    ).rejects.toMatchObject({ issues: [{ path: 'to' }] });
    await expect(
      run({ scenario: raw(), parameter: 'fleet.poolFee', from: 0, to: 2 }),
    ).rejects.toMatchObject({
      issues: [{ path: 'to', message: expect.stringMatching(/must be ≤ 1/) }],
    });
    await expect(run({ scenario: raw(), parameter: 'fleet.nope' })).rejects.toMatchObject({
      issues: [{ path: 'parameter' }],
    });
  });
});
