/**
 * @module censored.test — the v3 process fitted as its own model by a censored likelihood
 * (docs/market.md, "A censored fit of v3"): the normal tail it uses, the fit equal to the
 * calibration's with no month censored, the figures docs/market.md gives, and the backtest's v3
 * drawing its own fit from the same uniforms with no look-ahead.
 */
import { describe, expect, it } from 'vitest';
import { backtest, DEFAULT_BACKTEST } from '../../scripts/lib/backtest';
import { fitProcess } from '../../scripts/lib/calibrate';
import { fitCensored, fitV3, normalLogSurvival } from '../../scripts/lib/censored';
import { monthIndex } from '../../model/time';
import { loadMarketHistory } from './tables';

const history = loadMarketHistory();

describe('normalLogSurvival', () => {
  it('is ln P(Z > z) of a standard normal', () => {
    expect(normalLogSurvival(0)).toBeCloseTo(Math.log(0.5), 7);
    expect(normalLogSurvival(1.2815515655446004)).toBeCloseTo(Math.log(0.1), 6);
    expect(normalLogSurvival(-1.2815515655446004)).toBeCloseTo(Math.log(0.9), 7);
    expect(normalLogSurvival(5) / Math.log(2.866515718791939e-7)).toBeCloseTo(1, 6);
  });
});

describe('fitCensored', () => {
  it('is the calibration’s fit when no month is censored', () => {
    const naive = fitProcess(history);
    const own = fitCensored(history, new Set());
    expect(own.censored).toEqual([]);
    expect(own.process.btc.volatilityPerYear).toBe(naive.btc.volatilityPerYear);
    expect(own.process.network.volatilityPerYear).toBeCloseTo(naive.network.volatilityPerYear, 12);
    expect(own.process.network.correlation).toBeCloseTo(naive.correlation, 12);
  });

  it('gives docs/market.md’s figures on 2016-01 … 2025-12', () => {
    const binding = fitV3(history, 'binding')!;
    expect(binding.censored).toEqual(['2020-07']);
    expect(binding.process.network.volatilityPerYear).toBeCloseTo(0.3563, 3);
    expect(binding.process.network.correlation).toBeCloseTo(0.2194, 3);
    const caps = fitV3(history, 'capitulations')!;
    expect(caps.censored).toHaveLength(9);
    expect(caps.process.btc.volatilityPerYear).toBe(fitProcess(history).btc.volatilityPerYear);
    expect(caps.process.network.volatilityPerYear).toBeCloseTo(0.3255, 3);
    expect(caps.process.network.correlation).toBeCloseTo(0.0817, 3);
  });
});

describe('the backtest with v3 fitted as its own model', () => {
  const options = { ...DEFAULT_BACKTEST, paths: 200, from: '2021-06', to: '2021-09' };

  it('leaves v2 as it was and fits v3 on the months before each origin only', () => {
    const plain = backtest(history, options);
    const own = backtest(history, { ...options, v3Fit: 'capitulations' });
    expect(own.map((f) => f.v2)).toEqual(plain.map((f) => f.v2));
    expect(own.some((f, k) => f.v3.deciles[8] !== plain[k].v3.deciles[8])).toBe(true);
    for (const f of own) expect(f.v3.deciles[0]).toBeGreaterThanOrEqual(f.floor as number);
    // Months from the last origin on, scrambled but for the realised ones: the same forecasts.
    const cut = monthIndex(history[0].month, options.to);
    const targets = new Set(own.map((f) => f.target));
    const scrambled = history.map((m, i) =>
      i < cut || targets.has(m.month)
        ? m
        : { ...m, btcUsd: m.btcUsd * 3, networkEhs: m.networkEhs / 2, usdPerPhDay: 1 },
    );
    expect(backtest(scrambled, { ...options, v3Fit: 'capitulations' })).toEqual(own);
  }, 60_000);
});
