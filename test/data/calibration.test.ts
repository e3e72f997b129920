/**
 * @module calibration.test — data/calibration.json is what `npm run calibrate` fits to the
 * committed market history (method: docs/market.md, "Calibration"), and the fitting functions
 * recover known parameters.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  capitulations,
  fitFloorLine,
  fitProcess,
  floorAt,
} from '../../scripts/lib/calibrate';
import { monthIndex } from '../../model/time';
import type { MarketMonth } from './tables';
import { loadAsics, loadMarketHistory } from './tables';

const committed = JSON.parse(
  readFileSync(new URL('../../data/calibration.json', import.meta.url), 'utf8'),
) as unknown;

/** Asserts two JSON values equal, numbers to 1e-9 relative (absolute near 0). */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    const a = actual as number;
    expect(Math.abs(a - expected), path).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(expected)),
    );
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
    for (const k of Object.keys(e)) expectClose(a[k], e[k], `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

/** A month of a synthetic history (only the fields the fits read matter). */
function month(i: number, btcUsd: number, networkEhs: number, usdPerPhDay = 100): MarketMonth {
  const y = 2016 + Math.floor(i / 12);
  const m = (i % 12) + 1;
  return {
    month: `${y}-${String(m).padStart(2, '0')}`,
    days: 30,
    blocks: 4320,
    btcUsd,
    difficulty: 1,
    networkEhs,
    feesBtcPerBlock: 0,
    subsidyBtcPerBlock: 6.25,
    usdPerPhDay,
  };
}

describe('data/calibration.json', () => {
  it('is what the calibration fits to the committed history, to 1e-9', () => {
    const fitted = JSON.parse(JSON.stringify(calibrate(loadMarketHistory(), loadAsics())));
    expectClose(fitted, committed);
  });

  it('covers the whole history and keeps the process within the Monte Carlo schema', () => {
    const history = loadMarketHistory();
    const c = calibrate(history, loadAsics());
    expect(c.calibratedOn).toEqual({ from: '2016-01', to: history[history.length - 1].month });
    expect(c.monteCarlo.btc.volatilityPerYear).toBeGreaterThan(0);
    expect(c.monteCarlo.btc.volatilityPerYear).toBeLessThan(5);
    expect(c.monteCarlo.network.volatilityPerYear).toBeLessThan(5);
    expect(Math.abs(c.monteCarlo.network.correlation)).toBeLessThanOrEqual(1);
    expect(c.floor.efficiencyGainPerYear).toBeGreaterThan(0);
    expect(c.floor.efficiencyGainPerYear).toBeLessThan(1);
    // No month of the history lies below the floor; it touches one.
    const line = fitFloorLine(history);
    expect(line?.bindingMonth).toBe(c.floor.bindingMonth);
    for (const m of history) {
      const years = monthIndex(c.floor.referenceMonth, m.month) / 12;
      const floor = c.floor.usdPerPhDayAtReference * (1 - c.floor.efficiencyGainPerYear) ** years;
      expect(m.usdPerPhDay, m.month).toBeGreaterThanOrEqual(floor * (1 - 1e-12));
    }
    // The floor is the marginal machine's cash cost, 0.024 × J/TH × $/MWh (docs/market.md).
    expect(0.024 * c.floor.marginalJPerTH * c.floor.powerUsdPerMWh).toBeCloseTo(
      c.floor.usdPerPhDayAtReference,
      9,
    );
  });
});

describe('fitProcess', () => {
  it('recovers the volatilities, correlation and growth of alternating log changes', () => {
    // BTC log changes ±a, network ±b in step on even months, against on odd pairs: known moments.
    const a = 0.1;
    const b = 0.05;
    const dx = [a, -a, a, -a, a, -a, a, -a];
    const dy = [b, -b, -b, b, b, -b, -b, b];
    const h = [month(0, 100, 10)];
    dx.forEach((x, i) =>
      h.push(month(i + 1, h[i].btcUsd * Math.exp(x), h[i].networkEhs * Math.exp(dy[i]))),
    );
    const fit = fitProcess(h);
    expect(fit.changes).toBe(8);
    expect(fit.btc.volatilityOfMeansPerYear).toBeCloseTo(a * Math.sqrt(12), 12);
    expect(fit.network.volatilityOfMeansPerYear).toBeCloseTo(b * Math.sqrt(12), 12);
    // The motion under monthly means has 3/2 of their changes' variance (Working 1960).
    expect(fit.btc.volatilityPerYear).toBeCloseTo(a * Math.sqrt(18), 12);
    expect(fit.network.volatilityPerYear).toBeCloseTo(b * Math.sqrt(18), 12);
    expect(fit.correlation).toBeCloseTo(0, 12);
    expect(fit.btc.growthPerYear).toBeCloseTo(Math.exp((18 * a * a) / 2) - 1, 12);
  });
});

describe('the floor line', () => {
  it('finds capitulations and fits a line through them, exact on a geometric decline', () => {
    // Hashprice halves every 2 years; every 12th month the hashrate dips at a new low.
    const h: MarketMonth[] = [];
    for (let i = 0; i < 60; i++) {
      const low = i % 12 === 11;
      const hp = 200 * 0.5 ** (i / 24) * (low ? 0.8 : 1);
      h.push(month(i, 1000, low ? 9 : 10, hp));
    }
    const points = capitulations(h);
    expect(points.map((p) => p.month)).toEqual(['2017-12', '2018-12', '2019-12', '2020-12']);
    const line = fitFloorLine(h);
    expect(line).not.toBeNull();
    if (!line) return;
    expect(line.referenceMonth).toBe('2020-12');
    expect(line.efficiencyGainPerYear).toBeCloseTo(1 - Math.sqrt(0.5), 12);
    // The dips lie on one line, 0.8 × the rest: the floor runs through them.
    expect(floorAt(line, '2018-12')).toBeCloseTo(points[1].usdPerPhDay, 9);
    expect(floorAt(line, '2020-12')).toBeCloseTo(line.usdPerPhDayAtReference, 12);
    for (const m of h)
      expect(m.usdPerPhDay).toBeGreaterThanOrEqual(floorAt(line, m.month) * (1 - 1e-12));
  });

  it('is not identified from fewer than two capitulations a year apart', () => {
    const h = Array.from({ length: 20 }, (_, i) => month(i, 1000, 10, 100 + i));
    expect(fitFloorLine(h)).toBeNull();
  });
});
