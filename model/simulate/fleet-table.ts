/**
 * @module simulate/fleet-table — a fleet's economics per unit of hashprice, computed once per
 * request: a path's margin of bin b in month t is share[t,b] × hashprice_t − cost[t,b]
 * (docs/montecarlo.md, "The policy"; the same figures as docs/model.md's "Mining" and "Power
 * markets").
 */
import type { FleetEconomics } from '../economics';

/** One fleet's per-bin coefficients over months t < T + L, flattened as t × bins + b. */
export interface FleetTable {
  /** Bins per month (the most any month has; a month with fewer pads with bins that never run). */
  readonly bins: number;
  /** Revenue per MW running in bin b of month t per $/PH/day of hashprice, $M (h_b × revenue). */
  readonly share: Float64Array;
  /** Power and opex per MW running in bin b of month t, less the first bin’s credit, plus the last bin’s charge, $M. */
  readonly cost: Float64Array;
  /** Hours share h_b of bin b in month t (1 without price bins): MW mining = Σ_b h_b run_b. */
  readonly hours: Float64Array;
  /** Resale per MW when the ASIC price index is 1, $M. */
  readonly resalePerMW: number;
  /** Purchase price per MW when the index is 1, $M (0 for the installed fleet). */
  readonly pricePerMW: number;
}

/**
 * The table of a fleet from its economics computed on a hashprice of 1 in every month (so revenue
 * per MW is the coefficient of hashprice, and resale and price are those of index 1).
 */
export function fleetTable(
  fe: FleetEconomics,
  months: number,
  binsOf: (t: number) => readonly number[] | null,
): FleetTable {
  const bins = Math.max(1, ...Array.from({ length: months }, (_, t) => binsOf(t)?.length ?? 1));
  const share = new Float64Array(months * bins);
  const cost = new Float64Array(months * bins).fill(Number.POSITIVE_INFINITY);
  const hours = new Float64Array(months * bins);
  for (let t = 0; t < months; t++) {
    const h = binsOf(t);
    const rev = fe.revenuePerMW[t];
    if (!h || !fe.binMarginPerMW) {
      share[t * bins] = rev;
      cost[t * bins] = fe.costPerMW;
      hours[t * bins] = 1;
      continue;
    }
    for (let b = 0; b < h.length; b++) {
      share[t * bins + b] = h[b] * rev;
      // binMargin = h_b × revenue − cost_b + credits: what is not proportional to hashprice.
      cost[t * bins + b] = h[b] * rev - fe.binMarginPerMW[t][b];
      hours[t * bins + b] = h[b];
    }
  }
  return {
    bins,
    share,
    cost,
    hours,
    resalePerMW: fe.resalePerMW[0],
    pricePerMW: fe.pricePerMW[0],
  };
}
