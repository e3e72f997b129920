/**
 * @module scripts/lib/spread — the spread of the Monte Carlo's hashprice in one month: P10, P90 and
 * their ratio over seeded paths of `model/montecarlo.ts`, with the scenario's floor (v3) and
 * without it (v2), the same draws for both (docs/market.md, "The Monte Carlo's spread").
 */
import { type MonteCarloProcess, projectionOf, samplePath } from '../../model/montecarlo';
import type { Scenario } from '../../model/schema';
import { quantile } from './backtest';

/** One process's hashprice in the month: its P10, P90 and P90 / P10. */
export interface Spread {
  readonly p10: number;
  readonly p90: number;
  readonly ratio: number;
}

/** The scenario without its projection's floor. */
export function withoutFloor(scenario: Scenario): Scenario {
  const { floor: _, ...hp } = projectionOf(scenario);
  return { ...scenario, market: { ...scenario.market, hashprice: hp } };
}

/**
 * The hashprice of month `month` (0 = the start) on paths 0 … paths − 1 of `seed`, with the
 * scenario's floor (v3) and without it (v2). The horizon is lengthened to reach the month.
 */
export function hashpriceSpread(
  scenario: Scenario,
  process: MonteCarloProcess,
  options: { readonly paths: number; readonly seed: number; readonly month: number },
): { v2: Spread; v3: Spread } {
  const long = { ...scenario, horizonMonths: Math.max(scenario.horizonMonths, options.month + 1) };
  const bare = withoutFloor(long);
  const v2: number[] = [];
  const v3: number[] = [];
  for (let i = 0; i < options.paths; i++) {
    v2.push(samplePath(bare, process, options.seed, i).usdPerPhDay[options.month]);
    v3.push(samplePath(long, process, options.seed, i).usdPerPhDay[options.month]);
  }
  const spread = (v: number[]): Spread => {
    v.sort((a, b) => a - b);
    const p10 = quantile(v, 0.1);
    const p90 = quantile(v, 0.9);
    return { p10, p90, ratio: p90 / p10 };
  };
  return { v2: spread(v2), v3: spread(v3) };
}
