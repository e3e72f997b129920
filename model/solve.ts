/**
 * @module solve — the public entry points: optimise a scenario, evaluate a fixed plan. One pipeline
 * for every scenario (a deterministic one is one case): parse → build → solve → tidy → tie-break →
 * baseline → extract.
 */
import { buildModel, caseNpvUsd, type BuiltModel } from './build';
import { casesOf, meanCase } from './cases';
import { diagnose, failed } from './diagnose';
import { USD_PER_MODEL_UNIT as M } from './units';
import { primalViolation, type Lp } from './lp';
import {
  lpRunner,
  withBasicRows,
  type LpRunner,
  type RunnerOptions,
  type Solved,
} from './lp-runner';
import { planCapDiagnosis } from './plan-check';
import { kpisOf } from './kpis';
import { outcomeOf, type Outcome } from './outcome';
import { extractPlan, phasesOf } from './results';
import { powerMarketOf } from './power-market';
import type { Plan, Scenario, SolveResult, SolverInfo } from './schema';
import type { LiveModel, WarmBasis } from './solvers/highs-warm';
import type { LpSolution } from './solvers/types';
import { marginalValues } from './analyses/marginal';
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from './time';
import { startWindow } from './economics';
import { allOptions, isPortfolio, sitesOf } from './sites';
import { sequencingOf, siteResults } from './portfolio';

/**
 * Options of `optimize` and `evaluate`: the solver (default the scenario's), a warm-start cache, a
 * deadline.
 */
export type RunOptions = RunnerOptions;

/** Diagnosis rows shown at most; the rest are summed in one more row. */
export const MAX_DIAGNOSIS_ROWS = 12;

/**
 * Relative NPV within which another schedule counts as "of equal value" for the tie-break
 * (docs/model.md).
 */
const TIE_TOLERANCE = 1e-9;
/** Cohorts under this many MW are merged into a neighbour when the optimum does not need them. */
const SLIVER_MW = 1;
/**
 * NPV, relative, that merging slivers may give up in all (docs/model.md, "Plans a person can
 * read").
 */
const SLIVER_BUDGET = 0.9e-6;

/**
 * Optimises a parsed scenario: the capital plan and every operating decision, maximising NPV
 * (docs/model.md). Never throws for an infeasible or unsolvable scenario: the status says so (with
 * a diagnosis when infeasible).
 *
 * @example
 * const answer = await optimize(ScenarioSchema.parse(json));
 * answer.status === 'optimal' && answer.npvUsd;
 */
export async function optimize(scenario: Scenario, options: RunOptions = {}): Promise<SolveResult> {
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
    return {
      status: 'infeasible',
      npvUsd: null,
      plan,
      months: [],
      kpis: null,
      diagnosis: caps,
      message: `infeasible: ${caps[0].message}`,
      solver: emptySolverInfo(options.solver?.name ?? scenario.solve.solver),
      valuation: scenario.valuation,
    };
  }
  return run(scenario, plan, options);
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

export const fmtGap = (g: number | null) => (g === null ? 'unknown' : `${(g * 100).toFixed(2)} %`);
export const fmtUsd = (usd: number) => `$${(usd / 1e6).toFixed(Math.abs(usd) < 1e5 ? 3 : 1)}M`;

/**
 * Notes on a scenario: offers that cannot commence within the horizon (or whose window is empty).
 */
function notesOf(s: Scenario): string[] {
  return allOptions(s).flatMap(({ option: o }) =>
    startWindow(s, o).length
      ? []
      : [
          `${o.id} is not offered: no start month lets it commence within the horizon (build ${o.buildMonths} months, start window ${o.earliestStartMonth ?? s.startMonth} … ${o.latestStartMonth ?? 'open'}, last month ${s.horizonMonths - 1 - o.buildMonths} months after the start)`,
        ],
  );
}

/**
 * Hashprice at which a running MW of each fleet covers its power and opex (docs/model.md, "Unit
 * economics"); in a portfolio, the first site's. With a power market the power price is the first
 * month's hours-weighted Σ_b h_b p_b (a fleet that runs in every hour), not `energyUsdPerMWh`,
 * which the market replaces.
 */
function breakevens(portfolio: Scenario): SolveResult['breakevens'] {
  const s = sitesOf(portfolio)[0].scenario;
  const f = s.fleet;
  const price = powerMarketOf(s)?.binsAt(0).averagePrice ?? s.site.energyUsdPerMWh;
  const cost = HOURS_PER_MONTH * f.uptime * price + f.opexUsdPerMWMonth;
  const at = (e: number) =>
    cost / ((1000 / (e * s.site.miningPue)) * DAYS_PER_MONTH * f.uptime * (1 - f.poolFee));
  return {
    existingUsdPerPhDay: at(f.efficiencyJPerTH),
    refreshUsdPerPhDay: f.refresh ? at(f.refresh.efficiencyJPerTH) : null,
  };
}

async function run(s: Scenario, plan: Plan | undefined, options: RunOptions): Promise<SolveResult> {
  const runner = lpRunner(s, options);
  const notes = notesOf(s);
  const t0 = performance.now();
  const model = buildModel(s, { plan });
  const buildMs = performance.now() - t0;
  // An LP's HiGHS model is kept at its optimum for the probes and the tie-break that follow
  // (disposed below).
  const first = await runner.solve(model.lp, undefined, undefined, true);
  try {
    return await finish(s, plan, runner, model, first, buildMs, notes);
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
): Promise<SolveResult> {
  let model = built;
  const sol = first.solution;
  const info = solverInfo(model, sol, runner.solver.name, buildMs);
  const common = {
    solver: info,
    valuation: s.valuation,
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
  let basis = first.basis;
  const optimum = { model, x, basis };
  const complete = sol.status === 'optimal';
  if (complete && !plan && model.cases.length === 1) {
    const tidy = await tidySlivers(s, model, x, runner);
    if (tidy) ({ model, x, basis } = tidy);
  }
  const marginal =
    complete && !plan && model.cases.length === 1
      ? await marginalValues(optimum.model, sol, optimum.basis, runner, first.live)
      : undefined;
  if (complete)
    x =
      (await tieBreak(model, x, basis, runner, model === optimum.model ? first.live : undefined)) ??
      x;
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
    kpis: kpisOf(s, out, committed, base),
    ...common,
  };
  if (sol.status === 'timedout')
    result.message = `time limit of ${s.solve.timeLimitSeconds} s reached; best plan found, gap ${fmtGap(sol.mipGap)}`;
  if (sol.status === 'optimal' && runner.solver.name === 'jslp')
    result.message =
      'javascript-lp-solver: the point is checked feasible, but its optimality cannot be verified (no duals); see docs/solvers.md';
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

/** Fixes a MILP's integer columns at their (rounded) values: what is left is an LP. */
function fixIntegers(lp: Lp, x: ArrayLike<number>): void {
  for (let j = 0; j < lp.numCols; j++) {
    if (!lp.colInt[j]) continue;
    lp.colLb[j] = lp.colUb[j] = Math.round(x[j]);
    lp.colInt[j] = false;
  }
}

/**
 * The tie-break (docs/model.md, "Value"): for the optimum's capital plan and operations, among
 * financing schedules within 1e-9 (relative) of its value, the one that minimises Σ_k p_k Σ_t df_t
 * × (interest paid − cash yield earned + equity raised). A MILP's integers are fixed first. Returns
 * the new point, or null when the re-solve fails (the optimum's point stands).
 */
async function tieBreak(
  model: BuiltModel,
  x: ArrayLike<number>,
  basis: WarmBasis | null,
  runner: LpRunner,
  live?: LiveModel,
): Promise<Float64Array | null> {
  const { lp } = model;
  const value = lp.objectiveAt(x);
  const tie = lp.clone();
  if (lp.numIntegers) fixIntegers(tie, x);
  // The capital plan and the operations stand (they make the FCF, hence the value): the tie-break
  // chooses among financing schedules for them — a small LP once those columns are fixed.
  const fixed = new Set<number>();
  for (const c of model.cases) {
    for (const { index: i } of c.sites) {
      for (const col of [
        ...i.builds.map((b) => b.col),
        ...i.refreshBuy,
        ...i.existingHeld,
        ...i.existingRun,
        ...i.refreshRunnable,
        ...i.refreshRun,
        ...i.occupancy,
        ...i.hpcFlow,
      ])
        fixed.add(col);
      if (i.keepExisting !== undefined) fixed.add(i.keepExisting);
      if (i.keepRefresh !== undefined) fixed.add(i.keepRefresh);
    }
  }
  for (const col of fixed) tie.colLb[col] = tie.colUb[col] = x[col];
  const terms = lp.colObj.flatMap((v, j): [number, number][] => (v !== 0 ? [[j, v]] : []));
  tie.addRow(
    'tiebreak.value',
    terms,
    value - lp.objectiveConstant - TIE_TOLERANCE * Math.max(1, Math.abs(value)),
    Infinity,
  );
  tie.colObj.fill(0);
  tie.objectiveConstant = 0;
  for (const c of model.cases)
    for (const [j, v] of c.index.financingCost) tie.colObj[j] -= c.probability * v;
  // On the optimum's own HiGHS model when it is at hand: no rebuild, hot-started where it stands.
  if (live && live.lp === lp && !lp.numIntegers) {
    const cols = [...fixed];
    const row = tie.numRows - 1;
    const rowCols = tie.rowCols.slice(tie.rowStart[row], tie.rowStart[row + 1]);
    const rowCoefs = tie.rowCoefs.slice(tie.rowStart[row], tie.rowStart[row + 1]);
    const solved = await runner.reoptimize(live, tie, {
      fix: { indices: cols, values: cols.map((c) => tie.colLb[c]) },
      row: { indices: rowCols, values: rowCoefs, lb: tie.rowLb[row], ub: tie.rowUb[row] },
      costs: tie.colObj,
    });
    if (solved?.values) return solved.values;
  }
  // The last tie-break of this shape (a slider's previous answer) is closer than the optimum's own
  // vertex.
  const start = lp.numIntegers ? null : (runner.cached(tie, 'tie') ?? withBasicRows(basis, 1));
  const { solution } = await runner.solve(tie, start, 'tie');
  return solution.status === 'optimal' && solution.values ? solution.values : null;
}

/**
 * Cohorts under 1 MW (continuous builds) merged into the nearest cohort of the same offer, one at a
 * time, while the NPV given up stays within 0.9e-6 of the optimum's in all: a plan a person can
 * read. Returns the model of the tidied plan (fixed, evaluate form) with its solution, or null when
 * nothing was merged.
 */
async function tidySlivers(
  s: Scenario,
  model: BuiltModel,
  x: ArrayLike<number>,
  runner: LpRunner,
): Promise<{ model: BuiltModel; x: ArrayLike<number>; basis: WarmBasis | null } | null> {
  let plan = extractPlan(model, x);
  const blocky = new Set(
    allOptions(s)
      .filter(({ option: o }) => o.blockMW > 0)
      .map(({ option: o }) => o.id),
  );
  const value = model.lp.objectiveAt(x);
  const floor = value - SLIVER_BUDGET * Math.max(Math.abs(value), 1e-6);
  let best: { model: BuiltModel; x: ArrayLike<number>; basis: WarmBasis | null } | null = null;
  let basis: WarmBasis | null = null;
  for (let guard = 0; guard < 40; guard++) {
    const slivers = plan.builds
      .filter((b) => b.mw < SLIVER_MW && !blocky.has(b.optionId))
      .sort((a, b) => a.mw - b.mw);
    let merged = false;
    for (const sliver of slivers) {
      const others = plan.builds.filter((b) => b !== sliver && b.optionId === sliver.optionId);
      const at = monthNumber(sliver.month);
      const nearest = (side: number) =>
        others
          .filter((b) => side * (monthNumber(b.month) - at) > 0)
          .sort(
            (a, b) =>
              Math.abs(monthNumber(a.month) - at) - Math.abs(monthNumber(b.month) - at) ||
              b.mw - a.mw,
          )[0];
      const targets = [nearest(-1), nearest(1)]
        .filter((b) => b !== undefined)
        .sort((a, b) => Math.abs(monthNumber(a.month) - at) - Math.abs(monthNumber(b.month) - at));
      const rest = plan.builds.filter((b) => b !== sliver);
      // Merged into its nearer neighbour, else the other one, else left out.
      const candidates: Plan[] = [
        ...targets.map((target) => ({
          ...plan,
          builds: rest.map((b) => (b === target ? { ...b, mw: b.mw + sliver.mw } : b)),
        })),
        { ...plan, builds: rest },
      ];
      for (const candidate of candidates) {
        const m = buildModel(s, { plan: candidate });
        const solved = await runner.solve(m.lp, basis);
        const sol = solved.solution;
        if (sol.status !== 'optimal' || !sol.values) continue;
        basis = solved.basis ?? basis;
        if (m.lp.objectiveAt(sol.values) >= floor) {
          plan = candidate;
          best = { model: m, x: sol.values, basis: solved.basis };
          merged = true;
          break;
        }
      }
      if (merged) break;
    }
    if (!merged) break;
  }
  return best;
}

const monthNumber = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));

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
  const key = `baseline|${JSON.stringify(rest)}|${JSON.stringify(siteKeys ?? null)}|${offers.map(({ option: o }) => `${o.id}:${startWindow(s, o).join(',')}`).join(';')}`;
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

/**
 * The two-stage answer's VSS and EVPI (docs/model.md, "Uncertainty"): VSS = npv − the expected NPV
 * with the capital decisions before the reveal taken from the mean-path problem (the rest
 * optimised, recourse included); EVPI = Σ_k p_k × case k's own deterministic optimum − npv. Both
 * null with a CVaR limit; VSS null when infeasible.
 */
async function stochasticValues(
  s: Scenario,
  npvUsd: number,
  runner: LpRunner,
): Promise<Pick<SolveResult, 'vssUsd' | 'evpiUsd' | 'meanPathPlan'>> {
  if (s.uncertainty?.cvar) return { vssUsd: null, evpiUsd: null };
  const optimum = async (m: BuiltModel, role: string) => {
    const { solution } = await runner.solve(m.lp, null, role);
    return solution.status === 'optimal' && solution.values ? solution.values : null;
  };
  const meanModel = buildModel(s, { cases: [meanCase(s)] });
  const meanX = await optimum(meanModel, 'case');
  let vssUsd: number | null = null;
  let meanPathPlan: Plan | undefined;
  if (meanX) {
    meanPathPlan = extractPlan(meanModel, meanX);
    const fixed = buildModel(s, { plan: meanPathPlan, planScope: 'before-reveal' });
    const fx = await optimum(fixed, 'vss');
    vssUsd = fx ? tieRounding(npvUsd - fixed.lp.objectiveAt(fx) * M, npvUsd) : null;
  }
  let perfect = 0;
  for (const c of casesOf(s)) {
    const m = buildModel(s, { cases: [{ ...c, probability: 1 }] });
    const cx = await optimum(m, 'case');
    if (!cx) return { vssUsd, evpiUsd: null, meanPathPlan };
    perfect += c.probability * m.lp.objectiveAt(cx) * M;
  }
  return { vssUsd, evpiUsd: tieRounding(perfect - npvUsd, npvUsd), meanPathPlan };
}

/**
 * A difference of two optima within the tie-break's tolerance (2 × 1e-9 of the NPV, or a cent) is
 * rounding, not value: npvUsd is held to 1e-9 relative while the financing schedule is chosen.
 */
const tieRounding = (usd: number, npvUsd: number) =>
  Math.abs(usd) <= Math.max(0.01, 2 * TIE_TOLERANCE * Math.abs(npvUsd)) ? 0 : usd;

/**
 * CVaR of a discrete NPV distribution at tail share α: the expected NPV over the worst α of
 * probability, USD.
 */
export function cvarUsd(
  outcomes: readonly { probability: number; npvUsd: number }[],
  level: number,
): number {
  const sorted = [...outcomes].sort((a, b) => a.npvUsd - b.npvUsd);
  let mass = 0;
  let sum = 0;
  for (const o of sorted) {
    const take = Math.min(o.probability, level - mass);
    if (take <= 0) break;
    sum += take * o.npvUsd;
    mass += take;
  }
  return sum / level;
}
