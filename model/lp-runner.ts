/**
 * @module lp-runner — how the solve pipeline solves its LPs: one solver, one deadline for the whole
 * request (every solve inside it gets only the time left), warm starts from an explicit basis or
 * the owner's cache. Verified answers only (model/solvers/verify.ts).
 */
import type { Lp } from './lp';
import type { Scenario } from './schema';
import { getSolver, solveVerified } from './solvers';
import type { WarmStarts } from './solvers/basis-cache';
import {
  probeUpperBounds,
  reoptimize,
  solveWarm,
  type LiveChange,
  type LiveModel,
  type ProbeResult,
  type UpperBoundProbe,
  type WarmBasis,
} from './solvers/highs-warm';
import type { LpSolution, Solver, SolverSettings } from './solvers/types';

/** A point in time by which a request must be answered. */
export interface Deadline {
  /** `performance.now()` at which the time is up, ms. */
  readonly atMs: number;
}

/** A deadline `seconds` from now. */
export const deadlineIn = (seconds: number): Deadline => ({
  atMs: performance.now() + seconds * 1000,
});

/** Seconds left before a deadline (≥ 0). */
export const secondsLeft = (d: Deadline): number =>
  Math.max(0, (d.atMs - performance.now()) / 1000);

/**
 * A solved LP: the verified answer and, for a HiGHS LP, its optimal basis (to start the next solve
 * from).
 */
export interface Solved {
  readonly solution: LpSolution;
  readonly basis: WarmBasis | null;
  /**
   * With `keep`, the HiGHS model at its optimum, for `probe` and `reoptimize` (its owner disposes
   * it).
   */
  readonly live?: LiveModel;
}

/** Solves the LPs of one request. */
export interface LpRunner {
  readonly solver: Solver;
  readonly deadline: Deadline;
  /** The scenario's MIP gap with the time left as the limit. */
  settings(): SolverSettings;
  /**
   * Solves `lp`, verified: a HiGHS LP starts from `basis` (when it fits), else from the cache's
   * basis of its shape, and leaves its optimal basis in the cache under `role` (default: the main
   * optimisation); a MILP or another solver solves cold. A deadline that has passed answers
   * `timedout` without solving.
   */
  solve(lp: Lp, basis?: WarmBasis | null, role?: string, keep?: boolean): Promise<Solved>;
  /** The owner's cache (absent: nothing is remembered between requests). */
  readonly warm?: WarmStarts;
  /** The cache's basis for an LP of this shape and role, if any. */
  cached(lp: Lp, role?: string): WarmBasis | null;
  /** `probeUpperBounds` from an optimal basis (nulls for another solver). */
  probe(
    lp: Lp,
    basis: WarmBasis | null,
    probes: readonly UpperBoundProbe[],
    live?: LiveModel,
  ): Promise<(ProbeResult | null)[]>;
  /** `reoptimize` of a live model with the time left (null for a closed deadline). */
  reoptimize(live: LiveModel, check: Lp, change: LiveChange): Promise<LpSolution | null>;
}

/** Options a request's solves share. */
export interface RunnerOptions {
  readonly solver?: Solver;
  readonly warm?: WarmStarts;
  readonly deadline?: Deadline;
}

/**
 * The runner of a request on `scenario`: its solver, its deadline (default: its time limit from
 * now).
 */
export function lpRunner(scenario: Scenario, options: RunnerOptions = {}): LpRunner {
  const solver = options.solver ?? getSolver(scenario.solve.solver);
  const deadline = options.deadline ?? deadlineIn(scenario.solve.timeLimitSeconds);
  const warm = options.warm;
  const settings = (): SolverSettings => ({
    timeLimitSeconds: secondsLeft(deadline),
    mipRelGap: scenario.solve.mipRelGap,
  });
  return {
    solver,
    deadline,
    warm,
    settings,
    async solve(lp, basis, role, keep) {
      const s = settings();
      if (s.timeLimitSeconds <= 0) {
        return {
          solution: {
            status: 'timedout',
            objective: null,
            values: null,
            mipGap: null,
            timeLimitHit: true,
            ms: 0,
            message: 'no time left',
          },
          basis: null,
        };
      }
      if (solver.name === 'highs' && lp.numIntegers === 0) {
        const start = basis ?? warm?.get(lp, role) ?? null;
        // The owner's live model of this shape, updated in place and re-solved hot; an answer that
        // fails its check is solved again cold.
        const live = warm?.live ? await warm.live.solve(lp, s, role ?? '', start, !!keep) : null;
        const answer =
          live?.kind === 'solved'
            ? live.answer
            : await solveWarm(lp, s, live?.kind === 'failed' ? null : start, keep);
        if (answer.basis) warm?.set(lp, answer.basis, role);
        return {
          solution: answer.solution,
          basis: answer.basis,
          ...(answer.live ? { live: answer.live } : {}),
        };
      }
      return { solution: await solveVerified(solver, lp, s), basis: null };
    },
    cached: (lp, role) => warm?.get(lp, role) ?? null,
    probe(lp, basis, probes, live) {
      if (solver.name !== 'highs') return Promise.resolve(probes.map(() => null));
      return probeUpperBounds(lp, settings(), basis, probes, live);
    },
    async reoptimize(live, check, change) {
      const s = settings();
      return s.timeLimitSeconds > 0 ? reoptimize(live, check, s, change) : null;
    },
  };
}

/** HiGHS' basis status of a basic row (the status of a row added to a basis that stays valid). */
const BASIC = 1;

/**
 * A basis with `rows` more rows, each basic: still a valid basis of the Lp with those rows added.
 */
export function withBasicRows(basis: WarmBasis | null, rows: number): WarmBasis | null {
  if (!basis) return null;
  const rowStatus = new Int32Array(basis.numRows + rows);
  rowStatus.set(basis.rowStatus);
  rowStatus.fill(BASIC, basis.numRows);
  return { ...basis, numRows: basis.numRows + rows, rowStatus };
}
