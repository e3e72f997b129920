/** @module time — months, monthly rates and discount factors, by the conventions of docs/model.md. */

/** Days in a model month: a 365.25-day year over 12. */
export const DAYS_PER_MONTH = 30.4375;
/** Hours in a model month. */
export const HOURS_PER_MONTH = 730.5;

/** Month number (years × 12 + month − 1) of a `YYYY-MM` label. */
export function monthNumber(label: string): number {
  const [y, m] = label.split('-').map(Number);
  return y * 12 + (m - 1);
}

/** `YYYY-MM` label of a month number. */
export function monthLabel(n: number): string {
  const y = Math.floor(n / 12);
  const m = n - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** Index t of `label` in a horizon starting at `startMonth` (may be negative or ≥ T). */
export function monthIndex(startMonth: string, label: string): number {
  return monthNumber(label) - monthNumber(startMonth);
}

/** Label of month t of a horizon starting at `startMonth`. */
export function labelAt(startMonth: string, t: number): string {
  return monthLabel(monthNumber(startMonth) + t);
}

/** Monthly rate equivalent to an annual one: (1 + r)^(1/12) − 1. */
export function monthlyRate(perYear: number): number {
  return Math.pow(1 + perYear, 1 / 12) - 1;
}

/** Discount factor of a cash flow at the end of month t: (1 + d)^(−(t+1)/12). */
export function discountFactor(discountRatePerYear: number, t: number): number {
  return Math.pow(1 + discountRatePerYear, -(t + 1) / 12);
}
