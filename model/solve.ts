/** @module solve — the public entry points: optimise a scenario, evaluate a fixed plan (parse → build → solve → extract). */
import { buildModel, type BuiltModel } from './build';
import { USD_PER_MODEL_UNIT as M } from './economics';
import { primalViolation, type Lp } from './lp';
import { planCapDiagnosis } from './plan-check';
import { extractKpis, extractMonths, extractPlan } from './results';
import type { Diagnosis, Plan, Scenario, SolveResult, SolverInfo } from './schema';
import { getSolver, solveVerified } from './solvers';
import { solveWithCachedBasis } from './solvers/basis-cache';
import type { LpSolution, Solver, SolverSettings } from './solvers/types';
import { runTwoStage } from './two-stage-solve';
import { marginalValues } from './analyses/marginal';

/** Options of `optimize` and `evaluate`. */
export interface RunOptions {
  /** Solver to use; default the scenario's `solve.solver` (HiGHS unless set). */
  readonly solver?: Solver;
}

/** Diagnosis rows shown at most; the rest are summed in one more row. */
export const MAX_DIAGNOSIS_ROWS = 12;

/**
 * Optimises a parsed scenario: the capital plan and every operating decision, maximising equity NPV.
 * Never throws for an infeasible or unsolvable scenario: the status says so (with a diagnosis when infeasible).
 *
 * @example
 * const answer = await optimize(ScenarioSchema.parse(json));
 * answer.status === 'optimal' && answer.npvUsd;
 */
export async function optimize(scenario: Scenario, options: RunOptions = {}): Promise<SolveResult> {
  if (scenario.uncertainty) return runTwoStage(scenario, undefined, options, solverOf(scenario, options), settingsOf(scenario));
  return run(scenario, undefined, options);
}

/**
 * Evaluates a fixed capital plan (builds and refresh purchases); mining, ASIC sales, debt and distributions are
 * optimised with the same accounting. The plan must be well formed (see `planIssues`); caps it breaks make the
 * answer infeasible with a diagnosis.
 */
export async function evaluate(scenario: Scenario, plan: Plan, options: RunOptions = {}): Promise<SolveResult> {
  const caps = planCapDiagnosis(scenario, plan);
  if (caps.length) {
    return { status: 'infeasible', npvUsd: null, plan, months: [], kpis: null, diagnosis: caps, solver: emptySolverInfo(options) };
  }
  if (scenario.uncertainty) return runTwoStage(scenario, plan, options, solverOf(scenario, options), settingsOf(scenario));
  return run(scenario, plan, options);
}

export function settingsOf(s: Scenario): SolverSettings {
  return { timeLimitSeconds: s.solve?.timeLimitSeconds ?? 20, mipRelGap: s.solve?.mipRelGap ?? 1e-4 };
}

export function solverOf(s: Scenario, options: RunOptions): Solver {
  return options.solver ?? getSolver(s.solve?.solver ?? 'highs');
}

function emptySolverInfo(options: RunOptions): SolverInfo {
  return { name: options.solver?.name ?? 'none', ms: 0, buildMs: 0, variables: 0, constraints: 0, integers: 0, mipGap: null, timeLimitHit: false, maxViolation: 0 };
}

export function solverInfo(model: { lp: Lp }, sol: LpSolution, name: string, buildMs: number): SolverInfo {
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

async function run(scenario: Scenario, plan: Plan | undefined, options: RunOptions): Promise<SolveResult> {
  const solver = solverOf(scenario, options);
  const settings = settingsOf(scenario);
  const t0 = performance.now();
  const model = buildModel(scenario, { plan });
  const buildMs = performance.now() - t0;
  const sol = await solveMain(solver, model.lp, settings);
  const info = solverInfo(model, sol, solver.name, buildMs);
  if ((sol.status === 'optimal' || sol.status === 'timedout') && sol.values) {
    const x = sol.values;
    const npvUsd = model.lp.objectiveAt(x) * M;
    const months = extractMonths(model, x);
    const result: SolveResult = {
      status: sol.status,
      npvUsd,
      plan: plan ?? extractPlan(model, x),
      months,
      kpis: extractKpis(model, x, months, npvUsd),
      solver: info,
    };
    if (sol.status === 'timedout') result.message = `time limit of ${settings.timeLimitSeconds} s reached; best plan found, gap ${fmtGap(sol.mipGap)}`;
    if (sol.status === 'optimal' && solver.name === 'jslp') result.message = 'javascript-lp-solver: the point is checked feasible, but its optimality cannot be verified (no duals); see docs/solvers.md';
    if (!plan) result.marginalValues = await marginalValues(model, sol, { solver, settings });
    return result;
  }
  if (sol.status === 'infeasible') return diagnose(scenario, plan, solver, settings, info);
  return {
    status: sol.status === 'timedout' ? 'timedout' : 'error',
    npvUsd: null,
    plan: plan ?? { builds: [], refreshes: [] },
    months: [],
    kpis: null,
    message: sol.status === 'timedout' ? `time limit of ${settings.timeLimitSeconds} s reached before any plan was found` : `the solver failed: ${sol.message ?? sol.status}`,
    solver: info,
  };
}

/** HiGHS LPs start from the basis of the last LP of the same shape; anything else is solved as it comes. */
export function solveMain(solver: Solver, lp: Lp, settings: SolverSettings): Promise<LpSolution> {
  if (solver.name === 'highs' && lp.numIntegers === 0) return solveWithCachedBasis(lp, settings);
  return solveVerified(solver, lp, settings);
}

export const fmtGap = (g: number | null) => (g === null ? 'unknown' : `${(g * 100).toFixed(2)} %`);
export const fmtUsd = (usd: number) => `$${(usd / 1e6).toFixed(usd < 1e5 ? 3 : 1)}M`;

/** Solves the elastic model and names what cannot be met, when and by how much. */
async function diagnose(
  scenario: Scenario,
  plan: Plan | undefined,
  solver: Solver,
  settings: SolverSettings,
  info: SolverInfo,
): Promise<SolveResult> {
  const model = buildModel(scenario, { plan, elastic: true });
  const sol = await solveVerified(solver, model.lp, settings);
  if (sol.status !== 'optimal' || !sol.values) {
    return { status: 'infeasible', npvUsd: null, plan: plan ?? { builds: [], refreshes: [] }, months: [], kpis: null, message: `infeasible; the diagnosis solve failed: ${sol.message ?? sol.status}`, solver: info };
  }
  const x = sol.values;
  const { econ, index } = model;
  const minCash = scenario.financing.minCashUsd;
  const rows: Diagnosis[] = [];
  index.injection.forEach((c, t) => {
    const usd = x[c] * M;
    if (usd > 0.5) {
      rows.push({
        constraint: 'financing.minCashUsd',
        month: econ.labels[t],
        shortfall: usd,
        unit: 'USD',
        message: `cash covenant (minimum ${fmtUsd(minCash)}) cannot be met in ${econ.labels[t]}: short by ${fmtUsd(usd)}`,
      });
    }
  });
  index.powerSlack.forEach((c, t) => {
    const mw = x[c];
    if (mw > 1e-6) {
      rows.push({
        constraint: 'site.gridMW',
        month: econ.labels[t],
        shortfall: mw,
        unit: 'MW',
        message: `the plan needs ${+mw.toFixed(3)} MW more than the grid's ${econ.gridMW[t]} MW in ${econ.labels[t]}`,
      });
    }
  });
  rows.sort((a, b) => (a.month ?? '').localeCompare(b.month ?? ''));
  const shown = rows.slice(0, MAX_DIAGNOSIS_ROWS);
  if (rows.length > shown.length) {
    const rest = rows.slice(MAX_DIAGNOSIS_ROWS);
    const usd = rest.filter((r) => r.unit === 'USD').reduce((a, r) => a + r.shortfall, 0);
    shown.push({ constraint: 'financing.minCashUsd', month: null, shortfall: usd, unit: 'USD', message: `and ${rest.length} more months short, ${fmtUsd(usd)} in all` });
  }
  const first = shown[0];
  return {
    status: 'infeasible',
    npvUsd: null,
    plan: plan ?? extractPlan(model, x),
    months: extractMonths(model, x),
    kpis: null,
    diagnosis: shown,
    message: first ? `infeasible: ${first.message}` : 'infeasible',
    solver: info,
  };
}
