/**
 * @module montecarlo — seeded Monte Carlo paths of BTC price and network hashrate (monthly
 * correlated geometric Brownian motion), each turned into a hashprice series by the projection
 * formula of docs/model.md.
 *
 * The process, for months t = 0 … T−1 (Δ = 1/12 year), with g_b, g_n the scenario's
 * `btcGrowthPerYear` and `networkGrowthPerYear`, σ_b, σ_n the volatilities per √year and ρ their
 * correlation:
 *
 *   W_b(t) = Σ_{u=1..t} √Δ × Z_u,           W_n(t) = Σ_{u=1..t} √Δ × (ρ Z_u + √(1−ρ²) Z'_u),
 *   btc_t  = btcUsd × (1+g_b)^(t/12) × exp(σ_b W_b(t) − σ_b² t/24),
 *   H_t    = networkEhs × (1+g_n)^(t/12) × exp(σ_n W_n(t) − σ_n² t/24),
 *
 * Z, Z' independent standard normals, one pair per month (W(0) = 0: month 0 is the scenario's
 * start). The drift correction −σ² t/24 (= −σ²/2 per year) is the lognormal one: E[exp(σW(t) −
 * σ²t/24)] = 1, so E[btc_t] = btcUsd × (1+g_b)^(t/12) and E[H_t] = networkEhs × (1+g_n)^(t/12) —
 * the deterministic projection is the mean of each factor (not of hashprice, their ratio). With σ =
 * 0 every factor is exactly 1, so the path is the deterministic projection to the last bit.
 *
 * Hashprice_t = 144 × (subsidy_t + feesBtcPerBlock) × btc_t / (H_t × 1000), subsidy_t = 3.125 BTC
 * before `halvingMonth` (index h, which may be negative) and 3.125 / 2^(1 + floor((t − h)/48)) from
 * it on. With `market.hashprice.floor` each path's hashprice is max(that value, floor_t), and its
 * network is the one that hashprice implies: H_t × hashprice_t / floor_t where the floor binds
 * (docs/model.md, "Hashprice floor (v3)").
 *
 * Randomness: path i of seed s has its own stream (xoshiro128** seeded by splitmix32 from (s, i)),
 * so a path is the same whichever chunk, thread or machine draws it, and in whatever order.
 */
import { z } from 'zod';
import type { HashpriceProjection, Scenario } from './schema';
import { hashpriceAt, hashpriceFloorAt, projectedBtcUsd, projectedNetworkPhs } from './hashprice';
import { monthIndex } from './time';

/** The process's parameters: volatilities and correlation of the two factors. */
export const MonteCarloProcessSchema = z.strictObject({
  btc: z.strictObject({
    volatilityPerYear: z
      .number()
      .min(0, 'must be ≥ 0')
      .max(5, 'must be ≤ 5 (0.6 means 60 % per √year)')
      .describe('BTC price volatility, per √year (0.6 = 60 %)'),
  }),
  network: z.strictObject({
    volatilityPerYear: z
      .number()
      .min(0, 'must be ≥ 0')
      .max(5, 'must be ≤ 5 (0.3 means 30 % per √year)')
      .describe('network hashrate volatility, per √year'),
    correlation: z
      .number()
      .min(-1, 'must be ≥ -1')
      .max(1, 'must be ≤ 1')
      .describe('correlation of the BTC price and hashrate shocks, -1 … 1'),
  }),
});
/** Volatilities and correlation of the two factors. */
export type MonteCarloProcess = z.infer<typeof MonteCarloProcessSchema>;

/** One sampled path: the two factors and the hashprice they give, month by month. */
export interface MarketPath {
  readonly btcUsd: readonly number[];
  /** The sampled network, EH/s; where a floor binds, the smaller one the floor implies. */
  readonly networkEhs: readonly number[];
  readonly usdPerPhDay: number[];
}

/** splitmix32: spreads a 32-bit key over the whole state space (used only to seed xoshiro128**). */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A seeded uniform generator on (0, 1): xoshiro128** (Blackman & Vigna), 32-bit state words, period
 * 2^128 − 1. `stream` selects an independent sequence of the same seed (a path index).
 *
 * @example const u = uniformStream(42, 7); u(); // same value every time for (42, 7)
 */
export function uniformStream(seed: number, stream = 0): () => number {
  const mix = { s: (seed ^ Math.imul(stream + 1, 0x632be5ab)) | 0 };
  splitmix32(mix);
  mix.s = (mix.s + Math.imul(stream, 0x2545f491)) | 0;
  let a = splitmix32(mix),
    b = splitmix32(mix),
    c = splitmix32(mix),
    d = splitmix32(mix);
  if ((a | b | c | d) === 0) a = 1;
  return () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    // (r + 0.5) / 2^32 lies strictly inside (0, 1): safe for log().
    return (r + 0.5) / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The projection a Monte Carlo run starts from; a series scenario has none (the API answers 400).
 */
export function projectionOf(scenario: Scenario): HashpriceProjection {
  const hp = scenario.market.hashprice;
  if (hp.kind !== 'projection')
    throw new Error(`invalid market.hashprice.kind for Monte Carlo: ${hp.kind}`);
  return hp;
}

/** Cumulative Brownian shocks of the two factors, BTC (b) and network (n), in years^½. */
export interface Shocks {
  b: number;
  n: number;
}

/**
 * One month's step of the correlated shocks drawn from a uniform stream: Box–Muller gives a pair of
 * independent normals (z1, z2); W_b += √(1/12)·z1 and W_n += √(1/12)·(ρ·z1 + √(1−ρ²)·z2). Two
 * uniforms a month, in that order, so a path is the same wherever it is drawn.
 */
export function shockStep(u: () => number, rho: number): (w: Shocks) => void {
  const rhoBar = Math.sqrt(Math.max(0, 1 - rho * rho));
  const sqrtDt = Math.sqrt(1 / 12);
  return (w) => {
    const r = Math.sqrt(-2 * Math.log(u()));
    const theta = 2 * Math.PI * u();
    const z1 = r * Math.cos(theta);
    const z2 = r * Math.sin(theta);
    w.b += sqrtDt * z1;
    w.n += sqrtDt * (rho * z1 + rhoBar * z2);
  };
}

/**
 * Path `index` of `seed` over the scenario's horizon (see the module header for the process).
 *
 * @example
 * const p = samplePath(scenario, { btc: { volatilityPerYear: 0.6 }, network: { volatilityPerYear:
 * 0.2, correlation: 0.5 } }, 1, 0); p.usdPerPhDay.length === scenario.horizonMonths;
 */
export function samplePath(
  scenario: Scenario,
  process: MonteCarloProcess,
  seed: number,
  index: number,
): MarketPath {
  return pathSampler(scenario, process)(seed, index);
}

/**
 * `samplePath` for many paths of one scenario and process: what every path shares (the
 * projection's factors, the subsidy, the floor) is computed once; each path is the same to the last
 * bit as `samplePath`'s.
 */
export function pathSampler(
  scenario: Scenario,
  process: MonteCarloProcess,
): (seed: number, index: number) => MarketPath {
  const hp = projectionOf(scenario);
  const T = scenario.horizonMonths;
  const h = monthIndex(scenario.startMonth, hp.halvingMonth);
  const sb = process.btc.volatilityPerYear;
  const sn = process.network.volatilityPerYear;
  const projBtc = Array.from({ length: T }, (_, t) => projectedBtcUsd(hp, t));
  const projNet = Array.from({ length: T }, (_, t) => projectedNetworkPhs(hp, t));
  const floor = hp.floor
    ? Array.from({ length: T }, (_, t) => hashpriceFloorAt(hp.floor!, t))
    : null;
  return (seed, index) => {
    const w = { b: 0, n: 0 };
    const step = shockStep(uniformStream(seed, index), process.network.correlation);
    const btcUsd = new Array<number>(T);
    const networkEhs = new Array<number>(T);
    const usdPerPhDay = new Array<number>(T);
    for (let t = 0; t < T; t++) {
      if (t > 0) step(w);
      // The projection's factors times the shocks: with σ = 0 the value is the projection's to the
      // last bit.
      const btc = sb === 0 ? projBtc[t] : projBtc[t] * Math.exp(sb * w.b - (sb * sb * t) / 24);
      const networkPhs =
        sn === 0 ? projNet[t] : projNet[t] * Math.exp(sn * w.n - (sn * sn * t) / 24);
      const sampled = hashpriceAt(hp, t, h, btc, networkPhs);
      // The floor bounds the path from below: the marginal machines switch off and the network
      // shrinks until hashprice meets it (docs/model.md, "Hashprice floor (v3)").
      const value = floor ? Math.max(sampled, floor[t]) : sampled;
      btcUsd[t] = btc;
      networkEhs[t] =
        value === sampled ? networkPhs / 1000 : ((networkPhs / 1000) * sampled) / value;
      usdPerPhDay[t] = value;
    }
    return { btcUsd, networkEhs, usdPerPhDay };
  };
}

/**
 * The scenario with its hashprice replaced by a path's series (what `evaluate` is given for that
 * path).
 */
export function withHashpriceSeries(scenario: Scenario, usdPerPhDay: readonly number[]): Scenario {
  return {
    ...scenario,
    market: { ...scenario.market, hashprice: { kind: 'series', usdPerPhDay: [...usdPerPhDay] } },
  };
}
