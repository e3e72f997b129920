/**
 * @module simulate/site-plan — what one site of a request fixes for every path: its fleets' tables,
 * the plan's refresh purchases and cohorts, the power the cohorts occupy, overhead and the contract
 * hedge (docs/montecarlo.md). Computed once per request.
 */
import { economics, type Economics } from '../economics';
import { pathMonths, type CaseSpec } from '../cases';
import type { Plan, SiteScenario } from '../schema';
import type { SiteView } from '../sites';
import { USD_PER_MODEL_UNIT as M } from '../units';
import { cohortTrack, type Cohort } from './cohorts';
import { fleetTable, type FleetTable } from './fleet-table';
import type { Risks } from './options';

/** One site of the plan, fixed for every path. */
export interface SitePlan {
  readonly id: string | undefined;
  /** Grid MW of month t. */
  readonly grid: Float64Array;
  /** HPC MW occupying power in month t (from each cohort’s planned switch-over on). */
  readonly occupied: Float64Array;
  /** Refresh MW bought in month t (paid at its end, runnable from t + 1). */
  readonly buys: Float64Array;
  readonly installedMW: number;
  readonly existing: FleetTable;
  readonly refresh: FleetTable | null;
  /** Operating flows at the discount rate d of month t: −overhead + the contract hedge, $M. */
  readonly fixedFlow: Float64Array;
  readonly cohorts: readonly Cohort[];
  /**
   * The last month (exclusive) any cohort of the site's start windows could earn in, or T + the
   * merchant tail when later (what bounds the tax after the horizon: docs/model.md, "Tax").
   */
  readonly earnsUntil: number;
}

/** The economics of a site per unit of hashprice (mining) and with a case's slip (HPC). */
export function unitEconomics(
  s: SiteScenario,
  extraBuildMonths = 0,
  plainCredit = false,
): Economics {
  const kase: CaseSpec = {
    name: 'base',
    probability: 1,
    hashprice: new Array<number>(pathMonths(s)).fill(1),
    extraBuildMonths,
  };
  const scenario = plainCredit
    ? {
        ...s,
        hpcOptions: s.hpcOptions.map((o) =>
          o.kind === 'cloud' ? o : { ...o, defaultProbabilityPerYear: 0 },
        ),
      }
    : s;
  return economics(scenario, kase);
}

/** Whether a lease's default is sampled per path: it has a hazard, a backstop below 1, and risks say so. */
function sampledDefault(o: SiteScenario['hpcOptions'][number], risks: Risks): boolean {
  return (
    risks.tenantDefault === 'sampled' &&
    o.kind !== 'cloud' &&
    o.defaultProbabilityPerYear > 0 &&
    o.backstopShare < 1
  );
}

/**
 * The site's fixed part for `plan` (its rows for this site: `siteId` matches, or the single-site
 * form).
 */
export function sitePlan(view: SiteView, plan: Plan, risks: Risks, noBuilds: boolean): SitePlan {
  const s = view.scenario;
  const T = s.horizonMonths;
  const months = pathMonths(s);
  const base = unitEconomics(s);
  const anySampled = s.hpcOptions.some((o) => sampledDefault(o, risks));
  const plain = anySampled ? unitEconomics(s, 0, true) : base;
  const slip = risks.slip && risks.slip.months > 0 ? risks.slip.months : 0;
  const slipped = slip ? unitEconomics(s, slip, anySampled) : null;
  const binsOf = (t: number) => base.market?.binsAt(t).share ?? null;
  const mine = (r: { readonly siteId?: string }) => r.siteId === view.id;
  const buys = new Float64Array(T);
  for (const r of plan.refreshes) {
    if (!mine(r)) continue;
    const t = base.labels.indexOf(r.month);
    if (t >= 0) buys[t] += r.mw;
  }
  const occupied = new Float64Array(T);
  const cohorts: Cohort[] = [];
  for (const b of noBuilds ? [] : plan.builds) {
    if (!mine(b) || b.mw <= 0) continue;
    const o = s.hpcOptions.findIndex((x) => x.id === b.optionId);
    const start = base.labels.indexOf(b.month);
    if (o < 0 || start < 0) continue;
    const option = s.hpcOptions[o];
    const sampled = sampledDefault(option, risks);
    const own = (sampled ? plain : base).options[o];
    for (let t = Math.max(0, start + own.occupyOffset); t < T; t++) occupied[t] += b.mw;
    const df = new Float64Array(T);
    for (let t = 0; t < T; t++) df[t] = own.dfAt(t);
    cohorts.push({
      option: o,
      start,
      mw: b.mw,
      df,
      planned: cohortTrack(own, start, b.mw, T, base.market, sampled),
      slipped: slipped
        ? cohortTrack(slipped.options[o], start, b.mw, T, base.market, sampled)
        : null,
      survival:
        sampled && option.kind !== 'cloud'
          ? Math.pow(1 - option.defaultProbabilityPerYear, 1 / 12)
          : 1,
      backstop: sampled && option.kind !== 'cloud' ? option.backstopShare : 1,
    });
  }
  const fixedFlow = new Float64Array(T);
  for (let t = 0; t < T; t++)
    fixedFlow[t] = -s.site.overheadUsdPerMonth / M + (base.market?.contractAt(t) ?? 0);
  let earnsUntil = T + base.tail;
  for (const oe of base.options)
    for (const st of oe.starts) earnsUntil = Math.max(earnsUntil, oe.valueEnd(st));
  return {
    id: view.id,
    grid: Float64Array.from(base.gridMW),
    occupied,
    buys,
    installedMW: s.fleet.installedMW,
    existing: fleetTable(base.existing, months, binsOf),
    refresh: base.refresh ? fleetTable(base.refresh, months, binsOf) : null,
    fixedFlow,
    cohorts,
    earnsUntil,
  };
}
