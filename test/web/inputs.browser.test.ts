/**
 * @module test/web/inputs.browser — inputs in Chromium: a bound broken in a % field is stated in %
 * and nothing is sent; an empty field is marked and listed like any other error; the list names
 * fields by label, not path; valid but suspicious inputs get a warning and are solved. The
 * headline: the NPV uplift over mining only, the conversion IRR and the lease breakeven equal to
 * the API's, and an infeasible scenario shows its diagnosis with no chart or change line drawn from
 * it.
 */
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakevenResponse } from '../../model/analyses/schema';
import type { SolveResult } from '../../model/schema';
import { formatPct, formatUsdDelta } from '../../web/src/lib/format';
import { formatParameterValue } from '../../web/src/lib/parameters';
import { openSession, ready, type BrowserSession } from './browser-setup';

let s: BrowserSession;
const sent: string[] = [];

beforeAll(async () => {
  s = await openSession();
  s.page.on(
    'request',
    (r: Request) => r.method() === 'POST' && sent.push(new URL(r.url()).pathname),
  );
  await s.page.goto(s.server.url);
  await ready(s.page);
  // The headline's breakeven is asked for in the background after a pause in typing: wait until it
  // has been answered, so that the requests counted below are only those the edits make.
  await s.page.waitForSelector('[data-testid=headline]:not([data-breakeven=""])', {
    state: 'attached',
    timeout: 60_000,
  });
});

afterAll(async () => {
  await s?.close();
});

/**
 * Solves the app has asked of its own workers so far (each leaves a User Timing measure,
 * web/src/worker/pool.ts).
 */
const workerSolves = (): Promise<number> =>
  s.page.evaluate(
    `performance.getEntriesByType('measure')` +
      `.filter((e) => /^switchyard:(optimize|evaluate|sensitivity|breakeven|map)$/.test(e.name))` +
      `.length`,
  );

const field = (path: string) => s.page.locator(`[data-field="${path}"]`);
const invalid = () =>
  s.page.waitForSelector('[data-testid=status][data-state=invalid]', { state: 'attached' });

describe('inputs checked in the browser', () => {
  it('states a broken bound in the unit the field shows, and sends nothing', async () => {
    await s.page.locator('summary', { hasText: 'Mining fleet' }).click();
    sent.length = 0;
    const solves = await workerSolves();
    await field('fleet.uptime').locator('input').fill('150');
    await invalid();
    await expect
      .poll(() => field('fleet.uptime').locator('.error').textContent())
      .toBe('must be at most 100 %');
    const summary = await s.page.locator('[data-testid=issues-summary]').textContent();
    expect(summary).toContain('Uptime: must be at most 100 %');
    expect(summary).not.toContain('fleet.uptime');
    expect(sent).toEqual([]);
    expect(await workerSolves()).toBe(solves);
    await field('fleet.uptime')
      .locator('input')
      .fill(String(s.preset.fleet.uptime * 100));
    await ready(s.page);
  });

  it('marks an empty field like any other error and sends nothing', async () => {
    sent.length = 0;
    const solves = await workerSolves();
    await field('site.gridMW').locator('input').fill('');
    await invalid();
    expect(await field('site.gridMW').getAttribute('class')).toContain('invalid');
    expect(await field('site.gridMW').locator('.error').textContent()).toBe('must not be empty');
    expect(await s.page.locator('[data-testid=issues-summary]').textContent()).toContain(
      'Grid capacity: must not be empty',
    );
    expect(sent).toEqual([]);
    expect(await workerSolves()).toBe(solves);
    await field('site.gridMW').locator('input').fill(String(s.preset.site.gridMW));
    await ready(s.page);
  });

  it('warns about eligible MW above the grid and cash below the covenant, and still solves', async () => {
    sent.length = 0;
    const solves = await workerSolves();
    await field('site.hpcEligibleMW').locator('input').fill('5000');
    await ready(s.page);
    const warnings = s.page.locator('[data-testid=scenario-warnings]');
    await expect
      .poll(() =>
        warnings.locator('li').evaluateAll((li) => li.map((e) => e.getAttribute('data-path'))),
      )
      .toEqual(['site.hpcEligibleMW']);
    expect(await warnings.textContent()).toContain(
      'MW eligible for HPC: 5,000 MW may be converted',
    );
    // Solved: on the server or, once the app's workers have started, in the browser.
    expect(sent.includes('/api/optimize') || (await workerSolves()) > solves).toBe(true);
    await field('site.hpcEligibleMW').locator('input').fill(String(s.preset.site.hpcEligibleMW));
    await ready(s.page);
    await expect.poll(() => warnings.count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });
});

describe('headline', () => {
  it('states the NPV uplift over mining only and the conversion IRR of the API’s optimum', async () => {
    const optimum = await s.post<SolveResult>('/api/optimize', s.preset);
    const k = optimum.kpis!;
    expect(k.npvVsMiningOnlyUsd).not.toBeNull();
    const headline = s.page.locator('[data-testid=headline]');
    // The figures the headline is drawn from are the API's, to the dollar, and the sentence states
    // them as formatted.
    expect(Number(await headline.getAttribute('data-uplift'))).toBeCloseTo(
      k.npvVsMiningOnlyUsd!,
      0,
    );
    const text = await s.page.locator('[data-testid=verdict]').textContent();
    expect(text).toContain(`${formatUsdDelta(k.npvVsMiningOnlyUsd)} NPV over mining only`);
    if (k.conversionIrrPerYear != null) {
      expect(Number(await headline.getAttribute('data-irr'))).toBeCloseTo(
        k.conversionIrrPerYear,
        9,
      );
      expect(text).toContain(`conversion IRR ${formatPct(k.conversionIrrPerYear, 0)}`);
    } else expect(text).not.toContain('conversion IRR');
  });

  it('states the plan and the lease breakeven the API finds', async () => {
    const verdict = s.page.locator('[data-testid=verdict]');
    const lease = await s.post<BreakevenResponse>('/api/breakeven', {
      scenario: s.preset,
      parameter: 'hpcOptions.0.leaseUsdPerKwMonth',
    });
    const optimum = await s.post<SolveResult>('/api/optimize', s.preset);
    await expect
      .poll(() => verdict.textContent(), { timeout: 60_000 })
      .toContain(
        `breaks even at ${formatParameterValue('hpcOptions.0.leaseUsdPerKwMonth', lease.value, s.preset)}`,
      );
    expect(
      Number(await s.page.locator('[data-testid=headline]').getAttribute('data-breakeven')),
    ).toBe(lease.value);
    expect(await verdict.textContent()).toMatch(
      optimum.plan.builds.length ? /^Convert / : /^(Keep mining|Fleet sold|Mining stops|Site idle)/,
    );
    expect(await s.page.locator('[data-testid=phases]').textContent()).not.toMatch(/steps/);
  });

  it('shows the diagnosis of an infeasible scenario and draws nothing from it', async () => {
    const min = s.page.locator('[data-field="financing.minCashUsd"] input');
    await s.page.locator('summary', { hasText: 'Financing' }).click();
    await min.fill('100000');
    await ready(s.page);
    await s.page.waitForSelector('[data-testid=no-plan]');
    expect(await s.page.locator('[data-testid=no-plan]').textContent()).toContain(
      'No plan meets every constraint',
    );
    expect(
      await s.page
        .locator(
          '[data-testid=allocation-chart], [data-testid=cash-chart], ' +
            '[data-testid=headline], [data-testid=what-changed]',
        )
        .count(),
    ).toBe(0);
    await min.fill(String(s.preset.financing.minCashUsd / 1e6));
    await ready(s.page);
    await s.page.waitForSelector('[data-testid=allocation-chart]');
    expect(s.consoleErrors).toEqual([]);
  });
});
