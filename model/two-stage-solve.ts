/** @module two-stage-solve — optimise or evaluate a scenario with `uncertainty`: expected NPV, cases, CVaR, VSS. */
import { buildTwoStage, caseNpvUsd, cvarUsd, expectedMonths, meanPathScenario, type TwoStageModel } from './two-stage';
import { USD_PER_MODEL_UNIT as M } from './economics';
import { extractMonths, extractPlan, kpisOf, terminalValue } from './results';
import type { Diagnosis, Plan, Scenario, SolveResult } from './schema';
import { solveVerified } from './solvers';
import type { Solver, SolverSettings } from './solvers/types';
import { MAX_DIAGNOSIS_ROWS, fmtGap, fmtUsd, optimize, solveMain, solverInfo, type RunOptions } from './solve';

const noPlan = (): Plan => ({ builds: [], refreshes: [] });

/**
 * Two-stage optimisation (no `plan`) or evaluation of a fixed plan. When optimising, also optimises the mean path
 * and evaluates its plan on the cases: `vssUsd` = expected NPV − the mean-path plan's expected NPV (≥ 0).
 */
export async function runTwoStage(
  scenario: Scenario,
  plan: Plan | undefined,
  options: RunOptions,
  solver: Solver,
  settings: SolverSettings,
): Promise<SolveResult> {
  const t0 = performance.now();
  const model = buildTwoStage(scenario, { plan });
  const buildMs = performance.now() - t0;
  const sol = await solveMain(solver, model.lp, settings);
  const info = solverInfo(model, sol, solver.name, buildMs);
  if (sol.status === 'infeasible') return diagnoseTwoStage(scenario, plan, solver, settings, info);
  if ((sol.status !== 'optimal' && sol.status !== 'timedout') || !sol.values) {
    return { status: sol.status === 'timedout' ? 'timedout' : 'error', npvUsd: null, plan: plan ?? noPlan(), months: [], kpis: null, message: `the solver failed: ${sol.message ?? sol.status}`, solver: info };
  }
  const x = sol.values;
  const expected = model.lp.objectiveAt(x) * M;
  const outcomes = model.cases.map((c) => ({ name: c.name, probability: c.probability, npvUsd: caseNpvUsd(c, x) }));
  const probabilities = model.cases.map((c) => c.probability);
  const months = expectedMonths(model.cases.map((c) => extractMonths(c.model, x)), probabilities);
  const tv = model.cases.reduce((a, c) => a + c.probability * terminalValue(c.model, x), 0);
  const capital = plan ?? extractPlan(model.cases[0].model, x);
  const committed = capital.builds.reduce((a, b) => a + b.mw, 0);
  const level = scenario.uncertainty!.cvar?.level;
  const result: SolveResult = {
    status: sol.status,
    npvUsd: expected,
    expectedNpvUsd: expected,
    plan: capital,
    months,
    kpis: kpisOf(scenario, months, expected, tv, committed),
    scenarios: outcomes,
    cvar: level ? { level, npvUsd: cvarUsd(outcomes, level) } : null,
    solver: info,
  };
  if (sol.status === 'timedout') result.message = `time limit of ${settings.timeLimitSeconds} s reached; best plan found, gap ${fmtGap(sol.mipGap)}`;
  if (!plan) {
    const mean = await optimize(meanPathScenario(scenario), options);
    if (mean.status === 'optimal') {
      result.meanPathPlan = mean.plan;
      const onCases = await runTwoStage(scenario, mean.plan, options, solver, settings);
      // A difference of two optima: below a cent it is rounding, not value.
      const vss = onCases.status === 'optimal' ? expected - onCases.npvUsd! : null;
      result.vssUsd = vss !== null && Math.abs(vss) < 0.01 ? 0 : vss;
      if (onCases.status !== 'optimal') result.message = `the mean-path plan is ${onCases.status} on the cases: the stochastic plan is the only feasible one of the two`;
    } else {
      result.vssUsd = null;
    }
  }
  return result;
}

async function diagnoseTwoStage(
  scenario: Scenario,
  plan: Plan | undefined,
  solver: Solver,
  settings: SolverSettings,
  info: SolveResult['solver'],
): Promise<SolveResult> {
  const model: TwoStageModel = buildTwoStage(scenario, { plan, elastic: true });
  const sol = await solveVerified(solver, model.lp, settings);
  if (sol.status !== 'optimal' || !sol.values) {
    return { status: 'infeasible', npvUsd: null, plan: plan ?? noPlan(), months: [], kpis: null, message: `infeasible; the diagnosis solve failed: ${sol.message ?? sol.status}`, solver: info };
  }
  const x = sol.values;
  const rows: Diagnosis[] = [];
  for (const c of model.cases) {
    const { econ, index } = c.model;
    index.injection.forEach((col, t) => {
      const usd = x[col] * M;
      if (usd > 0.5) rows.push({ constraint: 'financing.minCashUsd', month: econ.labels[t], shortfall: usd, unit: 'USD', message: `case "${c.name}": cash covenant (minimum ${fmtUsd(scenario.financing.minCashUsd)}) cannot be met in ${econ.labels[t]}: short by ${fmtUsd(usd)}` });
    });
    index.powerSlack.forEach((col, t) => {
      if (x[col] > 1e-6) rows.push({ constraint: 'site.gridMW', month: econ.labels[t], shortfall: x[col], unit: 'MW', message: `case "${c.name}": the plan needs ${+x[col].toFixed(3)} MW more than the grid's ${econ.gridMW[t]} MW in ${econ.labels[t]}` });
    });
  }
  if (model.cvarSlack !== undefined && x[model.cvarSlack] * M > 0.5) {
    const usd = x[model.cvarSlack] * M;
    rows.push({ constraint: 'uncertainty.cvar.minNpvUsd', month: null, shortfall: usd, unit: 'USD', message: `the CVaR limit of ${fmtUsd(scenario.uncertainty!.cvar!.minNpvUsd)} cannot be met: short by ${fmtUsd(usd)}` });
  }
  rows.sort((a, b) => (a.month ?? '9999').localeCompare(b.month ?? '9999'));
  return {
    status: 'infeasible',
    npvUsd: null,
    plan: plan ?? extractPlan(model.cases[0].model, x),
    months: [],
    kpis: null,
    diagnosis: rows.slice(0, MAX_DIAGNOSIS_ROWS),
    message: rows[0] ? `infeasible: ${rows[0].message}` : 'infeasible',
    solver: info,
  };
}
