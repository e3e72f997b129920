/**
 * @module test/web/cloud.browser — the option kinds in Chromium on the ERCOT preset (a lease and a
 * GPU cloud): each offer shows its kind's own fields only; lease, cloud and mining side by side as
 * the API answers them; a cloud whose compute price is 0 is never built; an offer switched to the
 * other kind keeps a valid scenario; a phone's width holds.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import {
  openSession,
  ready,
  settledScrollWidth,
  SHOTS,
  type BrowserSession,
} from './browser-setup';

let s: BrowserSession;
let ercot: ScenarioInput;

beforeAll(async () => {
  s = await openSession();
  ercot = await s.get<ScenarioInput>('/api/presets/ercot-flex');
  await s.page.setViewportSize({ width: 1440, height: 900 });
  await s.page.goto(s.server.url);
  await ready(s.page);
  await s.page.locator('#preset-select').selectOption('ercot-flex');
  await ready(s.page);
});

afterAll(async () => {
  await s?.close();
});

const offer = (i: number) => s.page.locator(`[data-testid=offer-${i}]`);
const cloudAt = () => ercot.hpcOptions.findIndex((o) => (o as { kind?: string }).kind === 'cloud');
const leaseAt = () => ercot.hpcOptions.findIndex((o) => (o as { kind?: string }).kind !== 'cloud');

describe('option kinds in the editor', () => {
  it('shows a lease’s and a cloud’s own fields, and only those', async () => {
    const [c, l] = [offer(cloudAt()), offer(leaseAt())];
    expect(await c.locator('select').first().inputValue()).toBe('cloud');
    expect(await l.locator('select').first().inputValue()).toBe('lease');
    for (const f of [
      'computeUsdPerMWItMonth',
      'utilisation',
      'gpuCapexUsdPerMWIt',
      'gpuLifeMonths',
      'computePriceChangePerYear',
    ]) {
      expect(await c.locator(`[data-field="hpcOptions.${cloudAt()}.${f}"]`).count(), f).toBe(1);
      expect(await l.locator(`[data-field="hpcOptions.${leaseAt()}.${f}"]`).count(), f).toBe(0);
    }
    for (const f of ['leaseUsdPerKwMonth', 'termMonths', 'tenantPaysPower', 'backstopShare']) {
      expect(await c.locator(`[data-field="hpcOptions.${cloudAt()}.${f}"]`).count(), f).toBe(0);
      expect(await l.locator(`[data-field="hpcOptions.${leaseAt()}.${f}"]`).count(), f).toBe(1);
    }
  });

  it('gives a cloud its compute-price slider and a lease its rent slider', async () => {
    const slider = (path: string) => s.page.locator(`[data-testid="slider-${path}"]`).count();
    expect(await slider(`hpcOptions.${cloudAt()}.computeUsdPerMWItMonth`)).toBe(1);
    expect(await slider(`hpcOptions.${cloudAt()}.leaseUsdPerKwMonth`)).toBe(0);
    expect(await slider(`hpcOptions.${leaseAt()}.leaseUsdPerKwMonth`)).toBe(1);
    expect(await slider(`hpcOptions.${leaseAt()}.computeUsdPerMWItMonth`)).toBe(0);
  });

  it('sets lease, cloud and mining side by side with the optimum over both, as the API answers them', async () => {
    await s.page.getByRole('tab', { name: 'Plans & comparison' }).click();
    await s.page.waitForSelector('[data-testid=ways-compare][data-state=ready]', {
      state: 'attached',
      timeout: 180_000,
    });
    const table = s.page.locator('[data-testid=ways-table]');
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Figure',
      'Keep mining',
      'Lease',
      'GPU cloud',
      'Optimum (every offer)',
    ]);
    const only = (kind: 'lease' | 'cloud') => ({
      ...ercot,
      hpcOptions: ercot.hpcOptions.filter(
        (o) => ((o as { kind?: string }).kind === 'cloud') === (kind === 'cloud'),
      ),
    });
    const [cloud, lease] = [
      await s.post<SolveResult>('/api/optimize', only('cloud')),
      await s.post<SolveResult>('/api/optimize', only('lease')),
    ];
    const cell = async (kpi: string, way: string) =>
      Number(
        await table
          .locator(`tr[data-kpi="${kpi}"] td[data-way="${way}"]`)
          .getAttribute('data-value'),
      );
    expect(await cell('npv', 'cloud')).toBeCloseTo(cloud.npvUsd!, 0);
    expect(await cell('npv', 'lease')).toBeCloseTo(lease.npvUsd!, 0);
    expect(await cell('flex-given-up', 'cloud')).toBeCloseTo(
      cloud.kpis!.flexibilityGivenUpPvUsd!,
      0,
    );
    expect(await cell('flex-given-up', 'lease')).toBeCloseTo(
      lease.kpis!.flexibilityGivenUpPvUsd!,
      0,
    );
    await s.page
      .locator('[data-testid=ways-compare]')
      .screenshot({ path: join(SHOTS, 'web-ways-compare-cloud-1440.png') });
    await s.page.setViewportSize({ width: 390, height: 844 });
    expect(await settledScrollWidth(s.page, 390)).toBeLessThanOrEqual(390);
    await s.page.setViewportSize({ width: 1440, height: 900 });
    await s.page.getByRole('tab', { name: 'Optimal plan' }).click();
    await ready(s.page);
  });

  it('never builds a cloud whose compute price is 0', async () => {
    const i = cloudAt();
    await s.page.locator(`[data-field="hpcOptions.${i}.computeUsdPerMWItMonth"] input`).fill('0');
    await ready(s.page);
    await s.page.waitForSelector('[data-testid=plan-summary]');
    const id = ercot.hpcOptions[i].id;
    const api = await s.post<SolveResult>('/api/optimize', {
      ...ercot,
      hpcOptions: ercot.hpcOptions.map((o, k) =>
        k === i ? { ...o, computeUsdPerMWItMonth: 0 } : o,
      ),
    });
    expect(api.plan.builds.filter((b) => b.optionId === id)).toEqual([]);
    // The chart on screen has no MW online for it in any month.
    const table = s.page.locator('[data-testid=allocation-chart] details.data-table');
    await table.locator('summary').click();
    const headers = await table.locator('thead th').allTextContents();
    const col = headers.indexOf(`HPC online — ${ercot.hpcOptions[i].name} (MW)`);
    expect(col, headers.join(' | ')).toBeGreaterThan(0);
    const online = await table
      .locator('tbody tr')
      .evaluateAll((rows, c) => rows.map((r) => Number(r.children[c].textContent)), col);
    expect(online.length).toBe(ercot.horizonMonths);
    expect(Math.max(...online)).toBe(0);
  });

  it('switches an offer to the other kind with that kind’s fields, and the scenario stays valid', async () => {
    const i = leaseAt();
    await offer(i).locator('select').first().selectOption('cloud');
    await ready(s.page);
    expect(await s.page.locator('[data-testid=issues-summary]').count()).toBe(0);
    expect(
      await offer(i).locator(`[data-field="hpcOptions.${i}.leaseUsdPerKwMonth"]`).count(),
    ).toBe(0);
    expect(
      await offer(i)
        .locator(`[data-field="hpcOptions.${i}.computeUsdPerMWItMonth"] input`)
        .inputValue(),
    ).not.toBe('');
    await offer(i).locator('select').first().selectOption('lease');
    await ready(s.page);
    expect(await s.page.locator('[data-testid=issues-summary]').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });
});
