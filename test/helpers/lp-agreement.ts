/** @module lp-agreement — a second solver and the evaluator agree with an optimum's npvUsd. */
import { expect } from 'vitest';
import { buildModel, evaluate, toLpText, type Scenario, type SolveResult } from '../../model';
import { solveWithGlpk } from './lp-parse';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/**
 * GLPK on the exported LP text gives the optimum's npvUsd + kpis.minBuildCostUsd, and `evaluate`
 * of the optimum's own plan its npvUsd (1e-6 relative).
 */
export async function expectGlpkAndEvaluatorAgree(sc: Scenario, r: SolveResult): Promise<void> {
  const glpk = await solveWithGlpk(toLpText(buildModel(sc).lp));
  expect(glpk.status).toBe('optimal');
  // The exported LP has no minimum build: its optimum is npvUsd + what that cost.
  const lpOptimum = (r.npvUsd! + (r.kpis?.minBuildCostUsd ?? 0)) / 1e6;
  expect(rel(glpk.objective, lpOptimum)).toBeLessThan(1e-6);
  const ev = await evaluate(sc, r.plan!);
  expect(rel(ev.npvUsd!, r.npvUsd!)).toBeLessThan(1e-6);
}
