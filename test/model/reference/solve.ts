/**
 * @module reference/solve — solves the reference LP (reference/build) twice, with HiGHS on CPLEX LP
 * text written here and with GLPK (glpk.js, a dev dependency) on the same rows given as its JSON
 * model, and reports both. The two solvers reading the same programme through different writers is
 * the reference's own first check. npvUsd = (objective + constant) × 1e6 (docs/model.md,
 * "Objective": the model is in $M).
 */
import highsLoader from 'highs';
import { buildReference, type RefLp } from './build';
import type { RefScenario } from './scenario';

/** One solver's answer. */
export interface RefAnswer {
  readonly status: 'optimal' | 'infeasible' | 'unbounded' | 'error';
  readonly npvUsd: number | null;
  readonly detail?: string;
  /** Column values by name (HiGHS's optimum only), for inspecting a solution. */
  readonly values?: ReadonlyMap<string, number>;
}

/** The reference answer: HiGHS's (the status and NPV reported), with GLPK's beside it. */
export interface RefResult extends RefAnswer {
  readonly highs: RefAnswer;
  readonly glpk: RefAnswer;
  readonly notes: readonly string[];
  /** maxViolation of HiGHS's optimum (0 when there is none). */
  readonly violation: number;
}

/** Relative MIP gap asked of both solvers, so that block builds agree to 1e-6. */
const MIP_GAP = 1e-9;

const fmt = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf');

/**
 * A linear expression in LP text, duplicate columns summed (names are LP-safe: letters, digits, _).
 */
function linear(lp: RefLp, terms: Iterable<[number, number]>): string {
  const merged = new Map<number, number>();
  for (const [j, v] of terms) merged.set(j, (merged.get(j) ?? 0) + v);
  const parts: string[] = [];
  for (const [j, v] of merged)
    if (v !== 0) parts.push(`${v < 0 ? '-' : '+'} ${fmt(Math.abs(v))} ${lp.columns[j].name}`);
  if (!parts.length) parts.push(`+ 0 ${lp.columns[0].name}`);
  // Short lines: a statement may span lines in the LP format.
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(' '));
  return lines.join('\n  ');
}

/** The reference LP as CPLEX LP text (maximise; the constant is added outside the solver). */
export function toLpText(lp: RefLp): string {
  const out = [
    'Maximize',
    ` obj: ${linear(
      lp,
      lp.columns.map((c, j) => [j, c.obj] as [number, number]),
    )}`,
    'Subject To',
  ];
  for (const r of lp.rows) {
    const expr = linear(lp, r.terms);
    if (r.lo === r.hi) out.push(` ${r.name}: ${expr} = ${fmt(r.hi)}`);
    else {
      if (Number.isFinite(r.lo)) out.push(` ${r.name}_lo: ${expr} >= ${fmt(r.lo)}`);
      if (Number.isFinite(r.hi)) out.push(` ${r.name}_hi: ${expr} <= ${fmt(r.hi)}`);
    }
  }
  out.push('Bounds');
  for (const c of lp.columns) {
    if (c.lb === -Infinity && c.ub === Infinity) out.push(` ${c.name} free`);
    else out.push(` ${fmt(c.lb)} <= ${c.name} <= ${fmt(c.ub)}`);
  }
  const ints = lp.columns.filter((c) => c.integer).map((c) => c.name);
  if (ints.length) out.push('General', ` ${ints.join(' ')}`);
  out.push('End', '');
  return out.join('\n');
}

let highsRuntime: ReturnType<typeof highsLoader> | undefined;

/** Solves the LP text with HiGHS's one-shot `solve`. */
export async function solveHighs(lp: RefLp): Promise<RefAnswer> {
  highsRuntime ??= highsLoader();
  const highs = await highsRuntime;
  const text = toLpText(lp);
  try {
    const options = { output_flag: false, mip_rel_gap: MIP_GAP };
    let res = highs.solve(text, options);
    // HiGHS's dual simplex may end "Unknown" (or undecided) on an infeasible LP; its primal simplex
    // without presolve, then its interior-point solver, decide it.
    const retries = [
      { presolve: 'off', solver: 'simplex', simplex_strategy: 4 },
      { solver: 'ipm' },
    ] as const;
    for (const retry of retries) {
      if (res.Status !== 'Unknown' && res.Status !== 'Primal infeasible or unbounded') break;
      res = highs.solve(text, { ...options, ...retry });
    }
    if (res.Status === 'Optimal') {
      const values = new Map(Object.values(res.Columns).map((c) => [c.Name, c.Primal] as const));
      return { status: 'optimal', npvUsd: (res.ObjectiveValue + lp.constant) * 1e6, values };
    }
    if (res.Status === 'Infeasible') return { status: 'infeasible', npvUsd: null };
    if (res.Status === 'Unbounded') return { status: 'unbounded', npvUsd: null };
    return { status: 'error', npvUsd: null, detail: `HiGHS status ${res.Status}` };
  } catch (e) {
    return { status: 'error', npvUsd: null, detail: `HiGHS: ${String(e)}` };
  }
}

interface Glpk {
  GLP_MAX: number;
  GLP_FR: number;
  GLP_LO: number;
  GLP_UP: number;
  GLP_DB: number;
  GLP_FX: number;
  GLP_MSG_OFF: number;
  GLP_OPT: number;
  GLP_NOFEAS: number;
  GLP_INFEAS: number;
  GLP_UNBND: number;
  solve(model: unknown, options: unknown): { result: { status: number; z: number } };
}
let glpkRuntime: Promise<Glpk> | undefined;

/** Solves the same rows with GLPK, from its JSON model (no text in between). */
export async function solveGlpk(lp: RefLp): Promise<RefAnswer> {
  glpkRuntime ??= import('glpk.js/node').then((m) => (m.default as unknown as () => Glpk)());
  const glpk = await glpkRuntime;
  const bnds = (lo: number, hi: number) => {
    const l = Number.isFinite(lo);
    const h = Number.isFinite(hi);
    if (l && h)
      return lo === hi
        ? { type: glpk.GLP_FX, lb: lo, ub: hi }
        : { type: glpk.GLP_DB, lb: lo, ub: hi };
    if (l) return { type: glpk.GLP_LO, lb: lo, ub: 0 };
    if (h) return { type: glpk.GLP_UP, lb: 0, ub: hi };
    return { type: glpk.GLP_FR, lb: 0, ub: 0 };
  };
  const vars = (terms: Iterable<[number, number]>) => {
    const merged = new Map<number, number>();
    for (const [j, v] of terms) merged.set(j, (merged.get(j) ?? 0) + v);
    return [...merged]
      .filter(([, v]) => v !== 0)
      .map(([j, coef]) => ({ name: lp.columns[j].name, coef }));
  };
  const model = {
    name: 'reference',
    objective: {
      direction: glpk.GLP_MAX,
      name: 'obj',
      vars: vars(lp.columns.map((c, j) => [j, c.obj] as [number, number])),
    },
    subjectTo: lp.rows.map((r) => ({ name: r.name, vars: vars(r.terms), bnds: bnds(r.lo, r.hi) })),
    bounds: lp.columns.map((c) => ({ name: c.name, ...bnds(c.lb, c.ub) })),
    generals: lp.columns.filter((c) => c.integer).map((c) => c.name),
  };
  try {
    const run = (presol: boolean) =>
      glpk.solve(model, { msglev: glpk.GLP_MSG_OFF, presol, mipgap: MIP_GAP }).result;
    let r = run(true);
    // After presolve an infeasible or unbounded LP leaves the status undefined: solve again without
    // it.
    if (![glpk.GLP_OPT, glpk.GLP_NOFEAS, glpk.GLP_UNBND].includes(r.status)) r = run(false);
    if (r.status === glpk.GLP_OPT) return { status: 'optimal', npvUsd: (r.z + lp.constant) * 1e6 };
    if (r.status === glpk.GLP_NOFEAS || r.status === glpk.GLP_INFEAS)
      return { status: 'infeasible', npvUsd: null };
    if (r.status === glpk.GLP_UNBND) return { status: 'unbounded', npvUsd: null };
    return { status: 'error', npvUsd: null, detail: `GLPK status ${r.status}` };
  } catch (e) {
    return { status: 'error', npvUsd: null, detail: `GLPK: ${String(e)}` };
  }
}

/**
 * The largest violation of a row or a bound by a point (values by column name; a missing column
 * counts as 0), in the LP's units ($M, MW): a check that a solver's optimum is a point of this LP.
 */
export function maxViolation(lp: RefLp, values: ReadonlyMap<string, number>): number {
  const x = lp.columns.map((c) => values.get(c.name) ?? 0);
  let worst = 0;
  lp.columns.forEach((c, j) => (worst = Math.max(worst, c.lb - x[j], x[j] - c.ub)));
  for (const r of lp.rows) {
    const a = r.terms.reduce((sum, [j, v]) => sum + v * x[j], 0);
    worst = Math.max(worst, r.lo - a, a - r.hi);
  }
  return worst;
}

/**
 * Builds and solves a v2 scenario with both solvers.
 *
 * @example
 * const { status, npvUsd, glpk } = await solveReference(json);
 */
export async function solveReference(s: RefScenario): Promise<RefResult> {
  const lp = buildReference(s);
  const highs = await solveHighs(lp);
  const glpk = await solveGlpk(lp);
  const violation = highs.values ? maxViolation(lp, highs.values) : 0;
  return { ...highs, highs, glpk, notes: lp.notes, violation };
}

/**
 * The mining-only plan of a scenario (docs/model.md, "Baseline and KPIs"): the same scenario with
 * no builds, refreshes still optimised. `npvVsMiningOnlyUsd` of an optimum is its npvUsd minus this
 * one's.
 */
export function solveMiningOnly(s: RefScenario): Promise<RefResult> {
  return solveReference({ ...s, hpcOptions: [] });
}
