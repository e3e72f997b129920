/**
 * The elastic diagnosis against the bisection it replaced (docs/model.md, "Infeasibility and its
 * diagnosis"): on every infeasible scenario of the model tests — the hand-worked covenant breach,
 * the binned power market, the unreachable CVaR limit, the fixed plan that runs out of funds, the
 * reference's tight-funding and unfundable cases in both valuations (the generated property
 * scenarios are all feasible) — both name the same months and shortfalls (1e-6 relative), and
 * the elastic one takes a few solves where the bisection takes about log₂(T) + 2 per month.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, buildModel, type Plan, type Scenario } from '../../model';
import { loadPreset } from '../../data/load';
import { diagnose, type DiagnosisSearch } from '../../model/diagnose';
import { deadlineIn, lpRunner, type LpRunner } from '../../model/lp-runner';
import { covenantBreach, scenario } from './hand/scenario';
import { generateScenarios, tightFunding } from './reference/generate';
import type { RefScenario } from './reference/scenario';

interface Case {
  readonly name: string;
  readonly scenario: Scenario;
  readonly plan?: Plan;
}

const preset = (id: string, patch: (s: any) => void): Scenario => {
  const s = structuredClone(loadPreset(id)) as any;
  patch(s);
  return ScenarioSchema.parse(s);
};

const handCovenant: Case = {
  name: 'hand c: overhead drains cash below minCashUsd',
  scenario: covenantBreach(),
};

const binnedTight: Case = {
  name: 'price bins with a $2M cash minimum',
  scenario: scenario({
    name: 'bins',
    horizonMonths: 12,
    hashprice: { kind: 'series', usdPerPhDay: Array<number>(12).fill(40) },
    site: {
      overheadUsdPerMonth: 0,
      powerMarket: {
        priceBins: [
          { hoursShare: 0.8, priceUsdPerMWh: 30 },
          { hoursShare: 0.2, priceUsdPerMWh: 120 },
        ],
      } as any,
    },
    fleet: { installedMW: 10, resaleUsdPerTH: 0 },
    valuation: { method: 'firm', merchantTailMonths: 0 },
    financing: { cashYieldPerYear: 0, minCashUsd: 2_000_000 },
  }),
};

const cvarUnreachable: Case = {
  name: 'an unreachable CVaR limit over three cases',
  scenario: preset('texas-100mw', (s) => {
    s.hpcOptions[0].leaseUsdPerKwMonth = 120;
    s.hpcOptions[0].renewalProbability = 0;
    delete s.fleet.refresh;
    s.market.hashprice.networkGrowthPerYear = 0.05;
    s.uncertainty = {
      scenarios: [
        { name: 'bear', probability: 0.25, hashpriceMultiplier: 0.5 },
        { name: 'base', probability: 0.45, hashpriceMultiplier: 1 },
        { name: 'bull', probability: 0.3, hashpriceMultiplier: 1.8 },
      ],
      cvar: { level: 0.25, minNpvUsd: 5e9 },
    };
  }),
};

const planOutOfFunds: Case = {
  name: 'a fixed 100 MW build with $50M and no facility',
  scenario: preset('texas-100mw', (s) => {
    s.financing.cashUsd = 50e6;
    delete s.financing.facility;
  }),
  plan: { builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 100 }], refreshes: [] },
};

const reference = (s: RefScenario): Case[] =>
  (['firm', 'equity'] as const).map((method) => ({
    name: `${s.name} ${method}`,
    scenario: ScenarioSchema.parse({ ...s, valuation: { ...s.valuation, method } }),
  }));

const unfundable = JSON.parse(
  readFileSync(new URL('reference/fixtures/unfundable.json', import.meta.url), 'utf8'),
) as RefScenario;
const referenceCases = [...generateScenarios().map(tightFunding), unfundable].flatMap(reference);
/** A runner with time to spare, counting its solves (full and hot). */
function counting(s: Scenario): { runner: LpRunner; solves: () => number } {
  const inner = lpRunner(s, { deadline: deadlineIn(600) });
  let n = 0;
  const runner: LpRunner = {
    ...inner,
    solve: (...a) => (n++, inner.solve(...a)),
    reoptimize: (...a) => (n++, inner.reoptimize(...a)),
  };
  return { runner, solves: () => n };
}

async function isInfeasible(c: Case): Promise<boolean> {
  const { lp } = buildModel(c.scenario, { plan: c.plan });
  const solved = await lpRunner(c.scenario, { deadline: deadlineIn(600) }).solve(lp);
  return solved.solution.status === 'infeasible';
}

async function both(c: Case) {
  const run = async (search: DiagnosisSearch) => {
    const { runner, solves } = counting(c.scenario);
    const answer = await diagnose(c.scenario, c.plan, runner, search);
    return { answer, solves: solves() };
  };
  return { elastic: await run('elastic'), bisection: await run('bisection') };
}

/** The same rows: constraint, month and shortfall to 1e-6 relative. */
function expectSameDiagnosis(c: Case, r: Awaited<ReturnType<typeof both>>): void {
  const e = r.elastic.answer.diagnosis ?? [];
  const b = r.bisection.answer.diagnosis ?? [];
  expect(e.length, c.name).toBeGreaterThan(0);
  expect(
    e.map((d) => [d.constraint, d.month]),
    c.name,
  ).toEqual(b.map((d) => [d.constraint, d.month]));
  e.forEach((d, i) =>
    expect(
      Math.abs(d.shortfall - b[i].shortfall),
      `${c.name}, ${d.month}: ${d.shortfall} against ${b[i].shortfall}`,
    ).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b[i].shortfall))),
  );
  expect(r.elastic.answer.message).toBe(r.bisection.answer.message);
}

describe('the elastic diagnosis names the months and shortfalls the bisection names', () => {
  it.each([handCovenant, binnedTight, cvarUnreachable, planOutOfFunds].map((c) => [c.name, c]))(
    '%s',
    async (_, c) => {
      expect(await isInfeasible(c)).toBe(true);
      const r = await both(c);
      expectSameDiagnosis(c, r);
      expect(r.elastic.solves).toBeLessThanOrEqual(r.bisection.solves);
    },
    120_000,
  );

  it('the reference tight-funding and unfundable cases, in both valuations', async () => {
    let infeasible = 0;
    let elasticSolves = 0;
    let bisectionSolves = 0;
    for (const c of referenceCases) {
      if (!(await isInfeasible(c))) continue;
      infeasible++;
      const r = await both(c);
      expectSameDiagnosis(c, r);
      elasticSolves += r.elastic.solves;
      bisectionSolves += r.bisection.solves;
    }
    expect(infeasible).toBeGreaterThanOrEqual(4);
    expect(elasticSolves).toBeLessThan(bisectionSolves);
  }, 600_000);
});
