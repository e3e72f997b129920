/**
 * @module csv — the one CSV writer (RFC 4180) of the web app's downloads and the API's batch
 * results: pure text, no I/O; each caller says how numbers are rounded and how lines end.
 */

/** A cell: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null | undefined;

/** How `csvCell` and `toCsv` write. */
export interface CsvOptions {
  /**
   * Decimal places numbers are rounded to (the web's downloads: 6, so that float noise such as
   * 0.30000000000000004 does not show); default none, numbers as JavaScript writes them.
   */
  readonly decimals?: number;
  /** Line end, after every row including the last; default `\n` (RFC 4180 says `\r\n`). */
  readonly eol?: '\n' | '\r\n';
}

/**
 * One cell: text quoted when it holds a comma, quote or line break (quotes doubled); a number
 * rounded to `decimals`; a non-finite number or nothing as an empty cell.
 * @example csvCell('a,"b"') === '"a,""b"""'; csvCell(1 / 3, { decimals: 2 }) === '0.33'
 */
export function csvCell(v: CsvValue, options: CsvOptions = {}): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (options.decimals === undefined) return String(v);
    const scale = 10 ** options.decimals;
    return String(Math.round(v * scale) / scale);
  }
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows (the first one usually the header) as CSV text; see `csvCell` and `CsvOptions`. */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  const eol = options.eol ?? '\n';
  return rows.map((r) => r.map((v) => csvCell(v, options)).join(',') + eol).join('');
}
