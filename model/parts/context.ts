/** @module parts/context — what the model parts share while building: the LP, the economics and the balance rows. */
import type { Lp, Term } from '../lp';
import type { Economics } from '../economics';
import type { Plan, Scenario } from '../schema';

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
}

/** State shared by the `add*` parts; the cash and power balance rows are assembled from their terms. */
export interface BuildContext {
  readonly lp: Lp;
  readonly scenario: Scenario;
  readonly econ: Economics;
  /** Fixed capital plan (evaluate), or undefined (optimise). */
  readonly plan?: Plan;
  /** Elastic mode: penalised slacks make every scenario feasible, to diagnose an infeasible one. */
  readonly elastic: boolean;
  /** Cash inflow terms of month t, $M (outflows carry negative coefficients). */
  readonly cashTerms: Term[][];
  /** Constant cash inflow of month t, $M. */
  readonly cashConst: number[];
  /** Power drawn in month t, MW. */
  readonly powerTerms: Term[][];
  readonly index: ModelIndex;
  /** Namespaced, LP-safe key of this build (a two-stage model prefixes each case's keys). */
  key(...parts: readonly (string | number)[]): string;
  /**
   * Build columns shared with other cases of a two-stage model, by `option.start`; a part reuses a column found
   * here and registers the ones it creates. Undefined for a one-case model.
   */
  readonly sharedBuilds?: Map<string, BuildColumn>;
  /** 0 for a one-case model and the first case of a two-stage one: first-stage rows are added by case 0 only. */
  readonly caseIndex: number;
}

/** Penalty per unit of slack in elastic mode, $M of objective per $M or MW: far above any real trade-off. */
export const ELASTIC_PENALTY = 1e3;
