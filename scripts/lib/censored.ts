/**
 * @module scripts/lib/censored — the v3 process fitted as its own model (docs/market.md, "A
 * censored fit of v3"): where the floor binds, the network that runs is the one the floor implies,
 * below the installed network the process describes, so that month's hashrate change is a censored
 * observation of the process's (the process's change is at least the one recorded). Maximum
 * likelihood with those months censored (a Tobit likelihood) on the monthly log changes.
 */
import type { MonteCarloProcess } from '../../model/montecarlo';
import type { MarketMonth } from '../../test/data/tables';
import { fitFloorLine, fitProcess, MONTHLY_MEAN_VARIANCE_SHARE } from './calibrate';

/** Which months count as months at the floor. */
export type CensoredMonths = 'binding' | 'capitulations';

/**
 * ln P(Z > z) for a standard normal Z, from erfc by Numerical Recipes' Chebyshev fit (relative
 * error under 1.2e-7 everywhere).
 */
export function normalLogSurvival(z: number): number {
  const x = z / Math.SQRT2;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.5 * a);
  const c = [
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398,
    1.48851587, -0.82215223, 0.17087277,
  ];
  let poly = 0;
  for (let k = c.length - 1; k >= 0; k--) poly = c[k] + t * poly;
  const logErfcAbs = Math.log(t) - a * a + poly;
  return x >= 0 ? logErfcAbs - Math.LN2 : Math.log1p(-0.5 * Math.exp(logErfcAbs));
}

/**
 * Nelder–Mead minimum of f from p0 (deterministic: fixed steps; at most 3000 iterations, until the
 * simplex's values agree to 1e-12).
 */
export function nelderMead(f: (p: number[]) => number, p0: number[], step: number[]): number[] {
  const n = p0.length;
  let s = [p0, ...p0.map((_, i) => p0.map((v, j) => v + (i === j ? step[i] : 0)))];
  let fs = s.map(f);
  for (let k = 0; k < 3000; k++) {
    const order = s.map((_, i) => i).sort((a, b) => fs[a] - fs[b]);
    s = order.map((i) => s[i]);
    fs = order.map((i) => fs[i]);
    if (fs[n] - fs[0] <= 1e-12 * (1 + Math.abs(fs[0]))) break;
    const c = p0.map((_, j) => s.slice(0, n).reduce((a, p) => a + p[j], 0) / n);
    const along = (t: number) => c.map((v, j) => v + t * (s[n][j] - v));
    const r = along(-1);
    const fr = f(r);
    if (fr < fs[0]) {
      const e = along(-2);
      const fe = f(e);
      [s[n], fs[n]] = fe < fr ? [e, fe] : [r, fr];
    } else if (fr < fs[n - 1]) {
      [s[n], fs[n]] = [r, fr];
    } else {
      const ct = along(0.5);
      const fc = f(ct);
      if (fc < fs[n]) [s[n], fs[n]] = [ct, fc];
      else
        for (let i = 1; i <= n; i++) {
          s[i] = s[i].map((v, j) => s[0][j] + 0.5 * (v - s[0][j]));
          fs[i] = f(s[i]);
        }
    }
  }
  return s[fs.indexOf(Math.min(...fs))];
}

/** A censored fit: the process, and the months taken as censored. */
export interface CensoredFit {
  readonly process: MonteCarloProcess;
  readonly censored: readonly string[];
}

/**
 * The process fitted with the months `censored` names taken as censored: the BTC change is observed
 * in every month, so σ_b is fitprocess's; the network's change given the BTC change is
 * N(a + b x, s²), with P(Y ≥ y) in place of the density in the censored months; then σ_n² = b² σ_x²
 * + s², ρ = b σ_x / σ_n, both scaled as the calibration scales them. No censored month: the fit of
 * `fitProcess`.
 */
export function fitCensored(
  history: readonly MarketMonth[],
  censored: ReadonlySet<string>,
): CensoredFit {
  const naive = fitProcess(history);
  const x: number[] = [];
  const y: number[] = [];
  const cut: boolean[] = [];
  for (let i = 1; i < history.length; i++) {
    x.push(Math.log(history[i].btcUsd / history[i - 1].btcUsd));
    y.push(Math.log(history[i].networkEhs / history[i - 1].networkEhs));
    cut.push(censored.has(history[i].month));
  }
  const n = x.length;
  const scale = Math.sqrt(12 / MONTHLY_MEAN_VARIANCE_SHARE);
  const sx = naive.btc.volatilityPerYear / scale;
  const sy = naive.network.volatilityPerYear / scale;
  let b = (naive.correlation * sy) / sx;
  let a = naive.network.meanLogChangePerMonth - b * naive.btc.meanLogChangePerMonth;
  let logS = Math.log(sy * Math.sqrt(1 - naive.correlation ** 2));
  const used = history
    .slice(1)
    .filter((m) => censored.has(m.month))
    .map((m) => m.month);
  if (used.length > 0) {
    const negLogLikelihood = ([pa, pb, pls]: number[]) => {
      const s = Math.exp(pls);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const z = (y[i] - pa - pb * x[i]) / s;
        sum += cut[i] ? normalLogSurvival(z) : -0.5 * z * z - pls;
      }
      return -sum;
    };
    [a, b, logS] = nelderMead(negLogLikelihood, [a, b, logS], [0.002, 0.02, 0.05]);
  }
  const network = Math.sqrt(b * b * sx * sx + Math.exp(2 * logS));
  return {
    process: {
      btc: { volatilityPerYear: naive.btc.volatilityPerYear },
      network: { volatilityPerYear: network * scale, correlation: (b * sx) / network },
    },
    censored: used,
  };
}

/**
 * The censored fit of a history with its floor line (`fitFloorLine`): censored are the month the
 * line touches ('binding') or the capitulation months it was fitted to ('capitulations'). Null
 * while the floor is not identified (v3 is v2 then).
 */
export function fitV3(history: readonly MarketMonth[], months: CensoredMonths): CensoredFit | null {
  const line = fitFloorLine(history);
  if (!line) return null;
  const set = months === 'binding' ? [line.bindingMonth] : line.points.map((p) => p.month);
  return fitCensored(history, new Set(set));
}
