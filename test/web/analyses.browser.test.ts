/**
 * @module test/web/analyses.browser — the Analyses view in Chromium against the real API: tornado,
 * breakeven statements, decision map and marginal values for the default preset, their update when
 * an input changes, and a map's progress and cancel (the server's analysis threads go idle); no
 * request on returning to the view with the same inputs; the map's time estimate from measured
 * solve times. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BreakevenResponse,
  MapResponse,
  SensitivityResponse,
} from '../../model/analyses/schema';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { formatUsd, formatUsdDelta } from '../../web/src/lib/format';
import { breakevenStatement, defaultAxis } from '../../web/src/lib/parameters';
import {
  openSession,
  reachedByTab,
  ready,
  setSlider,
  SHOTS,
  unnamedControls,
  type BrowserSession,
} from './browser-setup';
import { leaseOf } from '../helpers/lease';

const LEASE = 'hpcOptions.0.leaseUsdPerKwMonth';
const CAPEX = 'hpcOptions.0.capexUsdPerMWIt';
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
});

/** Waits until every analysis on screen is for the inputs on screen. */
async function analysesReady() {
  for (const id of ['tornado-panel', 'breakeven-panel', 'map-panel']) {
    await s.page.waitForSelector(`[data-testid=${id}][data-state=ready]`, {
      state: 'attached',
      timeout: 60_000,
    });
  }
  await s.page.waitForSelector('[data-testid=breakeven-panel] li[data-state=loading]', {
    state: 'detached',
  });
}

/**
 * The tornado table as text, one array per row (input, low value, NPV, HPC, high value, NPV, HPC).
 */
async function tornadoTable(): Promise<string[][]> {
  return s.page
    .locator('[data-testid=tornado-table] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
}

/**
 * Checks the view against the API's own answers for `scenario` (the map's axes stay those chosen
 * for the preset).
 */
async function expectAnswersOf(scenario: ScenarioInput) {
  const p = s.page;
  const tornado = await s.post<SensitivityResponse>('/api/sensitivity', { scenario });
  expect(
    await p
      .locator('[data-testid=tornado-table] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key'))),
  ).toEqual(tornado.rows.map((r) => r.parameter));
  const rows = await tornadoTable();
  tornado.rows.forEach((r, i) => {
    expect(rows[i][2]).toBe(formatUsd(r.low.npvUsd));
    expect(rows[i][5]).toBe(formatUsd(r.high.npvUsd));
  });
  expect(await p.locator('[data-testid=tornado-chart] .tornado-row rect').count()).toBe(
    2 * tornado.rows.length,
  );
  const first = tornado.rows[0];
  await expect
    .poll(() =>
      p
        .locator(
          `[data-testid=tornado-chart] .tornado-row[data-key="${first.parameter}"] [data-side=low] text`,
        )
        .textContent(),
    )
    .toContain(formatUsdDelta(first.low.npvUsd! - tornado.baseNpvUsd!));

  for (const parameter of [LEASE, 'market.hashprice.btcUsd']) {
    const answer = await s.post<BreakevenResponse>('/api/breakeven', { scenario, parameter });
    const base =
      parameter === LEASE
        ? leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth
        : (scenario.market.hashprice as { btcUsd: number }).btcUsd;
    const statement = breakevenStatement(answer, base, scenario);
    const li = p.locator(`[data-testid=breakeven-panel] li[data-parameter="${parameter}"]`);
    expect(await li.textContent()).toContain(statement.text);
    expect(await li.textContent()).toContain(statement.detail);
  }

  const map = await s.post<MapResponse>('/api/map', {
    scenario,
    x: defaultAxis(LEASE, s.preset),
    y: defaultAxis(CAPEX, s.preset),
  });
  const shares = await p
    .locator('[data-testid=heatmap-chart] .cells rect')
    .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-share'))));
  expect(shares).toHaveLength(map.cells.length);
  shares.forEach((v, i) => expect(v).toBeCloseTo(map.cells[i].hpcShare ?? 0, 4));
  const optimum = await s.post<SolveResult>('/api/optimize', {
    ...scenario,
    solve: { marginalValues: 'all' },
  });
  const grid = Number(
    await p
      .locator('[data-testid=marginal-panel] [data-testid=marginal-gridMWUsd]')
      .getAttribute('data-value'),
  );
  expect(grid).toBeCloseTo(optimum.marginalValues!.gridMWUsd!, 0);
  return { tornado, map };
}

describe('Analyses view in Chromium', () => {
  it('shows the tornado, breakeven statements, decision map and marginal values of the default preset', async () => {
    const p = s.page;
    await p.goto(s.server.url);
    await ready(p);
    // Marginal values sit beside the KPIs of the optimum, with units.
    const kpiGrid = p.locator('[data-testid=kpi-strip] [data-testid=marginal-gridMWUsd]');
    await expect.poll(() => kpiGrid.textContent()).toMatch(/\+\$[\d.]+k NPV per MW/);
    await p.getByRole('tab', { name: 'Analyses' }).click();
    await analysesReady();
    await expectAnswersOf(s.preset);
    // The statement a CFO reads, for the lease rate of the default preset.
    expect(
      await p.locator(`[data-testid=breakeven-panel] li[data-parameter="${LEASE}"]`).textContent(),
    ).toMatch(/^Converting stops paying below lease rate = \$\d{2,3}\.\d+\/kW-month\./);
    expect(
      await p
        .locator('[data-testid=breakeven-panel] li[data-parameter="market.hashprice.btcUsd"]')
        .textContent(),
    ).toMatch(/^No change for BTC price from \$22\.5k to \$360k/);
    expect(await p.locator('[data-testid=map-current]').count()).toBe(1);
    await p.locator('[data-testid=heatmap-chart] .chart-body').focus();
    await p.keyboard.press('End');
    await expect
      .poll(() => p.locator('[data-testid=heatmap-chart] .tooltip').textContent())
      .toMatch(/NPV\$[\d.]+[MB]/);
    await p.screenshot({ path: join(SHOTS, 'web-analyses.png'), fullPage: true });
    await p.locator('[data-testid=heatmap-chart] .chart-body').blur();
    expect(s.consoleErrors).toEqual([]);
  });

  it('labels every control of the view and reaches the charts and map controls from the keyboard', async () => {
    const p = s.page;
    expect(await unnamedControls(p, '[data-testid=analyses-view]')).toEqual([]);
    const targets = ['tornado-chart', 'heatmap-chart', 'map-axis-x', 'map-axis-y', 'map-actions'];
    expect(await reachedByTab(p, '#tab-analyses', targets)).toEqual([...targets].sort());
    // The tornado reads out from the keyboard too.
    await p.locator('[data-testid=tornado-chart] .chart-body').focus();
    await p.keyboard.press('ArrowDown');
    await expect
      .poll(() => p.locator('[data-testid=tornado-chart] .tooltip').textContent())
      .toMatch(/At \$\d+\/kW-month\$[\d.]+M · [\d.]+ MW HPC/);
    await p
      .locator('[data-testid=tornado-chart]')
      .screenshot({ path: join(SHOTS, 'web-tornado-keyboard.png') });
    await p.locator('[data-testid=tornado-chart] .chart-body').blur();
  });

  it('updates every analysis when an input changes', async () => {
    const p = s.page;
    const before = {
      rows: await tornadoTable(),
      marker: await p.locator('[data-testid=map-current] circle').first().getAttribute('cx'),
    };
    await setSlider(p, LEASE, 120);
    await expect
      .poll(() => p.locator('[data-testid=tornado-panel]').getAttribute('data-state'))
      .not.toBe('ready');
    await analysesReady();
    const scenario = structuredClone(s.preset);
    leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth = 120;
    await expectAnswersOf(scenario);
    expect(await tornadoTable()).not.toEqual(before.rows);
    // The ring moved left with the lease rate on the x axis.
    expect(
      Number(await p.locator('[data-testid=map-current] circle').first().getAttribute('cx')),
    ).toBeLessThan(Number(before.marker));
    expect(
      await p.locator(`[data-testid=breakeven-panel] li[data-parameter="${LEASE}"]`).textContent(),
    ).toContain("the scenario's $120/kW-month is");
    await p.screenshot({ path: join(SHOTS, 'web-analyses-updated.png'), fullPage: true });
  });

  it('shows a long map’s progress, cancels it, and the server’s analysis threads go idle', async () => {
    const p = s.page;
    for (const axis of ['x', 'y']) {
      await p.fill(`#map-${axis}-steps`, '41');
      await p.press(`#map-${axis}-steps`, 'Tab');
    }
    const progress = p.locator('[data-testid=map-progress]');
    await expect
      .poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await progress.getAttribute('data-total')).toBe(String(41 * 41));
    expect(await p.locator('#map-progress-bar').getAttribute('max')).toBe(String(41 * 41));
    // Once its first cells are solved, the estimate is the map's own: labelled with what it reads.
    const est = p.locator('[data-testid=map-estimate]');
    await expect
      .poll(async () => (await est.textContent()) ?? '', { timeout: 30_000 })
      .toMatch(
        /about [\d,]+ s \(in all: [\d.,]+ s so far, then [\d,]+ cells at the current pace\)/,
      );
    expect(Number(await est.getAttribute('data-first-cells-seconds'))).toBeGreaterThan(0);
    await p
      .locator('[data-testid=map-panel]')
      .screenshot({ path: join(SHOTS, 'web-map-progress.png') });
    const done = Number(await progress.getAttribute('data-done'));
    expect(done).toBeLessThan(41 * 41);
    await p.getByRole('button', { name: 'Cancel' }).click();
    await p.waitForSelector('[data-testid=map-cancelled]');
    expect(await p.locator('[data-testid=map-panel]').getAttribute('data-state')).toBe('cancelled');
    await expect
      .poll(
        async () =>
          (await s.get<{ analyses: { busy: number; queued: number } }>('/api/health')).analyses,
        { timeout: 5_000, interval: 50 },
      )
      .toMatchObject({ busy: 0, queued: 0 });
    // Cancelled, the map no longer follows the inputs: a slider move sends no map.
    let maps = 0;
    const count = (r: { url(): string }) => r.url().endsWith('/api/map') && maps++;
    p.on('request', count);
    await setSlider(p, LEASE, 150);
    await p.waitForSelector('[data-testid=tornado-panel][data-state=ready]', { state: 'attached' });
    expect(maps).toBe(0);
    p.off('request', count);
    await p
      .locator('[data-testid=map-panel]')
      .screenshot({ path: join(SHOTS, 'web-map-cancelled.png') });
    expect(s.consoleErrors).toEqual([]);
  });

  it('sends nothing when the user comes back to the view with the same inputs, and keeps the answers', async () => {
    const p = s.page;
    await p.locator('[data-testid=map-run]').click();
    await analysesReady();
    const sent: string[] = [];
    const count = (r: { method(): string; url(): string }) =>
      r.method() === 'POST' && sent.push(new URL(r.url()).pathname);
    // Nor to the browser's solver workers: each task they run leaves a User Timing measure
    // (web/src/worker/pool.ts).
    const workerTasks = () =>
      p.evaluate(
        `performance.getEntriesByType('measure').filter((e) => e.name.startsWith('switchyard:')).length`,
      );
    const tasksBefore = await workerTasks();
    expect(tasksBefore).toBeGreaterThan(0); // the analyses above were solved in the browser
    p.on('request', count);
    await p.locator('#tab-optimum').click();
    await ready(p);
    await p.locator('#tab-analyses').click();
    await analysesReady();
    p.off('request', count);
    expect(sent.filter((u) => /\/api\/(sensitivity|breakeven|map|optimize)$/.test(u))).toEqual([]);
    expect(await workerTasks()).toBe(tasksBefore);
    expect(await p.locator('[data-testid=heatmap-chart]').count()).toBe(1);
  });

  it('estimates a map’s time from measured solve times', async () => {
    const p = s.page;
    const cells = Number(await p.locator('[data-testid=heatmap-chart]').getAttribute('data-cells'));
    const est = p.locator('[data-testid=map-estimate]');
    // After a map, the estimate is that map's own time per cell (the map on screen is the last one
    // drawn).
    const perCell = Number(await est.getAttribute('data-ms-per-cell'));
    expect(perCell).toBeGreaterThan(0);
    expect(await est.textContent()).toContain('from the last map');
    expect(Number(await est.getAttribute('data-seconds'))).toBeCloseTo((cells * perCell) / 1000, 6);
  });
});
