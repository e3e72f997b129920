/**
 * @module test/web/saved-plans.browser — saved plans in Chromium against the real API: save (an
 * optimum and a user's fixed plan), list, a refused save, rename, compare two side by side, open,
 * delete with confirmation. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanSummary } from '../../api/plans/schema';
import type { SolveResult } from '../../model/schema';
import { formatUsd, formatUsdDelta } from '../../web/src/lib/format';
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
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
});

const row = (name: string) =>
  s.page.locator(`[data-testid=saved-table] tbody tr[data-plan="${name}"]`);
const names = () =>
  s.page
    .locator('[data-testid=saved-table] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-plan')));

/**
 * Saves the scenario on screen under `name` (optionally one of the user's plans) and waits for the
 * answer.
 */
async function save(name: string, what?: string) {
  const p = s.page;
  if (what) await p.getByLabel('What to save').selectOption({ label: what });
  await p.getByLabel('Name', { exact: true }).fill(name);
  await p.getByRole('button', { name: 'Save plan' }).click();
  await expect
    .poll(() => p.locator('[data-testid=save-ok]').textContent())
    .toContain(`Saved “${name}”`);
}

describe('Saved plans in Chromium', () => {
  it('saves the optimum and a fixed plan to the server and lists them, newest first', async () => {
    const p = s.page;
    await p.goto(s.server.url);
    await ready(p);
    await p.getByRole('tab', { name: 'Saved plans' }).click();
    await p.waitForSelector('[data-testid=saved-empty]');
    await save('Base case');
    await setSlider(p, LEASE, 120);
    await ready(p);
    await save('Low lease');
    // A fixed plan of the user's, saved evaluated.
    await p.getByRole('tab', { name: 'Plans & comparison' }).click();
    await p.selectOption('#plan-template', 'mining');
    await p.click('[data-testid=create-plan]');
    await p.getByRole('tab', { name: 'Saved plans' }).click();
    await save('Keep mining', 'Your plan “Stay mining” (fixed, evaluated)');
    expect(await names()).toEqual(['Keep mining', 'Low lease', 'Base case']);
    const list = await s.get<PlanSummary[]>('/api/plans');
    expect(list.map((x) => [x.name, x.evaluated])).toEqual([
      ['Keep mining', true],
      ['Low lease', false],
      ['Base case', false],
    ]);
    const base = await s.post<SolveResult>('/api/optimize', s.preset);
    expect(await row('Base case').locator('td.npv').textContent()).toBe(formatUsd(base.npvUsd));
    expect(await row('Keep mining').textContent()).toContain('fixed plan, evaluated');
    expect(s.consoleErrors).toEqual([]);
  });

  it('follows the API’s X-Next-Cursor: pages of two still list every saved plan', async () => {
    const p = s.page;
    const asked: string[] = [];
    // The real server, asked for pages of 2: the list needs two requests, the second with the
    // first's cursor.
    await p.route(/\/api\/plans\?/, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      asked.push(url.search);
      return route.continue({ url: url.toString() });
    });
    try {
      await p.getByRole('button', { name: 'Reload' }).click();
      await expect.poll(() => asked.length).toBeGreaterThanOrEqual(2);
      await expect.poll(names).toEqual(['Keep mining', 'Low lease', 'Base case']);
      expect(asked[0]).not.toContain('cursor=');
      expect(asked[1]).toContain('cursor=');
    } finally {
      await p.unroute(/\/api\/plans\?/);
    }
  });

  it('saves nothing while an input holds a value that is not valid, and says why beside the form', async () => {
    const p = s.page;
    await p.locator('[data-field="site.gridMW"] input').fill('-10');
    await p.getByLabel('Name', { exact: true }).fill('Broken');
    await expect
      .poll(() => p.locator('[data-testid=save-blocked]').textContent())
      .toContain('Grid capacity');
    expect(await p.getByRole('button', { name: 'Save plan' }).isDisabled()).toBe(true);
    expect(await names()).not.toContain('Broken');
    await p.locator('[data-field="site.gridMW"] input').fill(String(s.preset.site.gridMW));
    await ready(p);
    expect(await p.locator('[data-testid=save-blocked]').count()).toBe(0);
    await p.getByLabel('Name', { exact: true }).fill('');
    expect(s.consoleErrors).toEqual([]);
  });

  it('labels every control and reaches each plan’s actions from the keyboard', async () => {
    const p = s.page;
    await p.getByRole('button', { name: 'Rename' }).first().click();
    await p.keyboard.press('Escape');
    expect(await unnamedControls(p, '[data-testid=saved-view]')).toEqual([]);
    const targets = ['save-plan-form', 'compare-pick', 'open-plan', 'rename-plan', 'delete-plan'];
    expect(await reachedByTab(p, '#tab-saved', targets)).toEqual([...targets].sort());
  });

  it('renames a plan from the keyboard', async () => {
    const p = s.page;
    await row('Low lease').getByRole('button', { name: 'Rename' }).click();
    const input = p.getByLabel('New name for “Low lease”');
    await expect.poll(() => input.evaluate((e) => e === document.activeElement)).toBe(true);
    await input.fill('Lease at $120');
    await input.press('Enter');
    await expect.poll(names).toEqual(['Keep mining', 'Lease at $120', 'Base case']);
    expect((await s.get<PlanSummary[]>('/api/plans')).map((x) => x.name)).toContain(
      'Lease at $120',
    );
  });

  it('compares two saved plans side by side: KPIs, NPV difference, cash and allocations', async () => {
    const p = s.page;
    await p.getByRole('checkbox', { name: 'Compare “Base case”' }).check();
    await p.getByRole('checkbox', { name: 'Compare “Lease at $120”' }).check();
    const diff = p.locator('[data-testid=saved-npv-diff] td[data-plan="Lease at $120"]');
    await expect.poll(() => diff.getAttribute('data-value')).not.toBe('');
    const low = structuredClone(s.preset);
    leaseOf(low.hpcOptions[0]).leaseUsdPerKwMonth = 120;
    const [a, b] = await Promise.all([
      s.post<SolveResult>('/api/optimize', s.preset),
      s.post<SolveResult>('/api/optimize', low),
    ]);
    expect(Number(await diff.getAttribute('data-value'))).toBeCloseTo(b.npvUsd! - a.npvUsd!, 0);
    expect(await diff.textContent()).toBe(formatUsdDelta(b.npvUsd! - a.npvUsd!));
    const table = p.locator('[data-testid=saved-compare-table]');
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Figure',
      ' Base case (reference)',
      ' Lease at $120',
    ]);
    expect(await table.locator('tr[data-kpi=npv] td').allTextContents()).toEqual([
      formatUsd(a.npvUsd),
      formatUsd(b.npvUsd),
    ]);
    expect(await table.textContent()).toContain(
      'Lease rate (offer 1) 150 $/kW-month → 120 $/kW-month',
    );
    await p.waitForSelector(
      '[data-testid=saved-compare] [data-testid=cash-compare-chart] svg path[d]',
      { state: 'attached' },
    );
    expect(await p.locator('[data-testid=saved-compare] .multiples figure').count()).toBe(2);
    await p.screenshot({ path: join(SHOTS, 'web-saved-plans.png'), fullPage: true });
  });

  it('opens a saved plan: its scenario goes into the editor, with its optimum or its fixed plan shown', async () => {
    const p = s.page;
    expect(await p.locator(`[data-testid="slider-${LEASE}"] input`).inputValue()).toBe('120');
    await row('Base case').getByRole('button', { name: 'Open' }).click();
    await expect
      .poll(() => p.getByRole('tab', { name: 'Optimal plan' }).getAttribute('aria-selected'))
      .toBe('true');
    await ready(p);
    expect(await p.locator(`[data-testid="slider-${LEASE}"] input`).inputValue()).toBe('150');
    const saved = (await s.get<PlanSummary[]>('/api/plans')).find((x) => x.name === 'Base case')!;
    await expect
      .poll(() => p.locator('[data-testid=kpi-npv] .kpi-value').textContent())
      .toBe(formatUsd(saved.npvUsd));
    // A saved fixed plan opens among the user's plans, compared with the optimum of its scenario.
    await p.getByRole('tab', { name: 'Saved plans' }).click();
    await row('Keep mining').getByRole('button', { name: 'Open' }).click();
    await expect
      .poll(() => p.getByRole('tab', { name: 'Plans & comparison' }).getAttribute('aria-selected'))
      .toBe('true');
    const mining = (await s.get<PlanSummary[]>('/api/plans')).find(
      (x) => x.name === 'Keep mining',
    )!;
    await expect
      .poll(
        () => p.locator('[data-testid=compare-table] tr[data-kpi=npv] td').last().textContent(),
        { timeout: 30_000 },
      )
      .toBe(formatUsd(mining.npvUsd));
    expect(await p.locator('[data-testid=compare-table] thead th').last().textContent()).toContain(
      'Keep mining',
    );
  });

  it('deletes a plan only after confirmation', async () => {
    const p = s.page;
    await p.getByRole('tab', { name: 'Saved plans' }).click();
    await row('Keep mining').getByRole('button', { name: 'Delete' }).click();
    const dialog = p.getByRole('alertdialog', { name: 'Delete “Keep mining”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep' }).click();
    expect(await names()).toContain('Keep mining');
    await row('Keep mining').getByRole('button', { name: 'Delete' }).click();
    await p
      .locator('[data-testid=saved-table]')
      .screenshot({ path: join(SHOTS, 'web-saved-delete-confirm.png') });
    await p.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(names).toEqual(['Lease at $120', 'Base case']);
    expect((await s.get<PlanSummary[]>('/api/plans')).map((x) => x.name)).toEqual([
      'Lease at $120',
      'Base case',
    ]);
    expect(s.consoleErrors).toEqual([]);
  });
});
