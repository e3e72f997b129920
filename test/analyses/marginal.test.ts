/**
 * Marginal values in optimize answers match finite-difference re-solves; modes and the MILP case.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, SolveResultSchema, optimize, type ScenarioInput } from '../../model';
import { loadPreset } from '../../data/load';
import { withoutStreamRates } from '../helpers/stream-rates';

const raw = () => structuredClone(loadPreset('texas-100mw')) as any;
const npv = async (s: ScenarioInput) =>
  (await optimize(ScenarioSchema.parse({ ...s, solve: { marginalValues: 'off' } }))).npvUsd!;
const within = (a: number, b: number, rel: number) =>
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));

describe('marginal values', () => {
  it('facility: the dual (reduced cost) matches a +$1M re-solve within 1 %', async () => {
    const s = raw();
    s.financing.cashUsd = 40e6;
    s.financing.facility.limitUsd = 30e6;
    const answer = SolveResultSchema.parse(await optimize(ScenarioSchema.parse(s)));
    const mv = answer.marginalValues!;
    // The dual where the optimal basis holds over the step, else a re-solve from it: the value is
    // the same.
    expect(['dual', 'resolve']).toContain(mv.methods.facilityPerMillionUsd);
    const more = raw();
    Object.assign(more.financing, {
      cashUsd: 40e6,
      facility: { ...s.financing.facility, limitUsd: 31e6 },
    });
    const fd = (await npv(more)) - answer.npvUsd!;
    expect(fd).toBeGreaterThan(1e5);
    within(mv.facilityPerMillionUsd!, fd, 0.01);
  });

  it(
    'grid: one more MW in every month matches a re-solve, also where the ' +
      'dual alone would not (degenerate optimum)',
    async () => {
      for (const lease of [150, 100]) {
        const s = raw();
        s.hpcOptions[0].leaseUsdPerKwMonth = lease;
        const answer = await optimize(ScenarioSchema.parse(s));
        const more = raw();
        more.hpcOptions[0].leaseUsdPerKwMonth = lease;
        more.site.gridMW += 1;
        const fd = (await npv(more)) - answer.npvUsd!;
        within(answer.marginalValues!.gridMWUsd!, fd, 0.01);
        expect(['dual', 'resolve']).toContain(answer.marginalValues!.methods.gridMWUsd);
      }
    },
  );

  it("grid: the merchant tail's power row moves with the months' (a fleet larger than the grid)", async () => {
    // River Bend with 10 MW less grid than its fleet: the tail's power row binds, and one more MW
    // is worth the tail's MW too — about $11.2M, where the months' rows alone gave $0.33M.
    const s = structuredClone(loadPreset('river-bend')) as any;
    s.site.gridMW -= 10;
    const answer = await optimize(ScenarioSchema.parse(s));
    const more = structuredClone(s);
    more.site.gridMW += 1;
    const fd = (await npv(more)) - answer.npvUsd!;
    expect(fd).toBeGreaterThan(5e6);
    within(answer.marginalValues!.gridMWUsd!, fd, 1e-6);
  });

  it(
    'one month earlier commencement matches a re-solve of the shorter ' +
      'build, by default and in mode "all"; "off" leaves the field out',
    async () => {
      const s = raw();
      const earlier = raw();
      earlier.hpcOptions[0].buildMonths -= 1;
      const expected = (await npv(earlier)) - (await npv(s));
      expect(expected).toBeGreaterThan(1e5);
      const fast = await optimize(ScenarioSchema.parse(s));
      expect(fast.marginalValues!.methods.earlierCommencementUsd).toBe('resolve');
      within(fast.marginalValues!.earlierCommencementUsd!, expected, 1e-6);
      const all = await optimize(ScenarioSchema.parse({ ...s, solve: { marginalValues: 'all' } }));
      within(all.marginalValues!.earlierCommencementUsd!, expected, 1e-6);
      const off = await optimize(ScenarioSchema.parse({ ...s, solve: { marginalValues: 'off' } }));
      expect(off.marginalValues).toBeUndefined();
    },
  );

  it('a step smaller than the solver can tell is 0, not rounding dust', async () => {
    // Barber Lake valued as v2 (one rate, no residual) does not convert and has grid to spare: one
    // more MW is worth nothing.
    const answer = await optimize(
      ScenarioSchema.parse(withoutStreamRates(loadPreset('barber-lake'))),
    );
    expect(answer.marginalValues!.gridMWUsd).toBe(0);
  });

  it('a MILP gets its marginal values by re-solve when asked, and none from duals', async () => {
    const s = structuredClone(loadPreset('texas-blocks')) as any;
    s.horizonMonths = 36;
    const fast = await optimize(ScenarioSchema.parse(s));
    expect(fast.solver.integers).toBeGreaterThan(0);
    expect(fast.marginalValues!.methods).toEqual({
      gridMWUsd: 'not-computed',
      facilityPerMillionUsd: 'not-computed',
      earlierCommencementUsd: 'not-computed',
    });
    const all = await optimize(
      ScenarioSchema.parse({ ...s, solve: { marginalValues: 'all', mipRelGap: 0 } }),
    );
    expect(all.marginalValues!.methods.gridMWUsd).toBe('resolve');
    const more = structuredClone(s);
    more.site.gridMW += 1;
    more.solve = { mipRelGap: 0 };
    within(all.marginalValues!.gridMWUsd!, (await npv(more)) - all.npvUsd!, 1e-6);
  });
});
