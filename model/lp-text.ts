/** @module lp-text — writes an Lp as CPLEX LP text that HiGHS' and GLPK's readers both accept. */
import { ModelError } from './lp';
import type { Lp } from './lp';
import { solverBounds } from './solvers/verify';

/** Options of `toLpText`. */
export interface LpTextOptions {
  /**
   * Factor applied to the objective: coefficients and constant (a positive, finite number; default
   * 1). E.g. 1e-6 writes an objective in $ as $M. Rows and bounds are written as they are.
   */
  readonly scale?: number;
}

/** Lines are wrapped before this many characters (LP readers have line limits; 255 is common). */
const WIDTH = 200;

/**
 * Words that LP readers take as keywords when they stand alone (compared case-insensitively). A
 * frozen list, not a Set: no module-level object in model/ can be changed (docs/style.md §11).
 */
const RESERVED: readonly string[] = Object.freeze(
  (
    'max maximize maximise maximum min minimize minimise minimum st s.t. st. subject such bound bounds ' +
    'gen general generals int integer integers bin binary binaries ' +
    'semi semis semi-continuous sos end free inf infinity'
  ).split(' '),
);

/**
 * Formats a finite number so that it reads back to the same double: the shortest round-trip
 * digits, written without an exponent (1e21 → `1000000000000000000000`, 1e-7 → `0.0000001`) unless
 * that would be longer than 40 characters, where the exponent form (`1.5e-300`) is kept; −0 is `0`.
 * Throws `ModelError` for a non-finite number.
 */
export function formatLpNumber(v: number): string {
  if (!Number.isFinite(v)) throw new ModelError(`invalid LP number: ${v}`);
  const s = String(v === 0 ? 0 : v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s.startsWith('-') ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exponent; // position of the decimal point in `digits`
  const plain =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return plain.length <= 40 ? sign + plain : s;
}

/** `+ 3 x`, `- x`, `0 x` — a signed term, as GLPK's own writer spells it. */
function term(coef: number, name: string): string {
  if (coef === 0) return `0 ${name}`;
  const abs = Math.abs(coef);
  return `${coef < 0 ? '-' : '+'} ${abs === 1 ? '' : `${formatLpNumber(abs)} `}${name}`;
}

/**
 * Joins `head` and `parts` with spaces into lines shorter than `WIDTH`; continuation lines are
 * indented.
 */
function wrap(head: string, parts: readonly string[]): string[] {
  const lines: string[] = [];
  let line = head;
  for (const p of parts) {
    if (line.length + 1 + p.length > WIDTH && line.trim() !== '') {
      lines.push(line);
      line = `   ${p}`;
    } else line += line === '' ? p : ` ${p}`;
  }
  lines.push(line);
  return lines;
}

/** A name not in `taken`: `base`, else `base_1`, `base_2`, … */
function unique(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let k = 1; ; k++) if (!taken(`${base}_${k}`)) return `${base}_${k}`;
}

/**
 * Writes the Lp in CPLEX LP format: `Maximize` / `obj:` / `Subject To` / `Bounds` / `Generals` /
 * `End`.
 * - The objective constant (× scale) is the coefficient of a column `constant` fixed at 1 in
 *   `Bounds` (renamed `constant_1`, … on a clash), since not every reader accepts a constant term.
 *   The column is written when the constant is non-zero or the Lp has no columns.
 * - A row with both bounds finite and different is split in two rows `<name>.lo` (≥) and
 *   `<name>.hi` (≤); GLPK reads no `-R <= expr <= R` ranges. Equal bounds give `=`. A row with no
 *   finite bound is left out; an empty row is written with a zero term (`0 x`), as GLPK does.
 * - Bounds: nothing for the default [0, +inf); `x = v`, `x free`, `x >= lb`, `-inf <= x <= ub`,
 *   `lb <= x <= ub` otherwise (both sides always written: readers differ on `x <= negative`).
 *   Integer columns' bounds are the solve's own, rounded inward by `solverBounds` (a cap of 9.5
 *   blocks is written 9): the same integer points, and GLPK refuses fractional integer bounds.
 * - Integer columns are listed under `Generals`. Numbers per `formatLpNumber`; lines are wrapped
 *   under 200 characters. A reader that treats |v| ≥ 1e20 as infinite (HiGHS) will do so here too.
 *   Throws `ModelError` for a bad scale or an Lp name that LP readers take as a keyword (`free`,
 *   `end`, …).
 *
 * @example
 * const text = toLpText(lp, { scale: 1e-6 }); // objective in $M
 */
export function toLpText(lp: Lp, options: LpTextOptions = {}): string {
  const scale = options.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new ModelError(`invalid scale: ${scale}`);
  for (const name of [...lp.colNames, ...lp.rowNames]) {
    if (RESERVED.includes(name.toLowerCase()))
      throw new ModelError(`invalid LP name: ${name} (a keyword of the LP format)`);
  }
  const constant = lp.objectiveConstant * scale;
  const constName =
    constant !== 0 || lp.numCols === 0 ? unique('constant', (n) => lp.col(n) !== undefined) : null;
  const anyCol = lp.colNames[0] ?? constName ?? 'constant';
  const rowTaken = (n: string) => lp.row(n) !== undefined;

  const lines = [
    `\\ Switchyard LP: ${lp.numCols} columns, ${lp.numRows} rows, ${lp.numIntegers} integer; ` +
      `objective x ${formatLpNumber(scale)}`,
    'Maximize',
  ];
  const objTerms = lp.colObj.flatMap((c, j) => (c !== 0 ? [term(c * scale, lp.colNames[j])] : []));
  if (constName !== null) objTerms.push(term(constant, constName));
  lines.push(...wrap(' obj:', objTerms.length > 0 ? objTerms : [term(0, anyCol)]));

  lines.push('Subject To');
  let written = 0;
  for (let i = 0; i < lp.numRows; i++) {
    const [lo, hi] = [lp.rowLb[i], lp.rowUb[i]];
    if (!Number.isFinite(lo) && !Number.isFinite(hi)) continue;
    const parts: string[] = [];
    for (let k = lp.rowStart[i]; k < lp.rowStart[i + 1]; k++)
      parts.push(term(lp.rowCoefs[k], lp.colNames[lp.rowCols[k]]));
    if (parts.length === 0) parts.push(term(0, anyCol));
    const name = lp.rowNames[i];
    const side = (label: string, rel: string, rhs: number) =>
      lines.push(...wrap(` ${label}:`, [...parts, rel, formatLpNumber(rhs)]));
    if (lo === hi) side(name, '=', lo);
    else if (Number.isFinite(lo) && Number.isFinite(hi)) {
      side(unique(`${name}.lo`, rowTaken), '>=', lo);
      side(unique(`${name}.hi`, rowTaken), '<=', hi);
    } else if (Number.isFinite(lo)) side(name, '>=', lo);
    else side(name, '<=', hi);
    written++;
  }
  // Readers want at least one constraint: an always-true one keeps an Lp without rows readable.
  if (written === 0) lines.push(` ${unique('no_rows', rowTaken)}: ${term(0, anyCol)} >= 0`);

  lines.push('Bounds');
  const { lb, ub } = solverBounds(lp);
  for (let j = 0; j < lp.numCols; j++) {
    const bound = boundLine(lp.colNames[j], lb[j], ub[j]);
    if (bound) lines.push(` ${bound}`);
  }
  if (constName !== null) lines.push(` ${constName} = 1`);

  const generals = lp.colNames.filter((_, j) => lp.colInt[j]);
  if (generals.length > 0) lines.push('Generals', ...wrap('', generals).map((l) => ` ${l.trim()}`));
  lines.push('End', '');
  return lines.join('\n');
}

function boundLine(name: string, lb: number, ub: number): string | null {
  const hasLb = Number.isFinite(lb);
  const hasUb = Number.isFinite(ub);
  if (lb === ub) return `${name} = ${formatLpNumber(lb)}`;
  if (!hasLb && !hasUb) return `${name} free`;
  if (!hasUb) return lb === 0 ? null : `${name} >= ${formatLpNumber(lb)}`;
  return `${hasLb ? formatLpNumber(lb) : '-inf'} <= ${name} <= ${formatLpNumber(ub)}`;
}
