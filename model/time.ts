/** @module time — months, monthly rates and discount factors, by the conventions of docs/model.md. */

/** Days in a model month: a 365.25-day year over 12. */
export const DAYS_PER_MONTH = 30.4375;
/** Hours in a model month. */
export const HOURS_PER_MONTH = 730.5;

/** Month number (years × 12 + month − 1) of a `YYYY-MM` label. */
export function monthNumber(label: string): number {
  // Hot (every build reads labels): a `YYYY-MM` label by character codes, anything else as before.
  if (label.length === 7 && label.charCodeAt(4) === 45) {
    const y = digits(label, 0, 4);
    const m = digits(label, 5, 7);
    if (y >= 0 && m >= 0) return y * 12 + (m - 1);
  }
  const [y, m] = label.split('-').map(Number);
  return y * 12 + (m - 1);
}

/** The number the decimal digits of label[from, to) write, or −1 if one is not a digit. */
function digits(label: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = label.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `YYYY-MM` label of a month number. */
export function monthLabel(n: number): string {
  // Hot (every build labels its months): the labels of years 0 … 9999 are made once.
  const inRange = Number.isInteger(n) && n >= 0 && n < 12 * 10000;
  const kept = inRange ? labels.get(n) : undefined;
  if (kept !== undefined) return kept;
  const y = Math.floor(n / 12);
  const m = n - y * 12 + 1;
  const label = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
  if (inRange) labels.set(n, label);
  return label;
}

/** The labels `monthLabel` has made, by month number. */
const labels = new Map<number, string>();

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

/** The months and the rates `discountFactor` keeps tables of. */
const FACTOR_MONTHS = 1024;
const FACTOR_RATES = 32;
const factorTables = new Map<number, Float64Array>();

/** Discount factor of a cash flow at the end of month t: (1 + d)^(−(t+1)/12). */
export function discountFactor(discountRatePerYear: number, t: number): number {
  if (!(t >= 0 && t < FACTOR_MONTHS && Number.isInteger(t)))
    return Math.pow(1 + discountRatePerYear, -(t + 1) / 12);
  // Hot (every build discounts every month at a few rates): each factor is computed once per rate
  // and then read from its table — the same number, so a pure function still.
  let table = factorTables.get(discountRatePerYear);
  if (!table) {
    if (factorTables.size >= FACTOR_RATES) factorTables.clear();
    table = new Float64Array(FACTOR_MONTHS).fill(Number.NaN);
    factorTables.set(discountRatePerYear, table);
  }
  let v = table[t];
  if (Number.isNaN(v)) {
    v = Math.pow(1 + discountRatePerYear, -(t + 1) / 12);
    table[t] = v;
  }
  return v;
}
