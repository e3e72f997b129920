/**
 * @module solvers/jslp — javascript-lp-solver adapter: where the solve runs is its caller's choice
 * (a `JslpRun`: the API's is a worker thread killed at the time limit, api/jslp-thread.ts); its
 * answers are verified elsewhere.
 */
import type { Model, SolveResult } from 'javascript-lp-solver';
import type { Lp } from '../lp';
import type { JslpReply, JslpRequest } from './jslp-solve';
import type { LpSolution, Solver, SolverSettings } from './types';
import { bareAnswer, errorAnswer, errorText, infeasibleAnswer, solverBounds } from './verify';

export type { JslpReply, JslpRequest } from './jslp-solve';

/**
 * Tolerance passed to javascript-lp-solver (pivoting, integrality, rounding of values): its real
 * default, 1e-8. Its docs say 1e-9, which gave wrong "infeasible" answers and hangs on small LPs.
 */
export const JSLP_PRECISION = 1e-8;

/** A javascript-lp-solver model of an Lp and how to map its answer back. */
export interface JslpModel {
  readonly model: Model;
  /**
   * How column j maps to the solver's variables `c<j>` (and `n<j>`): kind 1: x = offset + c, kind
   * −1: x = offset − c, kind 2 (free, continuous): x = c − n, kind 3 (free, integer): x = c with c
   * "unrestricted", kind 0: x fixed at offset (no variable). Other variables are ≥ 0.
   */
  readonly offset: Float64Array;
  readonly kind: Int8Array;
  /** Objective constant of the shifted model: `lp.objectiveConstant` + Σ c_j · offset_j. */
  readonly constant: number;
  /**
   * Why the Lp is infeasible before any solve (`solverBounds`, or a row its fixed columns violate);
   * else null.
   */
  readonly infeasible: string | null;
}

/**
 * Translates an Lp into javascript-lp-solver's JSON model. That solver knows x ≥ 0 and
 * "unrestricted" variables, so each column is shifted onto a finite bound (x = lb + c, or x = ub −
 * c when only ub is finite; integer bounds rounded inward by `solverBounds`), a finite second bound
 * becomes a row `u<j>`, and fixed columns leave the model. A free continuous column is split into
 * c<j> − n<j> (an "unrestricted" one gave a wrong "infeasible" here); a free integer column stays
 * "unrestricted" (split, its branch-and-bound ran on forever). Rows are `r<i>`, the objective
 * `obj`, so no Lp name can clash with the solver's own keys (`feasible`, `result`, …). Rows without
 * a finite bound are left out. `mipRelGap` becomes the solver's `tolerance`; for a MILP with a
 * finite limit its branch-and-bound clock (`timeout`) gets 70 % of `timeLimitSeconds`.
 */
export function toJslpModel(lp: Lp, settings: SolverSettings): JslpModel {
  const n = lp.numCols;
  const { lb, ub, infeasible: emptyColumn } = solverBounds(lp);
  const offset = new Float64Array(n);
  const kind = new Int8Array(n);
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Model['constraints'] = {};
  const ints: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  let constant = lp.objectiveConstant;
  let infeasible = emptyColumn;
  const add = (key: string, name: string, coef: number) => {
    if (coef !== 0) variables[key][name] = coef;
  };
  for (let j = 0; j < n; j++) {
    if (lb[j] === ub[j] || lb[j] > ub[j]) offset[j] = lb[j];
    else if (Number.isFinite(lb[j])) [offset[j], kind[j]] = [lb[j], 1];
    else if (Number.isFinite(ub[j])) [offset[j], kind[j]] = [ub[j], -1];
    else kind[j] = lp.colInt[j] ? 3 : 2;
    constant += lp.colObj[j] * offset[j];
    if (kind[j] === 0) continue;
    const keys = kind[j] === 2 ? [`c${j}`, `n${j}`] : [`c${j}`];
    keys.forEach((key, k) => {
      variables[key] = {};
      add(key, 'obj', (k === 0 ? Math.sign(kind[j]) : -1) * lp.colObj[j]);
      if (lp.colInt[j]) ints[key] = 1;
    });
    if (kind[j] === 3) unrestricted[`c${j}`] = 1;
    if (kind[j] === 1 && Number.isFinite(ub[j])) {
      variables[`c${j}`][`u${j}`] = 1;
      constraints[`u${j}`] = { max: ub[j] - lb[j] };
    }
  }
  for (let i = 0; i < lp.numRows; i++) {
    const [lo, hi] = [lp.rowLb[i], lp.rowUb[i]];
    if (!Number.isFinite(lo) && !Number.isFinite(hi)) continue;
    let shift = 0;
    let free = 0;
    for (let k = lp.rowStart[i]; k < lp.rowStart[i + 1]; k++) {
      const j = lp.rowCols[k];
      const a = lp.rowCoefs[k];
      shift += a * offset[j];
      if (kind[j] === 0) continue;
      add(`c${j}`, `r${i}`, Math.sign(kind[j]) * a);
      if (kind[j] === 2) add(`n${j}`, `r${i}`, -a);
      free++;
    }
    if (free === 0) {
      const tol = (b: number) => 1e-9 * Math.max(1, Math.abs(b));
      if (shift < lo - tol(lo) || shift > hi + tol(hi))
        infeasible ??= `row ${lp.rowNames[i]} is violated by its fixed columns`;
      continue;
    }
    if (lo === hi) constraints[`r${i}`] = { equal: lo - shift };
    else
      constraints[`r${i}`] = {
        ...(Number.isFinite(lo) ? { min: lo - shift } : {}),
        ...(Number.isFinite(hi) ? { max: hi - shift } : {}),
      };
  }
  const isMip = lp.numIntegers > 0;
  const limitMs = settings.timeLimitSeconds * 1000;
  const model: Model = {
    optimize: 'obj',
    opType: 'max',
    constraints,
    variables,
    ...(isMip ? { ints } : {}),
    unrestricted,
    options: {
      tolerance: isMip && settings.mipRelGap > 0 ? settings.mipRelGap : 0,
      // The solver's clock stops branch-and-bound only, not the simplex: the worker is killed at
      // the limit.
      ...(isMip && Number.isFinite(limitMs)
        ? { timeout: Math.max(1, Math.floor(bnbTimeoutShare * limitMs)) }
        : {}),
    },
  };
  return { model, offset, kind, constant, infeasible };
}

/**
 * Share of the limit for the solver's own branch-and-bound clock (the rest: worker start-up,
 * slack).
 */
const bnbTimeoutShare = 0.7;

/** How one javascript-lp-solver solve ended: an answer, the time limit, or a crash. */
export type JslpOutcome =
  | { readonly kind: 'reply'; readonly reply: JslpReply }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'crash'; readonly message: string };

/**
 * Runs one javascript-lp-solver request, stopping it at `limitMs` (wall clock, from now) when it
 * can. The model starts no thread (docs/style.md §1): the API passes one that runs the solve in a
 * worker thread and terminates it at the limit (api/jslp-thread.ts).
 */
export type JslpRun = (request: JslpRequest, limitMs: number) => Promise<JslpOutcome>;

/**
 * Runs the solve on the calling thread (the default where no thread is passed: scripts, tests, the
 * command line). It cannot be stopped: only the solver's own branch-and-bound clock limits it, and
 * an answer that comes after `limitMs` is a timeout, as a killed thread's would be. The solver is
 * loaded when first needed, so that a bundle that never solves with it (the browser's) fetches it
 * never.
 */
export const runJslpHere: JslpRun = async (request, limitMs) => {
  const t0 = performance.now();
  try {
    const { solveJslp } = await import('./jslp-solve');
    const reply = solveJslp(request);
    return performance.now() - t0 > limitMs ? { kind: 'timeout' } : { kind: 'reply', reply };
  } catch (e) {
    return { kind: 'crash', message: errorText(e) };
  }
};

/**
 * javascript-lp-solver adapter whose solves `run` runs. With the API's thread runner the solve is
 * terminated at `timeLimitSeconds` (status `timedout`, no point); `ms` is the wall time including
 * the worker's start-up (about 0.15 s under tsx). `mipRelGap` becomes the solver's `tolerance`;
 * its own branch-and-bound clock gets 70 % of the limit, and a MILP stopped by it is `timedout`
 * with the incumbent (if any) and `mipGap` null. No row duals. `mipGap` is 0 for LPs and for MILPs
 * solved with zero tolerance, else null.
 *
 * Its statuses are not to be trusted (it reports "unbounded" for bounded models and can return
 * infeasible points, see docs/solvers.md): use it through `solveVerified`; its
 * `infeasible` is not a proof (`provesStatus: false`), so `solveWithFallback` asks the fallback.
 */
export function jslpSolverWith(run: JslpRun): Solver & { readonly provesStatus: false } {
  return {
    name: 'jslp',
    provesStatus: false,
    solve: (lp, settings) => solveWith(run, lp, settings),
  };
}

/**
 * The javascript-lp-solver adapter solving on the calling thread (`runJslpHere`); the API's, in a
 * killable thread, is `jslpThreadSolver` (api/jslp-thread.ts).
 */
export const jslpSolver = jslpSolverWith(runJslpHere);

async function solveWith(run: JslpRun, lp: Lp, settings: SolverSettings): Promise<LpSolution> {
  const t0 = performance.now();
  const ms = () => performance.now() - t0;
  let built: JslpModel;
  try {
    built = toJslpModel(lp, settings);
  } catch (e) {
    return errorAnswer(`javascript-lp-solver model failed: ${errorText(e)}`, ms());
  }
  if (built.infeasible !== null) return infeasibleAnswer(built.infeasible, ms());
  const outcome = await run(
    { model: built.model, precision: JSLP_PRECISION },
    settings.timeLimitSeconds * 1000,
  );
  if (outcome.kind === 'timeout') return bareAnswer('timedout', ms(), { timeLimitHit: true });
  if (outcome.kind === 'crash')
    return errorAnswer(`javascript-lp-solver worker failed: ${outcome.message}`, ms());
  const { reply } = outcome;
  if (!reply.ok) return errorAnswer(`javascript-lp-solver failed: ${reply.message}`, ms());
  return mapResult(lp, built, reply.result, reply.solveMs, ms());
}

function mapResult(
  lp: Lp,
  built: JslpModel,
  result: SolveResult,
  solveMs: number,
  ms: number,
): LpSolution {
  const isMip = lp.numIntegers > 0;
  const get = (key: string) => {
    const v = result[key];
    return typeof v === 'number' ? v : 0; // the solver leaves zero values out
  };
  const values = Float64Array.from(built.offset, (off, j) => {
    const k = built.kind[j];
    return k === 2 ? get(`c${j}`) - get(`n${j}`) : off + Math.sign(k) * get(`c${j}`);
  });
  const objective = result.result + built.constant;
  const timeout = built.model.options?.timeout;
  if (isMip && timeout !== undefined && solveMs >= timeout) {
    return result.feasible
      ? { status: 'timedout', objective, values, mipGap: null, timeLimitHit: true, ms }
      : bareAnswer('timedout', ms, { timeLimitHit: true });
  }
  if (!result.feasible) return bareAnswer('infeasible', ms);
  if (result.bounded === false) return bareAnswer('unbounded', ms);
  const gap = !isMip || !(built.model.options?.tolerance ?? 0) ? 0 : null;
  return { status: 'optimal', objective, values, mipGap: gap, timeLimitHit: false, ms };
}
