/** @module lp-agreement — a second solver and the evaluator agree with an optimum's npvUsd. */
import { expect } from 'vitest';
import { buildExportModel, evaluate, toLpText, type Scenario, type SolveResult } from '../../model';
import { solveWithGlpk } from './lp-parse';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/**
 * GLPK on the exported LP text (`/api/lp`'s, the min-build binaries included) and `evaluate` of
 * the optimum's own plan both give its npvUsd (1e-6 relative).
 */
export async function expectGlpkAndEvaluatorAgree(sc: Scenario, r: SolveResult): Promise<void> {
  const glpk = await solveWithGlpk(toLpText(buildExportModel(sc).lp));
  expect(glpk.status).toBe('optimal');
  expect(rel(glpk.objective, r.npvUsd! / 1e6)).toBeLessThan(1e-6);
  const ev = await evaluate(sc, r.plan!);
  expect(rel(ev.npvUsd!, r.npvUsd!)).toBeLessThan(1e-6);
}
