/**
 * @module test/web/portfolio — the editor's site list operations (nothing entered is lost, ids stay
 * unique) and the portfolio view's figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS, type MonthRow, type ScenarioInput, type SolveResult } from '../../model/schema';
import { allocationKeys } from '../../web/src/charts/scales';
import { diffInputs } from '../../web/src/lib/diff';
import { fieldLabel, issueLabel } from '../../web/src/lib/fields';
import {
  addSite,
  duplicateSite,
  offerLabel,
  offerPaths,
  offersOf,
  refreshSites,
  removeSite,
  siteAnswers,
  siteOfOffer,
  siteScenario,
  sitesOf,
  summarizeSites,
  toPortfolio,
} from '../../web/src/lib/portfolio';
import { netFlow } from '../../web/src/charts/scales';
import { headlineBreakeven } from '../../web/src/lib/headline';
import { planFromTemplate } from '../../web/src/stores/plans';
import { yearlyMW } from '../../web/src/lib/portfolio-years';
import { scenarioWarnings, validateScenario } from '../../web/src/lib/validate';
import { ROOT } from './harness';

const base = JSON.parse(
  readFileSync(join(ROOT, 'data/presets/texas-100mw.json'), 'utf8'),
) as ScenarioInput;

const offerIds = (s: ScenarioInput) => offersOf(s).map((o) => o.id);

describe('site list', () => {
  it('a second site makes a portfolio that keeps every input of the first, and the API schema accepts it', () => {
    const two = addSite(base);
    const sites = sitesOf(two)!;
    expect(sites).toHaveLength(2);
    expect(sites[0].site).toEqual(base.site);
    expect(sites[0].fleet).toEqual(base.fleet);
    expect(sites[0].hpcOptions).toEqual(base.hpcOptions);
    expect(two.site).toBeUndefined();
    expect(two.hpcOptions).toBeUndefined();
    expect(two.financing).toEqual(base.financing);
    expect(two.market).toEqual(base.market);
    expect(new Set(sites.map((x) => x.id)).size).toBe(2);
    expect(new Set(offerIds(two)).size).toBe(offerIds(two).length);
    expect(validateScenario(two)).toEqual([]);
  });

  it('a portfolio may have as many sites as the model’s limit, and the check refuses one more', () => {
    let s = base;
    while ((sitesOf(s)?.length ?? 1) < LIMITS.maxSites) s = addSite(s);
    expect(sitesOf(s)).toHaveLength(LIMITS.maxSites);
    expect(validateScenario(s)).toEqual([]);
    const over = addSite(s);
    expect(sitesOf(over)).toHaveLength(LIMITS.maxSites + 1);
    expect(validateScenario(over).map((i) => i.path)).toContain('sites');
  });

  it('duplicating a site copies all its inputs under new site and offer ids, placed after it', () => {
    const two = addSite(base);
    const three = duplicateSite(two, 0);
    const [a, copy, b] = sitesOf(three)!;
    expect(b).toEqual(sitesOf(two)![1]);
    expect(copy.site).toEqual(a.site);
    expect(copy.fleet).toEqual(a.fleet);
    expect(copy.hpcOptions.map(({ id: _, ...o }) => o)).toEqual(
      a.hpcOptions.map(({ id: _, ...o }) => o),
    );
    expect(copy.id).not.toBe(a.id);
    expect(new Set(offerIds(three)).size).toBe(offerIds(three).length);
    expect(validateScenario(three)).toEqual([]);
    // A copy is deep: editing it leaves the original alone.
    (copy.site as { gridMW: number }).gridMW = 1;
    expect(a.site.gridMW).toBe(base.site.gridMW);
  });

  it('removing a site keeps the others unchanged and never removes the last one', () => {
    const three = duplicateSite(addSite(base), 1);
    const two = removeSite(three, 0);
    expect(sitesOf(two)).toEqual(sitesOf(three)!.slice(1));
    const one = removeSite(two, 0);
    expect(sitesOf(one)).toHaveLength(1);
    expect(removeSite(one, 0)).toBe(one);
    // A one-site portfolio keeps the site's name and id; its single-site view is the site's inputs.
    expect(siteScenario(one, 0).site).toEqual(sitesOf(one)![0].site);
    expect(validateScenario(one)).toEqual([]);
  });

  it(
    "each site's view is a single-site scenario the schema accepts, " +
      'and offers keep their place over all sites',
    () => {
      const two = duplicateSite(toPortfolio(base), 0);
      const view = siteScenario(two, 1);
      expect(sitesOf(view)).toBeUndefined();
      expect(validateScenario(view)).toEqual([]);
      expect(offerPaths(two).map((o) => o.path)).toEqual([
        ...base.hpcOptions.map((_, i) => `sites.0.hpcOptions.${i}`),
        ...base.hpcOptions.map((_, i) => `sites.1.hpcOptions.${i}`),
      ]);
    },
  );

  it('the change line says a site was added, not that every input moved', () => {
    const two = addSite(base);
    expect(diffInputs(base, two).map((c) => [c.label, c.to])).toEqual([
      ['Site 2 (Site 2)', 'added'],
    ]);
    const edited = {
      ...two,
      sites: sitesOf(two)!.map((x, i) =>
        i === 0 ? { ...x, site: { ...x.site, gridMW: 120 } } : x,
      ),
    };
    expect(diffInputs(two, edited)).toEqual([
      {
        path: 'sites.0.site.gridMW',
        label: 'Grid capacity (site 1)',
        from: `${base.site.gridMW} MW`,
        to: '120 MW',
      },
    ]);
  });

  it("a site's problems are named for the site and under its path", () => {
    const two = addSite(base);
    const bad = {
      ...two,
      sites: sitesOf(two)!.map((x, i) =>
        i === 1 ? { ...x, site: { ...x.site, hpcEligibleMW: 500 } } : x,
      ),
    } as unknown as ScenarioInput;
    expect(scenarioWarnings(bad).map((w) => w.path)).toEqual(['sites.1.site.hpcEligibleMW']);
    // A broken bound inside a site is named by the site's path, in the field's unit.
    const uptime = {
      ...two,
      sites: sitesOf(two)!.map((x, i) =>
        i === 1 ? { ...x, fleet: { ...x.fleet, uptime: 1.5 } } : x,
      ),
    };
    expect(validateScenario(uptime)).toEqual([
      { path: 'sites.1.fleet.uptime', message: 'must be at most 100 %' },
    ]);
    // Option ids are unique over all sites: a copy that kept its offer's id is refused.
    const clash = {
      ...two,
      sites: sitesOf(two)!.map((x, i) =>
        i === 1
          ? { ...x, hpcOptions: [{ ...x.hpcOptions[0], id: sitesOf(two)![0].hpcOptions[0].id }] }
          : x,
      ),
    };
    expect(validateScenario(clash).map((i) => i.path)).toEqual(['sites.1.hpcOptions.0.id']);
    expect(fieldLabel('sites.1.site.gridMW')).toEqual({
      label: 'Grid capacity (site 2)',
      unit: 'MW',
      scale: undefined,
    });
    // The editor's list of problems names a site's whole offer or grid addition by number, never by
    // path.
    expect(issueLabel('sites.1.hpcOptions.0')).toBe('HPC offer 1 (site 2)');
    expect(issueLabel('sites.0.site.gridAdditions.2')).toBe('Grid addition 3 (site 1)');
    expect(issueLabel('hpcOptions.0')).toBe('HPC offer 1');
    expect(issueLabel('sites.1.fleet.uptime')).toBe('Uptime (site 2)');
  });
});

const row = (month: string, mining: number, hpc: Record<string, number>): MonthRow =>
  ({
    month,
    gridMW: 100,
    miningExistingMW: mining,
    miningRefreshMW: 0,
    hpcSwitchingMW: 0,
    hpcOnlineByOption: hpc,
    hpcOnlineMW: Object.values(hpc).reduce((a, b) => a + b, 0),
    idleMW: 100 - mining - Object.values(hpc).reduce((a, b) => a + b, 0),
  }) as unknown as MonthRow;

describe('portfolio view figures', () => {
  it('average MW by use per calendar year, a partial year over its own months', () => {
    const rows = [
      row('2027-11', 100, {}),
      row('2027-12', 40, { a: 60 }),
      row('2028-01', 0, { a: 100 }),
    ];
    const years = yearlyMW(rows, allocationKeys([{ id: 'a', name: 'A' }]));
    expect(years.map((y) => [y.year, y.months])).toEqual([
      [2027, 2],
      [2028, 1],
    ]);
    expect(years[0].mw.miningExisting).toBeCloseTo(70, 12);
    expect(years[0].mw['hpc:a']).toBeCloseTo(30, 12);
    expect(years[1].mw['hpc:a']).toBe(100);
  });

  it('order of conversion by first build per site, NPV contributions from the answer', () => {
    const s = duplicateSite(addSite(base), 0);
    const [a, b, c] = sitesOf(s)!;
    const result = {
      status: 'optimal',
      npvUsd: 1,
      plan: {
        builds: [
          { optionId: c.hpcOptions[0].id, siteId: c.id, month: '2027-04', mw: 20 },
          { optionId: a.hpcOptions[0].id, siteId: a.id, month: '2028-01', mw: 50 },
          { optionId: a.hpcOptions[0].id, siteId: a.id, month: '2027-07', mw: 50 },
        ],
        refreshes: [],
      },
      months: [],
      kpis: null,
      sites: [
        {
          id: a.id,
          npvUsd: 120e6,
          months: [row('2027-01', 100, {}), row('2028-10', 0, { [a.hpcOptions[0].id]: 50 })],
          kpis: null,
        },
        { id: b.id, npvUsd: 10e6, months: [], kpis: null },
        { id: c.id, npvUsd: 30e6, months: [], kpis: null },
      ],
    } as unknown as SolveResult;
    const sum = summarizeSites(s, result);
    expect(sum.map((x) => [x.id, x.order, x.convertsMonth, x.npvUsd])).toEqual([
      [a.id, 2, '2027-07', 120e6],
      [b.id, undefined, undefined, 10e6],
      [c.id, 1, '2027-04', 30e6],
    ]);
    expect(sum[0].onlineMonth).toBe('2028-10');
    // The answer's own order wins when it states one.
    const stated = {
      ...result,
      sequencing: {
        order: [
          { siteId: a.id, firstBuildMonth: '2027-07' },
          { siteId: c.id, firstBuildMonth: '2027-04' },
        ],
      },
    } as unknown as SolveResult;
    expect(summarizeSites(s, stated).map((x) => x.order)).toEqual([1, undefined, 2]);
  });

  it("a site's months, which leave out the shared financing fields, chart as rows with those at 0", () => {
    const m = {
      month: '2027-01',
      miningRevenueUsd: 3e6,
      miningCostUsd: 1e6,
      hpcMarginUsd: 0,
      asicSaleUsd: 0,
      asicPurchaseUsd: 0,
      hpcCapexUsd: 0,
      overheadUsd: 1e5,
    };
    const [x] = siteAnswers({
      sites: [{ id: 'a', npvUsd: 1, months: [m], kpis: null }],
    } as unknown as SolveResult);
    expect(x.months[0].interestUsd).toBe(0);
    expect(x.months[0].cashUsd).toBe(0);
    expect(netFlow(x.months[0])).toBe(3e6 - 1e6 - 1e5);
    // The tax is the portfolio's (one tax payer): a site's rows have none, so no tax bar.
    expect(x.months[0].taxUsd).toBeUndefined();
    expect(x.months[0].taxableIncomeUsd).toBeUndefined();
    expect(siteAnswers({ months: [] } as unknown as SolveResult)).toEqual([]);
  });

  it("a portfolio's plan rows name their site: templates, offer pickers and the headline's breakeven parameter", () => {
    const two = addSite(base);
    const [a, b] = sitesOf(two)!;
    const allIn = planFromTemplate('all-in', two);
    // Each site converts up to its own eligible MW, each offer up to its cap, and every row names
    // its site.
    for (const x of [a, b]) {
      const rows = allIn.builds.filter((r) => r.siteId === x.id);
      expect(rows.map((r) => r.optionId).sort()).toEqual(
        x.hpcOptions
          .filter((o) => o.maxMW > 0)
          .map((o) => o.id)
          .sort(),
      );
      expect(rows.reduce((s, r) => s + r.mw, 0)).toBeLessThanOrEqual(x.site.hpcEligibleMW + 1e-9);
    }
    expect(allIn.builds.every((r) => r.siteId)).toBe(true);
    const fifty = planFromTemplate('convert-50', two).builds[0];
    expect(fifty.siteId).toBe(siteOfOffer(two, fifty.optionId));
    // The single-site form's rows name no site.
    expect(planFromTemplate('all-in', base).builds.every((r) => r.siteId === undefined)).toBe(true);
    expect(siteOfOffer(two, b.hpcOptions[0].id)).toBe(b.id);
    expect(offerLabel(two, b.hpcOptions[0].id)).toBe(`${b.name} — ${b.hpcOptions[0].name}`);
    expect(offerLabel(base, base.hpcOptions[0].id)).toBe(base.hpcOptions[0].name);
    expect(refreshSites(two).map((x) => x.id)).toEqual(
      [a, b].filter((x) => x.fleet.refresh).map((x) => x.id),
    );
    expect(headlineBreakeven(base)).toBe('hpcOptions.0.leaseUsdPerKwMonth');
    expect(headlineBreakeven(two)).toBe('sites.0.hpcOptions.0.leaseUsdPerKwMonth');
    expect(headlineBreakeven({ ...base, hpcOptions: [] })).toBeUndefined();
  });
});
