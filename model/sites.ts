/**
 * @module sites — the sites of a scenario (docs/model.md, "Portfolio"): a portfolio's `sites`, or
 * the single-site form as one site. Each site is seen as a single-site scenario of its own (its
 * site, fleet and offers with the shared market, financing and valuation), which the model's
 * per-site parts and the economics read.
 */
import type { HpcOption, Scenario, SiteScenario } from './schema';

/**
 * One site of a scenario. `id` is undefined for the single-site form (its plan rows carry no
 * siteId).
 */
export interface SiteView {
  readonly id: string | undefined;
  readonly name: string;
  readonly scenario: SiteScenario;
}

/** Whether a scenario is a portfolio (the `sites` form, one site or more). */
export function isPortfolio(s: Scenario): boolean {
  return s.sites !== undefined;
}

/**
 * The sites of a scenario, each as a single-site scenario. A portfolio's views are new objects on
 * every call (cheap: one shallow copy a site), so no cache is kept between calls.
 */
export function sitesOf(s: Scenario): readonly SiteView[] {
  if (s.sites) {
    const { sites, ...common } = s;
    return sites.map((e) => ({
      id: e.id,
      name: e.name,
      scenario: { ...common, site: e.site, fleet: e.fleet, hpcOptions: e.hpcOptions },
    }));
  }
  if (!s.site || !s.fleet || !s.hpcOptions)
    throw new Error('scenario without site, fleet and hpcOptions, and without sites');
  return [{ id: undefined, name: s.name, scenario: s as SiteScenario }];
}

/** Every offer of a scenario, with the site it is on. */
export function allOptions(s: Scenario): { readonly site: SiteView; readonly option: HpcOption }[] {
  return sitesOf(s).flatMap((site) => site.scenario.hpcOptions.map((option) => ({ site, option })));
}

/**
 * The site of a plan row (its siteId; the only site when a single-site row names none). Undefined:
 * no such site.
 */
export function siteOfRow(s: Scenario, row: { readonly siteId?: string }): SiteView | undefined {
  const all = sitesOf(s);
  if (!isPortfolio(s)) return row.siteId === undefined ? all[0] : undefined;
  return all.find((v) => v.id === row.siteId);
}

/** Grid MW that may be converted, over every site. */
export function totalEligibleMW(s: Scenario): number {
  return sitesOf(s).reduce((a, v) => a + v.scenario.site.hpcEligibleMW, 0);
}
