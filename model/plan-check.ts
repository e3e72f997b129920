/** @module plan-check — checks a fixed capital plan against a scenario before it is evaluated. */
import { revealIndex } from './cases';
import { startWindow } from './economics';
import type { Diagnosis, Plan, Scenario, SiteScenario } from './schema';
import { isPortfolio, sitesOf, type SiteView } from './sites';
import { labelAt, monthIndex } from './time';

/** A structural fault of a plan (bad input: the API answers 400). */
export interface PlanIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Structural faults: an unknown option id, a month outside the horizon, refreshes without a refresh
 * offer. Returns [] for a well-formed plan.
 */
export function planIssues(s: Scenario, plan: Plan): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const last = monthIndex(s.startMonth, s.startMonth) + s.horizonMonths - 1;
  const inHorizon = (m: string) => {
    const t = monthIndex(s.startMonth, m);
    return t >= 0 && t <= last;
  };
  // A portfolio's rows name their site (a single-site scenario's need not: it has one).
  const portfolio = isPortfolio(s);
  const sites = sitesOf(s);
  const siteIds = sites.map((v) => v.id).join(', ');
  const siteOf = (row: { siteId?: string }, path: string): SiteView | undefined => {
    if (!portfolio) return sites[0];
    const found = sites.find((v) => v.id === row.siteId);
    if (!found)
      issues.push({
        path: `${path}.siteId`,
        message:
          row.siteId === undefined
            ? `required in a portfolio: the site this row is on (${siteIds})`
            : `unknown site "${row.siteId}"; the portfolio has: ${siteIds}`,
      });
    return found;
  };
  plan.builds.forEach((b, i) => {
    const site = siteOf(b, `plan.builds.${i}`);
    const ids = site ? site.scenario.hpcOptions.map((o) => o.id) : [];
    if (site && !ids.includes(b.optionId)) {
      const where = portfolio ? ` on site ${site.id}` : '';
      issues.push({
        path: `plan.builds.${i}.optionId`,
        message:
          `unknown HPC option "${b.optionId}"${where}; the ` +
          `${portfolio ? 'site' : 'scenario'} has: ${ids.join(', ') || 'none'}`,
      });
    }
    if (!inHorizon(b.month))
      issues.push({
        path: `plan.builds.${i}.month`,
        message: `${b.month} is outside the horizon ${s.startMonth} + ${s.horizonMonths} months`,
      });
  });
  plan.refreshes.forEach((r, i) => {
    const site = siteOf(r, `plan.refreshes.${i}`);
    if (site && !site.scenario.fleet.refresh)
      issues.push({
        path: `plan.refreshes.${i}`,
        message: `the ${portfolio ? `site ${site.id}` : 'scenario'} has no fleet.refresh offer to buy from`,
      });
    if (!inHorizon(r.month))
      issues.push({
        path: `plan.refreshes.${i}.month`,
        message: `${r.month} is outside the horizon ${s.startMonth} + ${s.horizonMonths} months`,
      });
  });
  // A row of an uncertainty case: a case the scenario has, in a month from the reveal on (earlier
  // ones are shared).
  const names = new Set(s.uncertainty?.scenarios.map((c) => c.name) ?? []);
  const reveal = revealIndex(s);
  const caseIssues = (rows: readonly { month: string; case?: string }[], kind: string) =>
    rows.forEach((r, i) => {
      if (r.case === undefined) return;
      if (!names.has(r.case))
        issues.push({
          path: `plan.${kind}.${i}.case`,
          message: s.uncertainty
            ? `unknown case "${r.case}"; the scenario has: ${[...names].join(', ')}`
            : 'the scenario has no uncertainty cases',
        });
      else if (monthIndex(s.startMonth, r.month) < reveal)
        issues.push({
          path: `plan.${kind}.${i}.case`,
          message:
            `${r.month} is before the reveal month: decisions before it are shared ` +
            'by every case (leave case out)',
        });
    });
  caseIssues(plan.builds, 'builds');
  caseIssues(plan.refreshes, 'refreshes');
  return issues;
}

const fmtMW = (mw: number) => `${+mw.toFixed(3)} MW`;

/**
 * Caps a well-formed plan breaks: earliest start, block size, a tenant's maxMW, hpcEligibleMW,
 * refresh.maxMW. Each is a reason the plan is infeasible, with the excess in MW.
 */
export function planCapDiagnosis(s: Scenario, plan: Plan): Diagnosis[] {
  if (!isPortfolio(s)) return siteCapDiagnosis(sitesOf(s)[0].scenario, plan, '');
  // Each site's caps on its own rows, the constraint named by the site's path.
  return sitesOf(s).flatMap((v, i) => {
    const mine = (r: { siteId?: string }) => r.siteId === v.id;
    return siteCapDiagnosis(
      v.scenario,
      { builds: plan.builds.filter(mine), refreshes: plan.refreshes.filter(mine) },
      `sites.${i}.`,
    );
  });
}

/** The caps of one site (`prefix`: its path in the scenario) that its rows of the plan break. */
function siteCapDiagnosis(s: SiteScenario, plan: Plan, prefix: string): Diagnosis[] {
  const out: Diagnosis[] = [];
  const tol = 1e-9;
  s.hpcOptions.forEach((o, i) => {
    const window = new Set(startWindow(s, { ...o, blockMW: 0 }));
    for (const b of plan.builds.filter((x) => x.optionId === o.id)) {
      const t = monthIndex(s.startMonth, b.month);
      if (o.earliestStartMonth && b.mw > 0 && b.month < o.earliestStartMonth) {
        out.push({
          constraint: `${prefix}hpcOptions.${i}.earliestStartMonth`,
          month: b.month,
          shortfall: b.mw,
          unit: 'MW',
          message: `${o.id} cannot start before ${o.earliestStartMonth}; the plan starts ${fmtMW(b.mw)} in ${b.month}`,
        });
      } else if (o.latestStartMonth && b.mw > 0 && b.month > o.latestStartMonth) {
        out.push({
          constraint: `${prefix}hpcOptions.${i}.latestStartMonth`,
          month: b.month,
          shortfall: b.mw,
          unit: 'MW',
          message: `${o.id} expires after ${o.latestStartMonth}; the plan starts ${fmtMW(b.mw)} in ${b.month}`,
        });
      } else if (b.mw > 0 && !window.has(t)) {
        out.push({
          constraint: `${prefix}hpcOptions.${i}.buildMonths`,
          month: b.month,
          shortfall: b.mw,
          unit: 'MW',
          message:
            `${o.id} started in ${b.month} would commence after the horizon ` +
            `(${o.buildMonths} months to build; the last start that commences within ` +
            `it is ${s.horizonMonths - 1 - o.buildMonths} months after ${s.startMonth})`,
        });
      }
      if (o.blockMW > 0 && Math.abs(b.mw / o.blockMW - Math.round(b.mw / o.blockMW)) > 1e-9) {
        const over = b.mw - Math.floor(b.mw / o.blockMW) * o.blockMW;
        out.push({
          constraint: `${prefix}hpcOptions.${i}.blockMW`,
          month: b.month,
          shortfall: over,
          unit: 'MW',
          message:
            `${o.id} builds in ${fmtMW(o.blockMW)} blocks; ${fmtMW(b.mw)} in ` +
            `${b.month} is not a whole number of blocks`,
        });
      }
    }
  });
  // Caps hold in every case: its shared rows and its own.
  const cases = s.uncertainty ? s.uncertainty.scenarios.map((c) => c.name) : [undefined];
  const seen = new Set<string>();
  const cap = (d: Diagnosis) => {
    if (seen.has(d.constraint)) return;
    seen.add(d.constraint);
    out.push(d);
  };
  for (const name of cases) {
    const applies = (r: { case?: string }) => r.case === undefined || r.case === name;
    const who = name === undefined ? '' : ` in case "${name}"`;
    let total = 0;
    s.hpcOptions.forEach((o, i) => {
      const sum = plan.builds
        .filter((b) => b.optionId === o.id && applies(b))
        .reduce((a, b) => a + b.mw, 0);
      total += sum;
      if (sum > o.maxMW + tol)
        cap({
          constraint: `${prefix}hpcOptions.${i}.maxMW`,
          month: null,
          shortfall: sum - o.maxMW,
          unit: 'MW',
          message: `${o.id} takes at most ${fmtMW(o.maxMW)}; the plan converts ${fmtMW(sum)}${who}`,
        });
    });
    if (total > s.site.hpcEligibleMW + tol)
      cap({
        constraint: `${prefix}site.hpcEligibleMW`,
        month: null,
        shortfall: total - s.site.hpcEligibleMW,
        unit: 'MW',
        message: `at most ${fmtMW(s.site.hpcEligibleMW)} may be converted; the plan converts ${fmtMW(total)}${who}`,
      });
    const bought = plan.refreshes.filter(applies).reduce((a, r) => a + r.mw, 0);
    const under = s.site.maxMWUnderConstruction;
    if (under !== undefined) {
      // MW of all cohorts in months s … s+b−1 of their build, every month (docs/model.md, "Tenant
      // credit and ramps").
      const building = new Array<number>(s.horizonMonths).fill(0);
      for (const b of plan.builds.filter(applies)) {
        const o = s.hpcOptions.find((h) => h.id === b.optionId);
        const t0 = monthIndex(s.startMonth, b.month);
        for (let t = Math.max(0, t0); o && t < Math.min(s.horizonMonths, t0 + o.buildMonths); t++)
          building[t] += b.mw;
      }
      const t = building.findIndex((mw) => mw > under + tol);
      if (t >= 0)
        cap({
          constraint: `${prefix}site.maxMWUnderConstruction`,
          month: labelAt(s.startMonth, t),
          shortfall: building[t] - under,
          unit: 'MW',
          message:
            `at most ${fmtMW(under)} may be under construction; the plan builds ` +
            `${fmtMW(building[t])} in ${labelAt(s.startMonth, t)}${who}`,
        });
    }
    if (s.fleet.refresh && bought > s.fleet.refresh.maxMW + tol)
      cap({
        constraint: `${prefix}fleet.refresh.maxMW`,
        month: null,
        shortfall: bought - s.fleet.refresh.maxMW,
        unit: 'MW',
        message:
          `at most ${fmtMW(s.fleet.refresh.maxMW)} of new ASICs may be bought; ` +
          `the plan buys ${fmtMW(bought)}${who}`,
      });
  }
  out.push(...gridShortfalls(s, plan, prefix));
  return out;
}

/**
 * Months in which the plan's converted MW alone need more than the grid: a cohort occupies power
 * from its switch-over month (start + buildMonths − switchoverMonths) to the end of the horizon.
 * Per case, the worst.
 */
function gridShortfalls(s: SiteScenario, plan: Plan, prefix: string): Diagnosis[] {
  const T = s.horizonMonths;
  const cases = s.uncertainty ? s.uncertainty.scenarios.map((c) => c.name) : [undefined];
  let worst: Diagnosis[] = [];
  for (const name of cases) {
    const occupied = new Array<number>(T).fill(0);
    for (const b of plan.builds) {
      if (b.case !== undefined && b.case !== name) continue;
      const o = s.hpcOptions.find((h) => h.id === b.optionId);
      if (!o) continue;
      for (
        let t = Math.max(0, monthIndex(s.startMonth, b.month) + o.buildMonths - o.switchoverMonths);
        t < T;
        t++
      )
        occupied[t] += b.mw;
    }
    const rows: Diagnosis[] = [];
    for (let t = 0; t < T; t++) {
      let grid = s.site.gridMW;
      for (const a of s.site.gridAdditions)
        if (monthIndex(s.startMonth, a.month) <= t) grid += a.mw;
      const over = occupied[t] - grid;
      const month = labelAt(s.startMonth, t);
      if (over > 1e-6)
        rows.push({
          constraint: `${prefix}site.gridMW`,
          month,
          shortfall: over,
          unit: 'MW',
          message:
            `${name ? `case "${name}": ` : ''}the plan needs ${fmtMW(over)} more ` +
            `than the grid's ${grid} MW in ${month}`,
        });
    }
    if (rows.length > worst.length) worst = rows;
  }
  return worst.slice(0, 12);
}
