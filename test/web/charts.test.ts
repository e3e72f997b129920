/**
 * @module test/web/charts — each chart rendered to SVG on the server (Solid SSR through Vite) from
 * fixed data, compared with a stored snapshot, plus the geometry that matters checked by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import solid from 'vite-plugin-solid';
import type { MonthRow } from '../../model/schema';
import { ROOT } from './harness';

let vite: ViteDevServer;
let render: (fn: () => unknown) => string;

beforeAll(async () => {
  vite = await createServer({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    plugins: [solid({ ssr: true })],
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  render = ((await vite.ssrLoadModule('solid-js/web')) as { renderToString: typeof render })
    .renderToString;
});

afterAll(async () => {
  await vite?.close();
});

/**
 * The chart's `<svg>` without hydration keys and markers, one element per line for readable diffs.
 */
async function svgOf(file: string, name: string, props: Record<string, unknown>): Promise<string> {
  const mod = (await vite.ssrLoadModule(`/web/src/charts/${file}.tsx`)) as Record<
    string,
    (p: unknown) => unknown
  >;
  const html = render(() => mod[name](props));
  const svg = /<svg width="\d+" height="\d+" role="img"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  return (
    svg
      .replace(/ data-hk="[^"]*"/g, '')
      .replace(/<!--[$/!]*-->/g, '')
      .replace(/></g, '>\n<') + '\n'
  );
}

const MONTHS = ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'];

/**
 * Six months: mining steps down while an offer switches over and comes online; cash dips then
 * recovers.
 */
const rows: MonthRow[] = MONTHS.map((month, i) => {
  const online = i >= 4 ? 40 : 0;
  const switching = i === 2 || i === 3 ? 40 : 0;
  const mining = 100 - online - switching - (i === 5 ? 10 : 0);
  return {
    month,
    gridMW: i >= 3 ? 120 : 100,
    hashpriceUsdPerPhDay: i >= 3 ? 20 : 40 - i,
    miningMW: mining,
    miningExistingMW: mining,
    miningRefreshMW: 0,
    hpcBuildingMW: i < 4 ? 40 : 0,
    hpcSwitchingMW: switching,
    hpcOnlineMW: online,
    hpcOnlineByOption: { ai: online },
    idleMW: (i >= 3 ? 120 : 100) - mining - switching - online,
    fleetExistingHeldMW: 100,
    fleetRefreshHeldMW: 0,
    cashUsd: [50e6, 30e6, 22e6, 20e6, 35e6, 48e6][i],
    debtUsd: [0, 10e6, 25e6, 40e6, 38e6, 36e6][i],
    facilityUsd: 0,
    projectDebtUsd: [0, 10e6, 25e6, 40e6, 38e6, 36e6][i],
    existingDebtUsd: 0,
    distributionUsd: 0,
    equityRaisedUsd: 0,
    miningRevenueUsd: mining * 60_000,
    miningCostUsd: mining * 35_000,
    hpcMarginUsd: online * 80_000,
    hpcCapexUsd: i < 4 ? 10e6 : 0,
    asicPurchaseUsd: 0,
    asicSaleUsd: 0,
    interestUsd: [0, 60e3, 150e3, 250e3, 240e3, 230e3][i],
    cashYieldUsd: 100e3,
    overheadUsd: 250e3,
    covenantHeadroomUsd: [50e6, 30e6, 22e6, 20e6, 35e6, 48e6][i] - 20e6,
  };
});

describe('chart SVG', () => {
  it('AllocationChart: stacked bands and the grid limit', async () => {
    const svg = await svgOf('AllocationChart', 'AllocationChart', {
      data: rows,
      offers: [{ id: 'ai', name: 'AI lease' }],
    });
    await expect(svg).toMatchFileSnapshot('__snapshots__/allocation-chart.svg');
    expect(svg.match(/<path d="M[^"]+" fill="#[0-9a-f]{6}" data-key="/g)).toHaveLength(5);
    expect(svg).toContain('class="grid-limit"');
  });
  it('HashpriceChart: step line, breakeven level and the halving marker', async () => {
    const svg = await svgOf('HashpriceChart', 'HashpriceChart', {
      data: rows,
      halvingMonth: '2027-04',
      levels: [
        {
          label: 'Breakeven',
          usdPerPhDay: 25,
          color: '#c0392b',
          dash: '5 4',
          key: 'breakeven:existing',
        },
      ],
    });
    await expect(svg).toMatchFileSnapshot('__snapshots__/hashprice-chart.svg');
    // The halving line sits at the start of April: the 4th of 6 months across the 600 px frame.
    const x = Number(/<line x1="([\d.]+)" x2="\1"[^>]*stroke="#7b2cbf"/.exec(svg)?.[1]);
    expect(x).toBeCloseTo(
      56 + ((600 - 56 - 16) * (31 + 28 + 31)) / (31 + 28 + 31 + 30 + 31 + 30),
      3,
    );
  });
  it('HashpriceChart: the floor as a dashed step line when every month has one', async () => {
    // The floor falls 1 $/PH/day a month; from month 4 on hashprice sits on it.
    const floored = rows.map((r, i) => ({
      ...r,
      hashpriceFloorUsdPerPhDay: 25 - i,
      hashpriceUsdPerPhDay: Math.max(r.hashpriceUsdPerPhDay, 25 - i),
    }));
    const svg = await svgOf('HashpriceChart', 'HashpriceChart', { data: floored });
    const floor = /<path d="(M[^"]+)"[^>]*stroke="#0ca678"[^>]*data-series="hashprice-floor"/.exec(
      svg,
    );
    expect(floor).not.toBeNull();
    // A step per month: the 7 month boundaries, each reached along the month's level and left on
    // the next's (2 × 7 − 1 points); the level falls month by month.
    const points = floor![1].split(/[ML]/).filter(Boolean);
    expect(points).toHaveLength(2 * 7 - 1);
    const ys = points.filter((_, k) => k % 2 === 0).map((p) => Number(p.split(',')[1]));
    ys.slice(1, -1).forEach((y, k) => expect(y).toBeGreaterThan(ys[k]));
    expect(await svgOf('HashpriceChart', 'HashpriceChart', { data: rows })).not.toContain(
      'hashprice-floor',
    );
  });
  it('CashDebtChart: cash, debt and the covenant', async () => {
    const svg = await svgOf('CashDebtChart', 'CashDebtChart', { data: rows, minCashUsd: 20e6 });
    await expect(svg).toMatchFileSnapshot('__snapshots__/cash-debt-chart.svg');
    expect(svg).toContain('data-key="cash"');
    expect(svg).toContain('data-key="debt"');
  });
  it('CashFlowChart: one bar per month and component, outflows below zero', async () => {
    const svg = await svgOf('CashFlowChart', 'CashFlowChart', { data: rows });
    await expect(svg).toMatchFileSnapshot('__snapshots__/cash-flow-chart.svg');
    expect(svg.match(/<rect x=/g)?.length).toBeGreaterThanOrEqual(6 * 6);
  });
  it('CashFlowChart: with a tax block, the tax paid is its own series below zero', async () => {
    const plain = await svgOf('CashFlowChart', 'CashFlowChart', { data: rows });
    expect(plain).not.toContain('data-series="flow:tax"');
    const taxed = rows.map((r, i) => ({ ...r, taxableIncomeUsd: 1e6, taxUsd: i < 3 ? 0 : 2e6 }));
    const svg = await svgOf('CashFlowChart', 'CashFlowChart', { data: taxed });
    const group =
      /<g fill="(#[0-9a-f]{6})" data-key="tax" data-series="flow:tax">([\s\S]*?)<\/g>/.exec(svg);
    expect(group?.[1]).toBe('#e03131');
    const bars = [
      ...group![2].matchAll(/<rect x="[\d.]+" width="[\d.]+" y="([\d.]+)" height="([\d.]+)"/g),
    ];
    expect(bars).toHaveLength(6);
    // No tax in the first three months (no bar); a $2M bar hanging below zero after.
    expect(bars.slice(0, 3).map((b) => Number(b[2]))).toEqual([0, 0, 0]);
    const zero = Number(
      /<line[^>]*y1="([\d.]+)"/.exec(svg.slice(svg.indexOf('data-series="flow:tax"')))![1],
    );
    for (const b of bars.slice(3)) {
      expect(Number(b[2])).toBeGreaterThan(0);
      expect(Number(b[1])).toBeGreaterThanOrEqual(zero - 1e-6);
    }
  });
  it('TornadoChart: two bars per input from the base NPV, each ending in its NPV change', async () => {
    const side = (text: string, npvUsd: number | null, hpcMW: number | null = 100) => ({
      text,
      npvUsd,
      hpcMW,
      status: npvUsd == null ? 'infeasible' : 'optimal',
    });
    const data = [
      {
        key: 'lease',
        label: 'Lease rate ($/kW-month)',
        low: side('$120/kW-month', 350e6, 0),
        high: side('$180/kW-month', 800e6),
      },
      {
        key: 'capex',
        label: 'Capex ($M/MW IT)',
        low: side('$8M/MW IT', 700e6),
        high: side('$12M/MW IT', null),
      },
    ];
    const svg = await svgOf('TornadoChart', 'TornadoChart', {
      data,
      baseNpvUsd: 575e6,
      baseHpcMW: 100,
    });
    await expect(svg).toMatchFileSnapshot('__snapshots__/tornado-chart.svg');
    const base = Number(/class="base-line" x1="([\d.]+)"/.exec(svg)?.[1]);
    const bars = [
      ...svg.matchAll(
        /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="12" fill="(#[0-9a-f]{6})"/g,
      ),
    ].map((b) => ({ x: Number(b[1]), w: Number(b[2]), fill: b[3] }));
    expect(bars.map((b) => b.fill)).toEqual(['#c2410c', '#1b6fb5', '#c2410c']); // the infeasible side has no bar
    expect(bars[0].x + bars[0].w).toBeCloseTo(base, 6); // lower NPV: ends at the base
    expect(bars[1].x).toBeCloseTo(base, 6);
    expect(svg).toContain('◆ −$225M'); // the plan changes on that side
    expect(svg).toContain('no optimum (infeasible)');
  });
  it('the value bridge: a waterfall whose bars add up to the uplift', async () => {
    const data = {
      inHorizonUsd: 120e6,
      postHorizonContractedUsd: 180e6,
      residualUsd: 60e6,
      asicTailUsd: -20e6,
      financingFrictionsUsd: -9e6,
    };
    const svg = await svgOf('ValueBridgeChart', 'ValueBridgeChart', { data, upliftUsd: 331e6 });
    const values = [...svg.matchAll(/data-part="(\w+)" data-value="([-\d.e+]+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(values.map((v) => v[0])).toEqual([
      'inHorizonUsd',
      'postHorizonContractedUsd',
      'residualUsd',
      'asicTailUsd',
      'financingFrictionsUsd',
      'uplift',
    ]);
    const parts = values.slice(0, -1).reduce((a, v) => a + (v[1] as number), 0);
    expect(parts).toBeCloseTo(values.at(-1)![1] as number, 6);
    expect(svg).toContain('+$180M');
    expect(svg).toContain('−$9M');
    await expect(svg).toMatchFileSnapshot('__snapshots__/value-bridge-chart.svg');
  });

  it('the value bridge with a tax block: a tax bar before the uplift, still adding up', async () => {
    // The conversion saves $12M of tax against mining only (its deductions come earlier).
    const data = {
      inHorizonUsd: 50e6,
      postHorizonContractedUsd: 30e6,
      residualUsd: 0,
      asicTailUsd: -2e6,
      financingFrictionsUsd: 0,
      taxUsd: 12e6,
    };
    const svg = await svgOf('ValueBridgeChart', 'ValueBridgeChart', { data, upliftUsd: 90e6 });
    const bars = [...svg.matchAll(/data-part="(\w+)" data-value="([-\d.e+]+)"/g)];
    expect(bars.map((m) => m[1]).slice(-2)).toEqual(['taxUsd', 'uplift']);
    expect(bars.slice(0, -1).reduce((a, m) => a + Number(m[2]), 0)).toBeCloseTo(90e6, 6);
    expect(svg).toContain('>Tax<');
    expect(svg).toContain('+$12M');
  });

  it('HeatmapChart: a cell per point coloured by HPC share, and the current scenario ringed', async () => {
    const cell = (x: number, y: number, hpcShare: number | null) => ({
      x,
      y,
      status: hpcShare == null ? 'infeasible' : 'optimal',
      hpcShare,
      hpcMW: hpcShare == null ? null : hpcShare * 100,
      npvUsd: 1e8,
    });
    const data = {
      x: {
        parameter: 'lease',
        label: 'Lease rate',
        unit: 'USD per kW-month',
        values: [100, 150, 200],
        base: 150,
      },
      y: {
        parameter: 'capex',
        label: 'Capex',
        unit: 'USD per MW',
        values: [8e6, 12e6],
        base: 10e6,
      },
      cells: [
        cell(100, 8e6, 0),
        cell(150, 8e6, 1),
        cell(200, 8e6, 1),
        cell(100, 12e6, 0),
        cell(150, 12e6, 0.5),
        cell(200, 12e6, null),
      ],
      notes: [],
      ms: 5,
    };
    const fmt = (v: number) => String(v);
    const svg = await svgOf('HeatmapChart', 'HeatmapChart', {
      data,
      xTitle: 'Lease rate ($/kW-month)',
      yTitle: 'Capex ($M/MW IT)',
      formatX: fmt,
      formatY: fmt,
    });
    await expect(svg).toMatchFileSnapshot('__snapshots__/heatmap-chart.svg');
    const fills = [
      ...svg.matchAll(
        /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="([^"]+)" data-share/g,
      ),
    ].map((r) => r[1]);
    expect(fills).toHaveLength(6);
    expect(fills[0]).toBe('rgb(224, 138, 30)'); // all mining
    expect(fills[1]).toBe('rgb(31, 119, 180)'); // all HPC
    expect(fills[5]).toBe('url(#map-no-optimum)'); // no optimum: hatched
    // The ring sits at the middle of the x range and between the two rows.
    const [cx, cy] = (/<circle cx="([\d.]+)" cy="([\d.]+)" r="7"/.exec(svg) ?? [])
      .slice(1)
      .map(Number);
    expect(cx).toBeCloseTo((84 + 640 - 16) / 2, 6);
    expect(cy).toBeCloseTo((12 + 380 - 46) / 2, 6);
  });
  it('is deterministic', async () => {
    const props = { data: rows, offers: [{ id: 'ai', name: 'AI lease' }] };
    expect(await svgOf('AllocationChart', 'AllocationChart', props)).toBe(
      await svgOf('AllocationChart', 'AllocationChart', props),
    );
  });
});
