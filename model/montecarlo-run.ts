/**
 * @module montecarlo-run — a Monte Carlo request, and what one path of it gives: the plan and the
 * mining-only plan evaluated on that path's hashprice series (see `samplePath` in montecarlo.ts for
 * the process).
 */
import { z } from 'zod';
import {
  LIMITS,
  PlanSchema,
  ScenarioSchema,
  type Plan,
  type Scenario,
  type SolveResult,
} from './schema';
import { evaluate, type RunOptions } from './solve';
import {
  MonteCarloProcessSchema,
  samplePath,
  withHashpriceSeries,
  type MonteCarloProcess,
} from './montecarlo';
import type { PathOutcome } from './montecarlo-stats';
import {
  MonteCarloModeSchema,
  PolicySchema,
  RisksSchema,
  TreasurySchema,
  type MonteCarloMode,
  type Policy,
  type Risks,
  type Treasury,
} from './simulate/options';
import { prepareSim, simulatePath } from './simulate';

/** Most paths one run may ask for. */
export const MAX_MONTE_CARLO_PATHS = LIMITS.maxMonteCarloPaths;

/** Longest deadline a batch or Monte Carlo run may ask for on the server, seconds (a day). */
export const MAX_RUN_DEADLINE_SECONDS = 86_400;

/**
 * `deadlineSeconds` of a run's request (the server's Monte Carlo runs and batches): past it the
 * run is failed; default the server's (see docs/api.md).
 */
export const RunDeadlineSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be ≥ 1')
  .max(MAX_RUN_DEADLINE_SECONDS, `must be ≤ ${MAX_RUN_DEADLINE_SECONDS}`)
  .optional()
  .describe('seconds the run may take before it is failed; default and maximum in docs/api.md');

export const MonteCarloRequestSchema = z
  .strictObject({
    scenario: ScenarioSchema,
    plan: PlanSchema.optional().describe(
      'the capital plan to test; default the optimum of the scenario (found first)',
    ),
    paths: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be ≥ 1')
      .max(MAX_MONTE_CARLO_PATHS, `must be ≤ ${MAX_MONTE_CARLO_PATHS}`)
      .describe('paths sampled'),
    seed: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be ≥ 0')
      .max(2 ** 32 - 1, 'must be < 2^32')
      .describe('seed of the random streams: the same seed gives the same paths'),
    deadlineSeconds: RunDeadlineSchema,
    ...MonteCarloProcessSchema.shape,
    mode: MonteCarloModeSchema,
    policy: PolicySchema,
    risks: RisksSchema.optional().describe(
      'risks sampled per path (policy mode): tenant default, delivery slips, capex overruns',
    ),
    treasury: TreasurySchema.optional().describe(
      'BTC kept from mining and a loan against it (policy mode)',
    ),
  })
  .superRefine((r, ctx) => {
    if (r.mode === 'hindsight')
      for (const field of ['risks', 'treasury'] as const)
        if (r[field])
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'must be absent in hindsight mode: only the policy simulator samples it',
          });
    if (r.scenario.market.hashprice.kind !== 'projection') {
      ctx.addIssue({
        code: 'custom',
        path: ['scenario', 'market', 'hashprice'],
        message:
          'must be a projection ({ kind: "projection", btcUsd, networkEhs, … }): Monte Carlo ' +
          'samples BTC price and hashrate around it, a series has no drift to sample',
      });
    }
    if (r.scenario.uncertainty) {
      ctx.addIssue({
        code: 'custom',
        path: ['scenario', 'uncertainty'],
        message: 'must be absent: Monte Carlo samples its own hashprice paths',
      });
    }
  });
/** A parsed Monte Carlo request. */
export type MonteCarloRequest = z.infer<typeof MonteCarloRequestSchema>;

/**
 * What every path of a run shares: the scenario, the two plans and the process (the plan settled
 * first).
 */
export interface MonteCarloJob {
  readonly scenario: Scenario;
  readonly plan: Plan;
  readonly miningOnlyPlan: Plan;
  readonly seed: number;
  readonly process: MonteCarloProcess;
  /** Default "policy" (docs/montecarlo.md). */
  readonly mode?: MonteCarloMode;
  readonly policy?: Policy;
  readonly risks?: Risks;
  readonly treasury?: Treasury;
}

/**
 * The paths of a job in its mode: simulated by the policy (default; both plans prepared once, here),
 * or both plans evaluated by the LP (hindsight).
 *
 * @example const path = pathsOf(job); const outcome = await path(17); outcome.npvUsd;
 */
export function pathsOf(
  job: MonteCarloJob,
  options: RunOptions = {},
): (index: number) => Promise<PathOutcome> {
  if (job.mode === 'hindsight')
    return async (index) => {
      const t0 = performance.now();
      const out = await evaluatePath(job, index, options);
      return { ...out, ms: performance.now() - t0 };
    };
  const p = prepareSim(job);
  return async (index) => simulatePath(p, index);
}

/** The mining-only plan of a plan: no builds, the same refresh purchases. */
export function miningOnlyPlanOf(plan: Plan): Plan {
  return { builds: [], refreshes: plan.refreshes };
}

/** The plan's figures on one path, from its evaluate answer. */
export function outcomeOf(index: number, plan: SolveResult, miningOnly: SolveResult): PathOutcome {
  const feasible = plan.npvUsd !== null && plan.months.length > 0;
  return {
    index,
    status: plan.status,
    npvUsd: plan.npvUsd,
    peakDebtUsd: feasible ? Math.max(...plan.months.map((m) => m.debtUsd)) : null,
    minCovenantHeadroomUsd: feasible
      ? Math.min(...plan.months.map((m) => m.covenantHeadroomUsd))
      : null,
    minLiquidityUsd: feasible ? (plan.kpis?.minLiquidityUsd ?? null) : null,
    firstUnfundedMonth:
      plan.status === 'infeasible'
        ? (plan.diagnosis?.find((d) => d.month !== null)?.month ?? null)
        : null,
    miningOnlyStatus: miningOnly.status,
    miningOnlyNpvUsd: miningOnly.npvUsd,
  };
}

/**
 * Samples path `index` of the job and evaluates both plans on it.
 *
 * @example const outcome = await evaluatePath(job, 17); outcome.npvUsd;
 */
export async function evaluatePath(
  job: MonteCarloJob,
  index: number,
  options: RunOptions = {},
): Promise<PathOutcome> {
  const series = samplePath(job.scenario, job.process, job.seed, index).usdPerPhDay;
  const scenario = withHashpriceSeries(job.scenario, series);
  const plan = await evaluate(scenario, job.plan, options);
  const miningOnly = await evaluate(scenario, job.miningOnlyPlan, options);
  return outcomeOf(index, plan, miningOnly);
}
