/**
 * @module portfolio — a scenario's sites (docs/model.md, "Portfolio"): a scenario either has the
 * single-site `site`, `fleet` and `hpcOptions` or a `sites` list of `{ id, name, site, fleet,
 * hpcOptions }` with one market and one financing. The editor adds, removes and duplicates sites
 * here; the views read each site in the single-site form so today's charts draw it, and read the
 * answer's `sites` (each site's NPV, months, KPIs).
 */
import {
  FINANCE_FIELDS,
  type MonthRow,
  type Plan,
  type Sequencing,
  type ScenarioInput,
  type SiteResult,
  type SolveResult,
} from '../../../model/schema';
import { addMonths } from './format';
import { newOffer, newSite } from './templates';

type Offer = NonNullable<ScenarioInput['hpcOptions']>[number];

/** One site of a portfolio, as the scenario names its fields. */
export interface SiteInput {
  readonly id: string;
  readonly name: string;
  readonly site: NonNullable<ScenarioInput['site']>;
  readonly fleet: NonNullable<ScenarioInput['fleet']>;
  readonly hpcOptions: readonly Offer[];
}

/**
 * One site of an answer (`SiteResult`: its own NPV contribution, its FCF and TV_assets discounted,
 * and its KPIs) with its months as full month rows (the shared financing fields at 0, see {@link
 * siteAnswers}).
 */
export type SiteAnswer = Omit<SiteResult, 'months'> & { readonly months: readonly MonthRow[] };

/**
 * The answer's account of the order in which sites convert, and why (the months the shared funding
 * binds).
 */
export function sequencingOf(r: SolveResult | undefined): Sequencing | undefined {
  return r?.sequencing;
}

/** The portfolio's sites, or `undefined` for a single-site scenario. */
export function sitesOf(s: object | undefined): readonly SiteInput[] | undefined {
  const sites = (s as { sites?: readonly SiteInput[] } | undefined)?.sites;
  return Array.isArray(sites) ? sites : undefined;
}

/**
 * Every HPC offer of the scenario: the single site's, or all sites' in site order (ids are unique
 * over sites).
 */
export function offersOf(s: { readonly hpcOptions?: readonly Offer[] }): readonly Offer[] {
  const sites = sitesOf(s);
  return sites ? sites.flatMap((x) => x.hpcOptions ?? []) : (s.hpcOptions ?? []);
}

/** The shared fields a site's months are given as 0: all but the tax payer's own (optional). */
const SITE_ZERO_FIELDS = FINANCE_FIELDS.filter((k) => k !== 'taxUsd' && k !== 'taxableIncomeUsd');

/**
 * The answer's sites (empty for a single-site answer). A site's months carry its MW and operating
 * cash fields only; the shared financing fields are set to 0 here so the month charts draw a site's
 * rows like any other. The tax stays absent: the portfolio pays it as one (docs/model.md "Tax"), so
 * a site's cash-flow chart has no tax bar.
 */
export function siteAnswers(r: SolveResult | undefined): readonly SiteAnswer[] {
  const sites = r?.sites;
  if (!Array.isArray(sites)) return [];
  return sites.map((x) => ({
    ...x,
    months: (x.months ?? []).map(
      (m) => ({ ...Object.fromEntries(SITE_ZERO_FIELDS.map((k) => [k, 0])), ...m }) as MonthRow,
    ),
  }));
}

/**
 * Site `i` in the single-site form (market, financing and the rest shared), so every single-site
 * view and helper reads it unchanged. A single-site scenario is its own site 0.
 */
export function siteScenario(s: ScenarioInput, i: number): ScenarioInput {
  const sites = sitesOf(s);
  if (!sites) return s;
  const { sites: _drop, ...shared } = s as ScenarioInput & { sites: unknown };
  const x = sites[Math.min(Math.max(0, i), sites.length - 1)];
  return {
    ...shared,
    site: x.site,
    fleet: x.fleet,
    hpcOptions: [...x.hpcOptions],
  } as ScenarioInput;
}

/**
 * The dot path of site `i`'s part of the scenario (`''` in the single-site form): the editor's base
 * for its panels.
 */
export function siteBase(s: ScenarioInput | undefined, i: number): string {
  return sitesOf(s) ? `sites.${i}` : '';
}

const takenIds = (sites: readonly SiteInput[]) => new Set(sites.map((x) => x.id));
const takenOfferIds = (sites: readonly SiteInput[]) =>
  sites.flatMap((x) => x.hpcOptions.map((o) => o.id));

/** The first `${prefix}-${n}` (n from `from`) not in `taken`. */
function freeId(prefix: string, taken: ReadonlySet<string>, from = 1): string {
  let n = from;
  while (taken.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

/**
 * The scenario in the portfolio form, the single site becoming site 1 with all its inputs (nothing
 * is dropped).
 */
export function toPortfolio(s: ScenarioInput): ScenarioInput {
  if (sitesOf(s)) return s;
  const { site, fleet, hpcOptions, ...shared } = s;
  return {
    ...shared,
    sites: [{ id: 'site-1', name: 'Site 1', site, fleet, hpcOptions }],
  } as unknown as ScenarioInput;
}

function withSites(s: ScenarioInput, sites: readonly SiteInput[]): ScenarioInput {
  return { ...(toPortfolio(s) as object), sites } as unknown as ScenarioInput;
}

/**
 * A new site added at the end (lib/templates.ts, `newSite`: shaped on the portfolio's first site)
 * with one HPC offer (an id no other site uses). A single-site scenario becomes a portfolio.
 */
export function addSite(s: ScenarioInput): ScenarioInput {
  const sites = sitesOf(toPortfolio(s))!;
  // A portfolio has at least one site (the schema's rule, kept by removeSite).
  const first = sites[0];
  const id = freeId('site', takenIds(sites), sites.length + 1);
  const n = Number(id.slice(5));
  const offer = newOffer(takenOfferIds(sites), s.startMonth) as unknown as Offer;
  const site: SiteInput = {
    id,
    name: `Site ${n}`,
    ...newSite(first),
    hpcOptions: [{ ...offer, maxMW: 50, name: `HPC offer at site ${n}` }],
  };
  return withSites(s, [...sites, site]);
}

/**
 * A copy of site `i` placed after it, with a new site id and new offer ids (ids are unique over all
 * sites); every input of the site is copied.
 */
export function duplicateSite(s: ScenarioInput, i: number): ScenarioInput {
  const sites = sitesOf(toPortfolio(s))!;
  const src = sites[i];
  if (!src) return s;
  const id = freeId('site', takenIds(sites), sites.length + 1);
  const offerIds = new Set(takenOfferIds(sites));
  const hpcOptions = src.hpcOptions.map((o) => {
    const oid = freeId(o.id, offerIds, 2);
    offerIds.add(oid);
    return { ...structuredClone(o), id: oid };
  });
  const copy: SiteInput = { ...structuredClone(src), id, name: `${src.name} (copy)`, hpcOptions };
  return withSites(s, [...sites.slice(0, i + 1), copy, ...sites.slice(i + 1)]);
}

/**
 * The portfolio without site `i`. The last site is never removed; a portfolio left with one site
 * stays a one-site portfolio (it keeps the site's name and id, and docs/model.md gives it
 * the single-site answer).
 */
export function removeSite(s: ScenarioInput, i: number): ScenarioInput {
  const sites = sitesOf(s);
  if (!sites || sites.length <= 1 || !sites[i]) return s;
  return withSites(
    s,
    sites.filter((_, k) => k !== i),
  );
}

/**
 * The months of a plan's first build at each site (by `siteId`; builds without one belong to the
 * first site).
 */
export function conversionMonths(
  plan: Plan,
  sites: readonly { id: string }[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of plan.builds) {
    const id = (b as { siteId?: string }).siteId ?? sites[0]?.id;
    if (id === undefined || b.mw <= 1e-6) continue;
    const seen = out.get(id);
    if (!seen || b.month < seen) out.set(id, b.month);
  }
  return out;
}

/**
 * Sites in the order their rent starts (first commencement); a site that never commences after
 * those that do; a tie keeps the given order (the answer's, by first build).
 */
export function byLeaseStart<T extends { firstCommencementMonth?: string | null }>(
  order: readonly T[],
): T[] {
  const key = (o: T) => o.firstCommencementMonth ?? '9999-99';
  return order
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (key(a.o) < key(b.o) ? -1 : key(a.o) > key(b.o) ? 1 : a.i - b.i))
    .map((x) => x.o);
}

/**
 * One site in the portfolio's schematic map: when it converts (if it does), and its NPV
 * contribution.
 */
export interface SiteSummary {
  readonly id: string;
  readonly name: string;
  readonly index: number;
  readonly gridMW: number;
  /** First build start, `undefined` when the site only mines. */
  readonly convertsMonth?: string;
  /** When the first HPC MW of the site go live, if in the horizon. */
  readonly onlineMonth?: string;
  /** 1 for the first site to convert, …; `undefined` for a site that does not. */
  readonly order?: number;
  readonly npvUsd?: number;
  readonly hpcMWAtHorizon?: number;
}

/**
 * The sites of `scenario` with their conversion month, order of conversion (earlier build first; a
 * tie keeps the site order) and NPV contribution from `result`.
 */
export function summarizeSites(scenario: ScenarioInput, result: SolveResult): SiteSummary[] {
  const sites = sitesOf(scenario) ?? [];
  const first = conversionMonths(result.plan, sites);
  const answers = new Map(siteAnswers(result).map((a) => [a.id, a]));
  // The answer's own order when it states one, by when each site's rent starts (docs/model.md
  // "Portfolio"); else by first build (a tie keeps the site order).
  const stated = sequencingOf(result)?.order
    ? byLeaseStart(sequencingOf(result)!.order.filter((o) => o.firstBuildMonth)).map((o) => ({
        id: o.siteId,
      }))
    : undefined;
  const order =
    stated ??
    sites
      .map((x, i) => ({ id: x.id, month: first.get(x.id), i }))
      .filter((x) => x.month)
      .sort((a, b) => (a.month! < b.month! ? -1 : a.month! > b.month! ? 1 : a.i - b.i));
  return sites.map((x, index) => {
    const a = answers.get(x.id);
    const online =
      a?.kpis?.firstCommencementMonth ?? a?.months.find((m) => m.hpcOnlineMW > 1e-6)?.month;
    const rank = order.findIndex((o) => o.id === x.id);
    return {
      id: x.id,
      name: x.name || x.id,
      index,
      gridMW: x.site.gridMW,
      convertsMonth: first.get(x.id),
      onlineMonth: online,
      order: rank >= 0 ? rank + 1 : undefined,
      npvUsd: a?.npvUsd,
      hpcMWAtHorizon: a?.months.at(-1)?.hpcOnlineMW,
    };
  });
}

/** The last month of a horizon (for "does not convert by …"). */
export function lastMonth(s: ScenarioInput): string {
  return addMonths(s.startMonth, s.horizonMonths - 1);
}

/**
 * Each HPC offer with the dot path of its inputs (`hpcOptions.1`, or `sites.0.hpcOptions.1` in a
 * portfolio), in site order.
 */
export function offerPaths(s: ScenarioInput): { readonly path: string; readonly offer: Offer }[] {
  const sites = sitesOf(s);
  if (!sites) return (s.hpcOptions ?? []).map((offer, i) => ({ path: `hpcOptions.${i}`, offer }));
  return sites.flatMap((x, k) =>
    x.hpcOptions.map((offer, i) => ({ path: `sites.${k}.hpcOptions.${i}`, offer })),
  );
}

/**
 * The dot path of each site's part of the scenario: `['']` for a single site, `['sites.0',
 * 'sites.1', …]` in a portfolio.
 */
export function sitePaths(s: ScenarioInput): string[] {
  const sites = sitesOf(s);
  return sites ? sites.map((_, k) => `sites.${k}`) : [''];
}

/**
 * The id of the site whose offer `optionId` is (`undefined` in the single-site form, where plan
 * rows name no site).
 */
export function siteOfOffer(s: ScenarioInput, optionId: string): string | undefined {
  return sitesOf(s)?.find((x) => x.hpcOptions.some((o) => o.id === optionId))?.id;
}

/**
 * The sites (each in the single-site form, with its id) whose fleet may be refreshed; `id` is
 * `undefined` for a single site.
 */
export function refreshSites(s: ScenarioInput): { readonly id?: string; readonly name: string }[] {
  const sites = sitesOf(s);
  if (!sites) return s.fleet?.refresh ? [{ name: 'the site' }] : [];
  return sites.filter((x) => x.fleet.refresh).map((x) => ({ id: x.id, name: x.name || x.id }));
}

/** An offer as plan rows and pickers name it: with its site's name in a portfolio. */
export function offerLabel(s: ScenarioInput, optionId: string): string {
  const sites = sitesOf(s);
  const site = sites?.find((x) => x.hpcOptions.some((o) => o.id === optionId));
  const offer = offersOf(s).find((o) => o.id === optionId);
  const name = offer?.name ?? optionId;
  return site ? `${site.name || site.id} — ${name}` : name;
}

/**
 * The total NPV in two parts: the sites' contributions (their sum) and the shared balance sheet's
 * (the rest: cash at the start less existing debt and the costs of financing, docs/model.md "Portfolio").
 */
export function npvSplit(r: SolveResult): {
  readonly sitesUsd: number;
  readonly sharedUsd: number;
} {
  const sitesUsd = siteAnswers(r).reduce((s, x) => s + x.npvUsd, 0);
  return { sitesUsd, sharedUsd: (r.npvUsd ?? 0) - sitesUsd };
}
