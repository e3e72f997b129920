/**
 * @module two-stage — the uncertainty model: several hashprice/delivery cases with one capital plan.
 *
 * Builds (and refresh purchases) are first-stage: one column per option and start month, shared by every case.
 * Each case k gets its own copy of every operating variable and row (keys prefixed `u<k>.`), priced with its own
 * hashprice path and build months (base buildMonths + extraBuildMonths). The objective is the expected NPV
 * Σ_k p_k · NPV_k. With a CVaR limit (Rockafellar–Uryasev):
 *   npv_k = NPV_k(x)  (a row per case),  tail_k ≥ η − npv_k,  tail_k ≥ 0,  η − (1/α) Σ_k p_k · tail_k ≥ minNpv.
 */
import { buildInto, type BuildOptions, type BuiltModel } from './build';
import { hashpricePath } from './hashprice';
import { Lp, type Term } from './lp';
import { ELASTIC_PENALTY, type BuildColumn } from './parts/context';
import type { MonthRow, Scenario, UncertaintyCase } from './schema';
import { USD_PER_MODEL_UNIT as M } from './economics';

/** The scenario one case describes: its hashprice path and its build months. */
export function caseScenario(s: Scenario, c: UncertaintyCase): Scenario {
  const base = hashpricePath(s);
  const usdPerPhDay = c.usdPerPhDay ?? base.map((v) => v * (c.hashpriceMultiplier ?? 1));
  return {
    ...s,
    uncertainty: undefined,
    market: { hashprice: { kind: 'series', usdPerPhDay } },
    hpcOptions: s.hpcOptions.map((o) => ({ ...o, buildMonths: o.buildMonths + c.extraBuildMonths })),
  };
}

/** The deterministic scenario on the probability-weighted mean path (mean hashprice, mean slip rounded). */
export function meanPathScenario(s: Scenario): Scenario {
  const cases = s.uncertainty!.scenarios;
  const paths = cases.map((c) => hashpricePath(caseScenario(s, c)));
  const mean = paths[0].map((_, t) => cases.reduce((a, c, k) => a + c.probability * paths[k][t], 0));
  const slip = Math.round(cases.reduce((a, c) => a + c.probability * c.extraBuildMonths, 0));
  return {
    ...s,
    uncertainty: undefined,
    market: { hashprice: { kind: 'series', usdPerPhDay: mean } },
    hpcOptions: s.hpcOptions.map((o) => ({ ...o, buildMonths: o.buildMonths + slip })),
  };
}

/** One case inside a two-stage model. */
export interface CaseModel {
  readonly name: string;
  readonly probability: number;
  /** The case's model view (shares the LP), for extraction. */
  readonly model: BuiltModel;
  /** NPV_k in $M = Σ terms · x + constant. */
  readonly npvTerms: readonly Term[];
  readonly npvConstant: number;
}

/** A built two-stage model. */
export interface TwoStageModel {
  readonly lp: Lp;
  readonly scenario: Scenario;
  readonly cases: readonly CaseModel[];
  /** Elastic slack on the CVaR row ($M), when elastic and a CVaR limit is set. */
  readonly cvarSlack?: number;
}

/** Builds the two-stage model of a scenario with `uncertainty`. */
export function buildTwoStage(s: Scenario, options: BuildOptions = {}): TwoStageModel {
  const u = s.uncertainty;
  if (!u) throw new Error('invalid scenario: no uncertainty block');
  const lp = new Lp();
  const shared = new Map<string, BuildColumn>();
  const cases: CaseModel[] = [];
  u.scenarios.forEach((c, k) => {
    const before = lp.colObj.slice();
    const c0 = lp.objectiveConstant;
    const model = buildInto(lp, caseScenario(s, c), options, `u${k}`, shared, k);
    const terms: Term[] = [];
    for (let j = 0; j < lp.numCols; j++) {
      const v = lp.colObj[j] - (j < before.length ? before[j] : 0);
      if (v !== 0) terms.push([j, v]);
      lp.colObj[j] = j < before.length ? before[j] : 0;
    }
    const constant = lp.objectiveConstant - c0;
    lp.objectiveConstant = c0;
    cases.push({ name: c.name, probability: c.probability, model, npvTerms: terms, npvConstant: constant });
  });
  for (const c of cases) {
    for (const [j, v] of c.npvTerms) lp.addObjective(j, c.probability * v);
    lp.objectiveConstant += c.probability * c.npvConstant;
  }
  let cvarSlack: number | undefined;
  if (u.cvar) {
    const eta = lp.addColumn('cvar.eta', { lb: -Infinity });
    const limitRow: Term[] = [[eta, 1]];
    cases.forEach((c, k) => {
      const npv = lp.addColumn(`cvar.npv.u${k}`, { lb: -Infinity });
      lp.addRow(`cvar.npvdef.u${k}`, [[npv, 1], ...c.npvTerms.map(([j, v]) => [j, -v] as const)], c.npvConstant, c.npvConstant);
      const tail = lp.addColumn(`cvar.tail.u${k}`);
      lp.addRow(`cvar.tailrow.u${k}`, [[tail, 1], [eta, -1], [npv, 1]], 0, Infinity);
      limitRow.push([tail, -c.probability / u.cvar!.level]);
    });
    if (options.elastic) {
      cvarSlack = lp.addColumn('cvar.slack', { obj: -ELASTIC_PENALTY });
      limitRow.push([cvarSlack, 1]);
    }
    lp.addRow('cvar.limit', limitRow, u.cvar.minNpvUsd / M, Infinity);
  }
  return { lp, scenario: s, cases, cvarSlack };
}

/** A case's NPV in USD at a point. */
export function caseNpvUsd(c: CaseModel, x: ArrayLike<number>): number {
  return (c.npvTerms.reduce((a, [j, v]) => a + v * x[j], 0) + c.npvConstant) * M;
}

/**
 * CVaR of a discrete NPV distribution at tail share α: the expected NPV over the worst α of probability, USD.
 */
export function cvarUsd(outcomes: readonly { probability: number; npvUsd: number }[], level: number): number {
  const sorted = [...outcomes].sort((a, b) => a.npvUsd - b.npvUsd);
  let mass = 0;
  let sum = 0;
  for (const o of sorted) {
    const take = Math.min(o.probability, level - mass);
    if (take <= 0) break;
    sum += take * o.npvUsd;
    mass += take;
  }
  return sum / level;
}

/** The probability-weighted average of the cases' monthly rows (every numeric field). */
export function expectedMonths(perCase: readonly MonthRow[][], probabilities: readonly number[]): MonthRow[] {
  return perCase[0].map((row, t) => {
    const out: Record<string, unknown> = { month: row.month };
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'number') out[k] = perCase.reduce((a, rows, i) => a + probabilities[i] * (rows[t][k as keyof MonthRow] as number), 0);
    }
    const byOption: Record<string, number> = {};
    for (const id of Object.keys(row.hpcOnlineByOption)) {
      byOption[id] = perCase.reduce((a, rows, i) => a + probabilities[i] * rows[t].hpcOnlineByOption[id], 0);
    }
    out.hpcOnlineByOption = byOption;
    return out as MonthRow;
  });
}
