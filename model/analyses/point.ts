/**
 * @module analyses/point — one solve of an analysis: the scenario with some parameters changed,
 * optimised, reduced to what the analyses read (NPV, HPC MW committed, optionally the plan); and
 * the runner interface that solves many.
 */
import { buildModel } from '../build';
import { USD_PER_MODEL_UNIT as M } from '../economics';
import { extractPlan } from '../results';
import type { Plan, Scenario } from '../schema';
import { getSolver, solveVerified } from '../solvers';
import { warmStarts, type WarmStarts } from '../solvers/basis-cache';
import { solveWarm } from '../solvers/highs-warm';
import type { LpSolution, Solver } from '../solvers/types';
import { applyParameters, type ParameterChange } from './paths';
import type { PointStatus } from './schema';

/**
 * One solve: the changes to the base scenario (already validated, see `setParameters`), and whether
 * to keep the plan.
 */
export interface PointJob {
  readonly changes: readonly ParameterChange[];
  readonly withPlan?: boolean;
}

/** What an analysis reads from one solve. NPV and MW are null without a point. */
export interface PointResult {
  readonly status: PointStatus;
  readonly npvUsd: number | null;
  /** Grid MW of HPC committed (builds started within the horizon). */
  readonly hpcMW: number | null;
  readonly plan?: Plan;
  readonly message?: string;
  /** True when HiGHS started from a neighbouring solve's basis. */
  readonly warm: boolean;
  /** Build + solve wall time, ms. */
  readonly ms: number;
}

/** The warm-start role of analysis points (kept apart from the optimum's bases). */
const POINT_ROLE = 'point';

/** What the owner of a point's solve passes in (an engine: model/engine.ts). */
export interface PointOptions {
  /**
   * The owner's warm starts: the point starts from the last point's basis and leaves its own;
   * default a fresh one (a cold start).
   */
  readonly warm?: WarmStarts;
  /** The solver; default the scenario's `solve.solver` (javascript-lp-solver on this thread). */
  readonly solver?: Solver;
}

/**
 * Optimises `base` with `job.changes` applied (deep copy, not re-validated: callers validate ranges
 * with `setParameters`). HiGHS LPs start from the last point's basis in `options.warm` and leave
 * theirs in it; MILPs and other solvers solve cold. An infeasible point is reported as such (no
 * diagnosis: that is `/api/optimize`'s job). Never throws for a solver failure.
 */
export async function solvePoint(
  base: Scenario,
  job: PointJob,
  options: PointOptions = {},
): Promise<PointResult> {
  const t0 = performance.now();
  const scenario = job.changes.length ? applyParameters(base, job.changes) : base;
  const model = buildModel(scenario);
  // The schema settled the defaults (model/schema.ts, SolveOptionsSchema): no second `?? 20` here.
  const settings = {
    timeLimitSeconds: scenario.solve.timeLimitSeconds,
    mipRelGap: scenario.solve.mipRelGap,
  };
  const solver = options.solver ?? getSolver(scenario.solve.solver);
  const warmStart = options.warm ?? warmStarts();
  let warm = false;
  let sol: LpSolution;
  if (solver.name === 'highs') {
    const start = warmStart.latest(POINT_ROLE);
    // The owner's live model of the points (an engine's): updated in place by the coefficients the
    // cell changed and re-solved from the last cell's basis and factorisation; verified, and solved
    // again cold when its answer fails (docs/solvers.md, "Live models").
    const live = warmStart.live
      ? await warmStart.live.solve(model.lp, settings, POINT_ROLE, start, false)
      : null;
    const answer =
      live?.kind === 'solved'
        ? live.answer
        : await solveWarm(model.lp, settings, live?.kind === 'failed' ? null : start);
    sol = answer.solution;
    warm = answer.warm;
    if (answer.basis) warmStart.set(model.lp, answer.basis, POINT_ROLE);
  } else {
    sol = await solveVerified(solver, model.lp, settings);
  }
  const ms = performance.now() - t0;
  const x = sol.values;
  if (!x || (sol.status !== 'optimal' && sol.status !== 'timedout')) {
    const status: PointStatus =
      sol.status === 'infeasible' || sol.status === 'timedout' ? sol.status : 'error';
    return {
      status,
      npvUsd: null,
      hpcMW: null,
      warm,
      ms,
      message: sol.message ?? `the solver answered ${sol.status}`,
    };
  }
  let hpcMW = 0;
  for (const site of model.cases[0].sites)
    for (const b of site.index.builds)
      hpcMW += (model.lp.colInt[b.col] ? Math.round(x[b.col]) : x[b.col]) * b.mwPerUnit;
  return {
    status: sol.status,
    npvUsd: model.lp.objectiveAt(x) * M,
    hpcMW: Math.abs(hpcMW) < 1e-9 ? 0 : hpcMW,
    ...(job.withPlan ? { plan: extractPlan(model, x) } : {}),
    warm,
    ms,
  };
}

/** Options of a `PointRunner.run`. */
export interface RunPointsOptions {
  /**
   * Aborting stops the solves not yet started (and those running past a short grace); `run` then
   * rejects.
   */
  readonly signal?: AbortSignal;
  /** Called once per finished job, in completion order. */
  readonly onResult?: (index: number, result: PointResult) => void;
}

/** Solves many points of one base scenario; results come back in job order. */
export interface PointRunner {
  run(
    base: Scenario,
    jobs: readonly PointJob[],
    options?: RunPointsOptions,
  ): Promise<PointResult[]>;
}

/** The error a cancelled run rejects with. */
export class AnalysisCancelledError extends Error {
  override name = 'AnalysisCancelledError';
  constructor() {
    super('the analysis was cancelled');
  }
}

/**
 * Runs the points one after another on the calling thread, warm-starting each from the last: for
 * tests and scripts (the API uses a pool of worker threads).
 */
export function inProcessPoints(): PointRunner {
  const warm = warmStarts();
  return {
    async run(base, jobs, options = {}) {
      const out: PointResult[] = [];
      for (const [i, job] of jobs.entries()) {
        if (options.signal?.aborted) throw new AnalysisCancelledError();
        out.push(await solvePoint(base, job, { warm }));
        options.onResult?.(i, out[i]);
      }
      return out;
    },
  };
}

/**
 * The scenario as the analyses solve it: a single hashprice path (an `uncertainty` block is set
 * aside, with a note).
 */
export function singlePath(scenario: Scenario): { scenario: Scenario; notes: string[] } {
  if (!('uncertainty' in scenario) || scenario.uncertainty === undefined)
    return { scenario, notes: [] };
  const { uncertainty: _, ...rest } = scenario as Scenario & { uncertainty?: unknown };
  return {
    scenario: rest as Scenario,
    notes: ['the uncertainty cases are set aside: analyses optimise the base hashprice path'],
  };
}
