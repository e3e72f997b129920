/**
 * @module solvers — the solver interface, the shipped adapters (HiGHS, javascript-lp-solver) and
 * answer verification; GLPK is test-only (import `solvers/glpk`).
 */
import { highsSolver } from './highs';
import { jslpSolver } from './jslp';
import type { Solver } from './types';

export type { LpSolution, Solver, SolverSettings } from './types';
export type { FallbackAnswer, SolveAttempt } from './verify';
export {
  checkSolution,
  provesStatus,
  solveVerified,
  solveWithFallback,
  VERIFY_TOLERANCE,
} from './verify';
export { highsSolver, jslpSolver };

/** Names of the shipped solvers. */
export type SolverName = 'highs' | 'jslp';

/**
 * The shipped adapter of that name: `highs` (HiGHS, WebAssembly: proves its statuses, gives duals,
 * honours time limits) or `jslp` (javascript-lp-solver, named by the brief: run in a killable
 * worker, its answers must be verified — use `solveVerified` or `solveWithFallback` either way).
 *
 * @example
 * const answer = await solveVerified(getSolver('highs'), lp, { timeLimitSeconds: 10, mipRelGap:
 * 1e-4 });
 */
export function getSolver(name: SolverName): Solver {
  return name === 'highs' ? highsSolver : jslpSolver;
}
