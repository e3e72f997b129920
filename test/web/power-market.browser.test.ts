/**
 * @module test/web/power-market.browser — the power market and tenant credit in Chromium: the
 * editor's price bins, contract, demand-response credit and 4CP charge; errors in the field's units
 * with nothing sent; the allocation chart's mining MW by bin equal to the API's and changed by a
 * bin's price; the cash-flow chart's credits and charges; bins by calendar month; keep mining and
 * the lease side by side with the flexibility given up; no sideways overflow on a phone; every
 * series its own colour.
 */
import { join } from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { decodeShare, parseHash } from '../../web/src/lib/share';
import {
  openSession,
  ready,
  seriesStyles,
  settledScrollWidth,
  SHOTS,
  type BrowserSession,
} from './browser-setup';

let s: BrowserSession;
const sent: string[] = [];

beforeAll(async () => {
  s = await openSession();
  s.page.on(
    'request',
    (r: Request) => r.method() === 'POST' && sent.push(new URL(r.url()).pathname),
  );
  await s.page.setViewportSize({ width: 1440, height: 900 });
  await s.page.goto(s.server.url);
  await ready(s.page);
});

afterAll(async () => {
  await s?.close();
});

const field = (path: string) => s.page.locator(`[data-field="${path}"] input`);
const BINS = 'site.powerMarket.priceBins';
/** The answer on screen: the allocation chart is drawn from it once the status says ready. */
const answered = async () => {
  await ready(s.page);
  await s.page.waitForSelector('[data-testid=allocation-chart] svg', {
    state: 'attached',
    timeout: 60_000,
  });
  // The headline's lease breakeven follows in the background: wait for it, so no request is still
  // to come.
  await s.page.waitForSelector('[data-testid=headline]:not([data-breakeven=""])', {
    state: 'attached',
    timeout: 60_000,
  });
};
/**
 * The scenario on screen with the power market the test has typed (the preset's, plus `market`).
 */
const withMarket = (market: Record<string, unknown>): ScenarioInput => ({
  ...s.preset,
  site: { ...s.preset.site, powerMarket: market as never },
});
/** The MW column of one series in the allocation chart's monthly table. */
async function tableColumn(label: string): Promise<number[]> {
  const table = s.page.locator('[data-testid=allocation-chart] details.data-table');
  if (!(await table.evaluate((d) => (d as HTMLDetailsElement).open)))
    await table.locator('summary').click();
  const headers = await table.locator('thead th').allTextContents();
  const col = headers.indexOf(`${label} (MW)`);
  expect(col, `${label} in ${headers.join(' | ')}`).toBeGreaterThan(0);
  return table
    .locator('tbody tr')
    .evaluateAll((rows, c) => rows.map((r) => Number(r.children[c].textContent)), col);
}

describe('the power market in the editor', () => {
  it('switches on price bins and draws the mining MW in each bin, as the API answers them', async () => {
    await s.page.locator('[data-testid=power-market] input[type=checkbox]').first().check();
    await answered();
    await expect
      .poll(() => s.page.locator('[data-testid=allocation-chart] [data-series^="bin:"]').count(), {
        timeout: 60_000,
      })
      .toBe(2);
    const p = s.preset.site.energyUsdPerMWh;
    const api = await s.post<SolveResult>(
      '/api/optimize',
      withMarket({
        priceBins: [
          { hoursShare: 0.9, priceUsdPerMWh: p },
          { hoursShare: 0.1, priceUsdPerMWh: Math.round(3 * p) },
        ],
      }),
    );
    // Polled: on a busy machine the table may still be the previous answer's for a moment.
    await expect
      .poll(() => tableColumn('Mining in price bin 2 (last: the peak)'), { timeout: 60_000 })
      .toEqual(api.months.map((m) => Number(m.miningMWByBin![1].toFixed(2))));
    const legend = await s.page.locator('[data-testid=allocation-chart] .legend').textContent();
    expect(legend).toContain('Mining in price bin 1 (first: demand response)');
  });

  it('a dearer peak bin changes the chart: mining curtails there', async () => {
    const line = s.page.locator('[data-testid=allocation-chart] [data-series="bin:1"]');
    // At 3 × the flat price the peak is not worth mining; at $46/MWh it is.
    await field(`${BINS}.1.priceUsdPerMWh`).fill('46');
    await answered();
    const before = await line.getAttribute('d');
    const beforeMW = await tableColumn('Mining in price bin 2 (last: the peak)');
    expect(Math.max(...beforeMW)).toBeGreaterThan(0);
    await field(`${BINS}.1.priceUsdPerMWh`).fill('3000');
    await answered();
    await expect.poll(() => line.getAttribute('d'), { timeout: 60_000 }).not.toBe(before);
    const after = await tableColumn('Mining in price bin 2 (last: the peak)');
    // No grid MW mines at $3,000/MWh (far above any month's revenue per MWh); the cheap bin still
    // mines.
    expect(Math.max(...after)).toBe(0);
    expect(
      Math.max(...(await tableColumn('Mining in price bin 1 (first: demand response)'))),
    ).toBeGreaterThan(0);
  });

  it('draws the demand-response credits and the 4CP charges in the cash-flow chart', async () => {
    const flows = s.page.locator('[data-testid=cashflow-chart]');
    const drawn = (key: string) =>
      flows
        .locator(`[data-series="flow:${key}"] rect`)
        .evaluateAll((r) => r.filter((e) => Number(e.getAttribute('height')) > 0).length);
    expect(await flows.locator('[data-series="flow:credits"]').count()).toBe(0);
    // A peak worth mining even with a $20/kW-year charge on it (it pays 1667 $/MW-month there).
    await field(`${BINS}.1.priceUsdPerMWh`).fill('46');
    await field('site.powerMarket.demandResponseUsdPerMWMonth').fill('3000');
    await field('site.powerMarket.transmissionUsdPerKwYear').fill('20');
    await answered();
    await expect.poll(() => drawn('credits'), { timeout: 60_000 }).toBeGreaterThan(0);
    const legend = await flows.locator('.legend').textContent();
    expect(legend).toContain('Power credits (demand response)');
    expect(legend).toContain('Transmission (4CP) charges');
    const api = await s.post<SolveResult>(
      '/api/optimize',
      withMarket({
        priceBins: [
          { hoursShare: 0.9, priceUsdPerMWh: s.preset.site.energyUsdPerMWh },
          { hoursShare: 0.1, priceUsdPerMWh: 46 },
        ],
        demandResponseUsdPerMWMonth: 3000,
        transmissionUsdPerKwYear: 20,
      }),
    );
    // The bars are the API's: a bar in each month with a credit or a charge, the charge 1667 $/MW
    // on the peak's mining.
    const m0 = api.months[0];
    expect(m0.transmissionUsd).toBeCloseTo(((20 * 1000) / 12) * m0.miningMWByBin![1], 3);
    expect(m0.transmissionUsd).toBeGreaterThan(0);
    expect(await drawn('transmission')).toBe(
      api.months.filter((m) => m.transmissionUsd! >= 0.5).length,
    );
    expect(await drawn('credits')).toBe(api.months.filter((m) => m.powerCreditsUsd! >= 0.5).length);
  });

  it('draws each series in its own colour and dash pattern, the bins’ and the power market’s flows too', async () => {
    const { keys, shared, close } = await seriesStyles(s.page);
    expect(keys).toEqual(
      expect.arrayContaining(['bin:0', 'bin:1', 'flow:credits', 'flow:transmission']),
    );
    expect(shared.colors, 'colours with two meanings').toEqual([]);
    expect(shared.dashes, 'dash patterns with two meanings').toEqual([]);
    expect(close, 'colours too close to tell apart').toEqual([]);
  });

  it('states a share that breaks its bound or the bins’ total in %, and sends nothing', async () => {
    sent.length = 0;
    await field(`${BINS}.0.hoursShare`).fill('95');
    await s.page.waitForSelector('[data-testid=status][data-state=invalid]', { state: 'attached' });
    const summary = s.page.locator('[data-testid=issues-summary]');
    await expect
      .poll(() => summary.textContent())
      .toContain('Price bins: the shares of hours must add up to 100 %, not 105 %');
    await field(`${BINS}.0.hoursShare`).fill('150');
    await expect
      .poll(() => s.page.locator(`[data-field="${BINS}.0.hoursShare"] .error`).textContent())
      .toContain('must be at most 100 %');
    expect(sent).toEqual([]);
    await field(`${BINS}.0.hoursShare`).fill('90');
    await answered();
  });

  it('gives each calendar month its own bins', async () => {
    await field(`${BINS}.1.priceUsdPerMWh`).fill('3000');
    await field('site.powerMarket.transmissionUsdPerKwYear').fill('0');
    await answered();
    await s.page.locator('#f-power-bins-by').selectOption('month');
    await s.page.locator('#f-power-bins-month').selectOption({ label: 'July' });
    await field(`${BINS}.6.1.priceUsdPerMWh`).fill('40');
    await answered();
    const peak = await tableColumn('Mining in price bin 2 (last: the peak)');
    const months = await s.page
      .locator('[data-testid=allocation-chart] tbody th')
      .allTextContents();
    // Only July's peak is cheap enough to mine in (and the first July's is).
    const mined = months.filter((_, i) => peak[i] > 0);
    expect(mined.length).toBeGreaterThan(0);
    expect(
      mined.every((m) => /^Jul \d{4}$/.test(m)),
      mined.join(', '),
    ).toBe(true);
  });

  it('asks for a lease’s tenant credit in %, and states its bound in %', async () => {
    sent.length = 0;
    await field('hpcOptions.0.backstopShare').fill('150');
    await expect
      .poll(() => s.page.locator('[data-field="hpcOptions.0.backstopShare"] .error').textContent())
      .toBe('must be at most 100 % of margin');
    expect(sent).toEqual([]);
    await field('hpcOptions.0.backstopShare').fill('50');
    await field('hpcOptions.0.defaultProbabilityPerYear').fill('10');
    await answered();
  });

  it(
    'compares keep mining and the lease side by side, ' +
      'with the flexibility given up, as the API answers them',
    async () => {
      await s.page.getByRole('tab', { name: 'Plans & comparison' }).click();
      const table = s.page.locator('[data-testid=ways-table]');
      await s.page.waitForSelector('[data-testid=ways-compare][data-state=ready]', {
        state: 'attached',
        timeout: 120_000,
      });
      expect(await table.locator('thead th').allTextContents()).toEqual([
        'Figure',
        'Keep mining',
        'Lease',
      ]);
      // The scenario on screen, as the app wrote it into the URL.
      const hash = parseHash(await s.page.evaluate(() => location.hash));
      const onScreen = (await decodeShare(hash.scenario!)) as ScenarioInput;
      expect(onScreen.site.powerMarket).toBeDefined();
      const [mining, lease] = [
        await s.post<SolveResult>('/api/optimize', { ...onScreen, hpcOptions: [] }),
        await s.post<SolveResult>('/api/optimize', onScreen),
      ];
      const cell = async (kpi: string, way: string) =>
        Number(
          await table
            .locator(`tr[data-kpi="${kpi}"] td[data-way="${way}"]`)
            .getAttribute('data-value'),
        );
      expect(await cell('npv', 'mining')).toBeCloseTo(mining.npvUsd!, 0);
      expect(await cell('npv', 'lease')).toBeCloseTo(lease.npvUsd!, 0);
      expect(await cell('vs-mining', 'lease')).toBeCloseTo(lease.kpis!.npvVsMiningOnlyUsd!, 0);
      expect(await cell('power-credits', 'mining')).toBeCloseTo(mining.kpis!.powerCreditsPvUsd!, 0);
      expect(await cell('flex-given-up', 'lease')).toBeCloseTo(
        lease.kpis!.flexibilityGivenUpPvUsd!,
        0,
      );
      expect(await cell('flex-given-up', 'mining')).toBeCloseTo(0, 3);
      expect(await table.locator('tr[data-kpi="flex-given-up"] th').textContent()).toBe(
        'Flexibility given up (PV)',
      );
      await s.page
        .locator('[data-testid=ways-compare]')
        .screenshot({ path: join(SHOTS, 'web-ways-compare-1440.png') });
    },
  );

  it(
    'fits a phone: nothing overflows sideways with the power market open, ' +
      'on the plans view and the optimum',
    async () => {
      await s.page.setViewportSize({ width: 390, height: 844 });
      await s.page.locator('[data-testid=ways-table]').scrollIntoViewIfNeeded();
      expect(await settledScrollWidth(s.page, 390)).toBeLessThanOrEqual(390);
      await s.page.getByRole('tab', { name: 'Optimal plan' }).click();
      await answered();
      await s.page.locator('[data-testid=power-market]').scrollIntoViewIfNeeded();
      expect(await settledScrollWidth(s.page, 390)).toBeLessThanOrEqual(390);
      await s.page
        .locator('[data-testid=power-market]')
        .screenshot({ path: join(SHOTS, 'web-power-market-390.png') });
      expect(s.consoleErrors).toEqual([]);
    },
  );
});
