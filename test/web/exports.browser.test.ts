/**
 * @module test/web/exports.browser — round trips in Chromium: a scenario saved as JSON opens again
 * (file picker and drag-and-drop) with the same answer; the XLSX of the selected plan parses with
 * SheetJS and holds its inputs, KPIs, monthly rows and plan, equal to the API's evaluation of that
 * plan; the CSV follows the selection too; the tornado, breakevens and map download as CSV equal to
 * the API's answers; every chart downloads as SVG and PNG.
 */
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { BreakevenResponse, SensitivityResponse } from '../../model/analyses/schema';
import type { Plan, SolveResult } from '../../model/schema';
import { openSession, ready, setSlider, type BrowserSession } from './browser-setup';
import { leaseOf } from '../helpers/lease';

const LEASE = 'hpcOptions.0.leaseUsdPerKwMonth';
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
  await s.page.goto(s.server.url);
  await ready(s.page);
});

afterAll(async () => {
  await s?.close();
});

const npv = async () =>
  Number(await s.page.locator('[data-testid=kpi-npv]').getAttribute('data-value'));
const download = async (testId: string): Promise<Download> => {
  const [d] = await Promise.all([
    s.page.waitForEvent('download'),
    s.page.click(`[data-testid=${testId}]`),
  ]);
  return d;
};
/** Moves the lease slider and waits for the new answer, whose NPV differs from `before`. */
async function moveAway(before: number, lease: number) {
  await setSlider(s.page, LEASE, lease);
  await ready(s.page);
  await expect.poll(npv, { timeout: 30_000 }).not.toBe(before);
}

describe('scenario JSON round trip', () => {
  let saved = '';
  let savedNpv = 0;

  it('opens a downloaded scenario with the file picker and shows the same answer', async () => {
    savedNpv = await npv();
    const file = await download('download-json');
    expect(file.suggestedFilename()).toMatch(/-optimum\.json$/);
    saved = readFileSync((await file.path())!, 'utf8');
    expect((JSON.parse(saved) as { result: SolveResult }).result.npvUsd).toBe(savedNpv);
    await moveAway(savedNpv, 120);
    await s.page.locator('[data-testid=open-scenario-file]').setInputFiles({
      name: 'saved.json',
      mimeType: 'application/json',
      buffer: Buffer.from(saved),
    });
    await expect.poll(npv, { timeout: 30_000 }).toBe(savedNpv);
    await ready(s.page);
    expect(await s.page.locator(`[data-testid="slider-${LEASE}"] input`).inputValue()).toBe(
      String(leaseOf(s.preset.hpcOptions[0]).leaseUsdPerKwMonth),
    );
  });

  it('opens a scenario file dropped on the page', async () => {
    await moveAway(savedNpv, 110);
    await s.page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      document
        .querySelector('main')!
        .dispatchEvent(
          new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
      document
        .querySelector('main')!
        .dispatchEvent(
          new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
    }, saved);
    await expect.poll(npv, { timeout: 30_000 }).toBe(savedNpv);
  });

  it('says why a file that holds no valid scenario is refused, and keeps the scenario on screen', async () => {
    const broken = JSON.parse(saved) as { scenario: { site: { gridMW: unknown } } };
    broken.scenario.site.gridMW = 'lots';
    await s.page.locator('[data-testid=open-scenario-file]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await expect
      .poll(() => s.page.locator('[data-testid=file-error]').textContent())
      .toContain('site.gridMW');
    expect(await npv()).toBe(savedNpv);
    await s.page.locator('[data-testid=file-error] button').click();
  });
});

describe('XLSX and CSV of the selected plan', () => {
  it('exports the plan picked on the plans view, not the optimum, as a workbook a standard reader parses', async () => {
    const p = s.page;
    await p.locator('[data-testid=plans-tab], #tab-plans').first().click();
    await p.locator('#plan-template').selectOption('mining');
    await p.locator('[data-testid=create-plan]').click();
    await p.waitForSelector('[data-testid=compare-table] thead th:nth-child(3)');
    const plan = await p.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('switchyard.plans.v1') ?? '[]') as { plan: Plan }[]).at(
          -1,
        )!.plan,
    );
    const scenario = structuredClone(s.preset);
    const [evaluated, optimum] = await Promise.all([
      s.post<SolveResult>('/api/evaluate', { scenario, plan }),
      s.post<SolveResult>('/api/optimize', scenario),
    ]);
    expect(evaluated.npvUsd).not.toBeCloseTo(optimum.npvUsd!, 0);
    // The download buttons wait for the plan's evaluation.
    await expect
      .poll(() => p.locator('[data-testid=download-xlsx]').isEnabled(), { timeout: 30_000 })
      .toBe(true);

    const file = await download('download-xlsx');
    expect(file.suggestedFilename()).toMatch(/-stay-mining\.xlsx$/);
    const wb = XLSX.read(readFileSync((await file.path())!));
    expect(wb.SheetNames).toEqual(['Inputs', 'KPIs', 'Monthly', 'Plan']);
    const rows = (name: string) =>
      XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[name], { header: 1 });

    const inputs = rows('Inputs');
    expect(inputs[1]).toEqual(['input', 'value', 'unit', 'path']);
    const grid = inputs.find((r) => r[3] === 'site.gridMW')!;
    expect(grid.slice(1, 3)).toEqual([s.preset.site.gridMW, 'MW']);
    expect(inputs.find((r) => r[3] === LEASE)?.[1]).toBe(
      leaseOf(s.preset.hpcOptions[0]).leaseUsdPerKwMonth,
    );

    // Each figure by its field name (the last column), said in words, on the valuation stated first.
    const kpis = Object.fromEntries(
      rows('KPIs')
        .slice(1)
        .map((r) => [r[3], r]),
    );
    expect(rows('KPIs')[0]).toEqual(['figure', 'value', 'unit', 'field']);
    expect(kpis['npvBasis.label'][1]).toBe(
      `${evaluated.kpis!.npvBasis!.method} value, ${evaluated.kpis!.npvBasis!.label}`,
    );
    expect(kpis.npvUsd[0]).toBe('NPV of the plan');
    expect(kpis.npvUsd[1]).toBeCloseTo(evaluated.npvUsd!, 0);
    expect(kpis.npvUsd[2]).toBe('USD');
    expect(kpis.peakDebtUsd[1]).toBeCloseTo(evaluated.kpis!.peakDebtUsd, 0);

    const [header, ...monthly] = rows('Monthly');
    expect(monthly).toHaveLength(s.preset.horizonMonths);
    expect(header).toEqual(
      expect.arrayContaining([
        'month',
        'cash_usd',
        'grid_mw',
        `hpc_online_mw:${s.preset.hpcOptions[0].id}`,
      ]),
    );
    const cash = header.indexOf('cash_usd');
    monthly.forEach((r, i) => {
      expect(r[0]).toBe(evaluated.months[i].month);
      expect(r[cash] as number).toBeCloseTo(evaluated.months[i].cashUsd, 0);
    });
    const planRows = rows('Plan');
    expect(planRows[0]).toEqual(['kind', 'offer_id', 'month', 'mw']);
    expect(planRows.filter((r) => r[0] === 'hpc_build')).toHaveLength(plan.builds.length);

    const csv = await download('download-csv');
    const [csvHeader, ...csvRows] = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const csvCash = csvHeader.indexOf('cash_usd');
    csvRows.forEach((r, i) =>
      expect(Number(r[csvCash])).toBeCloseTo(evaluated.months[i].cashUsd, 0),
    );
    expect(s.consoleErrors).toEqual([]);
  });
});

/** A downloaded CSV as rows of cells, read by SheetJS (labels hold quoted commas). */
const csvRows = async (d: Download): Promise<(string | number)[][]> => {
  const wb = XLSX.read(readFileSync((await d.path())!, 'utf8'), { type: 'string', raw: true });
  return XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[wb.SheetNames[0]], {
    header: 1,
    raw: true,
  });
};

describe('analyses and charts as files', () => {
  it('downloads the tornado, breakevens and map as CSV, equal to the API’s answers', async () => {
    const p = s.page;
    await p.locator('#tab-analyses').click();
    for (const id of ['tornado-panel', 'breakeven-panel', 'map-panel']) {
      await p.waitForSelector(`[data-testid=${id}][data-state=ready]`, {
        state: 'attached',
        timeout: 60_000,
      });
    }
    await p.waitForSelector('[data-testid=breakeven-panel] li[data-state=loading]', {
      state: 'detached',
      timeout: 60_000,
    });
    const scenario = structuredClone(s.preset);
    const [tornado, lease] = await Promise.all([
      s.post<SensitivityResponse>('/api/sensitivity', { scenario }),
      s.post<BreakevenResponse>('/api/breakeven', { scenario, parameter: LEASE }),
    ]);

    const [th, ...tr] = await csvRows(await download('tornado-csv'));
    expect(tr).toHaveLength(tornado.rows.length);
    // Row by row in the API's order; where two swings are equal to the dollar either order is right.
    const whole = (r: { swingUsd: number | null }) => Math.round(r.swingUsd ?? Infinity);
    tornado.rows.forEach((r, i) => {
      const at = tr.findIndex((x) => x[th.indexOf('parameter')] === r.parameter);
      const tied = tornado.rows.filter((o) => whole(o) === whole(r)).length > 1;
      if (!tied) expect(at).toBe(i);
      expect(Number(tr[at][th.indexOf('low_npv_usd')])).toBeCloseTo(r.low.npvUsd!, 0);
      expect(Number(tr[at][th.indexOf('high_npv_usd')])).toBeCloseTo(r.high.npvUsd!, 0);
    });

    const [bh, ...br] = await csvRows(await download('breakeven-csv'));
    const row = br.find((r) => r[bh.indexOf('parameter')] === LEASE)!;
    expect(Number(row[bh.indexOf('breakeven_value')])).toBeCloseTo(lease.value!, 6);

    const [mh, ...mr] = await csvRows(await download('map-csv'));
    const cells = Number(await p.locator('[data-testid=heatmap-chart]').getAttribute('data-cells'));
    expect(mr).toHaveLength(cells);
    expect(mh.slice(2)).toEqual(['status', 'hpc_share', 'hpc_mw', 'npv_usd']);
    expect(mh[0]).toContain(LEASE);
  });

  it('downloads any chart as an SVG file and a PNG image', async () => {
    const p = s.page;
    const tornado = p.locator('[data-testid=tornado-chart]');
    const [svgFile] = await Promise.all([
      p.waitForEvent('download'),
      tornado.locator('[data-testid=chart-svg]').click(),
    ]);
    const svg = readFileSync((await svgFile.path())!, 'utf8');
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('data-series="tornado:low"');
    expect(svg).not.toContain('hover-target');
    await p.locator('#tab-optimum').click();
    await ready(p);
    const chart = p.locator('[data-testid=cash-chart]');
    const [png] = await Promise.all([
      p.waitForEvent('download'),
      chart.locator('[data-testid=chart-png]').click(),
    ]);
    expect(png.suggestedFilename()).toBe('cash-debt-and-covenant.png');
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    // Drawn at twice the on-screen size: the PNG header's width is twice the SVG's.
    const width = await chart
      .locator('.chart-body > svg')
      .evaluate((e) => Math.round(e.getBoundingClientRect().width * 2));
    expect(bytes.readUInt32BE(16)).toBe(width);
    expect(s.consoleErrors).toEqual([]);
  });
});
