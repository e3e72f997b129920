/**
 * @module simulate — the Monte Carlo's policy simulator (docs/montecarlo.md): the plan and the
 * mining-only plan simulated on each seeded path, no LP per path.
 */
import { pathSampler, type MarketPath, type MonteCarloProcess } from '../montecarlo';
import type { PathOutcome } from '../montecarlo-stats';
import type { Plan, Scenario } from '../schema';
import { labelAt } from '../time';
import type { Policy, Risks, Treasury } from './options';
import { simulatePlan, type PathMonth, type PathResult, type SimPlan } from './path';
import { cohortsOf, simPlan } from './prepare';
import { drawEvents, type CohortEvents } from './risks';

export * from './options';
export { marginCall } from './treasury';
export { drawEvents, type CohortEvents } from './risks';
export { simPlan, type SimRequest } from './prepare';
export { simulatePlan, type PathMonth, type PathResult, type SimPlan } from './path';

/** What a simulated run's paths share (settled by the route; stored with the run). */
export interface SimJob {
  readonly scenario: Scenario;
  readonly plan: Plan;
  readonly seed: number;
  readonly process: MonteCarloProcess;
  readonly policy?: Policy;
  readonly risks?: Risks;
  readonly treasury?: Treasury;
}

/** A job ready to simulate: both plans prepared once (per thread). */
export interface PreparedSim {
  readonly job: SimJob;
  readonly plan: SimPlan;
  readonly miningOnly: SimPlan;
  readonly risks: Risks;
  /** Whether the plan's cohorts draw events (else none are drawn). */
  readonly events: boolean;
  /** The market path of (seed, index): `samplePath`'s, with what paths share computed once. */
  readonly sample: (seed: number, index: number) => MarketPath;
}

const DEFAULT_RISKS: Risks = { tenantDefault: 'sampled' };

/** Prepares a job: each plan's sites, cohorts and financing, once. */
export function prepareSim(job: SimJob): PreparedSim {
  const risks = job.risks ?? DEFAULT_RISKS;
  const req = {
    scenario: job.scenario,
    plan: job.plan,
    policy: job.policy ?? { sellAfterIdleMonths: 6 },
    risks,
    treasury: job.treasury,
  };
  const plan = simPlan(req);
  return {
    job,
    plan,
    miningOnly: simPlan(req, true),
    risks,
    events: plan.fixedHpc === null,
    sample: pathSampler(job.scenario, job.process),
  };
}

/** The risk events of path `index` (null when the plan's cohorts have none). */
export function eventsOfPath(p: PreparedSim, index: number): CohortEvents[] | null {
  return p.events ? drawEvents(cohortsOf(p.plan), p.risks, p.job.seed, index) : null;
}

/**
 * Path `index`: the market path of `samplePath` (the same streams as the hindsight mode), the
 * plan's risk events, both plans simulated. `record` sees the plan's months.
 *
 * @example const p = prepareSim(job); simulatePath(p, 0).npvUsd;
 */
export function simulatePath(
  p: PreparedSim,
  index: number,
  record?: (m: PathMonth) => void,
): PathOutcome {
  const t0 = performance.now();
  const { scenario, seed } = p.job;
  const path = p.sample(seed, index);
  const events = eventsOfPath(p, index);
  const plan = simulatePlan(p.plan, path.usdPerPhDay, path.btcUsd, events, record);
  const base = simulatePlan(p.miningOnly, path.usdPerPhDay, path.btcUsd, null);
  const T = scenario.horizonMonths;
  return {
    ...outcome(index, plan, scenario.startMonth),
    miningOnlyStatus: base.funded ? 'funded' : 'infeasible',
    miningOnlyNpvUsd: base.funded ? base.npvUsd : null,
    btcHeld: plan.btcHeld,
    marginCalls: plan.marginCalls,
    hits: {
      tenantDefault: events?.some((e) => e.defaultMonth < T) ?? false,
      slip: events?.some((e) => e.slipped) ?? false,
      capexOverrun: events?.some((e) => e.capexFactor > 1) ?? false,
    },
    ms: performance.now() - t0,
  };
}

function outcome(index: number, r: PathResult, startMonth: string) {
  return {
    index,
    status: r.funded ? 'funded' : 'infeasible',
    npvUsd: r.funded ? r.npvUsd : null,
    peakDebtUsd: r.peakDebtUsd,
    minCovenantHeadroomUsd: r.minCovenantHeadroomUsd,
    minLiquidityUsd: r.minLiquidityUsd,
    firstUnfundedMonth: r.funded ? null : labelAt(startMonth, r.unfundedMonth),
  };
}
