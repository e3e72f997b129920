/**
 * @module parts/tax-book — a case's tax payer as the build collects it (docs/model.md, "Tax"): what
 * every site adds and the columns of its rows; `parts/tax` fills it.
 */
import type { Term } from '../lp';
import type { Tax } from '../schema';

/** A column's taxable income after the horizon, per unit, month by month (t = from … to − 1). */
export interface TaxSource {
  readonly col: number;
  readonly from: number;
  readonly to: number;
  coef(t: number): number;
  /** A cohort's last month (exclusive) with income: its value's end (undefined: not a cohort). */
  readonly earnsUntil?: number;
  /**
   * When the income is a cohort's profile shifted to its start (coef(t) = scale · g(t − start)):
   * the profile's prefix sums, plain and discounted at d from the cohort's start, so that a bucket's
   * sum and the PV take two lookups each.
   */
  readonly shifted?: {
    readonly start: number;
    readonly scale: number;
    /** Σ_{i<j} g(i) and Σ_{i<j} (1 + d)^(−(i+1)/12) · g(i), j = 0 … the profile's length. */
    readonly sum: Float64Array;
    readonly discounted: Float64Array;
  };
}

/** A residual's tax as a sale, per unit of a build column, in its month (a value item at d). */
export interface ResidualTax {
  readonly col: number;
  readonly month: number;
  /** h × (residual − weight × remaining basis), $M per unit. */
  readonly perUnit: number;
}

/** One case's tax payer: what every site adds, and the rows `parts/finance` builds from it. */
export interface TaxBook {
  readonly tax: Tax;
  /** Adjustments to taxable income of month t beyond the operating cash terms, $M. */
  readonly terms: Term[][];
  readonly after: TaxSource[];
  /**
   * First month (exclusive) taxed after the horizon: the end of the last year in which a source
   * can earn (set by `addTaxAfterHorizon`).
   */
  afterEnd: number;
  readonly residuals: ResidualTax[];
  /** Taxable income of month t: its terms and constant (the row's, before pos − neg). */
  readonly taxable: { terms: Term[]; constant: number }[];
  /** pos_t, used_t, nol_t columns (empty when the rate is 0: no rows). */
  readonly pos: number[];
  readonly used: number[];
  readonly nol: number[];
  /** Every column the tax adds (its rows' own: pos, neg, used, loss carried, running balances). */
  readonly cols: number[];
  /** After the horizon, per year: N_y, U_y, the month whose df counts them, and n_y. */
  readonly buckets: {
    readonly neg: number;
    readonly used: number;
    readonly nol: number;
    readonly month: number;
  }[];
}

/** A new book for a case with a tax block (null without one). */
export function taxBook(tax: Tax | undefined, T: number): TaxBook | null {
  if (!tax) return null;
  return {
    tax,
    terms: Array.from({ length: T }, () => []),
    after: [],
    afterEnd: Infinity,
    residuals: [],
    taxable: [],
    pos: [],
    used: [],
    nol: [],
    cols: [],
    buckets: [],
  };
}
