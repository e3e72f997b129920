/**
 * @module hashprice — the monthly hashprice path ($/PH/day): a given series or the projection of
 * docs/model.md, with its floor (v3) and the network hashrate it implies.
 */
import type { HashpriceFloor, HashpriceProjection, Scenario } from './schema';
import { monthIndex } from './time';

/** Block subsidy before the first halving the scenario names, BTC. */
export const SUBSIDY_BTC = 3.125;
/** Months between two halvings (docs/model.md, "Hashprice"). */
export const HALVING_INTERVAL_MONTHS = 48;
/** Blocks per day (one per 10 minutes). */
export const BLOCKS_PER_DAY = 144;

/**
 * Block subsidy in month t (BTC), with h the index of `halvingMonth` (negative when it lies before
 * the start): 3.125 for t < h, else 3.125 / 2^(1 + ⌊(t − h)/48⌋) — a halving every 48 months from h
 * on.
 */
export function subsidyBtc(t: number, h: number): number {
  return t < h
    ? SUBSIDY_BTC
    : SUBSIDY_BTC / Math.pow(2, 1 + Math.floor((t - h) / HALVING_INTERVAL_MONTHS));
}

/** The projection's BTC price in month t, USD: btcUsd × (1+gBtc)^(t/12). */
export function projectedBtcUsd(hp: HashpriceProjection, t: number): number {
  return hp.btcUsd * Math.pow(1 + hp.btcGrowthPerYear, t / 12);
}

/** The projection's network hashrate in month t, PH/s: networkEhs × 1000 × (1+gNet)^(t/12). */
export function projectedNetworkPhs(hp: HashpriceProjection, t: number): number {
  return hp.networkEhs * 1000 * Math.pow(1 + hp.networkGrowthPerYear, t / 12);
}

/**
 * Hashprice of month t, USD per PH/s per day, for a BTC price and a network hashrate (the
 * projection's, or a Monte Carlo path's): 144 × (subsidy_t + fees) × btcUsd / networkPhs, with h
 * the index of `halvingMonth`.
 */
export function hashpriceAt(
  hp: HashpriceProjection,
  t: number,
  h: number,
  btcUsd: number,
  networkPhs: number,
): number {
  return (BLOCKS_PER_DAY * (subsidyBtc(t, h) + hp.feesBtcPerBlock) * btcUsd) / networkPhs;
}

/**
 * The floor of month t, USD per PH/s per day (docs/model.md, "Hashprice floor (v3)"): the marginal
 * machines' cash cost, 0.024 × marginalJPerTH × (1 − efficiencyGainPerYear)^(t/12) ×
 * powerUsdPerMWh + otherCostUsdPerPhDay (a PH/s at e J/TH draws e kW: 0.024 × e MWh a day).
 *
 * @example hashpriceFloorAt({ marginalJPerTH: 21.5, powerUsdPerMWh: 60, efficiencyGainPerYear: 0,
 * otherCostUsdPerPhDay: 0 }, 0) // 30.96
 */
export function hashpriceFloorAt(floor: HashpriceFloor, t: number): number {
  return (
    0.024 *
      floor.marginalJPerTH *
      Math.pow(1 - floor.efficiencyGainPerYear, t / 12) *
      floor.powerUsdPerMWh +
    floor.otherCostUsdPerPhDay
  );
}

/**
 * The floor for months t = 0 … months−1, USD per PH/s per day; null without one (a series, or a
 * projection with no `floor`).
 */
export function floorPath(scenario: Scenario, months = scenario.horizonMonths): number[] | null {
  const hp = scenario.market.hashprice;
  if (hp.kind !== 'projection' || !hp.floor) return null;
  const floor = hp.floor;
  return Array.from({ length: months }, (_, t) => hashpriceFloorAt(floor, t));
}

/**
 * The projection's own hashprice for months t = 0 … months−1, before any floor: 144 × (subsidy_t +
 * fees) × btcUsd × (1+gBtc)^(t/12) / (networkEhs × 1000 × (1+gNet)^(t/12)), the same formula past
 * the horizon. A series: as `hashpricePath`.
 */
export function projectedPath(scenario: Scenario, months = scenario.horizonMonths): number[] {
  const hp = scenario.market.hashprice;
  const T = scenario.horizonMonths;
  if (hp.kind === 'series') return heldSeries(hp.usdPerPhDay, T, months);
  const halving = monthIndex(scenario.startMonth, hp.halvingMonth);
  const out: number[] = [];
  for (let t = 0; t < months; t++)
    out.push(hashpriceAt(hp, t, halving, projectedBtcUsd(hp, t), projectedNetworkPhs(hp, t)));
  return out;
}

/** `values` raised to the floor month by month (the values themselves without a floor). */
export function floored(values: readonly number[], floor: readonly number[] | null): number[] {
  return floor ? values.map((v, t) => Math.max(v, floor[t])) : [...values];
}

/**
 * Hashprice in USD per PH/s per day for months t = 0 … months−1 (`months` may run past the horizon,
 * for the values after it that the merchant tail needs). Projection: the projected value
 * (`projectedPath`), raised to the floor where one is set: max(projected_t, floor_t), past the
 * horizon too. A series: its first values, its last value held past its end (values past the
 * horizon are ignored: `series[T−1]` holds from T on); a series has no floor.
 *
 * @example hashpricePath(scenario)[0] // ≈ 38.8 for BTC $90k, 1,050 EH/s, 0.02 BTC fees
 */
export function hashpricePath(scenario: Scenario, months = scenario.horizonMonths): number[] {
  const projected = projectedPath(scenario, months);
  const floor = floorPath(scenario, months);
  return floor ? floored(projected, floor) : projected;
}

/**
 * The network hashrate, EH/s, that a projection's month t implies at hashprice `usdPerPhDay`: the
 * network's revenue over the hashprice, i.e. the projection's network × projected_t / usdPerPhDay
 * — the projection's own where the floor does not bind, less where it does (the marginal machines
 * switched off). Undefined for a series or a hashprice of 0.
 */
export function impliedNetworkEhs(
  scenario: Scenario,
  t: number,
  usdPerPhDay: number,
): number | undefined {
  const hp = scenario.market.hashprice;
  if (hp.kind !== 'projection' || !(usdPerPhDay > 0)) return undefined;
  const h = monthIndex(scenario.startMonth, hp.halvingMonth);
  const networkPhs = projectedNetworkPhs(hp, t);
  const projected = hashpriceAt(hp, t, h, projectedBtcUsd(hp, t), networkPhs);
  // Exactly the projection's network where the hashprice is the projected one.
  return usdPerPhDay === projected
    ? networkPhs / 1000
    : ((networkPhs / 1000) * projected) / usdPerPhDay;
}

/**
 * A series' first `horizon` values, its value of month horizon−1 held for months horizon …
 * months−1.
 */
export function heldSeries(series: readonly number[], horizon: number, months: number): number[] {
  const used = series.slice(0, Math.min(horizon, series.length));
  const last = used[used.length - 1] ?? 0;
  return Array.from({ length: months }, (_, t) => (t < used.length ? used[t] : last));
}
