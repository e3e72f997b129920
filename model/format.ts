/**
 * @module format — how the model's messages (notes, diagnoses, time-limit notices) write a MIP gap
 * and money.
 */

/** A MIP gap as a percentage with two decimals (`0.25 %`); `unknown` when the solver gave none. */
export const fmtGap = (g: number | null) => (g === null ? 'unknown' : `${(g * 100).toFixed(2)} %`);

/** Money in $M: three decimals under $100k (`$0.045M`), else one (`$12.3M`). */
export const fmtUsd = (usd: number) => `$${(usd / 1e6).toFixed(Math.abs(usd) < 1e5 ? 3 : 1)}M`;
