/**
 * Decision map cells equal direct optimisations (also when walked on a live model); axes, order,
 * rounding and bad ranges.
 */
import { describe, expect, it } from 'vitest';
import {
  MapRequestSchema,
  ScenarioSchema,
  createEngine,
  decisionMap,
  inProcessPoints,
  optimize,
  setParameters,
  type MapRequest,
  type PointRunner,
} from '../../model';
import { loadPreset } from '../../data/load';

const raw = () => structuredClone(loadPreset('texas-100mw')) as any;
const run = (request: MapRequest, onProgress?: (p: { done: number; total: number }) => void) =>
  decisionMap(MapRequestSchema.parse(request), inProcessPoints(), { onProgress });

describe('decision map', () => {
  it('gives each cell the optimum of a direct optimisation at its x and y', async () => {
    const request = {
      scenario: raw(),
      x: { parameter: 'market.hashprice.btcUsd', from: 40000, to: 160000, steps: 4 },
      y: { parameter: 'hpcOptions.0.leaseUsdPerKwMonth', from: 80, to: 140, steps: 3 },
    };
    const progress: number[] = [];
    const map = await run(request, (p) => progress.push(p.done));
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(map.x.values).toEqual([40000, 80000, 120000, 160000]);
    expect(map.y.values).toEqual([80, 110, 140]);
    expect(map.x).toMatchObject({ base: 90000, label: 'BTC price' });
    expect(map.cells).toHaveLength(12);
    const scenario = ScenarioSchema.parse(request.scenario);
    const shares = new Set<number>();
    for (const [k, cell] of map.cells.entries()) {
      expect([cell.x, cell.y]).toEqual([map.x.values[k % 4], map.y.values[Math.floor(k / 4)]]);
      const direct = await optimize(
        setParameters(scenario, [
          { path: 'market.hashprice.btcUsd', value: cell.x },
          { path: 'hpcOptions.0.leaseUsdPerKwMonth', value: cell.y },
        ]),
      );
      expect(cell.status).toBe('optimal');
      expect(Math.abs(cell.npvUsd! - direct.npvUsd!)).toBeLessThan(1e-6 * Math.abs(direct.npvUsd!));
      expect(cell.hpcShare).toBeCloseTo(
        direct.kpis!.hpcCommittedMW / scenario.site!.hpcEligibleMW,
        5,
      );
      shares.add(Math.round(cell.hpcShare! * 100));
    }
    expect(shares.size).toBeGreaterThan(1); // the grid crosses the decision boundary
  });

  it("walks its cells on an engine's live model, each equal to a cold solve (1e-9)", async () => {
    const request = MapRequestSchema.parse({
      scenario: raw(),
      x: { parameter: 'market.hashprice.btcUsd', from: 40000, to: 160000, steps: 4 },
      y: { parameter: 'site.energyUsdPerMWh', from: 30, to: 60, steps: 3 },
    });
    const engine = createEngine();
    const live: PointRunner = {
      async run(base, jobs, options = {}) {
        const out = [];
        for (const [i, job] of jobs.entries()) {
          out.push(await engine.point(base, job));
          options.onResult?.(i, out[i]);
        }
        return out;
      },
    };
    const walked = await decisionMap(request, live);
    const cold = await decisionMap(request, inProcessPoints());
    const counts = engine.warm.live!.counts;
    // One model built for the map's shape; every later cell re-solved on it.
    expect(counts.built).toBe(1);
    expect(counts.hot + counts.reloaded).toBe(11);
    for (const [k, cell] of walked.cells.entries()) {
      expect(cell.status).toBe('optimal');
      const c = cold.cells[k].npvUsd!;
      expect(Math.abs(cell.npvUsd! - c)).toBeLessThanOrEqual(1e-9 * Math.abs(c));
    }
    engine.warm.live!.clear();
  });

  it('rounds whole-month axes and notes it', async () => {
    const map = await run({
      scenario: raw(),
      x: { parameter: 'hpcOptions.0.buildMonths', from: 6, to: 13, steps: 3 },
      y: { parameter: 'site.energyUsdPerMWh', from: 40, to: 50, steps: 2 },
    });
    expect(map.x.values).toEqual([6, 10, 13]);
    expect(map.notes).toContain('x values rounded to whole months');
  });

  it('names the field of a bad axis before solving', async () => {
    const axis = { parameter: 'site.energyUsdPerMWh', from: 30, to: 60, steps: 3 };
    const s = raw();
    await expect(
      run({
        scenario: s,
        x: { ...axis, parameter: 'site.nope' },
        y: { ...axis, parameter: 'fleet.uptime', from: 0.5, to: 1 },
      }),
    ).rejects.toMatchObject({ issues: [{ path: 'x.parameter' }] });
    await expect(
      run({ scenario: s, x: axis, y: { parameter: 'fleet.uptime', from: 0.5, to: 1.5, steps: 3 } }),
    ).rejects.toMatchObject({
      issues: [{ path: 'y.to', message: expect.stringMatching(/must be ≤ 1/) }],
    });
    await expect(run({ scenario: s, x: axis, y: axis })).rejects.toMatchObject({
      issues: [{ path: 'y.parameter' }],
    });
    await expect(
      run({
        scenario: s,
        x: { ...axis, to: 30 },
        y: { ...axis, parameter: 'fleet.uptime', from: 0.5, to: 1 },
      }),
    ).rejects.toMatchObject({ issues: [{ path: 'x.to' }] });
    // Corners are checked together: switch-over ≤ build must hold at every corner.
    await expect(
      run({
        scenario: s,
        x: { parameter: 'hpcOptions.0.buildMonths', from: 2, to: 12, steps: 3 },
        y: { parameter: 'hpcOptions.0.switchoverMonths', from: 0, to: 4, steps: 3 },
      }),
    ).rejects.toMatchObject({ issues: [{ path: expect.stringMatching(/^[xy]\.(from|to)$/) }] });
  });
});
