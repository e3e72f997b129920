/**
 * @module stochastic — what a two-stage answer adds (docs/model.md, "Uncertainty"): the value of
 * the stochastic solution (VSS), the expected value of perfect information (EVPI) and the CVaR of
 * the cases' NPVs.
 */
import { buildModel, type BuiltModel } from './build';
import { casesOf, meanCase } from './cases';
import type { LpRunner } from './lp-runner';
import type { Plan, Scenario, SolveResult } from './schema';
import { extractPlan } from './results';
import { tieRounding } from './tie-break';
import { USD_PER_MODEL_UNIT as M } from './units';

/**
 * The two-stage answer's VSS and EVPI (docs/model.md, "Uncertainty"): VSS = npv − the expected NPV
 * with the capital decisions before the reveal taken from the mean-path problem (the rest
 * optimised, recourse included); EVPI = Σ_k p_k × case k's own deterministic optimum − npv. Both
 * null with a CVaR limit; VSS null when infeasible.
 */
export async function stochasticValues(
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
