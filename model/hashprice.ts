/** @module hashprice — the monthly hashprice path ($/PH/day): a given series or the SPEC's projection. */
import type { Scenario } from './schema';
import { monthIndex } from './time';

/** Block subsidy before the halving, BTC. */
export const SUBSIDY_BTC = 3.125;
/** Block subsidy from the halving month on, BTC. */
export const SUBSIDY_AFTER_HALVING_BTC = 1.5625;
/** Blocks per day (one per 10 minutes). */
export const BLOCKS_PER_DAY = 144;

/**
 * Hashprice in USD per PH/s per day for each month t = 0 … T−1.
 * Projection: 144 × (subsidy_t + fees) × btcUsd × (1+gBtc)^(t/12) / (networkEhs × 1000 × (1+gNet)^(t/12)),
 * subsidy 3.125 BTC before `halvingMonth` and 1.5625 BTC from it on. A series is returned as given.
 *
 * @example hashpricePath(scenario)[0] // ≈ 38.8 for BTC $90k, 1,050 EH/s, 0.02 BTC fees
 */
export function hashpricePath(scenario: Scenario): number[] {
  const hp = scenario.market.hashprice;
  const T = scenario.horizonMonths;
  if (hp.kind === 'series') return hp.usdPerPhDay.slice(0, T);
  const halving = monthIndex(scenario.startMonth, hp.halvingMonth);
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    const subsidy = t >= halving ? SUBSIDY_AFTER_HALVING_BTC : SUBSIDY_BTC;
    const btc = hp.btcUsd * Math.pow(1 + hp.btcGrowthPerYear, t / 12);
    const networkPhs = hp.networkEhs * 1000 * Math.pow(1 + hp.networkGrowthPerYear, t / 12);
    out.push((BLOCKS_PER_DAY * (subsidy + hp.feesBtcPerBlock) * btc) / networkPhs);
  }
  return out;
}
