/**
 * @module solvers/live-models — one live HiGHS model per LP shape and role, kept by its owner (a
 * solve thread, a browser worker) across requests: built once, then changed in place by the
 * coefficients that differ from the last LP of its shape (objective, matrix values, column and row
 * bounds, found by diffing the built arrays) and re-solved hot from the kept basis and
 * factorisation. Every answer is verified by `checkSolution` against the fully built LP; an answer
 * that fails is thrown away and the model with it (the caller then solves cold). See
 * docs/solvers.md ("Live models").
 */
import type { Highs, Model } from 'highs';
import type { Lp } from '../lp';
import { shape } from './lp-shape';
import { loadHighs } from './highs';
import {
  data,
  options,
  verifiedOptimum,
  type LiveModel,
  type WarmAnswer,
  type WarmBasis,
} from './highs-warm';
import type { SolverSettings } from './types';
import { solverBounds } from './verify';

/** Live models kept (least recently used disposed first). */
const MAX_LIVE = 8;

/**
 * The share of the matrix values changed one by one at most; beyond it the LP is passed as a whole
 * model into the same instance and started from the kept basis. Measured on the 60-month default
 * preset (2,831 values): a slider's 228 changed values cost 0.25 ms of `changeCoeff` calls (about
 * 1 µs each) against 1.0 ms for `passModel` and `setBasis`, and the run after either refactorises
 * alike (2.2–2.4 ms): changes in place win up to about a third of the matrix (docs/solvers.md,
 * "Live models").
 */
const MAX_COEFF_SHARE = 0.25;

/** What the live model holds, as plain arrays: the diff of the next LP is taken against these. */
interface Entry {
  readonly model: Model;
  readonly rowStart: readonly number[];
  readonly rowCols: readonly number[];
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  coefs: Float64Array;
  offset: number;
  /** The basis of the last optimum solved here (restored after a borrower changed the model). */
  basis: WarmBasis | null;
  /** Lent out (`keep`): a borrower may change it until it gives it back. */
  busy: boolean;
  /**
   * What a borrower may have changed beyond the arrays, restored before the next diff: anything
   * (`all`: a tie-break's row and costs, a probe that failed), the basis and factorisation alone
   * (`basis`: probes that put their bounds back), or nothing (`none`).
   */
  touched: 'none' | 'basis' | 'all';
  /** No longer kept: disposed when its borrower gives it back. */
  dropped: boolean;
  /** Whether its last run priced by Devex (`options`): kept by a run of the same LP. */
  devex: boolean;
}

/**
 * How a live solve went: `how` it was started — `hot` (changed in place, from the kept basis and
 * factorisation), `reloaded` (the LP passed into the kept instance, from its basis) or `built` (a
 * new model) — or why not.
 */
export type LiveOutcome =
  | { readonly kind: 'solved'; readonly answer: WarmAnswer; readonly how: LiveStart }
  | { readonly kind: 'failed' }
  | { readonly kind: 'unavailable' };

/** The live models of one owner. */
export interface LiveModels {
  /**
   * Solves `lp` (an LP, not a MILP) on the live model of its shape and `role`: updated in place and
   * re-solved hot when one is kept, else built (starting from `basis` when it fits). `failed`: the
   * run did not end optimal or its point failed the check (the model is dropped); `unavailable`:
   * the model is lent out. With `keep`, the answer lends the model (`live`) until its `dispose`.
   */
  solve(
    lp: Lp,
    settings: SolverSettings,
    role: string,
    basis: WarmBasis | null,
    keep: boolean,
  ): Promise<LiveOutcome>;
  /** Solves by how they started, since the owner made them. */
  readonly counts: Record<LiveStart, number>;
  /** Disposes every live model. */
  clear(): void;
}

const f64 = (xs: ArrayLike<number>) => Float64Array.from(xs as ArrayLike<number>);

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a kept value differs from the next one (NaN equals NaN). */
const differs = (kept: number, next: number) =>
  kept !== next && !(Number.isNaN(kept) && Number.isNaN(next));

/** Indices where `next` differs from `kept`; `kept` is updated to `next`. */
function diff(kept: Float64Array, next: ArrayLike<number>): number[] {
  const at: number[] = [];
  for (let i = 0; i < kept.length; i++)
    if (differs(kept[i], next[i])) {
      kept[i] = next[i];
      at.push(i);
    }
  return at;
}

type CoeffFn = (pointer: number, row: number, col: number, value: number) => number;

/** The runtime's `Highs_changeCoeff` export, or null where it does not expose it. */
function changeCoeffExport(highs: Highs): CoeffFn | null {
  const cwrap = (highs as unknown as { cwrap?: (...a: unknown[]) => unknown }).cwrap;
  const f =
    typeof cwrap === 'function'
      ? cwrap('Highs_changeCoeff', 'number', ['number', 'number', 'number', 'number'])
      : null;
  return typeof f === 'function' ? (f as CoeffFn) : null;
}

/**
 * Sets matrix values of `model` one by one. Where the runtime exposes the C API's
 * `Highs_changeCoeff` (emscripten's `cwrap`) and the model its pointer, the export is called
 * directly: about 0.4 µs a call against about 1 µs through `model.raw.changeCoeff`, whose argument
 * checks the build has already made (finite values, indices inside the LP). A slider on a 60-month
 * LP with a tax block changes about 1,400 values a model, three models a request. Otherwise, and
 * for a status other than ok, the wrapper's call (which throws on an error). Whatever is set, every
 * answer is still checked against the LP's own arrays.
 */
function coeffSetter(
  fn: CoeffFn | null,
  model: Model,
): (row: number, col: number, value: number) => void {
  const raw = model.raw as unknown as { _require?: (callbackSafe?: boolean) => number };
  const pointer = fn && typeof raw._require === 'function' ? raw._require(false) : null;
  if (!fn || typeof pointer !== 'number') return (r, c, v) => void model.raw.changeCoeff(r, c, v);
  const call = fn;
  return (r, c, v) => {
    if (call(pointer, r, c, v) !== 0) model.raw.changeCoeff(r, c, v);
  };
}

/** How a live solve started. */
export type LiveStart = 'hot' | 'reloaded' | 'built';

/** An entry for `lp`: a new model, or `reuse` with `lp` passed into it; started from `basis`. */
function newEntry(highs: Highs, lp: Lp, basis: WarmBasis | null, reuse?: Model): Entry {
  const model = reuse ?? highs.createModel(data(highs, lp));
  if (reuse) model.passModel(data(highs, lp));
  const { lb, ub } = solverBounds(lp);
  if (basis && basis.numCols === lp.numCols && basis.numRows === lp.numRows) model.setBasis(basis);
  return {
    model,
    rowStart: [...lp.rowStart],
    rowCols: [...lp.rowCols],
    cost: f64(lp.colObj),
    colLower: lb,
    colUpper: ub,
    rowLower: f64(lp.rowLb),
    rowUpper: f64(lp.rowUb),
    coefs: f64(lp.rowCoefs),
    offset: lp.objectiveConstant,
    basis: null,
    busy: false,
    touched: 'none',
    dropped: false,
    devex: false,
  };
}

/** Puts back what a borrower changed: its rows dropped, the kept arrays and the optimum's basis. */
function restore(e: Entry, numRows: number): void {
  const { model } = e;
  const rows = model.getDimensions().numRows;
  if (rows > numRows) model.deleteRows({ kind: 'range', from: numRows, to: rows - 1 });
  const cols = { kind: 'range', from: 0, to: e.cost.length - 1 } as const;
  model.changeColsCost(cols, e.cost);
  model.changeColsBounds(cols, e.colLower, e.colUpper);
  if (numRows)
    model.changeRowsBounds({ kind: 'range', from: 0, to: numRows - 1 }, e.rowLower, e.rowUpper);
  model.changeObjectiveOffset(e.offset);
  if (e.basis) model.setBasis(e.basis);
  e.touched = 'none';
}

/**
 * Indices where either bound differs (ascending, in one pass: a tie-break's LP moves hundreds of
 * fixed columns' bounds a request), with the bounds now kept at them; `lower` and `upper` are
 * updated.
 */
function boundChanges(
  lower: Float64Array,
  upper: Float64Array,
  lb: ArrayLike<number>,
  ub: ArrayLike<number>,
) {
  const indices: number[] = [];
  for (let i = 0; i < lower.length; i++)
    if (differs(lower[i], lb[i]) || differs(upper[i], ub[i])) {
      lower[i] = lb[i];
      upper[i] = ub[i];
      indices.push(i);
    }
  return {
    selection: { kind: 'set', indices } as const,
    lo: indices.map((i) => lower[i]),
    up: indices.map((i) => upper[i]),
  };
}

/**
 * Changes the live model to `lp` by the entries that differ (same sparsity pattern): `changed`, or
 * `same` when none differs; `reload`, with nothing changed, when more than `MAX_COEFF_SHARE` of the
 * matrix values differ.
 */
function update(fn: CoeffFn | null, e: Entry, lp: Lp): 'changed' | 'same' | 'reload' {
  const { model } = e;
  let changed = 0;
  const most = Math.max(16, MAX_COEFF_SHARE * e.coefs.length);
  for (let k = 0; k < e.coefs.length && changed <= most; k++)
    if (e.coefs[k] !== lp.rowCoefs[k]) changed++;
  if (changed > most) return 'reload';
  if (e.touched === 'all') restore(e, lp.numRows);
  const cost = diff(e.cost, lp.colObj);
  if (cost.length)
    model.changeColsCost(
      { kind: 'set', indices: cost },
      cost.map((j) => e.cost[j]),
    );
  const { lb, ub } = solverBounds(lp);
  const cols = boundChanges(e.colLower, e.colUpper, lb, ub);
  if (cols.lo.length) model.changeColsBounds(cols.selection, cols.lo, cols.up);
  const rows = boundChanges(e.rowLower, e.rowUpper, lp.rowLb, lp.rowUb);
  if (rows.lo.length) model.changeRowsBounds(rows.selection, rows.lo, rows.up);
  const coefs = diff(e.coefs, lp.rowCoefs);
  if (coefs.length) {
    const set = coeffSetter(fn, model);
    let row = 0;
    for (const k of coefs) {
      while (e.rowStart[row + 1] <= k) row++;
      set(row, e.rowCols[k], e.coefs[k]);
    }
  }
  const offset = e.offset !== lp.objectiveConstant;
  if (offset) {
    e.offset = lp.objectiveConstant;
    model.changeObjectiveOffset(e.offset);
  }
  const changes = cost.length + cols.lo.length + rows.lo.length + coefs.length;
  // Probes ran here and put their bounds back: the run starts from the optimum's basis again, as
  // after any borrower, without every cost and bound set again (docs/solvers.md, "Live models").
  if (e.touched === 'basis') {
    if (e.basis) model.setBasis(e.basis);
    e.touched = 'none';
  }
  return changes > 0 || offset ? 'changed' : 'same';
}

/** One live model per LP shape (solvers/lp-shape.ts) and role. */
const shapeKey = (lp: Lp, role: string) => `${role}|${shape(lp)}`;

/**
 * A new, empty set of live models.
 *
 * @example
 * const live = liveModels(); const out = await live.solve(lp, settings, '', null, false);
 * out.kind === 'solved' && out.how; // 'hot' or 'reloaded' from the second LP of this shape on
 */
export function liveModels(): LiveModels {
  const entries = new Map<string, Entry>();
  const counts: Record<LiveStart, number> = { hot: 0, reloaded: 0, built: 0 };
  // The runtime's matrix-value export, looked up on the first update.
  let coeff: CoeffFn | null | undefined;
  const drop = (key: string) => {
    const e = entries.get(key);
    entries.delete(key);
    if (!e) return;
    e.dropped = true;
    if (!e.busy) e.model.dispose();
  };
  return {
    counts,
    clear: () => {
      for (const key of [...entries.keys()]) drop(key);
    },
    async solve(lp, settings, role, basis, keep) {
      if (lp.numIntegers > 0 || lp.numCols === 0) return { kind: 'unavailable' };
      const highs = await loadHighs();
      const key = shapeKey(lp, role);
      let e = entries.get(key);
      if (e?.busy) return { kind: 'unavailable' };
      const t0 = performance.now();
      let how: LiveStart = 'built';
      try {
        if (e && sameList(e.rowStart, lp.rowStart) && sameList(e.rowCols, lp.rowCols)) {
          if (coeff === undefined) coeff = changeCoeffExport(highs);
          const change = update(coeff, e, lp);
          how = change === 'reload' ? 'reloaded' : 'hot';
          if (how === 'reloaded') e = newEntry(highs, lp, e.basis, e.model);
          // A model changed in place prices by Devex (docs/solvers.md, "Pricing of a re-solve");
          // the same LP again keeps the pricing of its last run, so that it gives the same point.
          if (change !== 'same') e.devex = true;
        } else {
          if (e) drop(key);
          e = newEntry(highs, lp, basis);
        }
        entries.delete(key);
        entries.set(key, e);
        while (entries.size > MAX_LIVE) drop(entries.keys().next().value!);
        e.model.options.set(options(settings, e.devex));
        // HiGHS counts its time limit over every run of a model since its clocks were zeroed.
        e.model.zeroAllClocks();
        e.model.run();
        const optimum = verifiedOptimum(highs, e.model, lp, t0);
        if (!optimum) {
          drop(key);
          return { kind: 'failed' };
        }
        e.basis = optimum.basis;
        counts[how]++;
        const fits = basis !== null && basis.numCols === lp.numCols && basis.numRows === lp.numRows;
        const answer: WarmAnswer = {
          ...optimum,
          warm: how !== 'built' || fits,
          ...(keep ? { live: lend(e, lp) } : {}),
        };
        return { kind: 'solved', answer, how };
      } catch {
        // A thrown HiGHS error (an aborted runtime): the model goes, the caller solves cold.
        drop(key);
        return { kind: 'failed' };
      }
    },
  };
}

/** Lends a live model to the re-optimisations of one request (tie-break, probes). */
function lend(e: Entry, lp: Lp): LiveModel {
  e.busy = true;
  e.touched = 'all';
  let open = true;
  // Whether a borrower changed it beyond what a probe puts back.
  let changed = false;
  return {
    lp,
    model: e.model,
    dispose() {
      if (!open) return;
      open = false;
      e.busy = false;
      if (e.dropped) e.model.dispose();
    },
    putBack() {
      if (open && !changed) e.touched = 'basis';
    },
    changed() {
      changed = true;
      e.touched = 'all';
    },
  };
}
