/**
 * @module solvers/verify — no answer leaves unchecked: every returned point is tested against the
 * Lp; a fallback for failures.
 */
import { primalViolation } from '../lp';
import type { Lp } from '../lp';
import type { LpSolution, Solver, SolverSettings } from './types';

/**
 * Tolerances of `checkSolution`. `feasibility` bounds the violation of `primalViolation` (column
 * and row bounds scaled by max(1, |bound|), integrality absolute); `objective` bounds
 * |reported − c·x − constant| relative to max(1, |c·x + constant|).
 */
export const VERIFY_TOLERANCE = { feasibility: 1e-6, objective: 1e-7 } as const;

/**
 * An answer without a point: `status`, wall time `ms`, no objective or gap, plus `extra` fields.
 */
export function bareAnswer(
  status: LpSolution['status'],
  ms: number,
  extra: Partial<Pick<LpSolution, 'timeLimitHit' | 'message'>> = {},
): LpSolution {
  return { status, objective: null, values: null, mipGap: null, timeLimitHit: false, ms, ...extra };
}

/** The answer of a failed solve: status `error`, no point, the given message and wall time (ms). */
export function errorAnswer(message: string, ms: number): LpSolution {
  return bareAnswer('error', ms, { message });
}

/** The answer for an Lp found infeasible before any solve: status `infeasible` with the reason. */
export function infeasibleAnswer(message: string, ms: number): LpSolution {
  return bareAnswer('infeasible', ms, { message });
}

/** The message of a thrown value, whatever was thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Column bounds as the adapters pass them to a solver (see `solverBounds`). */
export interface SolverBounds {
  readonly lb: Float64Array;
  readonly ub: Float64Array;
  /**
   * Why the Lp is infeasible when an integer column has no integer between its bounds, else null.
   */
  readonly infeasible: string | null;
}

/**
 * The Lp's column bounds with integer columns' bounds rounded inward to integers (⌈lb⌉, ⌊ub⌋,
 * forgiving 1e-9 relative noise): the same integer points, but solvers mishandle fractional
 * bounds on integer columns — HiGHS 1.15's presolve returned a wrong "optimal" MILP answer and
 * GLPK's glp_intopt refuses the model.
 */
export function solverBounds(lp: Lp): SolverBounds {
  const lb = Float64Array.from(lp.colLb);
  const ub = Float64Array.from(lp.colUb);
  let infeasible: string | null = null;
  const slack = (v: number) => 1e-9 * Math.max(1, Math.abs(v));
  for (let j = 0; j < lp.numCols; j++) {
    if (!lp.colInt[j]) continue;
    if (Number.isFinite(lb[j])) lb[j] = Math.ceil(lb[j] - slack(lb[j]));
    if (Number.isFinite(ub[j])) ub[j] = Math.floor(ub[j] + slack(ub[j]));
    if (lb[j] > ub[j])
      infeasible ??= `integer column ${lp.colNames[j]} has no integer in [${lp.colLb[j]}, ${lp.colUb[j]}]`;
  }
  return { lb, ub, infeasible };
}

/**
 * Checks an answer against the Lp. Returns null when it holds, else why not, naming the worst
 * row or column: an `optimal` answer must carry a point; any point must have one value per
 * column, be primal feasible and integral within `VERIFY_TOLERANCE.feasibility`, and its
 * reported objective must equal `lp.objectiveAt(values)` within `VERIFY_TOLERANCE.objective`.
 * Answers without a point (`infeasible`, `unbounded`, `error`, a bare `timedout`) pass as they are.
 */
export function checkSolution(lp: Lp, solution: LpSolution): string | null {
  const { values, objective } = solution;
  if (values === null)
    return solution.status === 'optimal' ? 'optimal answer without a point' : null;
  if (values.length !== lp.numCols)
    return `point has ${values.length} values for ${lp.numCols} columns`;
  const violation = primalViolation(lp, values);
  if (violation.max > VERIFY_TOLERANCE.feasibility) {
    const where = violation.where ?? '?';
    const kind = lp.row(where) !== undefined ? 'row' : 'column';
    const by = violation.max.toPrecision(3);
    return `point violates ${kind} ${where} by ${by} (scaled; tolerance ${VERIFY_TOLERANCE.feasibility})`;
  }
  const at = lp.objectiveAt(values);
  if (
    objective === null ||
    !(Math.abs(objective - at) <= VERIFY_TOLERANCE.objective * Math.max(1, Math.abs(at)))
  ) {
    return `reported objective ${objective} differs from the point's objective ${at}`;
  }
  return null;
}

/**
 * Solves with `solver` and verifies the answer with `checkSolution`. A failed check, or a solver
 * that throws, turns the answer into status `error` with a message that names the solver; the
 * unverified point is not passed on. Never throws.
 *
 * @example
 * const answer = await solveVerified(highsSolver, lp, { timeLimitSeconds: 10, mipRelGap: 1e-4 });
 * if (answer.status === 'optimal') use(answer.values);
 */
export async function solveVerified(
  solver: Solver,
  lp: Lp,
  settings: SolverSettings,
): Promise<LpSolution> {
  const t0 = performance.now();
  let solution: LpSolution;
  try {
    solution = await solver.solve(lp, settings);
  } catch (e) {
    return errorAnswer(`${solver.name} threw: ${errorText(e)}`, performance.now() - t0);
  }
  const problem = checkSolution(lp, solution);
  if (problem === null) return solution;
  return {
    ...errorAnswer(`${solver.name} answer (${solution.status}) rejected: ${problem}`, solution.ms),
    timeLimitHit: solution.timeLimitHit,
  };
}

/**
 * Whether a solver's `infeasible` is a proof. An adapter declares `provesStatus: false` when it is
 * not (javascript-lp-solver's is sometimes wrong); a solver without the property is taken at its
 * word.
 */
export function provesStatus(solver: Solver): boolean {
  return (solver as { readonly provesStatus?: boolean }).provesStatus !== false;
}

/** One solve of `solveWithFallback`, for reports. */
export interface SolveAttempt {
  readonly solver: string;
  readonly status: LpSolution['status'];
  /** Wall time of this attempt, ms. */
  readonly ms: number;
  readonly message?: string;
}

/** Outcome of `solveWithFallback`. */
export interface FallbackAnswer {
  /** The chosen (verified) answer. */
  readonly solution: LpSolution;
  /** Name of the solver that gave `solution`. */
  readonly solver: string;
  /** Every attempt, in order. */
  readonly attempts: readonly SolveAttempt[];
}

/**
 * Solves with `primary`, verified; unless that answer is decisive — a verified `optimal`, or an
 * `infeasible` from a solver that `provesStatus` — solves with `fallback` in the time left
 * (`settings.timeLimitSeconds` covers both) and takes its answer if that one is decisive. Otherwise
 * returns the first answer that is not an `error` (primary first: a `timedout` incumbent, an
 * `unbounded`, an unproved `infeasible`), or the primary's error with both messages. Never throws.
 *
 * @example
 * const { solution, solver } = await solveWithFallback(highsSolver, jslpSolver, lp, settings);
 */
export async function solveWithFallback(
  primary: Solver,
  fallback: Solver,
  lp: Lp,
  settings: SolverSettings,
): Promise<FallbackAnswer> {
  const t0 = performance.now();
  const attempts: SolveAttempt[] = [];
  const run = async (solver: Solver, timeLimitSeconds: number) => {
    const solution = await solveVerified(solver, lp, { ...settings, timeLimitSeconds });
    attempts.push({
      solver: solver.name,
      status: solution.status,
      ms: solution.ms,
      ...(solution.message ? { message: solution.message } : {}),
    });
    return solution;
  };
  const decisive = (s: LpSolution, by: Solver) =>
    s.status === 'optimal' || (s.status === 'infeasible' && provesStatus(by));

  const first = await run(primary, settings.timeLimitSeconds);
  if (decisive(first, primary)) return { solution: first, solver: primary.name, attempts };
  const left = settings.timeLimitSeconds - (performance.now() - t0) / 1000;
  if (!(left > 0)) return { solution: first, solver: primary.name, attempts };

  const second = await run(fallback, left);
  if (decisive(second, fallback)) return { solution: second, solver: fallback.name, attempts };
  if (first.status !== 'error') return { solution: first, solver: primary.name, attempts };
  if (second.status !== 'error') return { solution: second, solver: fallback.name, attempts };
  const message = attempts.map((a) => `${a.solver}: ${a.message ?? a.status}`).join('; ');
  return { solution: { ...first, message }, solver: primary.name, attempts };
}
