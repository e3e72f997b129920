/**
 * @module build — assembles the LP/MILP of a scenario from its parts: parse → **build** → solve →
 * extract.
 *
 * Every scenario is solved over cases (model/cases.ts): one for a deterministic scenario, one per
 * `uncertainty` entry otherwise. Each case gets its own operating variables and rows (keys prefixed
 * `u<k>.` when there are several); capital decisions of months before the reveal month are shared
 * columns, and every other decision of those months is equated to case 0's (non-anticipativity,
 * docs/model.md "Uncertainty"). The objective is Σ_k p_k · NPV_k; with a CVaR limit,
 * Rockafellar–Uryasev rows over the cases.
 */
import { Lp, key, type Term } from './lp';
import { casesOf, revealIndex, type CaseSpec } from './cases';
import { economics, type Economics } from './economics';
import { USD_PER_MODEL_UNIT as M } from './units';
import type { Plan, Scenario, SiteScenario } from './schema';
import { isPortfolio, sitesOf } from './sites';
import {
  ELASTIC_PENALTY,
  type BuildColumn,
  type BuildContext,
  type ModelIndex,
} from './parts/context';
import { addMining } from './parts/mining';
import { addHpc, addPooledCeiling, pooledCeiling } from './parts/hpc';
import { addTail } from './parts/tail';
import { addFinance } from './parts/finance';
import { addPower } from './parts/power';
import { addSiteTax } from './parts/tax';
import { taxBook, type TaxBook } from './parts/tax-book';

/** Options of a build. */
export interface BuildOptions {
  /**
   * A fixed capital plan (evaluate mode): builds and refresh purchases are fixed, the rest is
   * optimised.
   */
  readonly plan?: Plan;
  /**
   * With a plan: fix every capital decision (default), or only those of months before the reveal
   * (VSS).
   */
  readonly planScope?: 'all' | 'before-reveal';
  /**
   * The mining-only plan: no builds (their columns fixed at 0), refresh purchases still optimised.
   */
  readonly noBuilds?: boolean;
  /**
   * Elastic mode: cash injections and power slacks, so that an infeasible scenario can be
   * diagnosed.
   */
  readonly elastic?: boolean;
  /**
   * Cases to build instead of the scenario's own (a case's own deterministic problem, the mean
   * path).
   */
  readonly cases?: readonly CaseSpec[];
}

/** One site of a case: its own economics and columns (docs/model.md, "Portfolio"). */
export interface SiteModel {
  /** The site's id; undefined for the single-site form. */
  readonly id: string | undefined;
  readonly name: string;
  readonly scenario: SiteScenario;
  readonly econ: Economics;
  /**
   * The site's columns (fleets, builds, occupancy, tail); the single-site form's is the case's own
   * index.
   */
  readonly index: ModelIndex;
}

/** One case inside a built model. */
export interface CaseModel {
  readonly name: string;
  readonly probability: number;
  /** The first site's economics: the months, discount factors and hashprice every site shares. */
  readonly econ: Economics;
  /** The financing columns (cash, debt, equity); for the single-site form also the site's own. */
  readonly index: ModelIndex;
  readonly sites: readonly SiteModel[];
  /** NPV_k in $M = Σ npvTerms · x + npvConstant. */
  readonly npvTerms: readonly Term[];
  readonly npvConstant: number;
  /** The case's tax payer and its rows (null without a tax block; docs/model.md, "Tax"). */
  readonly tax: TaxBook | null;
}

/** A built model: the LP plus what is needed to read its solution back. */
export interface BuiltModel {
  readonly lp: Lp;
  readonly scenario: Scenario;
  readonly cases: readonly CaseModel[];
  /** Index of the reveal month (T for one case). */
  readonly reveal: number;
  /** Case 0's economics and columns (the only case of a deterministic scenario). */
  readonly econ: Economics;
  readonly index: ModelIndex;
  readonly plan?: Plan;
  readonly elastic: boolean;
  /** Elastic slack on the CVaR row ($M), when elastic and a CVaR limit is set. */
  readonly cvarSlack?: number;
}

const emptyIndex = (): ModelIndex => ({
  existingHeld: [],
  existingRun: [],
  refreshBuy: [],
  refreshRunnable: [],
  refreshRun: [],
  builds: [],
  occupancy: [],
  hpcFlow: [],
  cash: [],
  facility: [],
  projectDebt: [],
  equity: [],
  distribution: [],
  injection: [],
  powerSlack: [],
  powerRows: [],
  existingRunByBin: [],
  refreshRunByBin: [],
  hpcPowered: [],
  cashRows: [],
  projectDebtCapRows: [],
  financingCost: [],
  financingCostConstant: 0,
});

/**
 * Builds the model of a parsed scenario. Money in $M, power in MW; the objective is the expected
 * NPV in $M.
 *
 * @example
 * const { lp } = buildModel(ScenarioSchema.parse(json));
 */
export function buildModel(scenario: Scenario, options: BuildOptions = {}): BuiltModel {
  const lp = new Lp();
  const specs = options.cases ?? casesOf(scenario);
  const multi = specs.length > 1;
  const reveal = multi ? revealIndex(scenario) : scenario.horizonMonths;
  const shared = new Map<string, BuildColumn>();
  const portfolio = isPortfolio(scenario);
  const views = sitesOf(scenario);
  const cases: CaseModel[] = specs.map((spec, k) => {
    const before = lp.colObj.slice();
    const c0 = lp.objectiveConstant;
    const ns = multi ? `u${k}` : '';
    const finance = emptyIndex();
    const T = scenario.horizonMonths;
    const cashTerms: Term[][] = Array.from({ length: T }, () => []);
    const cashConst = new Array<number>(T).fill(0);
    const tax = taxBook(scenario.tax, T);
    // Each site: its fleets, offers, tail and power rows, keys prefixed by its id in a portfolio;
    // every site's cash terms go into the one set of cash rows.
    const ceilings: number[][] = [];
    const pooled = views.length > 1 ? pooledCeiling(T) : undefined;
    const sites: SiteModel[] = views.map((view) => {
      const econ = economics(view.scenario, spec);
      const index = portfolio ? emptyIndex() : finance;
      const prefix = portfolio && view.id !== undefined ? [view.id] : [];
      const ctx = siteContext(
        lp,
        view.scenario,
        econ,
        index,
        options,
        shared,
        reveal,
        spec.name,
        multi,
        [...(ns ? [ns] : []), ...prefix],
        prefix,
        cashTerms,
        cashConst,
        tax,
      );
      addMining(ctx);
      ceilings.push(addHpc(ctx, pooled));
      addTail(ctx);
      addPower(ctx);
      addSiteTax(ctx);
      for (let t = 0; t < T; t++) cashConst[t] -= view.scenario.site.overheadUsdPerMonth / M;
      return { id: view.id, name: view.name, scenario: view.scenario, econ, index };
    });
    const econ = sites[0].econ;
    const financeCtx = siteContext(
      lp,
      sites[0].scenario,
      econ,
      finance,
      options,
      shared,
      reveal,
      spec.name,
      multi,
      ns ? [ns] : [],
      [],
      cashTerms,
      cashConst,
      tax,
    );
    if (pooled) ceilings.push(addPooledCeiling(financeCtx, pooled));
    addFinance(financeCtx, ceilings);
    // The case's own objective terms, taken back out to be added weighted by its probability.
    const npvTerms: Term[] = [];
    for (let j = 0; j < lp.numCols; j++) {
      const v = lp.colObj[j] - (j < before.length ? before[j] : 0);
      if (v !== 0) npvTerms.push([j, v]);
      lp.colObj[j] = j < before.length ? before[j] : 0;
    }
    const npvConstant = lp.objectiveConstant - c0;
    lp.objectiveConstant = c0;
    return {
      name: spec.name,
      probability: spec.probability,
      econ,
      index: finance,
      sites,
      npvTerms,
      npvConstant,
      tax,
    };
  });
  for (const c of cases) {
    for (const [j, v] of c.npvTerms) lp.addObjective(j, c.probability * v);
    lp.objectiveConstant += c.probability * c.npvConstant;
  }
  addNonAnticipativity(lp, cases, reveal);
  const cvarSlack = addCvar(lp, scenario, cases, options.elastic ?? false);
  return {
    lp,
    scenario,
    cases,
    reveal,
    econ: cases[0].econ,
    index: cases[0].index,
    plan: options.plan,
    elastic: options.elastic ?? false,
    cvarSlack,
  };
}

/** The context the parts build one site (or the shared finance rows) in. */
function siteContext(
  lp: Lp,
  scenario: SiteScenario,
  econ: Economics,
  index: ModelIndex,
  options: BuildOptions,
  shared: Map<string, BuildColumn>,
  reveal: number,
  caseName: string,
  multiCase: boolean,
  keyPrefix: readonly string[],
  sitePrefix: readonly string[],
  cashTerms: Term[][],
  cashConst: number[],
  tax: TaxBook | null,
): BuildContext {
  return {
    lp,
    scenario,
    econ,
    plan: options.plan,
    planScope: options.planScope ?? 'all',
    noBuilds: options.noBuilds ?? false,
    elastic: options.elastic ?? false,
    index,
    shared,
    reveal,
    caseName,
    multiCase,
    sitePrefix,
    key: keyPrefix.length ? (...parts) => key(...keyPrefix, ...parts) : key,
    cashTerms,
    cashConst,
    tax,
    powerTerms: Array.from({ length: econ.T }, () => []),
    binPowerTerms: Array.from({ length: econ.T }, (_, t) =>
      Array.from({ length: econ.market ? econ.market.binsAt(t).share.length : 0 }, () => []),
    ),
  };
}

/**
 * Every operating decision of a month before the reveal is case 0's in every case: MW held and run
 * (so ASICs sold), refreshed MW held and run, facility and project-debt balances (so draws and
 * repayments), equity raised and distributions. Builds and purchases of those months are shared
 * columns already. Cash is a state, not equated.
 */
function addNonAnticipativity(lp: Lp, cases: readonly CaseModel[], reveal: number): void {
  const siteLists: (keyof ModelIndex)[] = [
    'existingHeld',
    'existingRun',
    'refreshRunnable',
    'refreshRun',
  ];
  const financeLists: (keyof ModelIndex)[] = ['facility', 'projectDebt', 'equity', 'distribution'];
  const equate = (
    mine: number[],
    theirs: number[],
    k: number,
    name: string,
    site: readonly string[],
  ) => {
    for (let t = 0; t < Math.min(reveal, mine.length); t++) {
      if (mine[t] === theirs[t]) continue;
      lp.addRow(
        key(`u${k}`, ...site, 'na', name, t),
        [
          [mine[t], 1],
          [theirs[t], -1],
        ],
        0,
        0,
      );
    }
  };
  const prefix = (id: string | undefined) => (id === undefined ? [] : [id]);
  for (let k = 1; k < cases.length; k++) {
    cases[k].sites.forEach((site, i) => {
      for (const name of siteLists)
        equate(
          site.index[name] as number[],
          cases[0].sites[i].index[name] as number[],
          k,
          name,
          prefix(site.id),
        );
    });
    for (const name of financeLists)
      equate(cases[k].index[name] as number[], cases[0].index[name] as number[], k, name, []);
    // With price bins, MW mining in every bin (bin 0's are equated above).
    cases[k].sites.forEach((site, i) => {
      const idx = site.index;
      const base = cases[0].sites[i].index;
      for (const name of ['existingRunByBin', 'refreshRunByBin'] as const) {
        for (let t = 0; t < Math.min(reveal, idx[name].length); t++) {
          idx[name][t].forEach((c, b) => {
            if (b > 0)
              lp.addRow(
                key(`u${k}`, ...prefix(site.id), 'na', name, t, b),
                [
                  [c, 1],
                  [base[name][t][b], -1],
                ],
                0,
                0,
              );
          });
        }
      }
    });
  }
}

/**
 * The CVaR limit (Rockafellar–Uryasev over the cases): npv_k = NPV_k(x), tail_k ≥ η − npv_k, tail_k
 * ≥ 0, η − (1/α)·Σ_k p_k·tail_k ≥ minNpv — for a discrete distribution exactly the expected NPV
 * over the worst α.
 */
function addCvar(
  lp: Lp,
  s: Scenario,
  cases: readonly CaseModel[],
  elastic: boolean,
): number | undefined {
  const cvar = s.uncertainty?.cvar;
  if (!cvar || cases.length < 2) return undefined;
  const eta = lp.addColumn('cvar.eta', { lb: -Infinity });
  const limitRow: Term[] = [[eta, 1]];
  cases.forEach((c, k) => {
    const npv = lp.addColumn(`cvar.npv.u${k}`, { lb: -Infinity });
    lp.addRow(
      `cvar.npvdef.u${k}`,
      [[npv, 1], ...c.npvTerms.map(([j, v]): Term => [j, -v])],
      c.npvConstant,
      c.npvConstant,
    );
    const tail = lp.addColumn(`cvar.tail.u${k}`);
    lp.addRow(
      `cvar.tailrow.u${k}`,
      [
        [tail, 1],
        [eta, -1],
        [npv, 1],
      ],
      0,
      Infinity,
    );
    limitRow.push([tail, -c.probability / cvar.level]);
  });
  let slack: number | undefined;
  if (elastic) {
    slack = lp.addColumn('cvar.slack', { obj: -ELASTIC_PENALTY });
    limitRow.push([slack, 1]);
  }
  lp.addRow('cvar.limit', limitRow, cvar.minNpvUsd / M, Infinity);
  return slack;
}

/** A case's NPV in USD at a point. */
export function caseNpvUsd(c: CaseModel, x: ArrayLike<number>): number {
  return (c.npvTerms.reduce((a, [j, v]) => a + v * x[j], 0) + c.npvConstant) * M;
}
