/**
 * @module lp — a sparse linear/mixed-integer programme: named columns, named rows, a constant;
 * solver-neutral.
 */

/** A term of a row: column index and coefficient. */
export type Term = readonly [col: number, coef: number];

/** Options for a new column. */
export interface ColumnSpec {
  /** Lower bound; default 0. Use -Infinity for free. */
  readonly lb?: number;
  /** Upper bound; default +Infinity. */
  readonly ub?: number;
  /** Objective coefficient (the model maximises); default 0. */
  readonly obj?: number;
  /** Integer column; default false. */
  readonly integer?: boolean;
}

/**
 * Thrown only when an invariant of the model builder is broken (a programming error, not bad
 * input).
 */
export class ModelError extends Error {
  override name = 'ModelError';
}

/**
 * A maximisation LP/MILP in row form: max c·x + constant, rowLb ≤ A x ≤ rowUb, lb ≤ x ≤ ub.
 * Built by the model parts, read by the solver adapters, the LP writer and the feasibility check.
 * Names are LP-format safe: letters, digits, `.` and `_`, starting with a letter.
 *
 * @example
 * const lp = new Lp();
 * const x = lp.addColumn('x', { ub: 4, obj: 3 });
 * lp.addRow('cap', [[x, 1]], -Infinity, 2);
 */
export class Lp {
  readonly colNames: string[] = [];
  readonly colLb: number[] = [];
  readonly colUb: number[] = [];
  readonly colObj: number[] = [];
  readonly colInt: boolean[] = [];
  readonly rowNames: string[] = [];
  readonly rowLb: number[] = [];
  readonly rowUb: number[] = [];
  /** CSR: row i holds entries rowStart[i] … rowStart[i+1]-1 of rowCols/rowCoefs. */
  readonly rowStart: number[] = [0];
  readonly rowCols: number[] = [];
  readonly rowCoefs: number[] = [];
  /** Constant added to the objective. */
  objectiveConstant = 0;
  /**
   * The names' indices, made when first needed (a lookup, a name not just built by `key`, a clone):
   * until then a name `key` has just built is checked and recorded by a stamp on its key (module
   * note at `NameStamp`), which costs no hashing — a build adds a few thousand names and looks up
   * none.
   */
  private colIndex: Map<string, number> | null = null;
  private rowIndex: Map<string, number> | null = null;
  /** This LP's stamp (0: it has stamped nothing and uses the maps). */
  private stamp = 0;
  /** The key cache's epoch when this LP took its stamp. */
  private epoch = 0;

  get numCols(): number {
    return this.colNames.length;
  }
  get numRows(): number {
    return this.rowNames.length;
  }
  get numIntegers(): number {
    return this.colInt.reduce((n, b) => n + (b ? 1 : 0), 0);
  }

  /** Adds a column and returns its index. Throws `ModelError` on a duplicate or unsafe name. */
  addColumn(name: string, spec: ColumnSpec = {}): number {
    checkName(name);
    const stamped = this.colIndex === null && this.stampsHold(name);
    if (stamped ? lastStamp!.col === this.stamp : this.colMap().has(name))
      throw new ModelError(`invalid column name: ${name} (duplicate)`);
    const lb = spec.lb ?? 0;
    const ub = spec.ub ?? Infinity;
    if (Number.isNaN(lb) || Number.isNaN(ub) || lb > ub)
      throw new ModelError(`invalid bounds of ${name}: [${lb}, ${ub}]`);
    const obj = spec.obj ?? 0;
    if (!Number.isFinite(obj))
      throw new ModelError(`invalid objective coefficient of ${name}: ${obj}`);
    const j = this.colNames.length;
    this.colNames.push(name);
    this.colLb.push(lb);
    this.colUb.push(ub);
    this.colObj.push(obj);
    this.colInt.push(spec.integer ?? false);
    if (stamped) lastStamp!.col = this.stamp;
    else this.colMap().set(name, j);
    return j;
  }

  /** Adds `coef` to the objective coefficient of column `col`. */
  addObjective(col: number, coef: number): void {
    if (!Number.isFinite(coef))
      throw new ModelError(`invalid objective term on ${this.colNames[col]}: ${coef}`);
    this.colObj[col] += coef;
  }

  /**
   * Adds a row lb ≤ Σ coef·x ≤ ub and returns its index. Terms on the same column are merged,
   * zero coefficients dropped. Throws `ModelError` on a non-finite coefficient or a bad name.
   */
  addRow(name: string, terms: readonly Term[], lb: number, ub: number): number {
    checkName(name);
    const stamped = this.rowIndex === null && this.stampsHold(name);
    if (stamped ? lastStamp!.row === this.stamp : this.rowMap().has(name))
      throw new ModelError(`invalid row name: ${name} (duplicate)`);
    if (Number.isNaN(lb) || Number.isNaN(ub) || lb > ub)
      throw new ModelError(`invalid bounds of row ${name}: [${lb}, ${ub}]`);
    // A row whose columns increase, with no zero, is appended as it is (what the rest would leave
    // of it). The others are appended, then sorted by column in place (insertion sort: rows are
    // short; stable, so terms on one column are summed in the order given), merged and cleared of
    // zeros. Hot: every model build adds every row.
    const start = this.rowCols.length;
    const cols = this.rowCols;
    const coefs = this.rowCoefs;
    const numCols = this.colNames.length;
    let ordered = true;
    let last = -1;
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k];
      const c = term[0];
      const v = term[1];
      if (!Number.isFinite(v)) throw new ModelError(`invalid coefficient in ${name}: ${v}`);
      if (!(c >= 0 && c < numCols) || !Number.isInteger(c))
        throw new ModelError(`invalid column index in ${name}: ${c}`);
      if (c <= last || v === 0) ordered = false;
      last = c;
    }
    if (ordered) {
      for (let k = 0; k < terms.length; k++) {
        cols.push(terms[k][0]);
        coefs.push(terms[k][1]);
      }
      return this.pushRow(name, lb, ub, stamped);
    }
    for (let k = 0; k < terms.length; k++) {
      const c = terms[k][0];
      const v = terms[k][1];
      let j = cols.length;
      cols.push(c);
      coefs.push(v);
      while (j > start && cols[j - 1] > c) {
        cols[j] = cols[j - 1];
        coefs[j] = coefs[j - 1];
        j--;
      }
      cols[j] = c;
      coefs[j] = v;
    }
    // One pass: terms on the column before are summed into it; a column whose sum is zero is
    // dropped when the next begins (and at the end).
    let kept = start;
    for (let k = start; k < cols.length; k++) {
      const c = cols[k];
      if (kept > start && cols[kept - 1] === c) {
        coefs[kept - 1] += coefs[k];
        continue;
      }
      if (kept > start && coefs[kept - 1] === 0) kept--;
      cols[kept] = c;
      coefs[kept++] = coefs[k];
    }
    if (kept > start && coefs[kept - 1] === 0) kept--;
    if (kept < cols.length) {
      cols.length = kept;
      coefs.length = kept;
    }
    return this.pushRow(name, lb, ub, stamped);
  }

  /**
   * Ends a row whose entries are in place: its name (recorded by its stamp when `stamped`), bounds
   * and end; returns its index.
   */
  private pushRow(name: string, lb: number, ub: number, stamped: boolean): number {
    const i = this.rowNames.length;
    this.rowNames.push(name);
    this.rowLb.push(lb);
    this.rowUb.push(ub);
    this.rowStart.push(this.rowCols.length);
    if (stamped) lastStamp!.row = this.stamp;
    else this.rowMap().set(name, i);
    return i;
  }

  /**
   * Whether `name` (just checked) is told apart from this LP's other names by its stamp: it is the
   * key `key` built last, and every name this LP has holds its stamp still — no other LP has
   * stamped since its first name (nor has the key cache been cleared). An LP with no name yet
   * takes a new stamp. Once false it stays false: the LP uses its maps.
   */
  private stampsHold(name: string): boolean {
    if (name !== lastKey || lastStamp === null) return false;
    if (this.stamp !== 0 && this.stamp === stamper && this.epoch === keyEpoch) return true;
    if (this.colNames.length || this.rowNames.length) return false;
    this.stamp = stamper = ++stamps;
    this.epoch = keyEpoch;
    return true;
  }

  /** The column names' indices, made from the names when first needed. */
  private colMap(): Map<string, number> {
    this.colIndex ??= new Map(this.colNames.map((n, j) => [n, j]));
    this.stamp = 0;
    return this.colIndex;
  }
  /** The row names' indices, made from the names when first needed. */
  private rowMap(): Map<string, number> {
    this.rowIndex ??= new Map(this.rowNames.map((n, i) => [n, i]));
    this.stamp = 0;
    return this.rowIndex;
  }

  /**
   * A copy: its arrays are its own, so that what is added to or changed in it leaves this Lp as it
   * is.
   */
  clone(): Lp {
    const copy = new Lp();
    for (const k of [
      'colNames',
      'colLb',
      'colUb',
      'colObj',
      'colInt',
      'rowNames',
      'rowLb',
      'rowUb',
      'rowStart',
      'rowCols',
      'rowCoefs',
    ] as const) {
      (copy as unknown as Record<string, unknown[]>)[k] = (this[k] as unknown[]).slice();
    }
    // The copy's names carry this LP's stamps: it uses maps, made when it needs them (the
    // tie-break's copy adds one row).
    copy.objectiveConstant = this.objectiveConstant;
    return copy;
  }

  /**
   * This LP with the columns `fixed` marks held at their values in `x`: their terms moved into the
   * row bounds (and the objective's constant), a row left with no other column dropped (the point
   * decides it). Its columns and rows keep their order and names; `cols[j]` is the column of this
   * LP that its column j stands for. The names are a subset of this LP's, so none is checked again.
   */
  restrict(fixed: Uint8Array, x: ArrayLike<number>): { lp: Lp; cols: Int32Array } {
    const out = new Lp();
    const at = new Int32Array(this.numCols).fill(-1);
    const cols: number[] = [];
    let constant = this.objectiveConstant;
    for (let j = 0; j < this.numCols; j++) {
      if (fixed[j]) {
        constant += this.colObj[j] * x[j];
        continue;
      }
      at[j] = cols.length;
      cols.push(j);
      out.colNames.push(this.colNames[j]);
      out.colLb.push(this.colLb[j]);
      out.colUb.push(this.colUb[j]);
      out.colObj.push(this.colObj[j]);
      out.colInt.push(this.colInt[j]);
    }
    out.objectiveConstant = constant;
    const { rowCols, rowCoefs } = out;
    for (let i = 0; i < this.numRows; i++) {
      const start = rowCols.length;
      let held = 0;
      for (let k = this.rowStart[i]; k < this.rowStart[i + 1]; k++) {
        const c = at[this.rowCols[k]];
        if (c < 0) held += this.rowCoefs[k] * x[this.rowCols[k]];
        else {
          rowCols.push(c);
          rowCoefs.push(this.rowCoefs[k]);
        }
      }
      if (rowCols.length === start) continue;
      out.rowNames.push(this.rowNames[i]);
      out.rowLb.push(this.rowLb[i] - held);
      out.rowUb.push(this.rowUb[i] - held);
      out.rowStart.push(rowCols.length);
    }
    return { lp: out, cols: Int32Array.from(cols) };
  }

  /** Index of a column by name, or undefined. */
  col(name: string): number | undefined {
    return this.colMap().get(name);
  }
  /** Index of a row by name, or undefined. */
  row(name: string): number | undefined {
    return this.rowMap().get(name);
  }

  /** Objective value c·x + constant of a point. */
  objectiveAt(x: ArrayLike<number>): number {
    let v = this.objectiveConstant;
    for (let j = 0; j < this.numCols; j++) v += this.colObj[j] * x[j];
    return v;
  }

  /** Row activities A·x. */
  activities(x: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.numRows);
    for (let i = 0; i < this.numRows; i++) {
      let s = 0;
      for (let k = this.rowStart[i]; k < this.rowStart[i + 1]; k++)
        s += this.rowCoefs[k] * x[this.rowCols[k]];
      out[i] = s;
    }
    return out;
  }
}

/** A letter, digit or `_` (character code). */
const isWord = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * A name is a letter followed by letters, digits, `.` and `_`, at most 200 long. Hot: every column
 * and row of every build is checked, so by character codes rather than a regular expression, and a
 * name `key` has just built (only letters, digits, `_` and `.`) by its length and first letter.
 */
function checkName(name: string): void {
  const n = name.length;
  const first = name.charCodeAt(0);
  let ok = n > 0 && n <= 200 && ((first >= 97 && first <= 122) || (first >= 65 && first <= 90));
  if (ok && name === lastKey) return;
  for (let i = 1; ok && i < n; i++) {
    const c = name.charCodeAt(i);
    ok = isWord(c) || c === 46;
  }
  if (!ok) throw new ModelError(`invalid name: ${name}`);
}

/** The last name `key` built (its characters are letters, digits, `_` and `.`), and its stamp. */
let lastKey = '';
let lastStamp: NameStamp | null = null;

/**
 * Which LP last added a key as a column and as a row (its `stamp`; 0: none). One per key string
 * (two lists of parts can make one key: `key('x', 1)` and `key('x', '1')`), kept with the key
 * cache. An LP that has stamped every name it has, with no other LP stamping since, knows its
 * names by these alone: a name is its duplicate when it bears its stamp. An LP that cannot say
 * that (another stamped since, a name not from `key`, a lookup, a copy) makes maps of its names.
 */
interface NameStamp {
  col: number;
  row: number;
}
/** Stamps handed out so far; the LP that stamped last. */
let stamps = 0;
let stamper = 0;
/** Counts the clearings of the key cache: stamps before a clearing are lost. */
let keyEpoch = 0;

/** Builds a namespaced, LP-safe key: `key('cash', '2027-03')` → `cash.2027_03`. */
export function key(...parts: readonly (string | number)[]): string {
  return keyOf(parts);
}

/**
 * The keys built so far, by their parts: a build asks for the same few thousand keys as the build
 * before it (hot: every column and row), and a key found here is one string already hashed.
 */
interface KeyNode {
  key: string | undefined;
  stamp: NameStamp | undefined;
  next: Map<string | number, KeyNode> | undefined;
}
const keyNode = (): KeyNode => ({ key: undefined, stamp: undefined, next: undefined });
let keyRoot = keyNode();
/** Each key string's stamp. */
let keyStamps = new Map<string, NameStamp>();
let keysKept = 0;
const MAX_KEYS_KEPT = 1 << 16;

/** `key` of a list of parts. */
export function keyOf(parts: readonly (string | number)[]): string {
  // Cleared before a key is made, so that the key returned is always the cache's own.
  if (keysKept >= MAX_KEYS_KEPT) {
    keyRoot = keyNode();
    keyStamps = new Map();
    keysKept = 0;
    keyEpoch++;
  }
  let node = keyRoot;
  for (let i = 0; i < parts.length; i++) {
    node.next ??= new Map();
    let next = node.next.get(parts[i]);
    if (next === undefined) {
      next = keyNode();
      node.next.set(parts[i], next);
    }
    node = next;
  }
  if (node.key === undefined) {
    let out = safePart(parts[0] ?? '');
    for (let i = 1; i < parts.length; i++) out += '.' + safePart(parts[i]);
    let stamp = keyStamps.get(out);
    if (!stamp) keyStamps.set(out, (stamp = { col: 0, row: 0 }));
    node.key = out;
    node.stamp = stamp;
    keysKept++;
  }
  lastKey = node.key;
  lastStamp = node.stamp!;
  return node.key;
}

/** A part's LP-safe form: every character but letters, digits and `_` becomes `_`. */
function safePart(part: string | number): string {
  const s = String(part);
  // Most parts are safe already (returned as they are); a month label loses its dash.
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (isWord(s.charCodeAt(i))) continue;
    out += `${s.slice(from, i)}_`;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Largest violation of a point against bounds, rows and integrality, with where it happens. */
export interface Violation {
  readonly max: number;
  readonly where: string | null;
}

/**
 * Checks primal feasibility of `x`: column bounds, row bounds and integrality.
 * Violations are absolute, scaled by max(1, |bound|) so that big rows are judged relatively.
 */
export function primalViolation(lp: Lp, x: ArrayLike<number>): Violation {
  let max = 0;
  let where: string | null = null;
  const note = (v: number, w: string) => {
    if (!(v <= max)) {
      max = Number.isNaN(v) ? Infinity : v;
      where = w;
    }
  };
  // Infinite bounds never bind; a scaled gap against them would be NaN.
  const below = (lb: number, v: number) =>
    lb === -Infinity ? 0 : (lb - v) / Math.max(1, Math.abs(lb));
  const above = (ub: number, v: number) =>
    ub === Infinity ? 0 : (v - ub) / Math.max(1, Math.abs(ub));
  for (let j = 0; j < lp.numCols; j++) {
    const v = x[j];
    if (!Number.isFinite(v)) note(Infinity, lp.colNames[j]);
    note(below(lp.colLb[j], v), lp.colNames[j]);
    note(above(lp.colUb[j], v), lp.colNames[j]);
    if (lp.colInt[j]) note(Math.abs(v - Math.round(v)), lp.colNames[j]);
  }
  const act = lp.activities(x);
  for (let i = 0; i < lp.numRows; i++) {
    if (!Number.isFinite(act[i])) note(Infinity, lp.rowNames[i]);
    note(below(lp.rowLb[i], act[i]), lp.rowNames[i]);
    note(above(lp.rowUb[i], act[i]), lp.rowNames[i]);
  }
  return { max, where };
}
