/**
 * @module jobs/montecarlo-input — what a Monte Carlo run stores for its chunks: the job every path
 * shares and the number of paths, made from a parsed request and the plan it tests (a Monte Carlo
 * run's, or a batch item's optimum).
 */
import {
  miningOnlyPlanOf,
  type MonteCarloJob,
  type MonteCarloRequest,
  type Plan,
} from '../../model';

/** A Monte Carlo run's stored input: the job every path shares and the number of paths. */
export interface MonteCarloInput extends MonteCarloJob {
  readonly paths: number;
}

/**
 * The input of a Monte Carlo of `plan` as `req` asks for it (its scenario, seed, process, mode,
 * policy, risks and treasury); the mining-only plan is `plan`'s refreshes without its builds.
 *
 * @example const input = monteCarloInputOf(req, best.plan); pathsOf(input)(0);
 */
export function monteCarloInputOf(req: MonteCarloRequest, plan: Plan): MonteCarloInput {
  return {
    scenario: req.scenario,
    plan,
    miningOnlyPlan: miningOnlyPlanOf(plan),
    seed: req.seed,
    process: { btc: req.btc, network: req.network },
    paths: req.paths,
    mode: req.mode,
    policy: req.policy,
    ...(req.risks ? { risks: req.risks } : {}),
    ...(req.treasury ? { treasury: req.treasury } : {}),
  };
}
