/**
 * @module test/web/portfolio.browser — a portfolio in Chromium against the real API: adding a site
 * in the editor re-optimises the portfolio (a new request carrying the new site, a new answer), and
 * the portfolio view shows the new site on its map, in its small multiples and in the per-site
 * drill-down, with the NPV contributions the API gives; the headline's NPV is the total. A plan
 * drawn up on the plans view names each row's site and is evaluated as the API evaluates it; naming
 * a site that must go first prices that order as the API does. At 390 × 844 nothing overflows
 * sideways. Screenshots go to test-results/web-portfolio-<width>.png.
 */
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { siteAnswers, sitesOf } from '../../web/src/lib/portfolio';
import { planFromTemplate } from '../../web/src/stores/plans';
import {
  openSession,
  ready,
  seriesStyles,
  settledScrollWidth,
  SHOTS,
  type BrowserSession,
} from './browser-setup';

let s: BrowserSession;
/** The scenarios the page posted to /api/optimize, in order. */
const optimized: ScenarioInput[] = [];

beforeAll(async () => {
  s = await openSession();
  s.page.on('request', (r: Request) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/optimize')
      optimized.push(r.postDataJSON() as ScenarioInput);
  });
  await s.page.setViewportSize({ width: 1440, height: 900 });
  // Every solve on the server, so that each request the app sends is seen and checked against the
  // API (the browser's own solver gives the same answers: browser-solver.browser.test.ts).
  await s.page.goto(`${s.server.url}/?solve=server`);
  await ready(s.page);
});

afterAll(async () => {
  await s?.close();
});

const view = () => s.page.locator('[data-testid=portfolio-view]');

describe('a portfolio in the app', () => {
  it('adding a site re-optimises the portfolio and the per-site view shows the new site', async () => {
    const before = sitesOf(s.preset)?.length ?? 1;
    const sentBefore = optimized.length;
    const answerBefore = await s.page.locator('[data-testid=optimum]').getAttribute('data-answer');
    await s.page.locator('[data-testid=add-site]').click();
    // The editor lists the new site and edits it.
    await expect
      .poll(() => s.page.locator('[data-testid=site-list] .site-item').count())
      .toBe(before + 1);
    await expect
      .poll(() =>
        s.page.locator(`[data-testid=site-${before}] .site-pick`).getAttribute('aria-pressed'),
      )
      .toBe('true');
    // A new request with the new site, and a new answer for it on screen.
    await s.page.waitForSelector(`[data-testid=portfolio-view][data-sites="${before + 1}"]`, {
      timeout: 120_000,
    });
    await ready(s.page);
    const posted = optimized.slice(sentBefore).at(-1)!;
    expect(sitesOf(posted)).toHaveLength(before + 1);
    expect(await s.page.locator('[data-testid=optimum]').getAttribute('data-answer')).not.toBe(
      answerBefore,
    );
    const newSite = sitesOf(posted)!.at(-1)!;

    // The API's own answer for the scenario the page sent: the page shows its per-site figures.
    const answer = await s.post<SolveResult>('/api/optimize', posted);
    expect(answer.status).toBe('optimal');
    const sites = siteAnswers(answer);
    expect(sites.map((x) => x.id)).toEqual(sitesOf(posted)!.map((x) => x.id));
    const card = view().locator(`[data-testid=site-map] li[data-site="${newSite.id}"]`);
    await expect.poll(() => card.count()).toBe(1);
    for (const x of sites) {
      const shown = Number(
        await view()
          .locator(`[data-testid=site-map] li[data-site="${x.id}"] [data-testid=site-npv]`)
          .getAttribute('data-value'),
      );
      expect(shown).toBeCloseTo(x.npvUsd, 0);
    }
    // The sites and the shared balance sheet make the total: the page's shared part is the API's
    // total less its sites'.
    const shared = Number(
      await view().locator('[data-testid=shared-npv]').getAttribute('data-value'),
    );
    expect(shared + sites.reduce((t, x) => t + x.npvUsd, 0)).toBeCloseTo(answer.npvUsd!, 0);
    // The NPV contribution is stated in dollars and on the answer's basis (its rate and as-of
    // month).
    const npvText = (await card.locator('[data-testid=site-npv]').textContent()) ?? '';
    expect(npvText).toMatch(/\$[\d.,]+[kMB]?/);
    if (answer.kpis?.npvBasis) expect(npvText).toContain(answer.kpis.npvBasis.label);
    // The headline KPI is the portfolio's total.
    expect(
      Number(await s.page.locator('[data-testid=kpi-npv]').getAttribute('data-value')),
    ).toBeCloseTo(answer.npvUsd!, 0);

    // The new site has its own small multiple and is the one drilled into, drawn from its own
    // months.
    await s.page.waitForSelector(`[data-testid="site-years-${newSite.id}"] rect[data-series]`, {
      state: 'attached',
    });
    const drill = view().locator('[data-testid=site-drill]');
    expect(await drill.getAttribute('data-site')).toBe(newSite.id);
    await s.page.waitForSelector('[data-testid=site-allocation-chart] svg path[data-series]', {
      state: 'attached',
    });
    const own = sites.find((x) => x.id === newSite.id)!;
    const ownOffers = newSite.hpcOptions.map((o) => `hpc:${o.id}`);
    const drawn = await drill
      .locator('[data-testid=site-allocation-chart] [data-series]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-series')));
    for (const key of ownOffers) expect(drawn).toContain(key);
    // No other site's offer is drawn in this site's chart.
    const others = sitesOf(posted)!
      .filter((x) => x.id !== newSite.id)
      .flatMap((x) => x.hpcOptions.map((o) => `hpc:${o.id}`));
    expect(drawn.filter((k) => others.includes(k ?? ''))).toEqual([]);
    expect(own.months).toHaveLength(posted.horizonMonths);

    // Picking the first site on the map drills into it.
    const first = sitesOf(posted)![0];
    await view().locator(`[data-testid=site-map] li[data-site="${first.id}"] button`).click();
    await expect.poll(() => drill.getAttribute('data-site')).toBe(first.id);
    // The portfolio's series (small multiples, the site's charts) mean what the same colour means
    // in the total charts.
    const c = await seriesStyles(s.page);
    expect(c.shared.colors, 'colours with two meanings').toEqual([]);
    expect(c.shared.dashes, 'dash patterns with two meanings').toEqual([]);
    expect(c.close, 'colours too close to tell apart').toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });

  it('evaluates a portfolio plan on the plans view, its rows naming their sites, as the API does', async () => {
    const scenario = optimized.at(-1)!;
    await s.page.getByRole('tab', { name: 'Plans & comparison' }).click();
    await s.page.selectOption('#plan-template', 'all-in');
    await s.page.click('[data-testid=create-plan]');
    const cell = s.page.locator('[data-testid=npv-diff-row] td[data-plan="All-in HPC"]');
    await expect.poll(() => cell.getAttribute('data-value'), { timeout: 60_000 }).not.toBe('');
    const plan = planFromTemplate('all-in', scenario);
    expect(plan.builds.length).toBeGreaterThan(0);
    expect(plan.builds.every((b) => sitesOf(scenario)!.some((x) => x.id === b.siteId))).toBe(true);
    const [optimum, evaluated] = await Promise.all([
      s.post<SolveResult>('/api/optimize', scenario),
      s.post<SolveResult>('/api/evaluate', { scenario, plan }),
    ]);
    expect(Number(await cell.getAttribute('data-value'))).toBeCloseTo(
      evaluated.npvUsd! - optimum.npvUsd!,
      0,
    );
    await s.page.getByRole('tab', { name: 'Optimal plan' }).click();
    await ready(s.page);
    expect(s.consoleErrors).toEqual([]);
  });

  it('prices a named site going first, as the API does', async () => {
    const sentBefore = optimized.length;
    const site = sitesOf(optimized.at(-1)!)!.at(-1)!;
    await s.page.selectOption('#must-go-first', site.id);
    const row = view().locator(`[data-testid=must-go-first] li[data-site="${site.id}"]`);
    await row.waitFor({ state: 'attached', timeout: 120_000 });
    await ready(s.page);
    const posted = optimized.slice(sentBefore).at(-1)!;
    expect(posted.solve?.mustGoFirst).toEqual([site.id]);
    const answer = await s.post<SolveResult>('/api/optimize', posted);
    const priced = answer.sequencing!.mustGoFirst.find((m) => m.siteId === site.id)!;
    expect(priced).toBeDefined();
    const shown = await row.getAttribute('data-value');
    if (priced.npvLostUsd == null) expect(shown).toBe('');
    else {
      expect(Number(shown)).toBeCloseTo(priced.npvLostUsd, 0);
      // Going first cannot beat the optimum, which was free to pick that order.
      expect(priced.npvLostUsd).toBeGreaterThanOrEqual(-1e-6 * Math.abs(answer.npvUsd!));
    }
    expect(s.consoleErrors).toEqual([]);
  });

  it(
    'opens the portfolio preset: the editor lists its sites ' +
      'and the view shows each with its NPV contribution',
    async () => {
      const preset = await s.get<ScenarioInput>('/api/presets/riot-portfolio');
      const sites = sitesOf(preset)!;
      expect(sites.length).toBeGreaterThan(1);
      await s.page.selectOption('#preset-select', 'riot-portfolio');
      await s.page.waitForSelector(`[data-testid=portfolio-view][data-sites="${sites.length}"]`, {
        timeout: 120_000,
      });
      await ready(s.page);
      expect(await s.page.locator('[data-testid=site-list] .site-name').allTextContents()).toEqual(
        sites.map((x) => x.name),
      );
      const answer = await s.post<SolveResult>('/api/optimize', preset);
      for (const x of siteAnswers(answer)) {
        const shown = await view()
          .locator(`[data-testid=site-map] li[data-site="${x.id}"] [data-testid=site-npv]`)
          .getAttribute('data-value');
        expect(Number(shown)).toBeCloseTo(x.npvUsd, 0);
      }
      // The order on the map is by when the rent starts: the site whose lease starts first carries
      // 1 (riot-portfolio's sites both start building in the first month).
      const first = answer
        .sequencing!.order.filter((o) => o.firstCommencementMonth)
        .sort((a, b) => (a.firstCommencementMonth! < b.firstCommencementMonth! ? -1 : 1))[0];
      if (first)
        expect(
          await view()
            .locator(`[data-testid=site-map] li[data-site="${first.siteId}"]`)
            .getAttribute('data-order'),
        ).toBe('1');
      expect(s.consoleErrors).toEqual([]);
    },
  );

  it('fits a phone: no sideways overflow at 390 × 844; screenshots at 390 and 1440', async () => {
    await s.page.setViewportSize({ width: 1440, height: 900 });
    await view().scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: join(SHOTS, 'web-portfolio-1440.png'), fullPage: true });
    await s.page.setViewportSize({ width: 390, height: 844 });
    expect(await settledScrollWidth(s.page, 390)).toBeLessThanOrEqual(390);
    // The portfolio's cards and small multiples sit inside the screen.
    const right = await view().evaluate((e) =>
      Math.max(
        e.getBoundingClientRect().right,
        ...[...e.querySelectorAll('.site-card, .site-years')].map(
          (c) => c.getBoundingClientRect().right,
        ),
      ),
    );
    expect(right).toBeLessThanOrEqual(390);
    await s.page.screenshot({ path: join(SHOTS, 'web-portfolio-390.png'), fullPage: true });
  });
});
