/**
 * @module aside-thread.test — the thread beside a solve thread (api/aside-thread.ts): answers a
 * scenario's LP optimum as an engine in this thread does; a thread closed while it holds a
 * scenario answers null and the next scenario starts another; a solve thread's answers carry the
 * earlier-commencement value the in-process engine finds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import { createEngine, ScenarioSchema } from '../../model';
import { earlierCommencement } from '../../model/analyses/marginal';
import { asideThread } from '../../api/aside-thread';
import { workerPool } from '../../api/pool';

const scenario = ScenarioSchema.parse({ ...(loadPreset('texas-100mw') as any), horizonMonths: 60 });
const earlier = earlierCommencement(scenario)!;

describe('the thread beside a solve thread', () => {
  const thread = asideThread();
  afterAll(() => thread.close());

  it("answers the LP's optimum as an engine here does, and again after it was closed", async () => {
    const here = (await createEngine().aside(earlier))!.objective!;
    const there = (await thread(earlier))!.objective!;
    expect(Math.abs(there - here)).toBeLessThanOrEqual(1e-9 * Math.abs(here));
    // Closed while it holds a scenario: null, not a hang; the next scenario starts another.
    const held = thread(earlier);
    await thread.close();
    expect(await held).toBeNull();
    const again = (await thread(earlier))!.objective!;
    expect(Math.abs(again - here)).toBeLessThanOrEqual(1e-9 * Math.abs(here));
  }, 120_000);

  it('answers after a reset as a fresh engine does, to the bit', async () => {
    const moved = structuredClone(earlier);
    moved.site!.energyUsdPerMWh *= 1.04;
    for (const s of [earlier, moved, earlier]) await thread(s);
    thread.reset();
    const fresh = (await createEngine().aside(moved))!.objective;
    expect((await thread(moved))!.objective).toBe(fresh);
  }, 120_000);

  it('does not solve a MILP (the request solves it itself)', async () => {
    const blocks = ScenarioSchema.parse(loadPreset('texas-blocks'));
    const shorter = earlierCommencement(blocks);
    expect(shorter).not.toBeNull();
    expect(await thread(shorter!)).toBeNull();
  }, 120_000);

  it("gives a solve thread's answers the earlier-commencement value found in process", async () => {
    const pool = workerPool({ size: 1 });
    try {
      const [threaded, own] = [
        await pool.optimize(scenario),
        await createEngine().optimize(scenario),
      ];
      const v = own.marginalValues!.earlierCommencementUsd!;
      expect(v).not.toBe(0);
      expect(Math.abs(threaded.marginalValues!.earlierCommencementUsd! - v)).toBeLessThanOrEqual(
        1e-7 * Math.abs(own.npvUsd!) + 1,
      );
    } finally {
      await pool.close();
    }
  }, 120_000);
});
