/**
 * @module parts/context — what the model parts share while building: the LP, the economics and the
 * balance rows.
 */
import { keyOf, type ColumnSpec, type Lp, type Term } from '../lp';
import type { Economics } from '../economics';
import type { Plan, SiteScenario } from '../schema';
import type { TaxBook } from './tax-book';

/** A build column: grid MW converted = `mwPerUnit` × column value. */
export interface BuildColumn {
  readonly option: number;
  readonly start: number;
  readonly col: number;
  readonly mwPerUnit: number;
}

/** Column indices the parts create, read back by the results. */
export interface ModelIndex {
  existingHeld: number[];
  existingRun: number[];
  refreshBuy: number[];
  refreshRunnable: number[];
  refreshRun: number[];
  builds: BuildColumn[];
  occupancy: number[];
  hpcFlow: number[];
  cash: number[];
  facility: number[];
  projectDebt: number[];
  equity: number[];
  distribution: number[];
  injection: number[];
  powerSlack: number[];
  /** The power rows: each month's (each bin's, with a market) and the merchant tail's. */
  powerRows: number[];
  /**
   * With price bins: each fleet's run columns of month t, one per bin (the plain run lists hold bin
   * 0's).
   */
  existingRunByBin: number[][];
  refreshRunByBin: number[][];
  /** With price bins: expected HPC MW earning on power the operator pays, month t. */
  hpcPowered: number[];
  /** Merchant tail: MW of each fleet kept running after the horizon (absent without that fleet). */
  keepExisting?: number;
  keepRefresh?: number;
  /**
   * The cash balance row of month t, and the project-debt ceiling row (absent without project
   * debt).
   */
  cashRows: number[];
  projectDebtCapRows: number[];
  /**
   * Σ_t df_t × (interest paid − cash yield earned + equity raised), $M: the financing tie-break
   * (docs/model.md).
   */
  financingCost: Term[];
  financingCostConstant: number;
}

/**
 * State shared by the `add*` parts; the cash and power balance rows are assembled from their terms.
 */
export interface BuildContext {
  readonly lp: Lp;
  /**
   * The site being built (a portfolio's site seen on its own, model/sites.ts); for the finance
   * rows, the first site (they read only what the sites share).
   */
  readonly scenario: SiteScenario;
  readonly econ: Economics;
  /** Fixed capital plan (evaluate), or undefined (optimise). */
  readonly plan?: Plan;
  /**
   * Which capital decisions the plan fixes: all of them, or those of months before the reveal only
   * (VSS).
   */
  readonly planScope: 'all' | 'before-reveal';
  /**
   * No builds at all (the mining-only plan): build columns exist, fixed at 0, so the LP keeps its
   * shape.
   */
  readonly noBuilds: boolean;
  /** Elastic mode: penalised slacks make every scenario feasible, to diagnose an infeasible one. */
  readonly elastic: boolean;
  /**
   * Operating cash inflow terms of month t, $M (outflows carry negative coefficients): the terms of
   * FCF_t (docs/model.md, "Value"); financing terms are added by `parts/finance` alone.
   */
  readonly cashTerms: Term[][];
  /** Constant operating cash inflow of month t, $M (part of FCF_t). */
  readonly cashConst: number[];
  /** The case's tax payer (null without a tax block): every site adds to it (`parts/tax`). */
  readonly tax: TaxBook | null;
  /** Power drawn in month t, MW (in every bin: firm load). */
  readonly powerTerms: Term[][];
  /**
   * With price bins: power drawn in bin b of month t only (mining), MW; empty lists without them.
   */
  readonly binPowerTerms: Term[][][];
  readonly index: ModelIndex;
  /**
   * Namespaced, LP-safe key of this build (a two-stage model prefixes each case's keys, a portfolio
   * each site's).
   */
  key(...parts: readonly (string | number)[]): string;
  /**
   * The site's key prefix in a portfolio (its id), empty for the single-site form and for the
   * shared finance rows.
   */
  readonly sitePrefix: readonly string[];
  /**
   * Columns shared by every case: capital decisions (builds, refresh purchases) of months before
   * the reveal, by `build.<option>.<start>` / `refresh.<start>`; a part reuses a column found here
   * and registers the ones it creates.
   */
  readonly shared: Map<string, BuildColumn>;
  /**
   * Index of the reveal month: decisions of months before it are the same in every case (T: one
   * case).
   */
  readonly reveal: number;
  /** The case's name, matched against a plan row's `case`. */
  readonly caseName: string;
  /** Whether the scenario has more than one case (plan rows of later months belong to one). */
  readonly multiCase: boolean;
}

/**
 * Penalty per unit of slack in elastic mode, $M of objective per $M or MW: far above any real
 * trade-off.
 */
export const ELASTIC_PENALTY = 1e3;

/**
 * Whether a plan row (no case: every case) applies to the case and the site being built (a
 * portfolio's rows name their site).
 */
export function rowApplies(
  ctx: BuildContext,
  row: { readonly case?: string; readonly siteId?: string },
): boolean {
  return (
    (row.case === undefined || row.case === ctx.caseName) &&
    (ctx.sitePrefix.length === 0 || row.siteId === ctx.sitePrefix[0])
  );
}

/** Whether the plan fixes the capital decisions of month t. */
export function planFixes(ctx: BuildContext, t: number): boolean {
  return ctx.plan !== undefined && (ctx.planScope === 'all' || t < ctx.reveal);
}

/**
 * A capital column of month t: shared by every case before the reveal (no case prefix), the case's
 * own after.
 */
export function capitalColumn(
  ctx: BuildContext,
  sharedKey: string,
  name: readonly (string | number)[],
  t: number,
  spec: ColumnSpec,
  meta: Omit<BuildColumn, 'col'>,
): BuildColumn {
  // Hot (every build and start month): no spread where the lists are short or empty.
  if (t < ctx.reveal) {
    const site = ctx.sitePrefix;
    const shared = site.length ? `${site.join('.')}.${sharedKey}` : sharedKey;
    const found = ctx.shared.get(shared);
    if (found) return found;
    const bc = column(meta, ctx.lp.addColumn(keyOf(site.length ? [...site, ...name] : name), spec));
    ctx.shared.set(shared, bc);
    return bc;
  }
  return column(meta, ctx.lp.addColumn(ctx.key(...name), spec));
}

/** A build column of `meta` and column `col`. */
function column(meta: Omit<BuildColumn, 'col'>, col: number): BuildColumn {
  return { option: meta.option, start: meta.start, mwPerUnit: meta.mwPerUnit, col };
}

/**
 * Adds operating cash terms (and a constant) of month t whose value is discounted at a stream's
 * own rate, df^r (docs/model.md, "Rates by risk class"): `parts/finance` discounts every cash term
 * at d; in "firm" value the difference (df^r_t − df_t) × term goes on the objective here, so the
 * cash rows are unchanged and nothing is added when r = d.
 */
export function addStreamCash(
  ctx: BuildContext,
  t: number,
  dfStream: readonly number[],
  terms: readonly Term[],
  constant = 0,
): void {
  ctx.cashTerms[t].push(...terms);
  ctx.cashConst[t] += constant;
  const gain = dfStream[t] - ctx.econ.df[t];
  if (gain === 0 || ctx.scenario.valuation.method !== 'firm') return;
  for (const [c, v] of terms) ctx.lp.addObjective(c, gain * v);
  ctx.lp.objectiveConstant += gain * constant;
}
