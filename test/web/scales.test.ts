/** @module test/web/scales — the charts' pure scale and layout helpers. */
import { describe, expect, it } from 'vitest';
import type { MonthRow } from '../../model/schema';
import {
  allocationKeys,
  caseColor,
  COLORS,
  DASHES,
  ALL_BIN_STYLES,
  binCount,
  binStyle,
  FLOW_KEYS,
  flowKeysFor,
  makeMonthScale,
  makeValueScale,
  monthEnd,
  monthIndexAt,
  monthStart,
  netFlow,
  offerColor,
  planColor,
  stackAllocation,
  stackFlows,
  tickCount,
  valueExtent,
} from '../../web/src/charts/scales';

const margin = { top: 10, right: 10, bottom: 20, left: 50 };

/** A month row with every figure 0 except those given. */
function row(month: string, over: Partial<MonthRow> = {}): MonthRow {
  return {
    month,
    gridMW: 100,
    hashpriceUsdPerPhDay: 40,
    miningMW: 0,
    miningExistingMW: 0,
    miningRefreshMW: 0,
    hpcBuildingMW: 0,
    hpcSwitchingMW: 0,
    hpcOnlineMW: 0,
    hpcOnlineByOption: {},
    idleMW: 0,
    fleetExistingHeldMW: 0,
    fleetRefreshHeldMW: 0,
    cashUsd: 0,
    debtUsd: 0,
    facilityUsd: 0,
    projectDebtUsd: 0,
    existingDebtUsd: 0,
    distributionUsd: 0,
    equityRaisedUsd: 0,
    miningRevenueUsd: 0,
    miningCostUsd: 0,
    hpcMarginUsd: 0,
    hpcCapexUsd: 0,
    asicPurchaseUsd: 0,
    asicSaleUsd: 0,
    interestUsd: 0,
    cashYieldUsd: 0,
    overheadUsd: 0,
    covenantHeadroomUsd: 0,
    ...over,
  };
}

describe('month scale', () => {
  it('spans from the first month start to the last month end', () => {
    const x = makeMonthScale(['2027-01', '2027-02', '2027-03'], 350, margin);
    expect(x(monthStart('2027-01'))).toBe(50);
    expect(x(monthEnd('2027-03'))).toBe(340);
    expect(monthEnd('2027-12').toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });
  it('finds the month under a pixel, clamped to the data', () => {
    const months = ['2027-01', '2027-02', '2027-03'];
    const x = makeMonthScale(months, 350, margin);
    expect(monthIndexAt(51, x, months)).toBe(0);
    expect(monthIndexAt(x(monthStart('2027-02')) + 1, x, months)).toBe(1);
    expect(monthIndexAt(339, x, months)).toBe(2);
    expect(monthIndexAt(10_000, x, months)).toBe(2);
    expect(monthIndexAt(-10, x, months)).toBe(0);
    expect(monthIndexAt(100, x, [])).toBeUndefined();
  });
  it('fits about one tick per 90 px, 2 to 12', () => {
    expect(tickCount(100)).toBe(2);
    expect(tickCount(900)).toBe(10);
    expect(tickCount(5000)).toBe(12);
  });
});

describe('value scale', () => {
  it('always includes zero, is niced, and maps bottom to top', () => {
    const y = makeValueScale(12, 143, 230, margin);
    expect(y.domain()).toEqual([0, 160]);
    expect(y(0)).toBe(210);
    expect(y(160)).toBe(10);
  });
  it('spans negatives too', () => {
    expect(makeValueScale(-42, 18, 200, margin).domain()).toEqual([-45, 20]);
  });
  it('gives [0, 1] for a flat or empty domain', () => {
    expect(makeValueScale(0, 0, 200, margin).domain()).toEqual([0, 1]);
    expect(makeValueScale(Number.NaN, Number.NaN, 200, margin).domain()).toEqual([0, 1]);
  });
});

describe('allocation stack', () => {
  const offers = [{ id: 'ai', name: 'AI lease' }];
  const rows = [
    row('2027-01', { miningExistingMW: 80, idleMW: 20 }),
    row('2027-02', { miningExistingMW: 50, hpcSwitchingMW: 30, idleMW: 20 }),
    row('2027-03', { miningExistingMW: 40, hpcOnlineByOption: { ai: 60 }, idleMW: -1e-9 }),
  ];
  it('orders bands mining, switching, each offer, idle', () => {
    expect(allocationKeys(offers).map((k) => k.key)).toEqual([
      'miningExisting',
      'miningRefresh',
      'switching',
      'hpc:ai',
      'idle',
    ]);
  });
  it('stacks each month to its total use and clamps solver noise', () => {
    const series = stackAllocation(rows, allocationKeys(offers));
    const top = series[series.length - 1];
    expect(top.map((d) => d[1])).toEqual([100, 100, 100]);
    const hpc = series.find((s) => s.key.key === 'hpc:ai')!;
    expect([...hpc[2]]).toEqual([40, 100]);
    expect([...series.find((s) => s.key.key === 'idle')![2]]).toEqual([100, 100]);
  });
});

describe('cash flows', () => {
  const r = row('2027-01', {
    miningRevenueUsd: 5e6,
    miningCostUsd: 3e6,
    hpcMarginUsd: 1e6,
    hpcCapexUsd: 4e6,
    interestUsd: 0.5e6,
    cashYieldUsd: 0.1e6,
    overheadUsd: 0.25e6,
    asicSaleUsd: 0.2e6,
  });
  it('nets the components', () => {
    expect(netFlow(r)).toBeCloseTo(2e6 + 1e6 + 0.2e6 - 4e6 - 0.4e6 - 0.25e6, 6);
    expect(FLOW_KEYS.map((k) => k.key)).toContain('capex');
  });
  it('stacks inflows above zero and outflows below', () => {
    const series = stackFlows([r]);
    const capex = series.find((s) => s.key.key === 'capex')!;
    expect(capex[0][1]).toBeLessThanOrEqual(0);
    const mining = series.find((s) => s.key.key === 'mining')!;
    expect(mining[0][0]).toBeGreaterThanOrEqual(0);
    expect(valueExtent([r], [(x) => x.miningRevenueUsd, (x) => -x.hpcCapexUsd])).toEqual([
      -4e6, 5e6,
    ]);
  });
});

describe('cash flows with a power market', () => {
  // 1 MW hpc transmission inside the $1M HPC margin; credits $20k, transmission $15k of which $5k
  // on HPC, hedge −$3k.
  const r = row('2027-01', {
    miningRevenueUsd: 5e6,
    miningCostUsd: 3e6,
    hpcMarginUsd: 1e6,
    powerCreditsUsd: 20_000,
    transmissionUsd: 15_000,
    hpcTransmissionUsd: 5_000,
    contractHedgeUsd: -3_000,
  });
  it(
    'draws the credits, the whole transmission charge and the hedge; ' +
      'the HPC bar is its margin before its charge',
    () => {
      const by = Object.fromEntries(FLOW_KEYS.map((k) => [k.key, k.value(r)]));
      expect(by.credits).toBe(20_000);
      expect(by.transmission).toBe(-15_000);
      expect(by.contract).toBe(-3_000);
      expect(by.hpc).toBe(1_005_000);
      // FCF = 5 − 3 + 0.02 − (0.015 − 0.005) − 0.003 + 1 ($M): the HPC charge is counted once.
      expect(netFlow(r)).toBeCloseTo(2e6 + 20_000 - 10_000 - 3_000 + 1e6, 6);
    },
  );
  it('leaves the power market out of the legend when no month has one', () => {
    expect(
      flowKeysFor([row('2027-01', { miningRevenueUsd: 1e6 })]).map((k) => k.key),
    ).not.toContain('credits');
    expect(flowKeysFor([r]).map((k) => k.key)).toEqual(
      expect.arrayContaining(['credits', 'transmission', 'contract']),
    );
  });
  it('names the first bin for demand response and the last for the peak', () => {
    expect(binStyle(0, 3).label).toMatch(/first/);
    expect(binStyle(2, 3).label).toMatch(/peak/);
    expect(binStyle(0, 1).label).toBe('Mining in price bin 1');
    expect(binCount([row('2027-01', { miningMWByBin: [10, 8, 0] }), row('2027-02', {})])).toBe(3);
  });
});

describe('cash flows with a tax block', () => {
  const plain = row('2027-01', { miningRevenueUsd: 5e6, miningCostUsd: 3e6 });
  const taxed = { ...plain, taxableIncomeUsd: 2e6, taxUsd: 0.1e6 };
  it('draws the tax paid as its own outflow, netted like any other', () => {
    const tax = FLOW_KEYS.find((k) => k.key === 'tax')!;
    expect(tax.label).toBe('Tax');
    expect(tax.value(taxed)).toBe(-0.1e6);
    expect(tax.value(plain)).toBe(0);
    expect(netFlow(taxed)).toBeCloseTo(2e6 - 0.1e6, 6);
    const series = stackFlows([taxed], flowKeysFor([taxed]));
    expect([...series.find((x) => x.key.key === 'tax')![0]]).toEqual([-0.1e6, 0]);
  });
  it('shows the tax only when the answer carries it, even where no month pays any', () => {
    expect(flowKeysFor([plain]).map((k) => k.key)).not.toContain('tax');
    expect(flowKeysFor([taxed]).map((k) => k.key)).toContain('tax');
    // A loss carried forward may shelter every month: the series is still drawn, at 0.
    const sheltered = { ...plain, taxableIncomeUsd: 2e6, taxUsd: 0 };
    expect(flowKeysFor([sheltered]).map((k) => k.key)).toContain('tax');
  });
});

describe('series colours', () => {
  // The browser test checks what one preset draws; this checks every colour the charts can draw at
  // once.
  it('gives every meaning its own colour and every dashed meaning its own pattern', () => {
    const colors = [
      ...Object.values(COLORS),
      ...FLOW_KEYS.map((k) => k.color),
      ...Array.from({ length: 8 }, (_, i) => offerColor(i)),
      ...Array.from({ length: 6 }, (_, i) => planColor(i)),
      ...Array.from({ length: 6 }, (_, i) => caseColor(i)),
      ...ALL_BIN_STYLES.map((b) => b.color),
    ].map((c) => c.toLowerCase());
    expect(new Set(colors).size).toBe(colors.length);
    const dashes = [...Object.values(DASHES), ...ALL_BIN_STYLES.map((b) => b.dash)];
    expect(new Set(dashes).size).toBe(dashes.length);
  });
});

describe('case colours by meaning', () => {
  const rgb = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
  it('draws a bear case red and a bull case green, whatever their place', () => {
    for (const i of [0, 1, 2]) {
      const [r, g] = rgb(caseColor(i, 'bear'));
      expect(r).toBeGreaterThan(g);
      const [r2, g2] = rgb(caseColor(i, 'Bull'));
      expect(g2).toBeGreaterThan(r2);
    }
    expect(caseColor(2, 'base')).toBe(caseColor(0, 'base'));
    expect(caseColor(0, 'downside')).toBe(caseColor(1, 'bear'));
    // A name with no meaning gets a neutral hue, neither the bear's nor the bull's.
    expect([caseColor(0, 'bear'), caseColor(0, 'bull')]).not.toContain(caseColor(0, 'scenario A'));
  });
});
