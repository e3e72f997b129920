/**
 * @module simulate/treasury — the BTC a path keeps and the loan it backs (docs/montecarlo.md,
 * "Treasury"): holdShare of each month's mined BTC is kept; when the loan exceeds marginCallLtv ×
 * the BTC's value, BTC is sold to bring it back to maxLtv (all of it when that is not enough).
 */

/** What a month's margin call did. */
export interface MarginCall {
  /** BTC sold, $M (its proceeds repay the loan). */
  readonly soldUsdM: number;
  /** BTC sold. */
  readonly soldBtc: number;
}

/**
 * The margin call of a loan `loan` ($M) against `btcHeld` BTC at `btcUsd`: with V the value held,
 * when loan > marginCallLtv × V, the sale x ($M) that brings (loan − x) / (V − x) to maxLtv, x =
 * (loan − maxLtv × V) / (1 − maxLtv), at most V. Null when no call.
 *
 * @example marginCall(0.8, 40, 25_000, 0.4, 0.6) // $0.8M against 40 BTC at $25k: sells $0.667M of it
 */
export function marginCall(
  loan: number,
  btcHeld: number,
  btcUsd: number,
  maxLtv: number,
  marginCallLtv: number,
): MarginCall | null {
  const value = (btcHeld * btcUsd) / 1e6;
  if (loan <= 0 || loan <= marginCallLtv * value) return null;
  const x = maxLtv < 1 ? Math.min(value, (loan - maxLtv * value) / (1 - maxLtv)) : value;
  return { soldUsdM: x, soldBtc: value > 0 ? (btcHeld * x) / value : 0 };
}
