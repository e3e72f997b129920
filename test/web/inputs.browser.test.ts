/**
 * @module test/web/inputs.browser — inputs in Chromium: a bound broken in a % field is stated in %
 * and nothing is sent; an empty field is marked and listed like any other error; the list names
 * fields by label, not path; valid but suspicious inputs get a warning and are solved. The
 * headline: the NPV uplift over mining only, the conversion IRR and the lease breakeven equal to
 * the API's, and an infeasible scenario shows its diagnosis with no chart or change line drawn from
 * it. The tax block: added in the editor, the NPV after and before tax side by side, the tax's PV
 * and loss carried forward, and the tax series of the cash-flow chart equal to the API's answer;
 * a bad rate named in %/yr; nothing overflows a phone; removed, every figure is before tax again.
 */
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakevenResponse } from '../../model/analyses/schema';
import type { SolveResult } from '../../model/schema';
import { formatPct, formatUsd, formatUsdDelta } from '../../web/src/lib/format';
import { formatParameterValue } from '../../web/src/lib/parameters';
import { TAX_DEFAULTS } from '../../web/src/lib/templates';
import { openSession, ready, settledScrollWidth, type BrowserSession } from './browser-setup';

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

describe('tax', () => {
  const chart = () => s.page.locator('[data-testid=cashflow-chart]');
  const taxBars = () =>
    chart()
      .locator('[data-series="flow:tax"] rect')
      .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
  const afterTax = () => s.page.locator('[data-testid=tax-npv]');
  const rate = () => field('tax.ratePerYear').locator('input');
  /** Opens the Tax panel (it closes itself again once an error in it is mended). */
  const openPanel = async () => {
    const panel = s.page.locator('[data-testid=tax-panel]');
    if (!(await panel.evaluate((e) => (e as HTMLDetailsElement).open)))
      await panel.locator('summary').first().click();
  };

  /** The answer on screen is the API's for `scenario`: both NPVs, the KPIs and the tax bars. */
  async function expectAnswer(scenario: unknown): Promise<SolveResult> {
    const answer = await s.post<SolveResult>('/api/optimize', scenario);
    const k = answer.kpis!;
    expect(k.npvBeforeTaxUsd).toBeCloseTo(answer.npvUsd! + k.taxPvUsd!, 0);
    await expect
      .poll(async () => Number(await afterTax().getAttribute('data-after-tax')))
      .toBeCloseTo(answer.npvUsd!, 0);
    expect(Number(await afterTax().getAttribute('data-before-tax'))).toBeCloseTo(
      k.npvBeforeTaxUsd!,
      0,
    );
    expect(await afterTax().locator('[data-testid=npv-after-tax]').textContent()).toBe(
      formatUsd(answer.npvUsd),
    );
    expect(await afterTax().locator('[data-testid=npv-before-tax]').textContent()).toBe(
      formatUsd(k.npvBeforeTaxUsd),
    );
    const kpi = (key: string) =>
      s.page.locator(`[data-testid=kpi-${key}]`).getAttribute('data-value').then(Number);
    expect(await kpi('tax-pv')).toBeCloseTo(k.taxPvUsd!, 0);
    expect(await kpi('nol')).toBeCloseTo(k.nolAtHorizonUsd!, 0);
    // One bar a month: a month that pays tax has one, a month that pays none has none.
    const bars = await taxBars();
    expect(bars).toHaveLength(answer.months.length);
    answer.months.forEach((m, i) => {
      if (m.taxUsd! < 0.5) expect(bars[i], m.month).toBeLessThan(1e-6);
    });
    expect(bars.some((h) => h > 0)).toBe(answer.months.some((m) => m.taxUsd! >= 0.5));
    return answer;
  }

  it('adds the tax block: NPV after and before tax side by side and the tax in the cash-flow chart', async () => {
    await openPanel();
    expect(await afterTax().count()).toBe(0);
    expect(await chart().locator('[data-series="flow:tax"]').count()).toBe(0);
    await s.page.locator('#f-tax-on').check();
    await ready(s.page);
    await afterTax().waitFor();
    expect(await rate().inputValue()).toBe('25');
    expect(await afterTax().textContent()).toContain('Same plan before tax');
    expect(await s.page.locator('[data-testid=verdict]').textContent()).toContain('after tax');
    expect(await chart().locator('.legend').textContent()).toContain('Tax');
    const at25 = await expectAnswer({ ...s.preset, tax: TAX_DEFAULTS });
    // A higher rate: a lower NPV after tax, more tax in the chart.
    const bars25 = await taxBars();
    await rate().fill('40');
    await ready(s.page);
    const at40 = await expectAnswer({ ...s.preset, tax: { ...TAX_DEFAULTS, ratePerYear: 0.4 } });
    expect(at40.npvUsd!).toBeLessThan(at25.npvUsd!);
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
    const paid = (a: SolveResult) => sum(a.months.map((m) => m.taxUsd!));
    if (paid(at40) > paid(at25) + 0.5) expect(sum(await taxBars())).toBeGreaterThan(sum(bars25));
    expect(s.consoleErrors).toEqual([]);
  });

  it('states a bad rate in %/yr beside the field and in the list, and sends nothing', async () => {
    sent.length = 0;
    await rate().fill('150');
    await invalid();
    await expect
      .poll(() => field('tax.ratePerYear').locator('.error').textContent())
      .toBe('must be at most 100 %/yr');
    expect(await s.page.locator('[data-testid=issues-summary]').textContent()).toContain(
      'Tax rate: must be at most 100 %/yr',
    );
    expect(sent).toEqual([]);
    await rate().fill('25');
    await ready(s.page);
  });

  it('fits a phone with the tax section open', async () => {
    await openPanel();
    await s.page.setViewportSize({ width: 390, height: 844 });
    expect(await settledScrollWidth(s.page, 390)).toBeLessThanOrEqual(390);
    for (const sel of ['[data-testid=tax-panel]', '[data-testid=tax-npv]']) {
      const right = await s.page.locator(sel).evaluate((e) => e.getBoundingClientRect().right);
      expect(right, sel).toBeLessThanOrEqual(390);
    }
    await s.page.setViewportSize({ width: 1440, height: 900 });
  });

  it('removes the tax block: one NPV, before tax, and no tax series', async () => {
    await openPanel();
    await s.page.locator('#f-tax-on').uncheck();
    await ready(s.page);
    await expect.poll(() => afterTax().count()).toBe(0);
    expect(await chart().locator('[data-series="flow:tax"]').count()).toBe(0);
    expect(await s.page.locator('[data-testid=kpi-tax-pv]').count()).toBe(0);
    expect(await s.page.locator('[data-testid=verdict]').textContent()).not.toContain('after tax');
    expect(s.consoleErrors).toEqual([]);
  });
});
