/**
 * @module scripts/lib/backtest — the out-of-sample backtest of docs/market.md ("Backtest"): from
 * each origin month, the process and the floor are refitted to the months before it only, hashprice
 * paths are drawn h months ahead, and the realised hashprice is scored against their quantiles, for
 * the v2 process (two correlated GBMs) and the v3 process (the same with hashprice = max(path,
 * floor)). Pure functions of the history; the draws are seeded.
 */
import { type MonteCarloProcess, shockStep, uniformStream } from '../../model/montecarlo';
import { monthIndex } from '../../model/time';
import type { MarketMonth } from '../../test/data/tables';
import { fitFloorLine, fitProcess, floorAt } from './calibrate';
import { type CensoredMonths, fitV3 } from './censored';

/** The quantiles scored: 0.1, 0.2, … 0.9. */
export const QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

/** How a backtest runs. */
export interface BacktestOptions {
  /** First and last origin month, YYYY-MM. */
  readonly from: string;
  readonly to: string;
  /** Months ahead of the last known month. */
  readonly horizons: readonly number[];
  /** Paths per origin. */
  readonly paths: number;
  readonly seed: number;
  /** Known months whose mean fees per block the forecast holds constant. */
  readonly feeMonths: number;
  /**
   * The forecast's drift: 'zero' gives each factor's log a drift of 0 (the median hashprice,
   * without the halvings, stays where it is); 'sample' takes each factor's mean log change over
   * the known months (docs/market.md, "Backtest").
   */
  readonly drift: 'zero' | 'sample';
  /**
   * The volatilities: 'process' is the calibration's (the motion under the monthly means),
   * 'means' the monthly means' own (the calibration before the correction).
   */
  readonly volatility: 'process' | 'means';
  /** Volatilities and correlation to use instead of the fitted ones (the app's old defaults). */
  readonly process?: MonteCarloProcess;
  /**
   * v3's own fit: absent, v3 draws v2's process; otherwise each origin fits v3 by the censored
   * likelihood of `censored.ts` with those months at the floor (docs/market.md, "A censored fit of
   * v3"), and v3's paths draw that process from the same uniforms.
   */
  readonly v3Fit?: CensoredMonths;
}

export const DEFAULT_BACKTEST: BacktestOptions = {
  from: '2018-01',
  to: '2024-12',
  horizons: [12, 24],
  paths: 2000,
  seed: 20160101,
  feeMonths: 3,
  drift: 'zero',
  volatility: 'process',
};

/** A forecast distribution: its QUANTILES and its quartiles. */
export interface Quantiles {
  readonly deciles: readonly number[];
  readonly p25: number;
  readonly p75: number;
}

/** One origin's forecast of one target month. */
export interface Forecast {
  /** The first month not known: the fits use the months before it. */
  readonly origin: string;
  readonly horizon: number;
  /** The last known month + horizon. */
  readonly target: string;
  readonly realised: number;
  /** The floor in the target month, or null while it is not identified (v3 = v2 then). */
  readonly floor: number | null;
  /** The v2 and v3 hashprices' quantiles, USD per PH/s per day. */
  readonly v2: Quantiles;
  readonly v3: Quantiles;
  /** Share of paths the floor lifted. */
  readonly floorBinds: number;
}

/** Quantile p of sorted values, linear between order statistics (Hyndman & Fan type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  const x = (sorted.length - 1) * p;
  const i = Math.floor(x);
  const j = Math.min(i + 1, sorted.length - 1);
  return sorted[i] + (x - i) * (sorted[j] - sorted[i]);
}

/** Pinball loss of quantile forecast q at level p for the realised value y. */
export function pinball(y: number, q: number, p: number): number {
  return y >= q ? p * (y - q) : (1 - p) * (q - y);
}

/**
 * The forecasts from one origin (history index of the first unknown month) at every horizon that
 * the history reaches. Path i draws from `uniformStream(seed + origin index, i)`, one Box–Muller
 * pair per month as the Monte Carlo does (docs/montecarlo.md), so v2 and v3 see the same draws.
 * The draws are made here rather than by the Monte Carlo's `samplePath`, which reads a scenario and
 * its subsidy schedule from 3.125 BTC on: the backtest's subsidy is the history's (25, 12.5, 6.25).
 */
export function forecastsFrom(
  history: readonly MarketMonth[],
  originIndex: number,
  options: BacktestOptions,
): Forecast[] {
  const known = history.slice(0, originIndex);
  const last = known[known.length - 1];
  const fit = fitProcess(known);
  const line = fitFloorLine(known);
  const recent = known.slice(-options.feeMonths);
  const fees = recent.reduce((s, m) => s + m.feesBtcPerBlock, 0) / recent.length;
  const horizons = options.horizons.filter((h) => originIndex - 1 + h < history.length);
  if (horizons.length === 0) return [];
  const maxH = Math.max(...horizons);
  const fitted = options.volatility === 'means' ? 'volatilityOfMeansPerYear' : 'volatilityPerYear';
  const sb = options.process?.btc.volatilityPerYear ?? fit.btc[fitted];
  const sn = options.process?.network.volatilityPerYear ?? fit.network[fitted];
  const rho = options.process?.network.correlation ?? fit.correlation;
  // Log drift a month of each factor.
  const mb = options.drift === 'sample' ? fit.btc.meanLogChangePerMonth : 0;
  const mn = options.drift === 'sample' ? fit.network.meanLogChangePerMonth : 0;
  // Shocks at each horizon, per path: W_b and W_n of docs/montecarlo.md.
  const wAt = horizons.map(() => ({
    b: new Float64Array(options.paths),
    n: new Float64Array(options.paths),
  }));
  for (let i = 0; i < options.paths; i++) {
    const step = shockStep(uniformStream(options.seed + originIndex, i), rho);
    const w = { b: 0, n: 0 };
    for (let t = 1; t <= maxH; t++) {
      step(w);
      horizons.forEach((h, k) => {
        if (h === t) {
          wAt[k].b[i] = w.b;
          wAt[k].n[i] = w.n;
        }
      });
    }
  }
  return horizons.map((h, k) => {
    const target = history[originIndex - 1 + h];
    // The subsidy schedule is known in advance: the target month's (block-weighted) subsidy.
    const coins = target.subsidyBtcPerBlock + fees;
    const floor = line ? floorAt(line, target.month) : null;
    const v2: number[] = [];
    const v3: number[] = [];
    let binds = 0;
    for (let i = 0; i < options.paths; i++) {
      // docs/montecarlo.md's process with log drift ln(1 + g) − σ²/2 = 12 × mb (and mn).
      const btc = last.btcUsd * Math.exp(mb * h + sb * wAt[k].b[i]);
      const ehs = last.networkEhs * Math.exp(mn * h + sn * wAt[k].n[i]);
      const hp = (144 * coins * btc) / (ehs * 1000);
      v2.push(hp);
      if (floor !== null && floor > hp) binds++;
      v3.push(floor === null ? hp : Math.max(hp, floor));
    }
    const quantiles = (v: number[]): Quantiles => {
      v.sort((a, b) => a - b);
      return {
        deciles: QUANTILES.map((p) => quantile(v, p)),
        p25: quantile(v, 0.25),
        p75: quantile(v, 0.75),
      };
    };
    return {
      origin: history[originIndex].month,
      horizon: h,
      target: target.month,
      realised: target.usdPerPhDay,
      floor,
      v2: quantiles(v2),
      v3: quantiles(v3),
      floorBinds: binds / options.paths,
    };
  });
}

/** Every origin's forecasts, origins from `options.from` to `options.to`. */
export function backtest(
  history: readonly MarketMonth[],
  options: BacktestOptions = DEFAULT_BACKTEST,
): Forecast[] {
  const first = monthIndex(history[0].month, options.from);
  const last = monthIndex(history[0].month, options.to);
  if (first < 3 || last >= history.length || last < first)
    throw new Error(`invalid origins: ${options.from} … ${options.to}`);
  const out: Forecast[] = [];
  for (let o = first; o <= last; o++) {
    const forecasts = forecastsFrom(history, o, options);
    const own = options.v3Fit ? fitV3(history.slice(0, o), options.v3Fit) : null;
    if (!own) {
      out.push(...forecasts);
      continue;
    }
    const v3 = forecastsFrom(history, o, { ...options, process: own.process });
    forecasts.forEach((f, k) => out.push({ ...f, v3: v3[k].v3, floorBinds: v3[k].floorBinds }));
  }
  return out;
}

/** The scores of one process at one horizon. */
export interface Score {
  readonly horizon: number;
  readonly process: 'v2' | 'v3';
  readonly forecasts: number;
  /** Shares of realised hashprices within [P10, P90] and [P25, P75]. */
  readonly coverage80: number;
  readonly coverage50: number;
  /** Pinball loss averaged over QUANTILES and forecasts, USD per PH/s per day. */
  readonly pinball: number;
  /** The same on ln hashprice (scale-free: the early years' high prices do not dominate). */
  readonly pinballLog: number;
}

/** Scores of v2 and v3 at each horizon. */
export function score(forecasts: readonly Forecast[]): Score[] {
  const horizons = [...new Set(forecasts.map((f) => f.horizon))].sort((a, b) => a - b);
  const out: Score[] = [];
  for (const horizon of horizons) {
    const fs = forecasts.filter((f) => f.horizon === horizon);
    for (const process of ['v2', 'v3'] as const) {
      let in80 = 0;
      let in50 = 0;
      let loss = 0;
      let lossLog = 0;
      for (const f of fs) {
        const { deciles: q, p25, p75 } = f[process];
        const y = f.realised;
        if (y >= q[0] && y <= q[8]) in80++;
        if (y >= p25 && y <= p75) in50++;
        QUANTILES.forEach((p, k) => {
          loss += pinball(y, q[k], p) / QUANTILES.length;
          lossLog += pinball(Math.log(y), Math.log(q[k]), p) / QUANTILES.length;
        });
      }
      const n = fs.length;
      out.push({
        horizon,
        process,
        forecasts: n,
        coverage80: in80 / n,
        coverage50: in50 / n,
        pinball: loss / n,
        pinballLog: lossLog / n,
      });
    }
  }
  return out;
}
