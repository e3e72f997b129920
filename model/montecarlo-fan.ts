/**
 * @module montecarlo-fan — the fan of a run's hashprice paths: percentiles p5 … p95 of hashprice
 * month by month over the run's first paths (at most `FAN_PATHS`), re-sampled from the run's seed
 * (a path is the same wherever it is drawn), so the fan costs no stored row.
 */
import { pathSampler, type MonteCarloProcess } from './montecarlo';
import { percentiles, PERCENTILES, type HashpriceFan } from './montecarlo-stats';
import type { Scenario } from './schema';
import { labelAt } from './time';

/** Most paths a fan is drawn from. */
export const FAN_PATHS = 1000;

/**
 * The fan of paths 0 … min(paths, FAN_PATHS)−1 of (seed, process) on the scenario.
 *
 * @example hashpriceFan(scenario, process, 7, 500).p50[0] // month 0's median
 */
export function hashpriceFan(
  scenario: Scenario,
  process: MonteCarloProcess,
  seed: number,
  paths: number,
): HashpriceFan {
  const T = scenario.horizonMonths;
  const n = Math.max(0, Math.min(paths, FAN_PATHS));
  const sample = pathSampler(scenario, process);
  const byMonth = Array.from({ length: T }, () => new Array<number>(n));
  for (let i = 0; i < n; i++) {
    const hp = sample(seed, i).usdPerPhDay;
    for (let t = 0; t < T; t++) byMonth[t][i] = hp[t];
  }
  const rows = byMonth.map((v) => percentiles(v));
  const fan: Record<string, unknown> = {
    months: Array.from({ length: T }, (_, t) => labelAt(scenario.startMonth, t)),
    paths: n,
  };
  for (const p of PERCENTILES) fan[`p${p}`] = rows.map((r) => (r ? r[`p${p}`] : 0));
  return fan as HashpriceFan;
}
