/**
 * @module test/web/warm-up — the interactive worker's warm-up: slider previews of the scenario on
 * screen, the discount rate a little apart each time and marginal values off, at most
 * `WARM_UP_SOLVES`, none for a large scenario; a refused body or a failed solve ends it without
 * failing the worker's start.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../model/engine';
import type { SolveResult } from '../../model/schema';
import { WARM_UP_SOLVES, warmUp } from '../../web/src/worker/warm-up';

/** An engine whose previews are recorded; the `failAt`-th one throws. */
function fakeEngine(failAt = Number.POSITIVE_INFINITY) {
  const bodies: { financing: { discountRatePerYear: number }; solve: Record<string, unknown> }[] =
    [];
  const engine = {
    preview: async (body: unknown) => {
      if (bodies.length === failAt) throw new Error('refused');
      bodies.push(body as (typeof bodies)[number]);
      return { status: 'optimal' } as SolveResult;
    },
  } as unknown as Engine;
  return { engine, bodies };
}

const scenario = {
  horizonMonths: 60,
  financing: { discountRatePerYear: 0.1 },
  solve: { solver: 'highs' },
};

describe('warmUp', () => {
  it('solves previews of the scenario, each with its own discount rate and no marginal values', async () => {
    const { engine, bodies } = fakeEngine();
    await warmUp(engine, scenario);
    expect(bodies.length).toBe(WARM_UP_SOLVES);
    const rates = bodies.map((b) => b.financing.discountRatePerYear);
    expect(new Set(rates).size).toBe(rates.length);
    for (const r of rates) expect(Math.abs(r / 0.1 - 1)).toBeLessThan(0.01);
    for (const b of bodies) expect(b.solve).toEqual({ solver: 'highs', marginalValues: 'off' });
    expect(scenario.financing.discountRatePerYear).toBe(0.1); // the body itself is left as it was
  });

  it('stops at the first failure, and does nothing for a body without a discount rate', async () => {
    const failing = fakeEngine(3);
    await expect(warmUp(failing.engine, scenario)).resolves.toBeUndefined();
    expect(failing.bodies.length).toBe(3);
    const none = fakeEngine();
    await warmUp(none.engine, { horizonMonths: 60, financing: {} });
    await warmUp(none.engine, null);
    expect(none.bodies.length).toBe(0);
  });

  it('leaves a scenario larger than a few sites-years alone', async () => {
    const { engine, bodies } = fakeEngine();
    await warmUp(engine, { ...scenario, horizonMonths: 241 });
    await warmUp(engine, { ...scenario, horizonMonths: 60, sites: [{}, {}, {}, {}, {}] });
    expect(bodies.length).toBe(0);
    await warmUp(engine, { ...scenario, horizonMonths: 120, sites: [{}, {}] });
    expect(bodies.length).toBe(WARM_UP_SOLVES);
  });
});
