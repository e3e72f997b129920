/**
 * @module engine — the one way into the model for a solve thread, an analysis thread and the
 * browser's worker: a request parsed and refused exactly as the API refuses it, then solved with
 * its owner's warm starts and solvers. See docs/solvers.md ("One engine entry").
 */
import type { z } from 'zod';
import {
  AnalysisCancelledError,
  AnalysisInputError,
  BreakevenRequestSchema,
  MapRequestSchema,
  SensitivityRequestSchema,
  breakeven,
  planMap,
  runMap,
  sensitivity,
  solvePoint,
  solvedObjective,
  type AsideAnswer,
  type AsideSolve,
  type MapOptions,
  type PointJob,
  type PointResult,
  type PointRunner,
} from './analyses';
import { listIssues, type FieldIssue } from './issues';
import { planIssues } from './plan-check';
import {
  EvaluateRequestSchema,
  ScenarioSchema,
  zodIssues,
  type Plan,
  type Scenario,
  type SolveResult,
} from './schema';
import { lpRunner } from './lp-runner';
import { evaluate, optimize, type RunOptions } from './solve';
import { getSolver, type SolverName } from './solvers';
import { warmStarts, type WarmStarts } from './solvers/basis-cache';
import { loadHighs } from './solvers/highs';
import type { JslpRun } from './solvers/jslp';
import type { Solver } from './solvers/types';

export { AnalysisCancelledError };
export { reasonOf, type Reason } from './reason';
export type { AsideAnswer, AsideSolve, FieldIssue, PointJob, PointResult, PointRunner };

/**
 * A request the engine refuses, as the API answers it: HTTP status, code, message and the fields
 * at fault (at most `MAX_ISSUES`, each cut to `MAX_ISSUE_CHARS`, as the API lists them).
 */
export class EngineError extends Error {
  override name = 'EngineError';
  readonly issues: readonly FieldIssue[];
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    issues: readonly FieldIssue[] = [],
  ) {
    const listed = listIssues(message, issues);
    super(listed.message);
    this.issues = listed.issues ?? [];
  }
}

/** How a request of one kind is read: its schema and the code and message of its 400. */
interface RequestSpec<S extends z.ZodType> {
  readonly schema: S;
  readonly code: string;
  readonly message: string;
}

const spec = <S extends z.ZodType>(schema: S, code: string, message: string): RequestSpec<S> => ({
  schema,
  code,
  message,
});

/**
 * The requests the engine reads, with the code and message the API answers a bad one with (the
 * API's routes pass the same to `jsonBody`).
 */
export const REQUESTS = {
  optimize: spec(ScenarioSchema, 'invalid_scenario', 'the scenario is not valid'),
  evaluate: spec(
    EvaluateRequestSchema,
    'invalid_request',
    'the request is not valid: expected { scenario, plan }',
  ),
  sensitivity: spec(
    SensitivityRequestSchema,
    'invalid_request',
    'the request is not valid: expected { scenario, parameters?, low?, high? }',
  ),
  breakeven: spec(
    BreakevenRequestSchema,
    'invalid_request',
    'the request is not valid: expected { scenario, parameter, from?, to?, tolerance?, thresholdMW? }',
  ),
  map: spec(
    MapRequestSchema,
    'invalid_request',
    'the request is not valid: expected { scenario, x, y }',
  ),
} as const;

/** The kinds of request: the API's solve and analysis routes. */
export type RequestKind = keyof typeof REQUESTS;

/** A request of that kind, parsed (defaults settled). */
export type RequestOf<K extends RequestKind> = z.output<(typeof REQUESTS)[K]['schema']>;

/**
 * Parses a request body of that kind; a body that does not fit is an `EngineError` 400 with every
 * faulty field, worded by the model's one formatter (`zodIssues`).
 *
 * @example
 * const scenario = parseRequest('optimize', await res.json());
 */
export function parseRequest<K extends RequestKind>(kind: K, body: unknown): RequestOf<K> {
  const { schema, code, message } = REQUESTS[kind];
  const r = schema.safeParse(body);
  if (!r.success) throw new EngineError(400, code, message, zodIssues(r.error));
  return r.data as RequestOf<K>;
}

/**
 * The `EngineError` the API answers a model failure with (a refused plan or analysis parameter),
 * or undefined for anything else (a cancellation, a bug: the caller words those).
 */
export function engineError(e: unknown): EngineError | undefined {
  if (e instanceof EngineError) return e;
  if (e instanceof AnalysisInputError)
    return new EngineError(
      400,
      'invalid_parameter',
      'a parameter or range is not valid for this scenario',
      e.issues,
    );
  return undefined;
}

/**
 * The `EngineError` 400 `invalid_plan` for a plan that does not fit its scenario (`planIssues`), or
 * undefined when it fits: every route and the engine refuse a plan with this one answer.
 */
export function planError(scenario: Scenario, plan: Plan): EngineError | undefined {
  const issues = planIssues(scenario, plan);
  return issues.length
    ? new EngineError(400, 'invalid_plan', 'the plan does not fit the scenario', issues)
    : undefined;
}

/** What an engine's owner passes in. */
export interface EngineOptions {
  /**
   * Where a javascript-lp-solver solve runs. The model starts no thread: the API passes a worker
   * thread killed at the time limit (api/jslp-thread.ts); default the calling thread.
   */
  readonly jslp?: JslpRun;
  /**
   * Where an optimize request's earlier-commencement LP is solved while the request solves its own
   * (`AsideSolve`: the API passes a thread of its own, api/aside-thread.ts); default here, after.
   */
  readonly aside?: AsideSolve;
}

/** An analysis's options beyond its request: progress of a map, cancellation. */
export type AnalysisOptions = MapOptions;

/**
 * The model behind one owner (a thread, a worker): one warm-start object for every solve it runs
 * (the optimum's bases, the analyses' points and remembered answers), and its solvers.
 */
export interface Engine {
  /** The warm starts every solve of this engine shares. */
  readonly warm: WarmStarts;
  /** Loads HiGHS, so that the first solve does not wait for it. */
  ready(): Promise<void>;
  /** The solver of that name, as this engine runs it. */
  solver(name: SolverName): Solver;
  /** The options a solve of `scenario` runs with (its solver, the warm starts). */
  runOptions(scenario: Scenario): RunOptions;
  /**
   * Optimises a parsed scenario; with `beside: false` the earlier-commencement LP is solved here,
   * not sent to the engine's `aside` (default: sent when there is one).
   */
  optimize(scenario: Scenario, options?: { readonly beside?: boolean }): Promise<SolveResult>;
  /**
   * Evaluates a plan on a parsed scenario; a plan that does not fit it (`planIssues`) is an
   * `EngineError` 400 `invalid_plan`.
   */
  evaluate(scenario: Scenario, plan: Plan): Promise<SolveResult>;
  /** One point of an analysis, warm-started from this engine's last point. */
  point(base: Scenario, job: PointJob): Promise<PointResult>;
  /**
   * Parses an optimize request body and answers a dragged slider's preview of it (`optimize`'s
   * `preview`: no reason); refused as `solve` refuses it.
   */
  preview(body: unknown): Promise<SolveResult>;
  /**
   * The optimum's objective of a parsed scenario's LP, on this engine's warm starts: what an
   * `AsideSolve` thread answers (null for a MILP or a solver other than HiGHS).
   */
  aside(scenario: Scenario): Promise<AsideAnswer | null>;
  /** Parses a solve request body and answers it (`EngineError` when it is refused). */
  solve(kind: 'optimize' | 'evaluate', body: unknown): Promise<SolveResult>;
  /**
   * Parses an analysis request body and runs it, its points solved by `runner` (`EngineError`
   * when the body or a parameter is refused).
   */
  analyse(
    kind: 'sensitivity' | 'breakeven' | 'map',
    body: unknown,
    runner: PointRunner,
    options?: AnalysisOptions,
  ): Promise<unknown>;
}

/**
 * A new engine with its own warm starts.
 *
 * @example
 * const engine = createEngine({ jslp: runJslpThread }); // api/solve-worker.ts
 * const answer = await engine.solve('optimize', body);
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const warm = warmStarts({ live: true });
  const jslp = getSolver('jslp', options.jslp);
  const solver = (name: SolverName) => (name === 'jslp' ? jslp : getSolver(name));
  const runOptions = (scenario: Scenario): RunOptions => ({
    warm,
    solver: solver(scenario.solve.solver),
  });
  const engine: Engine = {
    warm,
    ready: async () => {
      await loadHighs();
    },
    solver,
    runOptions,
    optimize: (scenario, how) =>
      optimize(scenario, {
        ...runOptions(scenario),
        aside: how?.beside === false ? undefined : options.aside,
      }),
    evaluate(scenario, plan) {
      const misfit = planError(scenario, plan);
      if (misfit) throw misfit;
      return evaluate(scenario, plan, runOptions(scenario));
    },
    point: (base, job) => solvePoint(base, job, runOptions(base)),
    async preview(body) {
      const scenario = parseRequest('optimize', body);
      return optimize(scenario, { ...runOptions(scenario), preview: true, aside: options.aside });
    },
    aside: (scenario) =>
      solvedObjective(scenario, lpRunner(scenario, runOptions(scenario)), null, true),
    async solve(kind, body) {
      if (kind === 'optimize') return engine.optimize(parseRequest('optimize', body));
      const { scenario, plan } = parseRequest('evaluate', body);
      return engine.evaluate(scenario, plan);
    },
    async analyse(kind, body, runner, analysis = {}) {
      try {
        if (kind === 'sensitivity')
          return await sensitivity(parseRequest(kind, body), runner, analysis.signal);
        if (kind === 'breakeven')
          return await breakeven(parseRequest(kind, body), runner, analysis.signal);
        return await runMap(planMap(parseRequest(kind, body)), runner, analysis);
      } catch (e) {
        throw engineError(e) ?? e;
      }
    },
  };
  return engine;
}
