/**
 * @module portfolio — what a portfolio's answer adds (docs/model.md, "Portfolio"; docs/api.md,
 * "Portfolio"): each site's NPV contribution, months and KPIs, and the sequencing — the order the
 * sites convert in, the months where funding binds, the value of more facility and the NPV lost
 * when a named site must go first.
 */
import { buildModel, type BuiltModel } from './build';
import { USD_PER_MODEL_UNIT as M } from './units';
import type { Term } from './lp';
import type { LpRunner } from './lp-runner';
import { hpcShareByYear } from './kpis';
import { expectedMonths, siteTerminalValuePv } from './outcome';
import { siteValueUsd } from './value';
import { siteMonths, type SiteMonthRow } from './results';
import { financingTerms } from './parts/finance';
import type { MonthRow, Scenario, Sequencing, SiteResult } from './schema';
import { labelAt } from './time';

/** Values below this ($M or MW) are solver noise. */
const NOISE = 1e-7;

/**
 * Each site's answer: its months (probability-weighted over cases), its npvUsd = Σ_k p_k (Σ_t df_t
 * FCF_site,t + TV_assets of the site; each stream at its rate, `siteValueUsd`), and its KPIs. In
 * "firm" value the sites sum to npvUsd − cashUsd + existing debt + the financing frictions
 * (issuance cost, lender spreads): the total's operating part.
 */
export function siteResults(model: BuiltModel, x: ArrayLike<number>): SiteResult[] {
  const p = model.cases.map((c) => c.probability);
  return model.cases[0].sites.map((site, i) => {
    const perCase = model.cases.map((c) => siteMonths(c.sites[i], x));
    const npvUsd = model.cases.reduce((a, c) => a + c.probability * siteValueUsd(c.sites[i], x), 0);
    const tv = model.cases.reduce(
      (a, c) => a + c.probability * siteTerminalValuePv(c.sites[i], x),
      0,
    );
    const months =
      perCase.length === 1
        ? perCase[0]
        : (expectedMonths(perCase as unknown as MonthRow[][], p) as unknown as SiteMonthRow[]);
    const first = months.find((m) => m.hpcBuildingMW > 0);
    const commenced = months.find((m) => m.hpcOnlineMW > 0);
    const committed = model.cases.reduce(
      (a, c) =>
        a + c.probability * c.sites[i].index.builds.reduce((v, b) => v + x[b.col] * b.mwPerUnit, 0),
      0,
    );
    return {
      id: site.id ?? '',
      name: site.name,
      npvUsd,
      months,
      kpis: {
        npvUsd,
        terminalValuePvUsd: tv,
        hpcCommittedMW: Math.abs(committed) < NOISE ? 0 : committed,
        hpcOnlineAtHorizonMW: months[months.length - 1].hpcOnlineMW,
        firstBuildMonth: first?.month ?? null,
        firstCommencementMonth: commenced?.month ?? null,
        hpcShareByYear: hpcShareByYear(months),
      },
    };
  });
}

/**
 * Months where funding binds in a case: cash at `minCashUsd`, the facility at its limit (or none),
 * project debt at its ceiling (or none) and equity raised to its limit (or none) — not one more
 * dollar could be spent that month.
 */
function bindingMonths(
  model: BuiltModel,
  x: ArrayLike<number>,
  duals: ArrayLike<number> | undefined,
): Sequencing['bindingMonths'] {
  const { lp, scenario: s } = model;
  const fin = s.financing;
  const minCash = fin.minCashUsd / M;
  const { facilityLimit: limit, equityLimit } = financingTerms(fin);
  const near = (v: number, bound: number) => v >= bound - NOISE * Math.max(1, Math.abs(bound));
  const binding = new Set<number>();
  const activity = lp.activities(x);
  for (const c of model.cases) {
    const i = c.index;
    let raised = 0;
    for (let t = 0; t < c.econ.T; t++) {
      raised += x[i.equity[t]];
      const cashAtMin = x[i.cash[t]] <= minCash + NOISE * Math.max(1, minCash);
      const facilityFull = limit === 0 || near(x[i.facility[t]], limit);
      const cap = i.projectDebtCapRows[t];
      const projectFull = cap === undefined || near(activity[cap], 0);
      const equityFull = equityLimit === 0 || near(raised, equityLimit);
      if (cashAtMin && facilityFull && projectFull && equityFull) binding.add(t);
    }
  }
  const c0 = model.cases[0];
  return [...binding]
    .sort((a, b) => a - b)
    .map((t) => ({
      month: labelAt(s.startMonth, t),
      cashShadowUsdPerUsd:
        duals && model.cases.length === 1 ? Math.abs(duals[c0.index.cashRows[t]]) : null,
    }));
}

/**
 * The order in which the sites start converting: by first build month, sites that never convert
 * last.
 */
function orderOf(sites: readonly SiteResult[]): Sequencing['order'] {
  const rows = sites.map((r) => ({
    siteId: r.id,
    firstBuildMonth: r.kpis.firstBuildMonth,
    firstCommencementMonth: r.kpis.firstCommencementMonth,
    mw: r.kpis.hpcCommittedMW,
  }));
  return rows.sort(
    (a, b) =>
      (a.firstBuildMonth ?? '9999-99').localeCompare(b.firstBuildMonth ?? '9999-99') || b.mw - a.mw,
  );
}

/**
 * "Site X must go first" (docs/api.md, "Portfolio"): X's first start month m when no other site may
 * build (the month X would start alone, with the portfolio's money); then the optimum when no other
 * site starts before m and X starts at least the MW it started in m alone by m. npvLostUsd = npvUsd
 * − that optimum. Two solves per site.
 */
async function mustGoFirst(
  s: Scenario,
  siteId: string,
  npvUsd: number,
  runner: LpRunner,
): Promise<Sequencing['mustGoFirst'][number]> {
  const none = { siteId, startMonth: null, npvUsd: null, npvLostUsd: null };
  const alone = buildModel(s);
  const target = alone.cases[0].sites.findIndex((v) => v.id === siteId);
  if (target < 0) return none;
  for (const c of alone.cases)
    c.sites.forEach(
      (site, i) =>
        i !== target &&
        site.index.builds.forEach((b) => (alone.lp.colLb[b.col] = alone.lp.colUb[b.col] = 0)),
    );
  const a = (await runner.solve(alone.lp, null, 'first-alone')).solution;
  if (a.status !== 'optimal' || !a.values) return none;
  const builds = alone.cases[0].sites[target].index.builds;
  const started = builds.filter((b) => a.values![b.col] * b.mwPerUnit > NOISE);
  if (!started.length) return none;
  const m = Math.min(...started.map((b) => b.start));
  const mw = started
    .filter((b) => b.start === m)
    .reduce((v, b) => v + a.values![b.col] * b.mwPerUnit, 0);
  const first = buildModel(s);
  for (const c of first.cases)
    c.sites.forEach(
      (site, i) =>
        i !== target &&
        site.index.builds.forEach(
          (b) => b.start < m && (first.lp.colLb[b.col] = first.lp.colUb[b.col] = 0),
        ),
    );
  const byM: Term[] = first.cases[0].sites[target].index.builds
    .filter((b) => b.start <= m)
    .map((b) => [b.col, b.mwPerUnit]);
  first.lp.addRow('portfolio.first', byM, mw * (1 - 1e-9), Infinity);
  const f = (await runner.solve(first.lp, null, 'first')).solution;
  const label = labelAt(s.startMonth, m);
  if (f.status !== 'optimal' || !f.values)
    return { siteId, startMonth: label, npvUsd: null, npvLostUsd: null };
  const value = first.lp.objectiveAt(f.values) * M;
  const lost = npvUsd - value;
  return {
    siteId,
    startMonth: label,
    npvUsd: value,
    npvLostUsd: Math.abs(lost) <= Math.max(0.01, 2e-9 * Math.abs(npvUsd)) ? 0 : lost,
  };
}

/**
 * The sequencing of a portfolio's answer. `duals`: the optimum's row duals when the solver gives
 * them.
 */
export async function sequencingOf(
  model: BuiltModel,
  x: ArrayLike<number>,
  sites: readonly SiteResult[],
  duals: ArrayLike<number> | undefined,
  facilityPerMillionUsd: number | null,
  npvUsd: number,
  runner: LpRunner,
): Promise<Sequencing> {
  const first: Sequencing['mustGoFirst'] = [];
  for (const id of model.scenario.solve.mustGoFirst)
    first.push(await mustGoFirst(model.scenario, id, npvUsd, runner));
  return {
    order: orderOf(sites),
    bindingMonths: bindingMonths(model, x, duals),
    facilityPerMillionUsd,
    mustGoFirst: first,
  };
}
