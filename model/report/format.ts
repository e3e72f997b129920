/**
 * @module report/format — how the board report writes money, megawatts, months, days and rates:
 * one place, which the page and its test both read.
 */

const MINUS = '\u2212';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A number with grouped thousands and exactly `digits` decimals, − for negatives, never −0. */
function grouped(x: number, digits: number): string {
  const s = Math.abs(x).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return (x < 0 && Number(Math.abs(x).toFixed(digits)) !== 0 ? MINUS : '') + s;
}

/**
 * Money in millions of USD with one decimal, the way a board pack reads it: `$331.0M`, `−$4.2M`,
 * `$1,234.5M`; `—` for null or a non-finite value.
 * @example reportUsd(331_030_013) // "$331.0M"
 */
export function reportUsd(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '—';
  const s = grouped(usd / 1e6, 1);
  return s.startsWith(MINUS) ? `${MINUS}$${s.slice(1)}M` : `$${s}M`;
}

/** A change in money, signed: `+$331.0M`, `−$4.2M`, `±$0.0M` under $50k. */
export function reportUsdDelta(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '—';
  if (Math.abs(usd) < 5e4) return '±$0.0M';
  return (usd > 0 ? '+' : '') + reportUsd(usd);
}

/** Megawatts with at most one decimal: `100 MW`, `94.5 MW`. */
export function reportMW(mw: number | null | undefined): string {
  if (mw == null || !Number.isFinite(mw)) return '—';
  const v = Math.abs(mw) < 0.05 ? 0 : mw;
  return `${v.toLocaleString('en-US', { maximumFractionDigits: 1 }).replace('-', MINUS)} MW`;
}

/** A `YYYY-MM` month for people: `Jan 2027`; anything else as it is; `—` for null. */
export function reportMonth(month: string | null | undefined): string {
  if (month == null) return '—';
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const name = m && MONTHS[Number(m[2]) - 1];
  return m && name ? `${name} ${m[1]}` : month;
}

/** A `YYYY-MM-DD` day for people: `29 Dec 2025`; a month as `reportMonth` writes it. */
export function reportDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[3])} ${reportMonth(`${m[1]}-${m[2]}`)}` : reportMonth(day);
}

/** A share or a rate as a percentage: `12.0 %` (0.12), with `digits` decimals (default 1). */
export function reportPct(share: number | null | undefined, digits = 1): string {
  if (share == null || !Number.isFinite(share)) return '—';
  return `${grouped(share * 100, digits)} %`;
}

/** A plain figure with grouped thousands and at most `digits` decimals: `1,050`, `0.02`. */
export function reportNumber(x: number, digits = 2): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: digits }).replace('-', MINUS);
}
