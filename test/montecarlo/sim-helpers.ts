/**
 * Helpers of the simulator's tests: presets as parsed scenarios, the zero-volatility process, and
 * the model's evaluator with the ASIC sales fixed to a simulated path's.
 */
import { loadPreset } from '../../data/load';
import {
  buildModel,
  key,
  optimize,
  prepareSim,
  type PreparedSim,
  type SimJob,
  ScenarioSchema,
  sitesOf,
  type MonteCarloProcess,
  type PathMonth,
  type Plan,
  type Scenario,
} from '../../model';
import { labelAt } from '../../model/time';
import { lpRunner } from '../../model/lp-runner';
import { tieBreak } from '../../model/tie-break';
import { outcomeOf } from '../../model/outcome';

export const still: MonteCarloProcess = {
  btc: { volatilityPerYear: 0 },
  network: { volatilityPerYear: 0, correlation: 0 },
};

export const preset = (id: string): Scenario => ScenarioSchema.parse(loadPreset(id));

/** The simulation of a scenario's optimum (seed, process and the rest as given). */
export async function preparedOptimum(
  s: Scenario,
  rest: Omit<SimJob, 'scenario' | 'plan'>,
): Promise<{ plan: Plan; p: PreparedSim }> {
  const plan = await optimumPlan(s);
  return { plan, p: prepareSim({ scenario: s, plan, ...rest }) };
}

/** The optimum's plan of a scenario. */
export async function optimumPlan(s: Scenario): Promise<Plan> {
  const r = await optimize(s);
  if (r.status !== 'optimal') throw new Error(`optimize: ${r.status}`);
  return r.plan;
}

/**
 * The model's evaluation of `plan` on `s` with each fleet's MW held fixed month by month to a
 * simulated path's (`months[t].heldMW`): mining, debt and the tail stay optimised. NPV in USD and
 * the optimum's months.
 */
export async function evaluateWithSales(
  s: Scenario,
  plan: Plan,
  months: readonly PathMonth[],
): Promise<{
  status: string;
  npvUsd: number | null;
  months: {
    cashUsd: number;
    debtUsd: number;
    miningMW: number;
    taxableIncomeUsd?: number;
    taxUsd?: number;
  }[];
}> {
  const model = buildModel(s, { plan });
  const { lp } = model;
  sitesOf(s).forEach((v, i) => {
    const pre = v.id === undefined ? [] : [v.id];
    months.forEach((m, t) => {
      const label = labelAt(s.startMonth, t);
      const fix = (name: string, mw: number) => {
        const c = lp.col(key(...pre, name, label));
        if (c === undefined) return;
        lp.colLb[c] = mw;
        lp.colUb[c] = mw;
      };
      fix('fleet0.held', m.heldMW[i][0]);
      fix('fleet1.avail', m.heldMW[i][1]);
    });
  });
  const runner = lpRunner(s);
  const { solution } = await runner.solve(lp);
  if (solution.status !== 'optimal' || !solution.values)
    return { status: solution.status, npvUsd: null, months: [] };
  // The evaluator's schedule among equal values: debt drawn only when needed, repaid when it can.
  const x = (await tieBreak(model, solution.values, runner)) ?? solution.values;
  const npvUsd = lp.objectiveAt(x) * 1e6;
  return { status: 'optimal', npvUsd, months: [...outcomeOf(model, x, npvUsd).months] };
}
