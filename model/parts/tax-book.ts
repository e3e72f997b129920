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
  readonly residuals: ResidualTax[];
  /** Taxable income of month t: its terms and constant (the row's, before pos − neg). */
  readonly taxable: { terms: Term[]; constant: number }[];
  /** pos_t, used_t, nol_t columns (empty when the rate is 0: no rows). */
  readonly pos: number[];
  readonly used: number[];
  readonly nol: number[];
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
    residuals: [],
    taxable: [],
    pos: [],
    used: [],
    nol: [],
    buckets: [],
  };
}
