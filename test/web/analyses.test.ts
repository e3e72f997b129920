/**
 * @module test/web/analyses — the analyses' pure parts: SSE parsing, parameter names and values,
 * breakeven sentences, chart scales, saved-plan helpers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BreakevenResponse } from '../../model/analyses/schema';
import type { ScenarioInput } from '../../model/schema';
import {
  gridIndexAt,
  makeGridScale,
  makeTornadoScale,
  SHARE_COLORS,
  shareColor,
  tornadoBar,
} from '../../web/src/charts/analysis-scales';
import { makeSseParser, type SseEvent } from '../../web/src/lib/sse';
import {
  breakevenParameters,
  breakevenStatement,
  decisionParameters,
  defaultAxis,
  formatParameterValue,
  formatSignificant,
  HASHPRICE_MULTIPLIER,
  firstCellsCount,
  hasBlockBuilds,
  mapSecondsEstimate,
  mapCellTime,
  mapTimeFromFirstCells,
  msPerMapCell,
  parameterInfo,
  parameterValue,
} from '../../web/src/lib/parameters';
import {
  npvDifferences,
  sameMonths,
  summaryOf,
  uniqueName,
} from '../../web/src/stores/saved-plans';
import type { SavedPlan } from '../../web/src/lib/plans-api';
import { leaseOf } from '../helpers/lease';

const scenario: ScenarioInput = JSON.parse(
  readFileSync(new URL('../fixtures/spec-example.json', import.meta.url), 'utf8'),
);
const margin = { top: 10, right: 20, bottom: 10, left: 100 };

describe('makeSseParser', () => {
  const parse = (chunks: string[]) => {
    const out: SseEvent[] = [];
    const p = makeSseParser((e) => out.push(e));
    chunks.forEach((c) => p.push(c));
    p.end();
    return out;
  };
  it('reads named events and their data, however the chunks are cut', () => {
    const text =
      'event: progress\ndata: {"done":1,"total":4}\n\nevent: result\ndata: {"ok":true}\n\n';
    const whole = parse([text]);
    expect(whole).toEqual([
      { event: 'progress', data: '{"done":1,"total":4}' },
      { event: 'result', data: '{"ok":true}' },
    ]);
    for (let cut = 1; cut < text.length; cut++)
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    expect(parse([...text])).toEqual(whole);
  });
  it('accepts CRLF and CR line ends, joins data lines, skips comments and other fields', () => {
    expect(
      parse([': keep-alive\r\nid: 7\r\nevent: x\r\ndata: a\r\ndata:b\r\n\r\n', 'data: plain\r\r']),
    ).toEqual([
      { event: 'x', data: 'a\nb' },
      { event: 'message', data: 'plain' },
    ]);
    // A CR at a chunk's end may be half of CRLF: no empty line (and no early dispatch) from the
    // split.
    expect(parse(['event: y\r', '\ndata: 1\r', '\n\r', '\n'])).toEqual([{ event: 'y', data: '1' }]);
  });
  it('drops an event the stream ends inside, and events without data', () => {
    expect(parse(['event: a\n\n', 'event: b\ndata: cut'])).toEqual([]);
  });
});

describe('parameters', () => {
  it('names parameters with display units, and the offer when there are several', () => {
    expect(parameterInfo('market.hashprice.btcUsd')).toMatchObject({
      label: 'BTC price',
      short: 'BTC price',
      unit: '$k',
      scale: 'usdk',
    });
    expect(parameterInfo('hpcOptions.0.leaseUsdPerKwMonth', scenario)).toMatchObject({
      label: 'Lease rate',
      short: 'lease rate',
      unit: '$/kW-month',
    });
    expect(parameterInfo('hpcOptions.0.buildMonths', scenario)).toMatchObject({
      label: 'Build time',
      unit: 'months',
      integer: true,
    });
    const two = {
      ...scenario,
      hpcOptions: [scenario.hpcOptions[0], { ...scenario.hpcOptions[0], id: 'b', name: 'Second' }],
    };
    expect(parameterInfo('hpcOptions.1.capexUsdPerMWIt', two)).toMatchObject({
      label: 'Capex — Second',
      short: 'capex of Second',
      unit: '$M/MW IT',
      scale: 'usdM',
    });
    expect(parameterInfo('financing.facility.limitUsd').label).toBe('Facility limit');
    expect(parameterInfo(HASHPRICE_MULTIPLIER)).toMatchObject({
      label: 'Hashprice level',
      unit: '×',
    });
    expect(parameterInfo('no.such.path').label).toBe('no.such.path');
  });
  it('writes values in display units: money with $, shares in %, months, multipliers', () => {
    expect(formatParameterValue('market.hashprice.btcUsd', 90_000)).toBe('$90k');
    expect(formatParameterValue('market.hashprice.btcUsd', 22_500)).toBe('$22.5k');
    expect(formatParameterValue('hpcOptions.0.leaseUsdPerKwMonth', 96.4072145)).toBe(
      '$96.41/kW-month',
    );
    expect(formatParameterValue('hpcOptions.0.capexUsdPerMWIt', 14_715_470.68)).toBe(
      '$14.72M/MW IT',
    );
    expect(formatParameterValue('financing.facility.limitUsd', 100e6)).toBe('$100M');
    expect(formatParameterValue('financing.discountRatePerYear', 0.12)).toBe('12 %/yr');
    expect(formatParameterValue('hpcOptions.0.buildMonths', 15)).toBe('15 months');
    expect(formatParameterValue(HASHPRICE_MULTIPLIER, 1.25)).toBe('×1.25');
    expect(formatParameterValue('site.energyUsdPerMWh', -5)).toBe('−$5/MWh');
    expect(formatParameterValue('site.energyUsdPerMWh', null)).toBe('—');
    expect(formatSignificant(1050)).toBe('1,050');
    expect(formatSignificant(0.000012345)).toBe('0.000012');
    expect(formatSignificant(-0)).toBe('0');
  });
  it('lists the decision-moving and breakeven parameters of a scenario', () => {
    expect(decisionParameters(scenario)).toEqual([
      'market.hashprice.btcUsd',
      'market.hashprice.networkGrowthPerYear',
      'site.energyUsdPerMWh',
      ...scenario.hpcOptions.flatMap((_, i) => [
        `hpcOptions.${i}.leaseUsdPerKwMonth`,
        `hpcOptions.${i}.capexUsdPerMWIt`,
        `hpcOptions.${i}.buildMonths`,
      ]),
      ...(scenario.financing.facility ? ['financing.facility.limitUsd'] : []),
      'financing.discountRatePerYear',
    ]);
    const series = {
      ...scenario,
      market: { hashprice: { kind: 'series' as const, usdPerPhDay: [40, 41] } },
    };
    expect(breakevenParameters(series)[0]).toBe(HASHPRICE_MULTIPLIER);
    expect(parameterValue(series, HASHPRICE_MULTIPLIER)).toBe(1);
    expect(parameterValue(scenario, HASHPRICE_MULTIPLIER)).toBeUndefined();
    expect(breakevenParameters(scenario)).toContain('hpcOptions.0.capexUsdPerMWIt');
  });
  it('proposes map ranges of half to one and a half times the value, whole months for months', () => {
    expect(
      defaultAxis('hpcOptions.0.leaseUsdPerKwMonth', {
        ...scenario,
        hpcOptions: [{ ...leaseOf(scenario.hpcOptions[0]), leaseUsdPerKwMonth: 150 }],
      }),
    ).toEqual({
      parameter: 'hpcOptions.0.leaseUsdPerKwMonth',
      from: 75,
      to: 225,
      steps: 15,
    });
    const months = defaultAxis('hpcOptions.0.buildMonths', {
      ...scenario,
      hpcOptions: [{ ...leaseOf(scenario.hpcOptions[0]), buildMonths: 5 }],
    });
    expect(months).toEqual({ parameter: 'hpcOptions.0.buildMonths', from: 2, to: 8, steps: 7 });
    const blocks = {
      ...scenario,
      hpcOptions: [{ ...leaseOf(scenario.hpcOptions[0]), leaseUsdPerKwMonth: 150, blockMW: 10 }],
    };
    expect(hasBlockBuilds(blocks)).toBe(true);
    expect(defaultAxis('hpcOptions.0.leaseUsdPerKwMonth', blocks).steps).toBe(9); // a MILP's cells are slow
    // Measured: the last map's time per cell, else the browser's analysis points' wall time each,
    // else one solve of the optimum per cell.
    expect(msPerMapCell({ ms: 2000, cells: 400 }, { ms: 30, buildMs: 10 })).toBe(5);
    expect(mapCellTime({ ms: 2000, cells: 400 }, { ms: 30, buildMs: 10 }, 7)).toEqual({
      msPerCell: 5,
      from: 'last map',
    });
    expect(mapCellTime(undefined, { ms: 30, buildMs: 10 }, 7)).toEqual({
      msPerCell: 7,
      from: 'analysis solves',
    });
    expect(mapCellTime(undefined, { ms: 30, buildMs: 10 })).toEqual({
      msPerCell: 40,
      from: 'optimum',
    });
    // While a map runs, its own first cells' pace comes before anything measured earlier.
    expect(mapCellTime({ ms: 2000, cells: 400 }, { ms: 30, buildMs: 10 }, 7, 9)).toEqual({
      msPerCell: 9,
      from: 'first cells',
    });
    // The estimate once the first cells are solved. In the browser: the time so far × (1 + the
    // points still queued on the map's workers ÷ those they solved meanwhile), the other analyses'
    // points included: workers that shared their time with the tornado solved fewer of them.
    const lanes = [
      { solved: 70, left: 78 },
      { solved: 40, left: 108 },
    ];
    expect(mapTimeFromFirstCells({ elapsedMs: 600, done: 23, total: 225, lanes })).toBeCloseTo(
      600 * (1 + 186 / 110),
      9,
    );
    // The map's own cells done do not enter it; with no point solved yet, one counts.
    expect(
      mapTimeFromFirstCells({
        elapsedMs: 100,
        done: 8,
        total: 81,
        lanes: [{ solved: 0, left: 4 }],
      }),
    ).toBe(500);
    // Without the workers' counts (the server's progress), the first cells' pace: 225 / 23 × 900.
    expect(mapTimeFromFirstCells({ elapsedMs: 900, done: 23, total: 225 })).toBeCloseTo(
      (900 * 225) / 23,
      9,
    );
    expect([
      firstCellsCount(225),
      firstCellsCount(441),
      firstCellsCount(9),
      firstCellsCount(4),
    ]).toEqual([23, 45, 8, 3]);
    expect(msPerMapCell(undefined, { ms: 30, buildMs: 10 })).toBe(40);
    expect(msPerMapCell(undefined, undefined)).toBeUndefined();
    expect(mapSecondsEstimate(441, 5)).toBeCloseTo(2.205, 6);
    expect(
      defaultAxis('market.hashprice.networkGrowthPerYear', {
        ...scenario,
        market: {
          hashprice: { ...(scenario.market.hashprice as object), networkGrowthPerYear: 0 },
        },
      } as ScenarioInput),
    ).toMatchObject({ from: 0, to: 0.01 });
  });
});

describe('breakevenStatement', () => {
  const side = (
    value: number,
    hpcMW: number | null,
    status: 'optimal' | 'infeasible' = 'optimal',
  ) => ({
    value,
    status,
    hpcMW,
    npvUsd: hpcMW == null ? null : 1e8,
    plan: { builds: [], refreshes: [] },
  });
  const answer = (p: Partial<BreakevenResponse>): BreakevenResponse => ({
    parameter: 'hpcOptions.0.leaseUsdPerKwMonth',
    label: 'ai-lease: lease rate',
    value: 96.4072,
    tolerance: 0.05,
    from: 37.5,
    to: 600,
    below: side(96.38, 0),
    above: side(96.43, 0.0335),
    message: '',
    scan: [{ value: 37.5, status: 'optimal', hpcMW: 0, npvUsd: 1e8 }],
    ...p,
  });
  it('says below which value converting stops paying, and where the scenario sits', () => {
    expect(breakevenStatement(answer({}), 150, scenario)).toEqual({
      kind: 'change',
      text: 'Converting stops paying below lease rate = $96.41/kW-month',
      detail:
        "0 MW of HPC just below it, 0.03 MW just above; the scenario's $150/kW-month is 55.6 % above it.",
    });
  });
  it('says above which value the optimum converts less, or stops converting', () => {
    const capex = answer({
      parameter: 'hpcOptions.0.capexUsdPerMWIt',
      value: 14.7e6,
      tolerance: 3750,
      below: side(14.69e6, 100),
      above: side(14.71e6, 78.6),
    });
    expect(breakevenStatement(capex, 10e6, scenario).text).toBe(
      'Above capex = $14.7M/MW IT the optimum converts less',
    );
    expect(breakevenStatement(capex, 10e6, scenario).detail).toBe(
      "100 MW of HPC just below it, 78.6 MW just above; the scenario's $10M/MW IT is 32 % below it.",
    );
    const btc = answer({
      parameter: 'market.hashprice.btcUsd',
      value: 200e3,
      tolerance: 30,
      below: side(199e3, 100),
      above: side(201e3, 0),
    });
    expect(breakevenStatement(btc, undefined, scenario)).toMatchObject({
      text: 'Converting stops paying above BTC price = $200k',
      detail: '100 MW of HPC just below it, 0 MW just above.',
    });
    const less = answer({ below: side(96, 40), above: side(97, 100) });
    expect(breakevenStatement(less, 96.41, scenario).text).toBe(
      'Below lease rate = $96.41/kW-month the optimum converts less',
    );
    expect(breakevenStatement(less, 96.41, scenario).detail).toContain('is at it');
  });
  it('says when nothing changes within the range, or when a side has no optimum', () => {
    const none = answer({
      parameter: 'market.hashprice.btcUsd',
      value: null,
      below: undefined,
      above: undefined,
      from: 22_500,
      to: 360_000,
      scan: [{ value: 22_500, status: 'optimal', hpcMW: 100, npvUsd: 1 }],
    });
    expect(breakevenStatement(none, 90_000, scenario)).toEqual({
      kind: 'none',
      text: 'No change for BTC price from $22.5k to $360k',
      detail: 'The optimum commits 100 MW of HPC throughout.',
    });
    const infeasible = answer({ above: side(96.43, null, 'infeasible') });
    expect(breakevenStatement(infeasible, 150, scenario).text).toBe(
      'The decision changes at lease rate = $96.41/kW-month',
    );
    expect(breakevenStatement(infeasible, 150, scenario).detail).toMatch(
      /^0 MW of HPC just below, no optimum \(infeasible\) just above/,
    );
  });
});

describe('analysis scales', () => {
  it('tornado: covers the base and every NPV with room for labels, and bars run from the base', () => {
    const x = makeTornadoScale(500e6, [300e6, 700e6, null], 620, margin);
    const [lo, hi] = x.domain();
    expect(lo).toBeLessThanOrEqual(300e6 - 0.2 * 400e6);
    expect(hi).toBeGreaterThanOrEqual(700e6 + 0.2 * 400e6);
    expect(x.range()).toEqual([100, 600]);
    const left = tornadoBar(x, 500e6, 300e6);
    expect(left.x).toBeCloseTo(x(300e6), 9);
    expect(left.x + left.width).toBeCloseTo(x(500e6), 9);
    expect(tornadoBar(x, 500e6, 500e6).width).toBe(1); // no swing still shows
    expect(makeTornadoScale(5e6, [5e6, null], 620, margin).domain()).toEqual([4e6, 6e6]);
  });
  it('grid: each evenly spaced value gets a cell of equal width; pixels map back to the nearest value', () => {
    const values = [75, 87.5, 100, 112.5, 125];
    const { scale, cell } = makeGridScale(values, 100, 600);
    expect(cell).toBe(100);
    expect(scale(75)).toBe(150);
    expect(scale(125)).toBe(550);
    expect(gridIndexAt(101, scale, values)).toBe(0);
    expect(gridIndexAt(349, scale, values)).toBe(2);
    expect(gridIndexAt(5000, scale, values)).toBe(4);
    expect(gridIndexAt(-50, scale, values)).toBe(0);
    const up = makeGridScale([1, 2], 300, 100);
    expect(up.scale(1)).toBe(250);
    expect(up.cell).toBe(100);
    expect(gridIndexAt(10, makeGridScale([3], 0, 50).scale, [3])).toBe(0);
  });
  it('share colours run from mining amber to HPC blue; no optimum is grey', () => {
    const hex = (c: string) =>
      c.replace(
        /^rgb\((\d+), (\d+), (\d+)\)$/,
        (_, r, g, b) =>
          '#' + [r, g, b].map((v) => Number(v).toString(16).padStart(2, '0')).join(''),
      );
    expect(hex(shareColor(0))).toBe(SHARE_COLORS.mining);
    expect(hex(shareColor(1))).toBe(SHARE_COLORS.hpc);
    expect(hex(shareColor(0.5))).toBe(SHARE_COLORS.mid);
    expect(shareColor(2)).toBe(shareColor(1));
    expect(shareColor(null)).toBe(SHARE_COLORS.none);
    expect(shareColor(Number.NaN)).toBe(SHARE_COLORS.none);
  });
});

describe('saved-plan helpers', () => {
  const plan = (id: string, npvUsd: number | null, months = ['2027-01', '2027-02']): SavedPlan =>
    ({
      id,
      name: id,
      scenario,
      plan: null,
      answer: {
        status: npvUsd == null ? 'infeasible' : 'optimal',
        npvUsd,
        months: months.map((month) => ({ month })),
      },
      savedAt: '2026-11-22T04:00:00.000Z',
    }) as unknown as SavedPlan;
  it('picks a free name', () => {
    expect(uniqueName('Base', [])).toBe('Base');
    expect(uniqueName('Base', ['Base', 'Base (2)'])).toBe('Base (3)');
  });
  it('compares NPVs with the first plan and tells whether the months match', () => {
    expect(npvDifferences([plan('a', 100), plan('b', 130), plan('c', null)])).toEqual([
      0,
      30,
      null,
    ]);
    expect(npvDifferences([plan('a', null), plan('b', 1)])).toEqual([null, null]);
    expect(sameMonths([plan('a', 1), plan('b', 2)])).toBe(true);
    expect(sameMonths([plan('a', 1), plan('b', 2, ['2027-02'])])).toBe(false);
  });
  it('summarises a saved plan as the list does', () => {
    expect(summaryOf(plan('a', 100))).toEqual({
      id: 'a',
      name: 'a',
      scenarioName: scenario.name,
      startMonth: scenario.startMonth,
      horizonMonths: scenario.horizonMonths,
      evaluated: false,
      status: 'optimal',
      npvUsd: 100,
      savedAt: '2026-11-22T04:00:00.000Z',
    });
  });
});
