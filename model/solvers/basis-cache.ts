/**
 * @module solvers/basis-cache — warm starts across requests: the optimal basis of the last LP of each shape is kept
 * and the next LP of that shape starts from it. A slider move changes coefficients, not the shape, so the next
 * solve needs a handful of simplex iterations instead of hundreds. The answer is verified either way.
 */
import type { Lp } from '../lp';
import { solveWarm, type WarmBasis } from './highs-warm';
import type { LpSolution, SolverSettings } from './types';

/** Shapes remembered (least recently used dropped first). */
const MAX_SHAPES = 32;
const cache = new Map<string, WarmBasis>();

/** The shape of an LP: sizes and the names at both ends (names encode horizon, options and start months). */
function shape(lp: Lp): string {
  return `${lp.numCols}:${lp.numRows}:${lp.rowCols.length}:${lp.colNames[0]}:${lp.colNames[lp.numCols - 1]}:${lp.rowNames[lp.numRows - 1]}`;
}

/**
 * Solves an LP with HiGHS from the cached basis of its shape, if any, and caches the new optimal basis.
 * MILPs are solved cold. Alternative optima of a degenerate LP may differ between a cold and a warm start;
 * the objective does not.
 */
export async function solveWithCachedBasis(lp: Lp, settings: SolverSettings): Promise<LpSolution & { warm: boolean }> {
  const key = shape(lp);
  const previous = cache.get(key) ?? null;
  const answer = await solveWarm(lp, settings, previous);
  cache.delete(key);
  if (answer.basis) cache.set(key, answer.basis);
  while (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value!);
  return { ...answer.solution, warm: answer.warm };
}

/** Forgets every cached basis (tests, benchmarks of cold solves). */
export function clearBasisCache(): void {
  cache.clear();
}
