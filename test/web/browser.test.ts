/**
 * @module test/web/browser — the web app in real Chromium against the real API: load, slider, field
 * error, user plan vs optimum, shared URL, CSV download. Screenshots go to test-results/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, ScenarioInput, SolveResult } from '../../model/schema';
import { formatMonth, formatUsd, formatUsdDelta } from '../../web/src/lib/format';
import { buildWeb, launchBrowser, ROOT, startServer, type RunningServer } from './harness';
import { leaseOf } from '../helpers/lease';

const SHOTS = join(ROOT, 'test-results');
const LEASE = 'hpcOptions.0.leaseUsdPerKwMonth';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
let preset: ScenarioInput;
const consoleErrors: string[] = [];

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** Waits until the answer on screen is for the inputs on screen. */
async function ready(p: Page = page) {
  await p.waitForSelector('[data-testid=status][data-state=ready]', {
    state: 'attached',
    timeout: 30_000,
  });
}

async function kpi(p: Page, key: string): Promise<{ text: string; value: number }> {
  const li = p.locator(`[data-testid=kpi-${key}]`);
  return {
    text: (await li.locator('.kpi-value').textContent()) ?? '',
    value: Number(await li.getAttribute('data-value')),
  };
}

/** The allocation chart's band paths, by band key. */
async function bands(p: Page): Promise<Record<string, string>> {
  return p.$$eval('[data-testid=allocation-chart] .layers path', (paths) =>
    Object.fromEntries(
      paths.map((e) => [e.getAttribute('data-key') ?? '', e.getAttribute('d') ?? '']),
    ),
  );
}

/** The allocation chart's data table as numbers: one array per month, columns as in the header. */
async function mwTable(p: Page): Promise<{ header: string[]; rows: string[][] }> {
  const details = p.locator('[data-testid=allocation-chart] details.data-table');
  if (!(await details.getAttribute('open'))) await details.locator('summary').click();
  // The rows are drawn on the details' toggle event, which comes after the click.
  await details.locator('tbody tr').first().waitFor({ state: 'attached' });
  const header = await details.locator('thead th').allTextContents();
  const rows = await details
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
  return { header, rows };
}

function watchConsole(p: Page) {
  p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  p.on('pageerror', (e) => consoleErrors.push(String(e)));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await buildWeb();
  server = await startServer();
  browser = await launchBrowser();
  context = browser.context;
  const list = (await (await fetch(`${server.url}/api/presets`)).json()) as { id: string }[];
  preset = (await (await fetch(`${server.url}/api/presets/${list[0].id}`)).json()) as ScenarioInput;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  watchConsole(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('web app in Chromium', () => {
  it('opens on the default preset’s optimal plan with its charts and no console errors', async () => {
    await page.goto(server.url);
    await ready();
    const expected = await post<SolveResult>('/api/optimize', preset);
    const npv = await kpi(page, 'npv');
    expect(npv.text).toBe(formatUsd(expected.npvUsd));
    expect(npv.value).toBeCloseTo(expected.npvUsd!, 0);
    // Each label says what its number is (docs/web.md, "What each number is").
    const method = expected.kpis?.npvBasis?.method ?? 'firm';
    const strip = page.locator('[data-testid=kpi-strip]');
    await expect
      .poll(() => strip.locator('[data-testid=kpi-npv] .kpi-label').textContent())
      .toBe(`NPV (${method} value)`);
    expect(await strip.locator('[data-testid=kpi-irr] .kpi-sub').textContent()).toBe(
      'unlevered, vs mining only',
    );
    const shown = await strip.locator('.kpi-value, .kpi-sub').allTextContents();
    for (const t of shown) expect(t, 'no float noise').not.toMatch(/\d\.\d{4,}/);
    expect((await strip.textContent()) ?? '').not.toMatch(/Equity NPV|equity flows/);
    // The value bridge is drawn only from an answer that has one; its bars add up to the uplift.
    const bridge = page.locator('[data-testid=value-bridge]');
    if (expected.kpis && 'valueBridge' in expected.kpis && expected.kpis.valueBridge) {
      const sum = Number(await bridge.getAttribute('data-sum'));
      expect(sum).toBeCloseTo(Number(await bridge.getAttribute('data-uplift')), 0);
    } else expect(await bridge.count()).toBe(0);
    for (const id of ['allocation-chart', 'hashprice-chart', 'cash-chart', 'cashflow-chart']) {
      const paths = await page.locator(`[data-testid=${id}] svg path[d]`).count();
      expect(paths, id).toBeGreaterThan(0);
      expect(
        await page.locator(`[data-testid=${id}] .axis-left .tick`).count(),
        `${id} y ticks`,
      ).toBeGreaterThan(2);
    }
    // The preset's projection has a floor: drawn under the hashprice, and named in the legend.
    const floor = page.locator('[data-testid=hashprice-chart] path[data-series=hashprice-floor]');
    expect(await floor.count()).toBe(expected.months[0].hashpriceFloorUsdPerPhDay ? 1 : 0);
    if (await floor.count())
      expect(await page.locator('[data-testid=hashprice-chart]').textContent()).toContain('Floor');
    await page
      .locator('[data-testid=allocation-chart] .hover-target')
      .hover({ position: { x: 300, y: 100 } });
    await expect
      .poll(() => page.locator('[data-testid=allocation-chart] .tooltip').textContent())
      .toMatch(/Grid limit\s*\d/);
    await page.screenshot({ path: join(SHOTS, 'web-optimum.png'), fullPage: true });
    await page.mouse.move(0, 0);
    // A laptop screen: nothing may overflow sideways.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(SHOTS, 'web-optimum-1280.png') });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(consoleErrors).toEqual([]);
  });

  it('re-optimises when the lease-rate slider moves, and shows the API’s answer for the new inputs', async () => {
    const before = { npv: await kpi(page, 'npv'), bands: await bands(page) };
    const slider = page.locator(`[data-testid="slider-${LEASE}"] input[type=range]`);
    await slider.focus();
    await page.keyboard.press('Home'); // the lowest lease rate: the optimum stops converting
    const lease = Number(await slider.inputValue());
    expect(lease).toBeLessThan(leaseOf(preset.hpcOptions[0]).leaseUsdPerKwMonth);
    await ready();
    const scenario = structuredClone(preset);
    leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth = lease;
    const expected = await post<SolveResult>('/api/optimize', scenario);
    await expect.poll(async () => (await kpi(page, 'npv')).text).toBe(formatUsd(expected.npvUsd));
    const after = { npv: await kpi(page, 'npv'), bands: await bands(page) };
    expect(after.npv.value).toBeCloseTo(expected.npvUsd!, 0);
    expect(after.npv.text).not.toBe(before.npv.text);
    expect(after.bands).not.toEqual(before.bands);
    // The chart's monthly MW are the API's, month by month.
    const table = await mwTable(page);
    const hpcCol = table.header.findIndex((h) => h.startsWith('HPC online'));
    const miningCol = table.header.findIndex((h) => h.startsWith('Mining — existing'));
    expect(table.rows).toHaveLength(expected.months.length);
    expected.months.forEach((m, i) => {
      expect(table.rows[i][0]).toBe(formatMonth(m.month));
      expect(Number(table.rows[i][hpcCol])).toBeCloseTo(
        m.hpcOnlineByOption[scenario.hpcOptions[0].id] ?? 0,
        1,
      );
      expect(Number(table.rows[i][miningCol])).toBeCloseTo(m.miningExistingMW, 1);
    });
    await expect
      .poll(() => page.locator('[data-testid=what-changed]').textContent())
      .toContain('Lease rate');
    await page.screenshot({ path: join(SHOTS, 'web-slider-moved.png'), fullPage: true });
  });

  it('shows an answer already solved at once when the slider moves back, without a new request', async () => {
    let requests = 0;
    const count = (r: { url(): string }) => r.url().endsWith('/api/optimize') && requests++;
    page.on('request', count);
    const slider = page.locator(`[data-testid="slider-${LEASE}"] input[type=range]`);
    await slider.fill(String(leaseOf(preset.hpcOptions[0]).leaseUsdPerKwMonth));
    await ready();
    expect(requests).toBe(0);
    const expected = await post<SolveResult>('/api/optimize', preset);
    expect((await kpi(page, 'npv')).text).toBe(formatUsd(expected.npvUsd));
    page.off('request', count);
  });

  it('marks a value the API would refuse beside the field at fault, in the field’s unit', async () => {
    const input = page.locator('[data-field="site.gridMW"] input');
    await input.fill('-10');
    const bad = structuredClone(preset);
    bad.site.gridMW = -10;
    const res = await fetch(`${server.url}/api/optimize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(400);
    // The browser checks with the API's schema before sending: the same field is at fault, stated
    // in MW.
    const issue = (
      (await res.json()) as { error: { issues: { path: string; message: string }[] } }
    ).error.issues.find((i) => i.path === 'site.gridMW');
    expect(issue).toBeDefined();
    await expect
      .poll(() => page.locator('[data-field="site.gridMW"] .error').textContent())
      .toBe('must be at least 0 MW');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await page.waitForSelector('[data-testid=status][data-state=invalid]', { state: 'attached' });
    await page
      .locator('[data-field="site.gridMW"]')
      .screenshot({ path: join(SHOTS, 'web-field-error.png') });
    await page.screenshot({ path: join(SHOTS, 'web-invalid-input.png') });
    await input.fill(String(preset.site.gridMW));
    await ready();
    expect(await page.locator('[data-field="site.gridMW"] .error').textContent()).toBe('');
  });

  it('evaluates a user plan, compares it with the optimum and keeps it across a reload', async () => {
    await page.getByRole('tab', { name: 'Plans & comparison' }).click();
    await page.selectOption('#plan-template', 'convert-50');
    await page.click('[data-testid=create-plan]');
    const cell = page.locator('[data-testid=npv-diff-row] td[data-plan="Convert 50 MW"]');
    await expect.poll(() => cell.getAttribute('data-value'), { timeout: 30_000 }).not.toBe('');
    const scenario = structuredClone(preset);
    leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth = Number(
      await page.locator(`[data-testid="slider-${LEASE}"] input`).inputValue(),
    );
    const plan: Plan = {
      builds: [{ optionId: scenario.hpcOptions[0].id, month: '2027-04', mw: 50 }],
      refreshes: [],
    };
    scenario.startMonth = preset.startMonth;
    const [optimum, evaluated] = await Promise.all([
      post<SolveResult>('/api/optimize', scenario),
      post<SolveResult>('/api/evaluate', { scenario, plan }),
    ]);
    const diff = evaluated.npvUsd! - optimum.npvUsd!;
    expect(Number(await cell.getAttribute('data-value'))).toBeCloseTo(diff, 0);
    expect(await cell.textContent()).toBe(formatUsdDelta(diff));
    expect(diff).toBeLessThanOrEqual(1e-6 * Math.abs(optimum.npvUsd!));
    await page.waitForSelector('[data-testid=cash-compare-chart] svg > path[d]', {
      state: 'attached',
    });
    await page.screenshot({ path: join(SHOTS, 'web-plans-compare.png'), fullPage: true });
    await page.waitForFunction("location.hash.includes('v=plans')");
    await page.reload();
    await ready();
    await expect
      .poll(() =>
        page.locator('[data-testid=npv-diff-row] td[data-plan="Convert 50 MW"]').textContent(),
      )
      .toBe(formatUsdDelta(diff));
  });

  it('reopens the same view from a shared URL, in another browser profile', async () => {
    await page.click('[data-testid=share]');
    const url = await page.locator('[data-testid=share-url]').inputValue();
    expect(url).toMatch(/#v=plans&p=[A-Za-z0-9_-]+&s=[A-Za-z0-9_-]+$/);
    const compare = await page.locator('[data-testid=compare-table]').innerText();
    // A second browser with its own (empty) local storage: everything must come from the link.
    const colleague = await launchBrowser();
    const other = colleague.context.pages()[0] ?? (await colleague.context.newPage());
    other.setDefaultTimeout(20_000);
    watchConsole(other);
    await other.goto(url);
    await ready(other);
    expect(
      await other.getByRole('tab', { name: 'Plans & comparison' }).getAttribute('aria-selected'),
    ).toBe('true');
    await expect
      .poll(() => other.locator('[data-testid=compare-table]').innerText(), { timeout: 30_000 })
      .toBe(compare);
    expect(await other.locator(`[data-testid="slider-${LEASE}"] input`).inputValue()).toBe(
      await page.locator(`[data-testid="slider-${LEASE}"] input`).inputValue(),
    );
    await other.getByRole('tab', { name: 'Optimal plan' }).click();
    await page.getByRole('tab', { name: 'Optimal plan' }).click();
    await ready(other);
    expect((await kpi(other, 'npv')).text).toBe((await kpi(page, 'npv')).text);
    expect(await bands(other)).toEqual(await bands(page));
    await other.screenshot({ path: join(SHOTS, 'web-shared-link.png'), fullPage: true });
    await colleague.close();
  });

  it('labels every control and reaches the sliders and charts from the keyboard', async () => {
    await page.$$eval('details.panel', (ds) =>
      ds.forEach((d) => ((d as HTMLDetailsElement).open = true)),
    );
    const unlabelled = await page.$$eval('input, select, textarea, button', (els) =>
      els
        .filter((e) => {
          const labelled =
            (e as HTMLInputElement).labels?.length ||
            e.getAttribute('aria-label') ||
            e.getAttribute('aria-labelledby');
          const text = e.tagName === 'BUTTON' && (e.textContent ?? '').trim();
          return !labelled && !text && (e as HTMLElement).offsetParent !== null;
        })
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    expect(unlabelled).toEqual([]);
    const reached = new Set<string>();
    await page.locator('#preset-select').focus();
    for (let i = 0; i < 400 && reached.size < 3; i++) {
      await page.keyboard.press('Tab');
      const tag = await page.evaluate(
        '(() => { const a = document.activeElement; ' +
          "return a?.closest('[data-testid]')?.getAttribute('data-testid') ?? ''; })()",
      );
      if (tag === `slider-${LEASE}`) reached.add('lease slider');
      if (tag === 'allocation-chart') reached.add('allocation chart');
      if (tag === 'cashflow-chart') reached.add('cash-flow chart');
    }
    expect([...reached].sort()).toEqual(['allocation chart', 'cash-flow chart', 'lease slider']);
    await page.mouse.move(0, 0);
    await page.locator('[data-testid=allocation-chart] .chart-body').focus();
    await page.keyboard.press('Home');
    await expect
      .poll(() => page.locator('[data-testid=allocation-chart] .tooltip').textContent())
      .toContain(formatMonth(preset.startMonth));
  });

  it('downloads the schedule and cash flows as CSV, one row per month', async () => {
    await ready();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=download-csv]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = text
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const scenario = structuredClone(preset);
    leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth = Number(
      await page.locator(`[data-testid="slider-${LEASE}"] input`).inputValue(),
    );
    const expected = await post<SolveResult>('/api/optimize', scenario);
    expect(rows).toHaveLength(preset.horizonMonths);
    expect(header).toContain('cash_usd');
    expect(header).toContain(`hpc_online_mw:${preset.hpcOptions[0].id}`);
    const cash = header.indexOf('cash_usd');
    const mining = header.indexOf('mining_existing_mw');
    rows.forEach((r, i) => {
      expect(r[0]).toBe(expected.months[i].month);
      expect(Number(r[cash])).toBeCloseTo(expected.months[i].cashUsd, 0);
      expect(Number(r[mining])).toBeCloseTo(expected.months[i].miningExistingMW, 4);
    });
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=download-json]'),
    ]);
    const body = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { result: SolveResult };
    expect(body.result.npvUsd).toBeCloseTo(expected.npvUsd!, 0);
  });

  it('shows an error state when the server is unreachable or busy, and recovers', async () => {
    // The server path (the app solves in its own workers otherwise, docs/web.md).
    await page.goto(`${server.url}/?solve=server`);
    await ready();
    const power = page.locator('[data-field="site.energyUsdPerMWh"] input');
    // Unreachable: the request fails; the banner offers a retry that works once the server is back.
    await page.route('**/api/optimize', (route) => route.abort('connectionrefused'));
    await power.fill('46');
    await page.waitForSelector('[data-testid=status][data-state=error]', { state: 'attached' });
    await expect
      .poll(() => page.locator('[data-testid=request-error]').textContent())
      .toContain('No connection');
    await page.screenshot({ path: join(SHOTS, 'web-error-state.png') });
    await page.unroute('**/api/optimize');
    await page.locator('[data-testid=request-error] button').click();
    await ready();
    // Busy: a 503 with Retry-After is retried by itself after that many seconds.
    let refused = 0;
    await page.route('**/api/optimize', (route) =>
      refused++ === 0
        ? route.fulfill({
            status: 503,
            headers: { 'content-type': 'application/json', 'retry-after': '1' },
            body: JSON.stringify({
              error: { code: 'busy', message: 'every solver is busy; retry in 1 s' },
            }),
          })
        : route.continue(),
    );
    await power.fill('47');
    await expect
      .poll(() => page.locator('[data-testid=request-error]').textContent())
      .toContain('Trying again in 1 s');
    await ready();
    expect(refused).toBe(2);
    await page.unroute('**/api/optimize');
    await power.fill(String(preset.site.energyUsdPerMWh));
    await ready();
  });
});
