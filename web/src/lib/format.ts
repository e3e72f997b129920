/**
 * @module format — how the app writes money, MW, months, shares and changes (one place,
 * unit-tested).
 */
import { labelAt, monthIndex } from '../../../model/time';

const MINUS = '\u2212';

/** Most fraction digits with a format made once (below). */
const MAX_FORMAT_DIGITS = 6;

/**
 * `en-US` number formats by fraction digits, made once: `toLocaleString` with options builds a new
 * `Intl.NumberFormat` on every call, and a slider step writes hundreds of figures. `UP_TO[d]` has
 * at most d digits, `EXACTLY[d]` exactly d.
 */
const UP_TO = Array.from(
  { length: MAX_FORMAT_DIGITS + 1 },
  (_, d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }),
);
const EXACTLY = Array.from(
  { length: MAX_FORMAT_DIGITS + 1 },
  (_, d) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }),
);

/** `x` in `en-US` with at most `max` (and at least `min`) fraction digits, thousands grouped. */
export function localeNumber(x: number, max: number, min = 0): string {
  const known = Number.isInteger(max) && max >= 0 && max <= MAX_FORMAT_DIGITS;
  if (known && min === 0) return UP_TO[max].format(x);
  if (known && min === max) return EXACTLY[max].format(x);
  return x.toLocaleString('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
}

/** Digits after the point for a figure of this size: fewer for larger numbers. */
function digitsFor(abs: number): number {
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  return 2;
}

function fixed(x: number, digits: number): string {
  // toFixed on -0.001 gives "-0.00": normalise so a figure never reads as negative zero.
  const s = Math.abs(x).toFixed(digits);
  return Number(s) === 0 ? s : (x < 0 ? MINUS : '') + s;
}

/**
 * Money in USD, compact: `$1.23B`, `$123M`, `$12.3M`, `$850k`, `$95`.
 * @param usd amount in USD; `null`/non-finite gives `—`.
 * @example formatUsd(12_345_678) // "$12.3M"
 */
export function formatUsd(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '—';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? MINUS : '';
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size * 0.9995) {
      const v = abs / size;
      return `${sign}$${Number(v.toFixed(digitsFor(v)))}${suffix}`;
    }
  }
  return abs < 0.5 ? '$0' : `${sign}$${abs.toFixed(0)}`;
}

/** Money in millions of USD with a fixed number of decimals, no unit: axis ticks (`12.5`). */
export function formatUsdMillions(usd: number, digits = 1): string {
  return fixed(usd / 1e6, digits);
}

/**
 * A change in money, signed: `+$1.2M`, `−$450k`, `±$0` for no change.
 * @param usd the change in USD.
 */
export function formatUsdDelta(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '—';
  if (Math.abs(usd) < 0.5) return '±$0';
  return (usd > 0 ? '+' : '') + formatUsd(usd);
}

/**
 * Megawatts: `42.5 MW`, `150 MW`, `0.25 MW`.
 * @param mw grid (or IT) MW; `null` gives `—`.
 */
export function formatMW(mw: number | null | undefined): string {
  if (mw == null || !Number.isFinite(mw)) return '—';
  const abs = Math.abs(mw);
  // Solver answers carry 1e-9 noise: anything below a kW reads as zero.
  if (abs < 1e-3) return '0 MW';
  // Trailing zeros add nothing to an MW figure: 5.50 reads as 5.5, 50.0 as 50; solver noise
  // (850.0000000000007) is rounded away, thousands are grouped (1,100 MW).
  const rounded = Number(abs.toFixed(digitsFor(abs)));
  return `${mw < 0 ? MINUS : ''}${localeNumber(rounded, 2)} MW`;
}

/** A change in MW, signed: `+12 MW`, `−5.5 MW`, `±0 MW`. */
export function formatMWDelta(mw: number | null | undefined): string {
  if (mw == null || !Number.isFinite(mw)) return '—';
  if (Math.abs(mw) < 1e-3) return '±0 MW';
  return (mw > 0 ? '+' : '') + formatMW(mw);
}

const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/**
 * A `YYYY-MM` month for people: `Jan 2027`. Anything else is returned as it is; `null` gives `—`.
 */
export function formatMonth(month: string | null | undefined): string {
  if (month == null) return '—';
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const name = MONTH_NAMES[Number(m[2]) - 1];
  return name ? `${name} ${m[1]}` : month;
}

/** A month count as a duration: `1 month`, `15 months`, `2 yr 3 mo` from 24 months on. */
export function formatMonths(n: number): string {
  if (n < 24) return `${n} month${n === 1 ? '' : 's'}`;
  const y = Math.floor(n / 12);
  const r = n % 12;
  return r ? `${y} yr ${r} mo` : `${y} yr`;
}

/**
 * A share or a rate as a percentage: `12.5 %`. Input 0.125 means 12.5 %.
 * @param digits decimals (default 1).
 */
export function formatPct(share: number | null | undefined, digits = 1): string {
  if (share == null || !Number.isFinite(share)) return '—';
  return `${fixed(share * 100, digits)} %`;
}

/** A change in a share, in percentage points: `+1.5 pp`. */
export function formatPpDelta(share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return '—';
  if (Math.abs(share) < 5e-5) return '±0 pp';
  return `${share > 0 ? '+' : ''}${fixed(share * 100, 1)} pp`;
}

/** Hashprice: `$38.2/PH/day`. */
export function formatHashprice(usdPerPhDay: number | null | undefined): string {
  if (usdPerPhDay == null || !Number.isFinite(usdPerPhDay)) return '—';
  return `$${fixed(usdPerPhDay, 1)}/PH/day`;
}

/** A plain number with thousands separators and at most `digits` decimals. */
export function formatNumber(x: number, digits = 2): string {
  return localeNumber(x, digits);
}

/** Months between two `YYYY-MM` months (b − a): the model's `monthIndex`. */
export function monthsBetween(a: string, b: string): number {
  return monthIndex(a, b);
}

/** The month `n` months after `month` (`YYYY-MM`): the model's `labelAt`. */
export function addMonths(month: string, n: number): string {
  return labelAt(month, n);
}
