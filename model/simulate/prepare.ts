/**
 * @module simulate/prepare — what a Monte Carlo run's paths share, computed once per request (per
 * thread): each plan's sites, cohorts and financing terms (docs/montecarlo.md).
 */
import { pathMonths } from '../cases';
import type { Plan, Scenario } from '../schema';
import { streamRates } from '../rates';
import { sitesOf } from '../sites';
import { discountFactor } from '../time';
import type { Cohort } from './cohorts';
import { emptyHpcFlows, hpcFlows } from './hpc-flows';
import type { Policy, Risks, Treasury } from './options';
import type { SimPlan } from './path';
import { sitePlan } from './site-plan';
import { planTax } from './tax-plan';
import { financeTerms } from './waterfall';

/** What the simulator is asked: the scenario, the plan, the rule, the risks and the treasury. */
export interface SimRequest {
  readonly scenario: Scenario;
  readonly plan: Plan;
  readonly policy: Policy;
  readonly risks: Risks;
  readonly treasury?: Treasury;
}

/** Whether any cohort of `cohorts` has events on some path under `risks`. */
function hasEvents(cohorts: readonly Cohort[], risks: Risks): boolean {
  return (
    cohorts.length > 0 &&
    (cohorts.some((c) => c.survival < 1 || c.slipped !== null) ||
      (risks.capexOverrun?.volatility ?? 0) > 0)
  );
}

/**
 * The plan (or, with `noBuilds`, the mining-only plan: no builds, the same refreshes) ready to
 * simulate.
 */
export function simPlan(req: SimRequest, noBuilds = false): SimPlan {
  const s = req.scenario;
  const T = s.horizonMonths;
  const sites = sitesOf(s).map((v) => sitePlan(v, req.plan, req.risks, noBuilds));
  const rm = streamRates(s).mining;
  const dfm = Float64Array.from({ length: pathMonths(s) }, (_, t) => discountFactor(rm, t));
  const cohorts = sites.flatMap((x) => x.cohorts);
  const tax = planTax(s, sites);
  const st = tax?.terms ?? null;
  const scratch = sites.map(() => emptyHpcFlows(T, st));
  const events = hasEvents(cohorts, req.risks);
  return {
    T,
    sites,
    finance: financeTerms(s, req.treasury),
    dfm,
    indexed: s.market.asicPriceIndex === 'hashprice',
    idleLimit: req.policy.sellAfterIdleMonths,
    holdShare: req.treasury?.holdShare ?? 0,
    fixedHpc: events
      ? null
      : sites.map((x, i) => hpcFlows(x.cohorts, null, scratch[i], tax?.cohorts[i], st)),
    scratch,
    tax,
  };
}

/** Every cohort of a plan, site after site (the order of `drawEvents`). */
export function cohortsOf(plan: SimPlan): Cohort[] {
  return plan.sites.flatMap((x) => x.cohorts);
}
