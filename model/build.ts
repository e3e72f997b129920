/** @module build — assembles the LP/MILP of a scenario from its parts: parse → **build** → solve → extract. */
import { Lp, key } from './lp';
import { economics, type Economics } from './economics';
import type { Plan, Scenario } from './schema';
import type { BuildColumn, BuildContext, ModelIndex } from './parts/context';
import { addMining } from './parts/mining';
import { addHpc } from './parts/hpc';
import { addFinance } from './parts/finance';
import { addPower } from './parts/power';

/** Options of a build. */
export interface BuildOptions {
  /** A fixed capital plan (evaluate mode): builds and refresh purchases are fixed, the rest is optimised. */
  readonly plan?: Plan;
  /** Elastic mode: covenant and power slacks with penalties, so that an infeasible scenario can be diagnosed. */
  readonly elastic?: boolean;
}

/** A built model: the LP plus what is needed to read its solution back. */
export interface BuiltModel {
  readonly lp: Lp;
  readonly scenario: Scenario;
  readonly econ: Economics;
  readonly index: ModelIndex;
  readonly plan?: Plan;
  readonly elastic: boolean;
}

/**
 * Builds the model of a parsed scenario. Money in $M, power in MW; the objective is equity NPV in $M.
 *
 * @example
 * const { lp } = buildModel(ScenarioSchema.parse(json));
 */
export function buildModel(scenario: Scenario, options: BuildOptions = {}): BuiltModel {
  return buildInto(new Lp(), scenario, options, '', undefined, 0);
}

/**
 * Adds one case of a scenario to `lp`: every key is prefixed by `ns` (none when empty), and build columns found in
 * `sharedBuilds` are reused (two-stage models). The case's objective terms are added unweighted.
 */
export function buildInto(
  lp: Lp,
  scenario: Scenario,
  options: BuildOptions,
  ns: string,
  sharedBuilds: Map<string, BuildColumn> | undefined,
  caseIndex: number,
): BuiltModel {
  const econ = economics(scenario);
  const T = econ.T;
  const index: ModelIndex = {
    existingHeld: [], existingRun: [], refreshBuy: [], refreshRunnable: [], refreshRun: [], builds: [],
    occupancy: [], hpcFlow: [], cash: [], facility: [], projectDebt: [], equity: [], distribution: [],
    injection: [], powerSlack: [],
  };
  const ctx: BuildContext = {
    lp, scenario, econ, plan: options.plan, elastic: options.elastic ?? false, index, sharedBuilds, caseIndex,
    key: ns ? (...parts) => key(ns, ...parts) : key,
    cashTerms: Array.from({ length: T }, () => []),
    cashConst: new Array<number>(T).fill(0),
    powerTerms: Array.from({ length: T }, () => []),
  };
  addMining(ctx);
  const ceiling = addHpc(ctx);
  addPower(ctx);
  addFinance(ctx, ceiling);
  return { lp, scenario, econ, index, plan: options.plan, elastic: ctx.elastic };
}
