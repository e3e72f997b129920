/**
 * @module parts/hpc — HPC cohorts: builds per option and start month, the power they occupy, their
 * net cash, and the project-debt ceiling they support. Sparse: every cohort sum is a state with a
 * month-to-month recursion.
 *
 * Variables:
 *   x_{o,s} ≥ 0   grid MW of option o whose conversion starts in month s, for s in the option's window
 *                 (earliest ≤ s ≤ latest, s + b ≤ T − 1: it commences within the horizon; with blockMW > 0,
 *                 x = blockMW · n with n integer, s on decision months only); shared by every case before the
 *                 reveal month; fixed to the plan when evaluating; fixed at 0 for the mining-only plan
 *   occ_t  ≥ 0    grid MW occupied by HPC in month t
 *   flow_t free   net HPC cash in month t, $M: Σ_{o,s} x_{o,s} · net_o(t − s)  (lease or cloud margin − capex, a
 *                 cloud's GPU purchases included; `parts/cloud` builds a cloud's profile)
 *   adv_t, slope_t  project-debt ceiling Σ x·a_o(t − s) and its month-to-month change (one pair for every site
 *                 of a portfolio: `addPooledCeiling`)
 * Constraints (profiles per MW of the case: net_o(j) = margin_o(j) − capex_o(j), commencement at b
 * + the case's extra build months; a_o(j) the advance ceiling, amortising from the actual
 * commencement):
 *   occ_t − occ_{t−1} = Σ_o x_{o, t − (b_o − switchover_o)}
 *   flow_t − flow_{t−1} = Σ_o Σ_j Δnet_o(j) · x_{o, t−j}      (Δnet is non-zero only at build end,
 *                                                              commencement, anniversaries and term ends; for a
 *                                                              cloud each GPU purchase and generation anniversary)
 *   slope_t − slope_{t−1} = Σ_o Σ_j Δ²a_o(j) · x_{o, t−j};  adv_t − adv_{t−1} = slope_t   (a is piecewise linear)
 *   Σ_s x_{o,s} ≤ maxMW_o;   Σ_{o,s} x_{o,s} ≤ hpcEligibleMW      (per case; a fully fixed plan is checked before)
 *   (price bins, operator-paid power) pow_t − pow_{t−1} = Σ_o Σ_j Δw_o(j) · x_{o, t−j}: the expected MW earning
 *   whose power the operator pays (w_o(j) = 1 in the term, renewalProbability in the extension); its power is
 *   then not in net_o but costs pow_t · (730.5 · Σ_b h_b p_b + transmission·1000/12) / 1e6 in month t (the bins of
 *   its calendar month, docs/model.md "Power markets")
 *   (tenant credit, option o with a default hazard d_o > 0 and backstop β_o < 1, q_o = (1 − d_o)^(1/12)) the margin
 *   splits into β_o · m_o(j), inside net_o, and (1 − β_o) · q_o^k · m_o(j), carried by a geometric state
 *   dec_{o,t} − q_o · dec_{o,t−1} = Σ_j (D_o(j) − q_o · D_o(j−1)) · x_{o,t−j},  D_o(j) = (1 − β_o) q_o^k m_o(j),
 *   non-zero only where m_o changes (commencement, ramp months, anniversaries, term ends); likewise the powered
 *   MW (decpow_{o,t}). So rows stay sparse though S_k changes every month (docs/model.md, "Tenant credit and ramps").
 *   (site.maxMWUnderConstruction = U) bld_t − bld_{t−1} = Σ_o (x_{o,t} − x_{o,t−b_o}),  0 ≤ bld_t ≤ U
 * Cash (inflow) in month t: flow_t + Σ_o dec_{o,t} [− (pow_t + Σ_o decpow_{o,t}) · hpcPower_t].
 * Power in month t: occ_t (in every bin).
 * Objective: Σ_{o,s} x_{o,s} · [Σ_{t ≥ T} (net_o(t − s) − w_o(t − s) · hpcPower_t) · df^o_t  (the flows
 *   after the horizon) + Σ_e weight_e · residual_o,e · df^o_{t_e}  (`parts/residual`) + ("firm")
 *   Σ_{t=s}^{T−1} (df^o_t − df_t) · (net_o(t − s) − w_o(t − s) · hpcPower_t)], df^o at the option's rate
 *   r_o: `parts/finance` discounts the cash flow_t at d, the last sum moves it to r_o.
 */
import type { Term } from '../lp';
import {
  capitalColumn,
  planFixes,
  rowApplies,
  type BuildColumn,
  type BuildContext,
} from './context';
import { differences } from './profile';

/**
 * Adds the HPC cohorts. Returns the month-by-month project-debt ceiling columns (empty without
 * project debt, or when `pooled` is given: a portfolio's sites put their ceiling's kinks there and
 * `addPooledCeiling` adds the one ceiling they share).
 */
export function addHpc(ctx: BuildContext, pooled?: PooledCeiling): number[] {
  const { lp, econ, index } = ctx;
  const T = econ.T;
  // builds[o][s] → column (and MW per unit) when cohort (o, s) can exist.
  const byStart: (BuildColumn | undefined)[][] = econ.options.map(() => new Array(T));
  let anyFree = false;
  econ.options.forEach((oe, o) => {
    const fixed = ctx.plan ? planBuilds(ctx, oe.option.id) : null;
    const window = new Set(oe.starts);
    const starts = new Set(oe.starts);
    fixed?.forEach((mw, t) => mw > 0 && starts.add(t));
    let free = false;
    for (const s of [...starts].sort((a, b) => a - b)) {
      const fix = fixed !== null && planFixes(ctx, s);
      if (fix && fixed[s] === 0) continue;
      if (!fix && !window.has(s)) continue;
      const block = fix ? 0 : oe.option.blockMW;
      const mwPerUnit = block > 0 ? block : 1;
      const ub = ctx.noBuilds ? 0 : oe.option.maxMW / mwPerUnit;
      const bounds = fix ? { lb: fixed[s], ub: fixed[s] } : { ub, integer: block > 0 };
      free ||= !fix;
      const bc = capitalColumn(
        ctx,
        `build.${o}.${s}`,
        ['hpc.build', oe.option.id, econ.labels[s]],
        s,
        bounds,
        { option: o, start: s, mwPerUnit },
      );
      // Its flows after the horizon and its residual, and (firm value) its in-horizon flows' gain
      // from being discounted at r_o rather than d (docs/model.md, "Rates by risk class").
      const own = ctx.scenario.valuation.method === 'firm' ? oe.rateCorrection(s) : 0;
      lp.addObjective(bc.col, bc.mwPerUnit * (oe.postHorizonValue(s) + oe.residualValue(s) + own));
      byStart[o][s] = bc;
      index.builds.push(bc);
    }
    if (free) {
      const terms: Term[] = index.builds
        .filter((b) => b.option === o)
        .map((b) => [b.col, b.mwPerUnit]);
      if (terms.length)
        lp.addRow(ctx.key('hpc.max', oe.option.id), terms, -Infinity, oe.option.maxMW);
    }
    anyFree ||= free;
  });
  if (anyFree && index.builds.length) {
    lp.addRow(
      ctx.key('hpc.eligible'),
      index.builds.map((b) => [b.col, b.mwPerUnit] as const),
      -Infinity,
      ctx.scenario.site.hpcEligibleMW,
    );
  }

  // Sparse difference profiles: only the months j where a per-MW profile changes.
  const jumps = econ.options.map((oe) => differences(T, (j) => oe.steadyNetAt(j)));
  const hasDebt =
    (ctx.scenario.financing.projectDebt?.advanceRate ?? 0) > 0 &&
    econ.options.some((oe) => oe.capexPerMW > 0);
  const kinks = econ.options.map((oe) => oe.advanceKinks);
  const market = econ.market;
  const powered = econ.options.map((oe) => differences(T, (j) => oe.steadyPoweredAt(j)));
  const hasPowered = market !== null && powered.some((d) => d.length > 0);
  // Per option with a default hazard: the steps of its decaying margin (and powered MW), that
  // option's only.
  const decaySteps = econ.options.map((oe, o) => {
    if (oe.decay === 1) return null;
    const only = (f: (j: number) => number) =>
      econ.options.map((_, i) => (i === o ? geometricSteps(T, f, oe.decay) : []));
    return {
      margin: only((j) => oe.decayingMarginAt(j)),
      powered:
        market && oe.decayingPoweredAt(oe.commencementOffset) > 0
          ? only((j) => oe.decayingPoweredAt(j))
          : null,
    };
  });
  const cap = ctx.scenario.site.maxMWUnderConstruction;
  let building: number | undefined;
  const ceiling: number[] = [];
  let prevCeiling: CeilingColumns | undefined;
  const states = new Map<string, number>();
  for (let t = 0; t < T; t++) {
    const label = econ.labels[t];
    const occ = lp.addColumn(ctx.key('hpc.occupied', label));
    const occTerms: Term[] = [[occ, 1]];
    if (t > 0) occTerms.push([index.occupancy[t - 1], -1]);
    econ.options.forEach((oe, o) => {
      const b = byStart[o][t - oe.occupyOffset];
      if (b) occTerms.push([b.col, -b.mwPerUnit]);
    });
    lp.addRow(ctx.key('hpc.occupancy', label), occTerms, 0, 0);
    index.occupancy.push(occ);
    ctx.powerTerms[t].push([occ, 1]);

    const flow = lp.addColumn(ctx.key('hpc.flow', label), { lb: -Infinity });
    lp.addRow(
      ctx.key('hpc.flowstep', label),
      recursion(flow, index.hpcFlow[t - 1], jumps, byStart, t),
      0,
      0,
    );
    index.hpcFlow.push(flow);
    ctx.cashTerms[t].push([flow, 1]);

    if (hasPowered) {
      const pow = lp.addColumn(ctx.key('hpc.powered', label));
      lp.addRow(
        ctx.key('hpc.poweredstep', label),
        recursion(pow, index.hpcPowered[t - 1], powered, byStart, t),
        0,
        0,
      );
      index.hpcPowered.push(pow);
      ctx.cashTerms[t].push([pow, -market.hpcPowerAt(t)]);
    }
    econ.options.forEach((oe, o) => {
      const steps = decaySteps[o];
      if (!steps) return;
      const state = (name: string, deltas: Steps) =>
        decaying(ctx, `${name}.${oe.option.id}`, t, oe.decay, deltas, byStart, states);
      ctx.cashTerms[t].push([state('hpc.decay', steps.margin), 1]);
      if (market && steps.powered) {
        const decPow = state('hpc.decaypow', steps.powered);
        ctx.cashTerms[t].push([decPow, -market.hpcPowerAt(t)]);
      }
    });
    if (cap !== undefined && anyFree) {
      const bld = lp.addColumn(ctx.key('hpc.building', label), { ub: cap });
      const terms: Term[] = [[bld, 1]];
      if (building !== undefined) terms.push([building, -1]);
      building = bld;
      econ.options.forEach((oe, o) => {
        const starts = byStart[o][t];
        if (starts) terms.push([starts.col, -starts.mwPerUnit]);
        const ends = byStart[o][t - oe.buildMonths];
        if (ends) terms.push([ends.col, ends.mwPerUnit]);
      });
      lp.addRow(ctx.key('hpc.buildingstep', label), terms, 0, 0);
    }

    if (hasDebt && pooled) {
      pooled.used = true;
      pooled.kinks[t].push(...cohortTerms(kinks, byStart, t));
    } else if (hasDebt) {
      prevCeiling = ceilingStep(ctx, t, cohortTerms(kinks, byStart, t), prevCeiling);
      ceiling.push(prevCeiling.advance);
    }
  }
  return ceiling;
}

/** Per option, the steps [j, Δ(j)] of a per-MW profile. */
type Steps = readonly (readonly (readonly [number, number])[])[];

/**
 * A geometric cohort state of month t (free column `<name>.<month>`) and its row; returns the
 * column. `states` holds each state's column of the month before, by name.
 */
function decaying(
  ctx: BuildContext,
  name: string,
  t: number,
  ratio: number,
  deltas: Steps,
  byStart: readonly (BuildColumn | undefined)[][],
  states: Map<string, number>,
): number {
  const { lp, econ } = ctx;
  const state = lp.addColumn(ctx.key(name, econ.labels[t]), { lb: -Infinity });
  const prev = t > 0 ? states.get(name) : undefined;
  states.set(name, state);
  lp.addRow(
    ctx.key(`${name}.step`, econ.labels[t]),
    recursion(state, prev, deltas, byStart, t, ratio),
    0,
    0,
  );
  return state;
}

/**
 * Terms of `state_t − ratio · state_{t−1} − Σ_o Σ_j Δ_o(j) · x_{o,t−j} = 0` (ratio 1: a plain sum
 * of cohorts).
 */
function recursion(
  state: number,
  prev: number | undefined,
  deltas: readonly (readonly (readonly [number, number])[])[],
  byStart: readonly (BuildColumn | undefined)[][],
  t: number,
  ratio = 1,
): Term[] {
  const terms: Term[] = [[state, 1]];
  if (prev !== undefined) terms.push([prev, -ratio]);
  return terms.concat(cohortTerms(deltas, byStart, t));
}

/** Terms `−Δ_o(j) · x_{o,t−j}` of month t over every option o and step j. */
function cohortTerms(
  deltas: readonly (readonly (readonly [number, number])[])[],
  byStart: readonly (BuildColumn | undefined)[][],
  t: number,
): Term[] {
  const terms: Term[] = [];
  deltas.forEach((d, o) => {
    for (const [j, v] of d) {
      if (j > t) break;
      const b = byStart[o][t - j];
      if (b) terms.push([b.col, -v * b.mwPerUnit]);
    }
  });
  return terms;
}

/**
 * A portfolio's sites' project-debt ceiling kinks, month by month: the ceiling is pooled
 * (`projectdebt.cap` sums it), so one recursion over every site's kinks replaces one per site
 * (2 columns and 2 rows per site and month fewer; docs/solvers.md, "The largest scenario").
 */
export interface PooledCeiling {
  readonly kinks: Term[][];
  used: boolean;
}

/** An empty pool of kinks over T months. */
export const pooledCeiling = (T: number): PooledCeiling => ({
  kinks: Array.from({ length: T }, () => []),
  used: false,
});

/** The pooled ceiling's columns, month by month (none when no site has project debt). */
export function addPooledCeiling(ctx: BuildContext, pooled: PooledCeiling): number[] {
  const out: number[] = [];
  if (!pooled.used) return out;
  let prev: CeilingColumns | undefined;
  pooled.kinks.forEach((kinks, t) => {
    prev = ceilingStep(ctx, t, kinks, prev);
    out.push(prev.advance);
  });
  return out;
}

/** The project-debt ceiling's columns of a month: its slope and its level. */
interface CeilingColumns {
  readonly slope: number;
  readonly advance: number;
}

/**
 * Month t of the project-debt ceiling: slope_t − slope_{t−1} = Σ Δ²a · x (`kinks`, already
 * negated), adv_t − adv_{t−1} = slope_t, given month t − 1's columns; returns month t's.
 */
function ceilingStep(
  ctx: BuildContext,
  t: number,
  kinks: Term[],
  prev?: CeilingColumns,
): CeilingColumns {
  const { lp, econ } = ctx;
  const label = econ.labels[t];
  const slope = lp.addColumn(ctx.key('hpc.advslope', label), { lb: -Infinity });
  const slopeTerms: Term[] = [[slope, 1]];
  if (t > 0 && prev !== undefined) slopeTerms.push([prev.slope, -1]);
  lp.addRow(ctx.key('hpc.advkink', label), slopeTerms.concat(kinks), 0, 0);
  const adv = lp.addColumn(ctx.key('hpc.advance', label), { lb: -Infinity });
  const advTerms: Term[] = [
    [adv, 1],
    [slope, -1],
  ];
  if (prev !== undefined) advTerms.push([prev.advance, -1]);
  lp.addRow(ctx.key('hpc.advstep', label), advTerms, 0, 0);
  return { slope, advance: adv };
}

/**
 * Non-zero steps [j, f(j) − ratio · f(j−1)] of a per-MW profile over j = 0 … T−1: for f(j) = q^k ·
 * g(j), g piecewise constant, they are non-zero only where g changes. Steps below 1e-12 of the
 * profile's scale are rounding of q^k.
 */
function geometricSteps(T: number, f: (j: number) => number, ratio: number): [number, number][] {
  const out: [number, number][] = [];
  let scale = 0;
  for (let j = 0; j < T; j++) scale = Math.max(scale, Math.abs(f(j)));
  for (let j = 0; j < T; j++) {
    const d = f(j) - ratio * f(j - 1);
    if (d !== 0 && (ratio === 1 || Math.abs(d) > 1e-12 * scale)) out.push([j, d]);
  }
  return out;
}

/** The plan's builds of an option that apply to this case, MW by start month. */
function planBuilds(ctx: BuildContext, optionId: string): number[] {
  const out = new Array<number>(ctx.econ.T).fill(0);
  for (const b of ctx.plan?.builds ?? []) {
    if (b.optionId !== optionId || !rowApplies(ctx, b)) continue;
    const t = ctx.econ.labels.indexOf(b.month);
    if (t >= 0) out[t] += b.mw;
  }
  return out;
}
