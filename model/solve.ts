/**
 * @module solve — the public entry points: optimise a scenario, evaluate a fixed plan. One pipeline
 * for every scenario (a deterministic one is one case): parse → build → solve → tidy (slivers.ts) →
 * tie-break (tie-break.ts) → baseline → extract (results.ts, kpis.ts), and for several cases VSS,
 * EVPI and CVaR (stochastic.ts).
 */
import { buildModel, caseNpvUsd, type BuiltModel } from './build';
import { diagnose, failed } from './diagnose';
import { USD_PER_MODEL_UNIT as M } from './units';
import { primalViolation, type Lp } from './lp';
import { lpRunner, type LpRunner, type RunnerOptions, type Solved } from './lp-runner';
import { fmtGap, fmtUsd } from './format';
import { planCapDiagnosis } from './plan-check';
import { hasBuildBelow, readablePlan } from './min-build';
import { cvarUsd, stochasticValues } from './stochastic';
import { tieBreak } from './tie-break';
import { kpisOf } from './kpis';
import { streamRates } from './rates';
import { outcomeOf, type Outcome } from './outcome';
import { extractPlan, phasesOf } from './results';
import { fleetBreakevens } from './breakevens';
import type { Plan, Scenario, SolveResult, SolverInfo } from './schema';
import type { WarmBasis } from './solvers/highs-warm';
import type { LpSolution } from './solvers/types';
import { marginalValues, startAside, type AsideAnswer, type AsideSolve } from './analyses/marginal';
import { startWindow } from './economics';
import { allOptions, isPortfolio, sitesOf } from './sites';
import { sequencingOf, siteResults } from './portfolio';
import { reasonOf } from './reason';

/**
 * Options of `optimize` and `evaluate`: the solver (default the scenario's), a warm-start cache, a
 * deadline.
 */
export type RunOptions = RunnerOptions;

/** Options of `optimize`: those of a run, and whether the answer is a slider's preview. */
export interface OptimizeOptions extends RunOptions {
  /**
   * A dragged slider's preview (docs/web.md, "A slider's preview"): the same verified optimum,
   * tie-break, plan, months and KPIs, IRR included, without the reason (absent), whose words the drag
   * does not draw while it moves. The complete answer is asked for once the slider rests. Default
   * false.
   */
  readonly preview?: boolean;
  /**
   * Where the earlier-commencement marginal value's LP is solved while the request solves its own
   * (another thread: `startAside`); absent, the request solves it after its probes.
   */
  readonly aside?: AsideSolve;
}

/**
 * Optimises a parsed scenario: the capital plan and every operating decision, maximising NPV
 * (docs/model.md). Never throws for an infeasible or unsolvable scenario: the status says so (with
 * a diagnosis when infeasible).
 *
 * @example
 * const answer = await optimize(ScenarioSchema.parse(json));
 * answer.status === 'optimal' && answer.npvUsd;
 */
export async function optimize(
  scenario: Scenario,
  options: OptimizeOptions = {},
): Promise<SolveResult> {
  return run(scenario, undefined, options);
}

/**
 * Evaluates a fixed capital plan (builds and refresh purchases); mining, ASIC sales, debt and
 * distributions are optimised with the same accounting. The plan must be well formed (see
 * `planIssues`); caps, windows and the grid it breaks make the answer infeasible with a diagnosis,
 * before any solve.
 */
export async function evaluate(
  scenario: Scenario,
  plan: Plan,
  options: RunOptions = {},
): Promise<SolveResult> {
  const caps = planCapDiagnosis(scenario, plan);
  if (caps.length) {
    const refused: SolveResult = {
      status: 'infeasible',
      npvUsd: null,
      plan,
      months: [],
      kpis: null,
      diagnosis: caps,
      message: `infeasible: ${caps[0].message}`,
      solver: emptySolverInfo(options.solver?.name ?? scenario.solve.solver),
      valuation: valuationEcho(scenario),
    };
    return { ...refused, reason: reasonOf(scenario, refused) };
  }
  return run(scenario, plan, options);
}

/** The valuation an answer echoes: the scenario's, with the rates by class resolved. */
function valuationEcho(s: Scenario): SolveResult['valuation'] {
  return { ...s.valuation, discountRates: streamRates(s) };
}

function emptySolverInfo(name: string): SolverInfo {
  return {
    name,
    ms: 0,
    buildMs: 0,
    variables: 0,
    constraints: 0,
    integers: 0,
    mipGap: null,
    timeLimitHit: false,
    maxViolation: 0,
  };
}

/** Solver figures of a model's solve. */
export function solverInfo(
  model: { lp: Lp },
  sol: LpSolution,
  name: string,
  buildMs: number,
): SolverInfo {
  const { lp } = model;
  return {
    name,
    ms: sol.ms,
    buildMs,
    variables: lp.numCols,
    constraints: lp.numRows,
    integers: lp.numIntegers,
    mipGap: sol.mipGap,
    timeLimitHit: sol.timeLimitHit,
    maxViolation: sol.values ? primalViolation(lp, sol.values).max : 0,
  };
}

/**
 * Notes on a scenario: offers that cannot commence within the horizon (or whose window is empty).
 */
function notesOf(s: Scenario): string[] {
  return allOptions(s).flatMap(({ option: o }) =>
    startWindow(s, o).length
      ? []
      : [
          `${o.id} is not offered: no start month lets it commence within the ` +
            `horizon (build ${o.buildMonths} months, start window ` +
            `${o.earliestStartMonth ?? s.startMonth} … ` +
            `${o.latestStartMonth ?? 'open'}, last month ` +
            `${s.horizonMonths - 1 - o.buildMonths} months after the start)`,
        ],
  );
}

/** The fleet breakevens an answer carries: in a portfolio, the first site's. */
function breakevens(portfolio: Scenario): SolveResult['breakevens'] {
  return fleetBreakevens(sitesOf(portfolio)[0].scenario);
}

async function run(
  s: Scenario,
  plan: Plan | undefined,
  options: OptimizeOptions,
): Promise<SolveResult> {
  const runner = lpRunner(s, options);
  // Sent before this request builds its own model: the other thread solves it meanwhile.
  const aside = plan ? undefined : startAside(s, options.aside);
  const notes = notesOf(s);
  const t0 = performance.now();
  const model = buildModel(s, { plan });
  const buildMs = performance.now() - t0;
  // An LP's HiGHS model is kept at its optimum for the probes and the tie-break that follow
  // (disposed below). With live models (an engine's), the tie-break has one of its own, hot from the
  // last tie-break of this shape: the optimum's is lent only to the marginal values' probes.
  const keep = !runner.warm?.live || (!plan && s.solve.marginalValues !== 'off');
  const first = await runner.solve(model.lp, undefined, undefined, keep);
  try {
    const result = await finish(s, plan, runner, model, first, buildMs, notes, aside);
    return options.preview ? result : { ...result, reason: reasonOf(s, result) };
  } finally {
    first.live?.dispose();
  }
}

async function finish(
  s: Scenario,
  plan: Plan | undefined,
  runner: LpRunner,
  built: BuiltModel,
  first: Solved,
  buildMs: number,
  notes: string[],
  aside: Promise<AsideAnswer | null> | undefined,
): Promise<SolveResult> {
  let model = built;
  const sol = first.solution;
  const info = solverInfo(model, sol, runner.solver.name, buildMs);
  const common = {
    solver: info,
    valuation: valuationEcho(s),
    breakevens: breakevens(s),
    ...(notes.length ? { notes } : {}),
  };
  if (sol.status === 'infeasible') return { ...(await diagnose(s, plan, runner)), ...common };
  if ((sol.status !== 'optimal' && sol.status !== 'timedout') || !sol.values) {
    const message =
      sol.status === 'timedout'
        ? `time limit of ${s.solve.timeLimitSeconds} s reached before any plan was found`
        : `the solver failed: ${sol.message ?? sol.status}`;
    return {
      ...failed(sol.status === 'timedout' ? 'timedout' : 'error', plan, message),
      ...common,
    };
  }
  let x: ArrayLike<number> = sol.values;
  const optimum = { model, x, basis: first.basis };
  const complete = sol.status === 'optimal';
  // Readable plans (docs/model.md): slivers merged, or the MILP when a cohort under
  // solve.minBuildMW would remain.
  const readable = complete && !plan ? await readablePlan(s, model, x, runner, sol.ms) : null;
  if (readable) ({ model, x } = readable);
  const marginal =
    complete && !plan && model.cases.length === 1
      ? await marginalValues(optimum.model, sol, optimum.basis, runner, first.live, aside)
      : undefined;
  if (complete)
    x =
      (await tieBreak(
        model,
        x,
        runner,
        model === optimum.model && !runner.warm?.live ? first.live : undefined,
      )) ?? x;
  const npvUsd = model.lp.objectiveAt(x) * M;
  const out = outcomeOf(model, x, npvUsd);
  const capital = plan ?? extractPlan(model, x);
  const committed = capital.builds.reduce((a, b) => a + b.mw, 0);
  const base = await miningOnly(s, plan, first.basis, runner, out, capital);
  const result: SolveResult = {
    status: sol.status,
    npvUsd,
    plan: capital,
    phases: phasesOf(s, capital),
    months: [...out.months],
    kpis: {
      ...kpisOf(s, out, committed, base),
      minBuildCostUsd: readable?.minBuild
        ? Math.max(0, optimum.model.lp.objectiveAt(optimum.x) * M - npvUsd)
        : 0,
    },
    ...common,
  };
  if (sol.status === 'timedout')
    result.message = `time limit of ${s.solve.timeLimitSeconds} s reached; best plan found, gap ${fmtGap(sol.mipGap)}`;
  const stopped = readable?.stopped;
  if (!plan && complete && !readable?.minBuild && hasBuildBelow(capital, s.solve.minBuildMW)) {
    // No plan without a cohort under minBuildMW was found in the time (docs/model.md): the LP's.
    result.status = 'timedout';
    result.solver = { ...info, timeLimitHit: true };
    result.message =
      `time limit of ${s.solve.timeLimitSeconds} s reached before a plan without a cohort under ` +
      `${s.solve.minBuildMW} MW was found; this is the optimum with such cohorts`;
  }
  if (stopped) {
    // The LP is solved; the search for the best plan without a cohort under minBuildMW is not.
    const below = Math.max(0, stopped.bound * M - npvUsd);
    const gap = below / Math.max(Math.abs(npvUsd), 1);
    result.status = 'timedout';
    result.solver = { ...info, mipGap: gap, timeLimitHit: true };
    result.message =
      `time limit of ${s.solve.timeLimitSeconds} s reached in the search for the best plan ` +
      `without a cohort under ${s.solve.minBuildMW} MW; this plan has none, and is at most ` +
      `${fmtUsd(below)} (gap ${fmtGap(gap)}) below that plan`;
  }
  if (sol.status === 'optimal' && runner.solver.name === 'jslp')
    result.message =
      'javascript-lp-solver: the point is checked feasible, but its ' +
      'optimality cannot be verified (no duals); see docs/solvers.md';
  if (marginal) result.marginalValues = marginal;
  if (isPortfolio(s)) {
    result.sites = siteResults(model, x);
    const duals = model === optimum.model ? sol.rowDuals : undefined;
    result.sequencing = await sequencingOf(
      model,
      x,
      result.sites,
      duals,
      marginal?.facilityPerMillionUsd ?? null,
      npvUsd,
      runner,
    );
  }
  if (model.cases.length > 1) {
    result.expectedNpvUsd = npvUsd;
    result.scenarios = model.cases.map((c, k) => ({
      name: c.name,
      probability: c.probability,
      npvUsd: caseNpvUsd(c, x),
      months: out.perCase[k],
    }));
    const level = s.uncertainty?.cvar?.level;
    result.cvar = level
      ? {
          level,
          npvUsd: cvarUsd(
            result.scenarios.map((c) => ({ probability: c.probability, npvUsd: c.npvUsd! })),
            level,
          ),
        }
      : null;
    if (!plan) Object.assign(result, await stochasticValues(s, npvUsd, runner));
  }
  return result;
}

/**
 * The mining-only plan's outcome (docs/model.md, "Baseline and KPIs"): the same scenario and cases
 * with no builds, refresh purchases optimised. Without any offer it is the answer's own outcome.
 * Null when it is infeasible.
 */
async function miningOnly(
  s: Scenario,
  plan: Plan | undefined,
  basis: WarmBasis | null,
  runner: LpRunner,
  own: Outcome,
  capital: Plan,
): Promise<Outcome | null> {
  // No offer, or an optimum that builds nothing: the mining-only plan is the answer itself (a
  // restriction of the model that the optimum already meets).
  const offers = allOptions(s);
  if (!offers.length || (!plan && !capital.builds.length)) return own;
  // No offer moves the mining-only plan: a slider on a lease or its capex finds it remembered.
  const { hpcOptions: _, solve: __, sites, ...rest } = s;
  const siteKeys = sites?.map(({ hpcOptions: ___, ...site }) => site);
  const windows = offers.map(({ option: o }) => `${o.id}:${startWindow(s, o).join(',')}`).join(';');
  const key = `baseline|${JSON.stringify(rest)}|${JSON.stringify(siteKeys ?? null)}|${windows}`;
  const known = runner.warm?.recall<Outcome | null>(key);
  if (known !== undefined) return known;
  const base = buildModel(s, { noBuilds: true });
  // The last baseline of this shape is the best start (a slider move changes it little); else the
  // optimum's basis.
  const { solution } = await runner.solve(
    base.lp,
    runner.cached(base.lp, 'baseline') ?? (!plan ? basis : null),
    'baseline',
  );
  if (solution.status !== 'optimal' && solution.status !== 'infeasible') return null;
  const outcome =
    solution.status === 'optimal' && solution.values
      ? outcomeOf(base, solution.values, base.lp.objectiveAt(solution.values) * M)
      : null;
  runner.warm?.remember(key, outcome);
  return outcome;
}
