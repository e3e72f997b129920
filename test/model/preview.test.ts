/**
 * @module test/model/preview — a dragged slider's preview (`optimize` with `preview`, the browser
 * worker's drag solve): the same verified optimum as the complete answer — status, NPV, plan, every
 * month and every KPI, the conversion's IRR included — without the reason, and refused as the
 * complete answer is refused.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { createEngine, type EngineError } from '../../model/engine';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { leaseOf } from '../helpers/lease';

const preset = loadPreset(DEFAULT_PRESET_ID)!;

/** The default preset at `lease` $/kW-month, without its marginal values (as a drag asks). */
function atLease(lease: number): ScenarioInput {
  const s = structuredClone(preset);
  leaseOf(s.hpcOptions[0]).leaseUsdPerKwMonth = lease;
  return { ...s, solve: { ...s.solve, marginalValues: 'off' } };
}

/** The answer without what differs between two solves of the same LP (their times). */
const timeless = (r: SolveResult) => ({
  ...r,
  solver: { ...r.solver, ms: 0, buildMs: 0 },
});

describe('a slider’s preview', () => {
  it('is the complete answer without the reason, IRR included, step after step of a drag', async () => {
    // One engine for the drag (its live model, hot from step to step), another for the complete
    // answers: each preview meets the complete answer of its own inputs.
    const dragged = createEngine();
    const complete = createEngine();
    const lease0 = leaseOf(preset.hpcOptions[0]).leaseUsdPerKwMonth;
    for (const lease of [lease0 - 40, lease0 - 39, lease0 - 37, lease0 + 5, lease0 + 6]) {
      const preview = await dragged.preview(atLease(lease));
      const full = await complete.solve('optimize', atLease(lease));
      expect(preview.status, `${lease}`).toBe('optimal');
      expect(preview.reason).toBeUndefined();
      expect(full.reason).toBeDefined();
      const { reason: _, ...rest } = full;
      expect(timeless(preview), `${lease}`).toEqual(timeless(rest));
    }
  }, 120_000);

  it('is refused as the complete answer is refused', async () => {
    const bad = atLease(150);
    (bad.site as { gridMW: number }).gridMW = -5;
    const engine = createEngine();
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: EngineError) => ({ status: e.status, code: e.code, issues: e.issues }),
      );
    const preview = await refusal(engine.preview(bad));
    expect(preview).toMatchObject({ status: 400, code: 'invalid_scenario' });
    expect(preview).toEqual(await refusal(engine.solve('optimize', bad)));
  });
});
