/**
 * @module reason-words — how the plain-words reason (model/reason.ts) writes months, MW, money and
 * hashprice: short, for a board, and never two different figures rounded to the same text.
 */

const MONTH_NAMES = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/**
 * The number formats the words use, each made once: `x.toLocaleString('en-US', options)` makes a new
 * `Intl.NumberFormat` on every call, for the same text.
 */
const GROUPED = new Intl.NumberFormat('en-US');
const GROUPED_DECIMALS = [0, 1, 2].map(
  (digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }),
);

/** `text` with its first letter a capital (the answer's messages are phrases). */
export function capitalised(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A `YYYY-MM` label as people read it: `2028-03` → `Mar 2028`. */
export function monthWords(label: string): string {
  const [y, m] = label.split('-').map(Number);
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** Grid MW: whole MW when whole, else one decimal (two under 1 MW); thousands grouped. */
export function mwWords(mw: number): string {
  const digits = Math.abs(mw) < 1 ? 2 : 1;
  return `${GROUPED_DECIMALS[digits].format(Number(mw.toFixed(digits)))} MW`;
}

/** Money with its scale: `$18.8M`, `$331M`, `$1.48B`, `$23.6k`, `$512`; negative with `−`. */
export function usdWords(usd: number): string {
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '−' : '';
  const scaled = (v: number, unit: string) =>
    `${sign}$${GROUPED.format(Number(v.toPrecision(3)))}${unit}`;
  if (abs >= 1e9) return scaled(abs / 1e9, 'B');
  if (abs >= 1e6) return scaled(abs / 1e6, 'M');
  if (abs >= 1e3) return scaled(abs / 1e3, 'k');
  return `${sign}$${Math.round(abs)}`;
}

/** A signed change in money: `+$331M`, `−$2.1M`. */
export function usdDeltaWords(usd: number): string {
  return usd >= 0 ? `+${usdWords(usd)}` : usdWords(usd);
}

/**
 * Two figures compared in one sentence, each with the fewest decimals (0 to 3) that keeps them
 * apart: hashprice $22.6 against a $22.8 breakeven never reads "$23 below $23".
 */
export function pairWords(a: number, b: number, write: (x: string) => string): [string, string] {
  let d = 0;
  while (d < 3 && a.toFixed(d) === b.toFixed(d)) d++;
  return [write(a.toFixed(d)), write(b.toFixed(d))];
}

/** Hashprice as text from an already-rounded figure: `$17/PH/day`. */
export const perPhDay = (x: string) => `$${x}/PH/day`;

/** A list in words: `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
