/** @module plan-check — checks a fixed capital plan against a scenario before it is evaluated. */
import type { Diagnosis, Plan, Scenario } from './schema';
import { monthIndex } from './time';

/** A structural fault of a plan (bad input: the API answers 400). */
export interface PlanIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Structural faults: an unknown option id, a month outside the horizon, refreshes without a refresh offer.
 * Returns [] for a well-formed plan.
 */
export function planIssues(s: Scenario, plan: Plan): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const last = monthIndex(s.startMonth, s.startMonth) + s.horizonMonths - 1;
  const inHorizon = (m: string) => {
    const t = monthIndex(s.startMonth, m);
    return t >= 0 && t <= last;
  };
  const ids = new Set(s.hpcOptions.map((o) => o.id));
  plan.builds.forEach((b, i) => {
    if (!ids.has(b.optionId)) {
      issues.push({ path: `plan.builds.${i}.optionId`, message: `unknown HPC option "${b.optionId}"; the scenario has: ${[...ids].join(', ') || 'none'}` });
    }
    if (!inHorizon(b.month)) issues.push({ path: `plan.builds.${i}.month`, message: `${b.month} is outside the horizon ${s.startMonth} + ${s.horizonMonths} months` });
  });
  plan.refreshes.forEach((r, i) => {
    if (!s.fleet.refresh) issues.push({ path: `plan.refreshes.${i}`, message: 'the scenario has no fleet.refresh offer to buy from' });
    if (!inHorizon(r.month)) issues.push({ path: `plan.refreshes.${i}.month`, message: `${r.month} is outside the horizon ${s.startMonth} + ${s.horizonMonths} months` });
  });
  return issues;
}

const fmtMW = (mw: number) => `${+mw.toFixed(3)} MW`;

/**
 * Caps a well-formed plan breaks: earliest start, block size, a tenant's maxMW, hpcEligibleMW, refresh.maxMW.
 * Each is a reason the plan is infeasible, with the excess in MW.
 */
export function planCapDiagnosis(s: Scenario, plan: Plan): Diagnosis[] {
  const out: Diagnosis[] = [];
  const tol = 1e-9;
  let total = 0;
  s.hpcOptions.forEach((o, i) => {
    const builds = plan.builds.filter((b) => b.optionId === o.id);
    const sum = builds.reduce((a, b) => a + b.mw, 0);
    total += sum;
    for (const b of builds) {
      if (o.earliestStartMonth && b.mw > 0 && b.month < o.earliestStartMonth) {
        out.push({ constraint: `hpcOptions.${i}.earliestStartMonth`, month: b.month, shortfall: b.mw, unit: 'MW', message: `${o.id} cannot start before ${o.earliestStartMonth}; the plan starts ${fmtMW(b.mw)} in ${b.month}` });
      }
      if (o.blockMW > 0 && Math.abs(b.mw / o.blockMW - Math.round(b.mw / o.blockMW)) > 1e-9) {
        const over = b.mw - Math.floor(b.mw / o.blockMW) * o.blockMW;
        out.push({ constraint: `hpcOptions.${i}.blockMW`, month: b.month, shortfall: over, unit: 'MW', message: `${o.id} builds in ${fmtMW(o.blockMW)} blocks; ${fmtMW(b.mw)} in ${b.month} is not a whole number of blocks` });
      }
    }
    if (sum > o.maxMW + tol) {
      out.push({ constraint: `hpcOptions.${i}.maxMW`, month: null, shortfall: sum - o.maxMW, unit: 'MW', message: `${o.id} takes at most ${fmtMW(o.maxMW)}; the plan converts ${fmtMW(sum)}` });
    }
  });
  if (total > s.site.hpcEligibleMW + tol) {
    out.push({ constraint: 'site.hpcEligibleMW', month: null, shortfall: total - s.site.hpcEligibleMW, unit: 'MW', message: `at most ${fmtMW(s.site.hpcEligibleMW)} may be converted; the plan converts ${fmtMW(total)}` });
  }
  const bought = plan.refreshes.reduce((a, r) => a + r.mw, 0);
  if (s.fleet.refresh && bought > s.fleet.refresh.maxMW + tol) {
    out.push({ constraint: 'fleet.refresh.maxMW', month: null, shortfall: bought - s.fleet.refresh.maxMW, unit: 'MW', message: `at most ${fmtMW(s.fleet.refresh.maxMW)} of new ASICs may be bought; the plan buys ${fmtMW(bought)}` });
  }
  return out;
}
