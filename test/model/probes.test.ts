/**
 * @module probes.test — the marginal values' probes (`probeUpperBounds`): each probe's optimum, read
 * at the optimal basis where that basis holds over the step (no run) or re-run from it, is the
 * optimum of the LP with its bounds raised, as a cold solve of that LP finds it (1e-9, relative),
 * on every single-site preset with seeded moves of prices, grid and facility limit.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset, presetIds } from '../../data/load';
import { buildModel, ScenarioSchema } from '../../model';
import { highsSolver } from '../../model/solvers/highs';
import {
  heldOptimum,
  probeUpperBounds,
  solveWarm,
  type UpperBoundProbe,
} from '../../model/solvers/highs-warm';
import { movePrice } from '../../scripts/lib/offers';
import { rng } from '../helpers/rng';

const settings = { timeLimitSeconds: 60, mipRelGap: 1e-4 };

describe('probes of raised upper bounds', () => {
  it('give the optimum of the raised LP, with and without a run', async () => {
    const rand = rng(11).next;
    let held = 0;
    let checked = 0;
    // Probes answered at the optimal basis with a step that moved the optimum, by kind.
    const moved = { row: 0, col: 0 };
    for (const id of presetIds()) {
      const raw = loadPreset(id) as any;
      if (raw.sites) continue;
      for (let i = 0; i < 6; i++) {
        const s = structuredClone(raw);
        s.horizonMonths = Math.min(60, s.horizonMonths);
        s.hpcOptions.forEach((o: any) => movePrice(o, 0.7 + 0.6 * rand()));
        s.site.energyUsdPerMWh *= 0.8 + 0.4 * rand();
        if (i % 2) s.site.gridMW = Math.round(s.site.gridMW * (0.8 + 0.3 * rand()));
        if (s.financing.facility) s.financing.facility.limitUsd *= 0.3 + rand();
        const model = buildModel(ScenarioSchema.parse(s));
        const { lp } = model;
        if (lp.numIntegers) continue;
        const first = await solveWarm(lp, settings, null, true);
        try {
          expect(first.solution.status).toBe('optimal');
          const probes: UpperBoundProbe[] = [
            { kind: 'row', indices: model.index.powerRows, delta: 1 },
            ...(model.index.facility.length
              ? [{ kind: 'col', indices: model.index.facility, delta: 1 } as const]
              : []),
          ];
          const raised = probes.map((probe) => {
            const copy = lp.clone();
            const ub = probe.kind === 'row' ? copy.rowUb : copy.colUb;
            for (const j of probe.indices) ub[j] += probe.delta;
            return copy;
          });
          // Read at the optimum itself, before any probe runs (as probeUpperBounds does).
          const direct = probes.map((p, k) => heldOptimum(first.live!.model, lp, raised[k], p));
          const results = await probeUpperBounds(lp, settings, first.basis, probes, first.live);
          for (const [k, probe] of probes.entries()) {
            const where = `${id} move ${i}, ${probe.kind} probe`;
            const cold = await highsSolver.solve(raised[k], settings);
            expect(cold.status).toBe('optimal');
            const near = (v: number) =>
              expect(Math.abs(v - cold.objective!), where).toBeLessThanOrEqual(
                1e-9 * Math.max(1, Math.abs(cold.objective!)),
              );
            const r = results[k];
            expect(r, where).not.toBeNull();
            near(r!.objective);
            const d = direct[k];
            if (d) {
              near(d.objective);
              if (Math.abs(d.objective - first.solution.objective!) > 1e-6) moved[probe.kind]++;
            }
            checked++;
            if (r!.iterations === 0) held++;
          }
        } finally {
          first.live?.dispose();
        }
      }
    }
    // Both ways are taken: many probes hold at the optimal basis, others cross a vertex.
    expect(held).toBeGreaterThan(5);
    expect(checked - held).toBeGreaterThan(5);
    expect(moved.row).toBeGreaterThan(2);
    expect(moved.col).toBeGreaterThan(2);
  }, 300_000);
});
