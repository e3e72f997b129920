/**
 * @module solvers/glpk — GLPK adapter via glpk.js (GPL-3.0): dev and test only, loaded by dynamic
 * import, never shipped.
 */
import type { GLPK, LP, Result } from 'glpk.js/node';
import type { Lp } from '../lp';
import type { LpSolution, Solver, SolverSettings } from './types';
import { bareAnswer, errorAnswer, errorText, infeasibleAnswer, solverBounds } from './verify';
import type { SolverBounds } from './verify';

let runtime: Promise<GLPK> | undefined;

/** Loads glpk.js (its synchronous Node build) once, by dynamic import, and caches the promise. */
export function loadGlpk(): Promise<GLPK> {
  runtime ??= import('glpk.js/node')
    .then((m) => m.default())
    .catch((e: unknown) => {
      runtime = undefined;
      throw e;
    });
  return runtime;
}

type Bounded = { type: number; lb: number; ub: number };

/** GLPK's bound type for [lb, ub] with ±Infinity for a missing bound. */
function bounds(glpk: GLPK, lb: number, ub: number): Bounded {
  const hasLb = Number.isFinite(lb);
  const hasUb = Number.isFinite(ub);
  if (hasLb && hasUb)
    return lb === ub ? { type: glpk.GLP_FX, lb, ub } : { type: glpk.GLP_DB, lb, ub };
  if (hasLb) return { type: glpk.GLP_LO, lb, ub: 0 };
  if (hasUb) return { type: glpk.GLP_UP, lb: 0, ub };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

/**
 * glpk.js's JSON model of an Lp, by name. Every column gets an explicit bound (so that columns in
 * no row and not in the objective exist too), from `solverBounds` unless given (glp_intopt refuses
 * fractional bounds on integer columns); integer columns are `generals` unless `relax`. glpk.js has
 * no objective constant: the adapter adds `lp.objectiveConstant` to `z`.
 */
export function toGlpkModel(
  glpk: GLPK,
  lp: Lp,
  options: { relax?: boolean; zeroObjective?: boolean; bounds?: SolverBounds } = {},
): LP {
  const { colNames } = lp;
  const { lb, ub } = options.bounds ?? solverBounds(lp);
  return {
    name: 'switchyard',
    objective: {
      direction: glpk.GLP_MAX,
      name: 'obj',
      vars: options.zeroObjective
        ? []
        : lp.colObj.flatMap((coef, j) => (coef !== 0 ? [{ name: colNames[j], coef }] : [])),
    },
    subjectTo: lp.rowNames.map((name, i) => {
      const vars = [];
      for (let k = lp.rowStart[i]; k < lp.rowStart[i + 1]; k++)
        vars.push({ name: colNames[lp.rowCols[k]], coef: lp.rowCoefs[k] });
      return { name, vars, bnds: bounds(glpk, lp.rowLb[i], lp.rowUb[i]) };
    }),
    bounds: colNames.map((name, j) => ({ name, ...bounds(glpk, lb[j], ub[j]) })),
    generals: options.relax ? [] : colNames.filter((_, j) => lp.colInt[j]),
  };
}

/**
 * GLPK adapter (glpk.js 5, GLPK 5.0), for tests and benchmarks only. Options: `tmlim` (the time
 * left, seconds; omitted when infinite), `mipgap`, `presol` on.
 *
 * glpk.js reports only the solution status, not the solver's return code, so:
 * - an undefined status after presolve (GLPK's presolver found the LP infeasible or unbounded)
 *   is resolved by re-solving without presolve; for a MILP by solving the LP relaxation and, if
 *   that is unbounded, the zero-objective MILP (feasible ⇒ unbounded);
 * - a stop by the time limit is recognised by the elapsed time (≥ 90 % of the limit): `timedout`
 *   with the point when GLPK has a feasible one. A MILP stopped earlier with a feasible, unproved
 *   point stopped at `mipgap`: `optimal`, `mipGap` null (unknown, ≤ `mipRelGap`).
 * A proved MILP optimum has `mipGap` 0; LP answers carry row duals (∂objective/∂row bound).
 */
export const glpkSolver: Solver = {
  name: 'glpk',
  async solve(lp: Lp, settings: SolverSettings): Promise<LpSolution> {
    let glpk: GLPK;
    try {
      glpk = await loadGlpk();
    } catch (e) {
      return errorAnswer(`glpk.js failed to load: ${errorText(e)}`, 0);
    }
    const t0 = performance.now();
    const colBounds = solverBounds(lp);
    if (colBounds.infeasible !== null)
      return infeasibleAnswer(colBounds.infeasible, performance.now() - t0);
    const limitMs = settings.timeLimitSeconds * 1000;
    const elapsed = () => performance.now() - t0;
    const timeUp = () => elapsed() >= 0.9 * limitMs;
    const run = (model: LP, presol: boolean): Result['result'] | null => {
      const leftSeconds = (limitMs - elapsed()) / 1000;
      if (!(leftSeconds > 0)) return null;
      const tmlim = Number.isFinite(leftSeconds) ? { tmlim: Math.min(leftSeconds, 2e6) } : {};
      const mipgap =
        Number.isFinite(settings.mipRelGap) && settings.mipRelGap >= 0 ? settings.mipRelGap : 0;
      return glpk.solve(model, { msglev: glpk.GLP_MSG_OFF, presol, mipgap, ...tmlim }).result;
    };
    const timedOut = () => bareAnswer('timedout', elapsed(), { timeLimitHit: true });
    const simple = (status: 'infeasible' | 'unbounded') => bareAnswer(status, elapsed());
    const point = (r: Result['result']) =>
      Float64Array.from(lp.colNames, (name) => r.vars[name] ?? 0);
    const objective = (r: Result['result']) => (r.z ?? NaN) + lp.objectiveConstant;
    const isMip = lp.numIntegers > 0;
    const withPoint = (
      r: Result['result'],
      status: 'optimal' | 'timedout',
      mipGap: number | null,
    ) => {
      const timeLimitHit = status === 'timedout';
      return {
        status,
        objective: objective(r),
        values: point(r),
        mipGap,
        timeLimitHit,
        ms: elapsed(),
      };
    };
    const optimal = (r: Result['result']): LpSolution => {
      const dual = r.dual;
      if (isMip || !dual) return withPoint(r, 'optimal', 0);
      const rowDuals = Float64Array.from(lp.rowNames, (name) => dual[name] ?? 0);
      return { ...withPoint(r, 'optimal', 0), rowDuals };
    };

    try {
      const r = run(toGlpkModel(glpk, lp, { bounds: colBounds }), true);
      if (r === null) return timedOut();
      const st = r.status;
      if (st === glpk.GLP_OPT) return optimal(r);
      if (st === glpk.GLP_FEAS && timeUp()) return withPoint(r, 'timedout', null);
      if (st === glpk.GLP_FEAS && isMip) return withPoint(r, 'optimal', null); // stopped at mipgap
      if (st === glpk.GLP_NOFEAS) return simple('infeasible');
      if (st === glpk.GLP_UNBND) return simple('unbounded');
      if (timeUp()) return timedOut();
      if (st !== glpk.GLP_UNDEF)
        return errorAnswer(`GLPK ended with solution status ${st}`, elapsed());

      // Undefined: the presolver stopped on an infeasible or unbounded LP (relaxation).
      const relaxed = run(toGlpkModel(glpk, lp, { relax: true, bounds: colBounds }), false);
      if (relaxed === null) return timedOut();
      if (relaxed.status === glpk.GLP_NOFEAS) return simple('infeasible');
      if (relaxed.status === glpk.GLP_UNBND && !isMip) return simple('unbounded');
      if (relaxed.status === glpk.GLP_UNBND) {
        const feasibility = run(
          toGlpkModel(glpk, lp, { zeroObjective: true, bounds: colBounds }),
          true,
        );
        if (feasibility === null) return timedOut();
        if (feasibility.status === glpk.GLP_OPT || feasibility.status === glpk.GLP_FEAS)
          return simple('unbounded');
        if (feasibility.status === glpk.GLP_NOFEAS) return simple('infeasible');
      }
      if (timeUp()) return timedOut();
      if (!isMip && relaxed.status === glpk.GLP_OPT) return optimal(relaxed);
      return errorAnswer(
        `GLPK gave no definite answer (solution status ${st}, then ${relaxed.status} without presolve)`,
        elapsed(),
      );
    } catch (e) {
      return errorAnswer(`GLPK failed: ${errorText(e)}`, elapsed());
    }
  },
};
