/**
 * @module test/web/slider-drag.browser — a dragged slider in Chromium with the browser's solver: a
 * burst of moves, one per frame, is solved as it goes (the values passed while the worker solves are
 * dropped, never queued) and ends on the last value's optimum; once the slider rests, the figures
 * drawn are the API's complete answer for that value — NPV, IRR, headline, reason and the
 * allocation chart's months — with nothing left pending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { formatMonth, formatPct, formatUsd } from '../../web/src/lib/format';
import { leaseOf } from '../helpers/lease';
import { openSession, ready, type BrowserSession } from './browser-setup';

const LEASE = 'hpcOptions.0.leaseUsdPerKwMonth';
const TIMEOUT = 240_000;
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
  await s.page.setViewportSize({ width: 1440, height: 900 });
  await s.page.goto(s.server.url);
  await ready(s.page);
  // The browser's workers solve once they have started (the first answers are the server's): a
  // typed value, then back, until the answer on screen is the browser's.
  const start = leaseOf(s.preset.hpcOptions[0]).leaseUsdPerKwMonth;
  const slider = s.page.locator(`[data-testid="slider-${LEASE}"] input[type=range]`);
  const status = s.page.locator('[data-testid=status]');
  for (let i = 1; (await status.getAttribute('data-solved-in')) !== 'browser'; i++) {
    expect(i, 'the browser’s solver did not start').toBeLessThan(60);
    await slider.fill(String(start - i));
    await ready(s.page);
  }
}, TIMEOUT);

afterAll(async () => {
  await s?.close();
});

/**
 * Moves the slider through `values`, one input event per frame as a drag sends them; answers how
 * many optimisations the worker was asked for meanwhile and until the page is ready.
 */
async function drag(values: readonly number[]): Promise<number> {
  return s.page.evaluate(
    async ({ path, values }) => {
      const input = document.querySelector<HTMLInputElement>(
        `[data-testid="slider-${path}"] input[type=range]`,
      )!;
      const t0 = performance.now();
      for (const v of values) {
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise<void>((resolve) => {
        const done = () =>
          document.querySelector<HTMLElement>('[data-testid=status]')?.dataset.state === 'ready';
        if (done()) return resolve();
        const mo = new MutationObserver(() => done() && (mo.disconnect(), resolve()));
        mo.observe(document.body, { subtree: true, attributes: true });
      });
      return performance.getEntriesByName('switchyard:optimize').filter((e) => e.startTime >= t0)
        .length;
    },
    { path: LEASE, values },
  );
}

describe('a dragged slider', () => {
  it(
    'ends on the last value’s optimum and, at rest, draws the API’s complete answer for it',
    async () => {
      const start = leaseOf(s.preset.hpcOptions[0]).leaseUsdPerKwMonth;
      const values = Array.from({ length: 16 }, (_, i) => start - 30 + 2 * i);
      const asked = await drag(values);
      // Each answer is drawn before the next value is solved: values passed meanwhile are dropped.
      expect(asked).toBeGreaterThan(0);
      expect(asked).toBeLessThanOrEqual(values.length);

      const last = values[values.length - 1];
      const scenario: ScenarioInput = structuredClone(s.preset);
      leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth = last;
      const expected = await s.post<SolveResult>('/api/optimize', scenario);
      expect(expected.status).toBe('optimal');

      // At rest the complete answer replaces the drag's preview: nothing is pending any more.
      const page = s.page;
      await page.waitForSelector('[data-testid=reason]:not([data-pending])', { timeout: 30_000 });
      await ready(page);
      expect(await page.locator(`[data-testid="slider-${LEASE}"] input`).inputValue()).toBe(
        String(last),
      );
      const npv = page.locator('[data-testid=kpi-npv]');
      expect(await npv.locator('.kpi-value').textContent()).toBe(formatUsd(expected.npvUsd));
      expect(Number(await npv.getAttribute('data-value'))).toBeCloseTo(expected.npvUsd!, 0);
      const irr = expected.kpis?.conversionIrrPerYear ?? null;
      const irrShown = await page.locator('[data-testid=kpi-irr]').getAttribute('data-value');
      if (irr === null) expect(irrShown).toBe('');
      else {
        expect(Number(irrShown)).toBeCloseTo(irr, 9);
        expect(await page.locator('[data-testid=verdict]').textContent()).toContain(
          `conversion IRR ${formatPct(irr, 0)}`,
        );
      }
      expect(await page.locator('[data-testid=reason-decision]').textContent()).toBe(
        `${expected.reason!.decision}.`,
      );
      expect(await page.locator('[data-testid=reason] li').allTextContents()).toEqual(
        expected.reason!.because.map((b) => `${b}.`),
      );

      // The allocation chart draws the API's months, month by month.
      const details = page.locator('[data-testid=allocation-chart] details.data-table');
      await details.locator('summary').click();
      await details.locator('tbody tr').first().waitFor({ state: 'attached' });
      const header = await details.locator('thead th').allTextContents();
      const rows = await details
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
      const hpc = header.findIndex((h) => h.startsWith('HPC online'));
      const mining = header.findIndex((h) => h.startsWith('Mining — existing'));
      expect(rows).toHaveLength(expected.months.length);
      expected.months.forEach((m, i) => {
        expect(rows[i][0]).toBe(formatMonth(m.month));
        expect(Number(rows[i][hpc])).toBeCloseTo(
          m.hpcOnlineByOption[scenario.hpcOptions[0].id] ?? 0,
          1,
        );
        expect(Number(rows[i][mining])).toBeCloseTo(m.miningExistingMW, 1);
      });
      await details.locator('summary').click();
      expect(s.consoleErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
