/**
 * @module solvers — the solver interface, the shipped adapters (HiGHS, javascript-lp-solver) and
 * answer verification; GLPK is test-only (import `solvers/glpk`).
 */
import { highsSolver } from './highs';
import { jslpSolver, jslpSolverWith, runJslpHere, type JslpRun } from './jslp';
import type { Solver } from './types';

export type { JslpOutcome, JslpReply, JslpRequest, JslpRun } from './jslp';

export type { LpSolution, Solver, SolverSettings } from './types';
export type { FallbackAnswer, SolveAttempt } from './verify';
export {
  checkSolution,
  provesStatus,
  solveVerified,
  solveWithFallback,
  VERIFY_TOLERANCE,
} from './verify';
export { highsSolver, jslpSolver, jslpSolverWith, runJslpHere };

/** Names of the shipped solvers. */
export type SolverName = 'highs' | 'jslp';

/**
 * The shipped adapter of that name: `highs` (HiGHS, WebAssembly: proves its statuses, gives duals,
 * honours time limits) or `jslp` (javascript-lp-solver, named by the brief: its answers must be
 * verified — use `solveVerified` or `solveWithFallback` either way). A jslp solve runs where `jslp`
 * runs it: default on the calling thread (`runJslpHere`); the API passes a killable worker thread.
 *
 * @example
 * const answer = await solveVerified(getSolver('highs'), lp, { timeLimitSeconds: 10, mipRelGap:
 * 1e-4 });
 */
export function getSolver(name: SolverName, jslp?: JslpRun): Solver {
  if (name === 'highs') return highsSolver;
  return jslp ? jslpSolverWith(jslp) : jslpSolver;
}
