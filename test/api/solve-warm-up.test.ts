/**
 * A solve thread's warm-up (api/solve-warm-up.ts): it stops at the first job, and a thread that
 * warmed up answers exactly what a thread that did not answers, the thread beside it included.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, ScenarioSchema, sitesOf } from '../../model';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { workerPool } from '../../api/pool';
import { warmUpSolves } from '../../api/solve-warm-up';

describe('solve thread warm-up', () => {
  it('runs the optimizes asked for, and no more once told to stop', async () => {
    expect(await warmUpSolves(2, () => false)).toBe(2);
    let asked = 0;
    expect(await warmUpSolves(50, () => ++asked > 3)).toBe(3);
    expect(await warmUpSolves(0, () => false)).toBe(0);
  }, 120_000);

  it('answers a job sent while it warms up, the same as an engine that never warmed up', async () => {
    const pool = workerPool({ size: 1, warmUpSolves: 1_000 });
    try {
      const scenario = ScenarioSchema.parse(loadPreset('river-bend'));
      const moved = structuredClone(scenario);
      for (const v of sitesOf(moved)) v.scenario.site.energyUsdPerMWh *= 1.05;
      // A thousand warm-up solves would take a minute or more: the answers come once the job has
      // stopped it, and they are those of a fresh engine (its own warm starts, not the warm-up's).
      const strip = (k: string, v: unknown) => (k === 'ms' || k === 'buildMs' ? undefined : v);
      const engine = createEngine();
      for (const s of [scenario, moved]) {
        const text = await pool.optimizeJson!(s);
        const own = JSON.stringify(await engine.optimize(s), strip);
        expect(JSON.stringify(JSON.parse(text), strip)).toBe(own);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('answers as a thread that never warmed up, the thread beside it reset too', async () => {
    // The default preset's shape is the warm-up's: the solve thread's and the thread beside's warm
    // starts of it are dropped once the warm-up ends (stopped by the first job, or done).
    const pools = [0, 3, 1_000].map((n) => workerPool({ size: 1, warmUpSolves: n }));
    try {
      const base = ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID));
      const moved = structuredClone(base);
      for (const v of sitesOf(moved)) v.scenario.site.energyUsdPerMWh *= 0.97;
      const strip = (k: string, v: unknown) => (k === 'ms' || k === 'buildMs' ? undefined : v);
      for (const s of [base, moved]) {
        const [cold, ...warmed] = await Promise.all(pools.map((p) => p.optimizeJson!(s)));
        expect(JSON.parse(cold).marginalValues.earlierCommencementUsd).not.toBeNull();
        for (const text of warmed)
          expect(JSON.stringify(JSON.parse(text), strip)).toBe(
            JSON.stringify(JSON.parse(cold), strip),
          );
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  }, 180_000);
});
