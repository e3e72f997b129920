/**
 * @module backtest.test — the backtest of docs/market.md ("Backtest"): its quantiles and pinball
 * loss by hand, no look-ahead (a forecast is the same whatever the months from its origin on hold,
 * but for the realised value), and the floor bounding v3 from below.
 */
import { describe, expect, it } from 'vitest';
import {
  backtest,
  DEFAULT_BACKTEST,
  forecastsFrom,
  pinball,
  quantile,
  score,
} from '../../scripts/lib/backtest';
import { monthIndex } from '../../model/time';
import { loadMarketHistory } from './tables';

const history = loadMarketHistory();
const options = { ...DEFAULT_BACKTEST, paths: 200 };

describe('quantile and pinball', () => {
  it('interpolate between order statistics and weigh misses by the level', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile([0, 10], 0.25)).toBeCloseTo(2.5, 12);
    expect(pinball(10, 8, 0.9)).toBeCloseTo(1.8, 12);
    expect(pinball(8, 10, 0.9)).toBeCloseTo(0.2, 12);
  });
});

describe('backtest', () => {
  it('uses only the months before the origin', () => {
    const origin = monthIndex(history[0].month, '2022-07');
    const before = forecastsFrom(history, origin, options);
    // Scramble every month from the origin on except the two realised ones.
    const targets = new Set(before.map((f) => f.target));
    const scrambled = history.map((m, i) =>
      i < origin || targets.has(m.month)
        ? m
        : { ...m, btcUsd: m.btcUsd * 3, networkEhs: m.networkEhs / 2, usdPerPhDay: 1 },
    );
    expect(forecastsFrom(scrambled, origin, options)).toEqual(before);
  });

  it('bounds v3 by the floor and leaves v2 above it unchanged', () => {
    const forecasts = backtest(history, { ...options, from: '2022-01', to: '2022-12' });
    expect(forecasts).toHaveLength(24);
    for (const f of forecasts) {
      if (f.floor === null) {
        expect(f.v3).toEqual(f.v2);
        continue;
      }
      f.v3.deciles.forEach((q, k) => {
        expect(q).toBeGreaterThanOrEqual(f.floor as number);
        expect(q).toBeCloseTo(Math.max(f.v2.deciles[k], f.floor as number), 9);
      });
    }
    const scores = score(forecasts);
    expect(scores.map((s) => `${s.horizon} ${s.process}`)).toEqual([
      '12 v2',
      '12 v3',
      '24 v2',
      '24 v3',
    ]);
    for (const s of scores) {
      expect(s.coverage80).toBeGreaterThanOrEqual(s.coverage50);
      expect(s.pinball).toBeGreaterThan(0);
    }
  });
});
