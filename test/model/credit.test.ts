/**
 * @module credit.test — tenant credit, ramps and the build-capacity cap (docs/model.md, "Tenant
 * credit and ramps"), worked by hand from their rules, with the metamorphic relations and GLPK
 * reading the exported LP.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, evaluate, optimize, type Scenario, type SolveResult } from '../../model';
import { loadPreset } from '../../data/load';
import { expectGlpkAndEvaluatorAgree } from '../helpers/lp-agreement';
import { df, monthlyRate } from './hand/arithmetic';
import { START, scenario } from './hand/scenario';
import { leaseOf } from '../helpers/lease';

const HOURS = 730.5;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/**
 * A 10 MW site with no miners and one 24-month lease offer (no capex), "firm" value, no overhead.
 */
function lease(option: Record<string, unknown>, site: Record<string, unknown> = {}): Scenario {
  return scenario({
    name: 'lease',
    horizonMonths: 36,
    hashprice: { kind: 'series', usdPerPhDay: Array(36).fill(40) },
    site: { overheadUsdPerMonth: 0, hpcEligibleMW: 10, ...site },
    valuation: { method: 'firm', merchantTailMonths: 0 },
    financing: { cashYieldPerYear: 0 },
    hpcOptions: [
      {
        id: 'lease',
        name: 'lease',
        leaseUsdPerKwMonth: 150,
        escalatorPerYear: 0,
        termMonths: 24,
        itMWPerGridMW: 0.75,
        capexUsdPerMWIt: 0,
        tenantCapexShare: 0,
        buildMonths: 3,
        switchoverMonths: 0,
        opexUsdPerMWItMonth: 15_000,
        tenantPaysPower: true,
        blockMW: 0,
        maxMW: 10,
        ...option,
      } as any,
    ],
  });
}
const plan10 = { builds: [{ optionId: 'lease', month: START, mw: 10 }], refreshes: [] };

/**
 * NPV of a run's months in "firm" value: cash − existing debt + Σ df_t (FCF_t − issuanceCost ×
 * equity raised_t − s_f × facility_{t−1} − s_p × project debt_{t−1}) + TV_assets, s = max(0, the
 * lender's monthly rate − the discount's).
 */
const npvOfMonths = (sc: Scenario, r: SolveResult) => {
  const f = sc.financing;
  const issuance = f.equity?.issuanceCost ?? 0;
  const spread = (rate = 0) => Math.max(0, monthlyRate(rate) - monthlyRate(f.discountRatePerYear));
  const [sf, sp] = [spread(f.facility?.ratePerYear), spread(f.projectDebt?.ratePerYear)];
  const flows = r.months.reduce((a, m, t) => {
    const prev = t > 0 ? sf * r.months[t - 1].facilityUsd + sp * r.months[t - 1].projectDebtUsd : 0;
    return (
      a + df(f.discountRatePerYear, t) * (m.freeCashFlowUsd! - issuance * m.equityRaisedUsd - prev)
    );
  }, 0);
  return (
    sc.financing.cashUsd -
    (sc.financing.existingDebt?.balanceUsd ?? 0) +
    flows +
    r.kpis!.terminalValuePvUsd!
  );
};

describe('tenant credit', () => {
  it('survival-weighted rent with a backstop: margin_k × (S_k + (1 − S_k) β), S_k = (1 − d)^(k/12)', async () => {
    const [d, beta] = [0.2, 0.4];
    const sc = lease({ defaultProbabilityPerYear: d, backstopShare: beta });
    const r = await evaluate(sc, plan10);
    expect(r.status).toBe('optimal');
    const plain = 10 * 0.75 * (150 * 1000 - 15_000);
    let npv = 1_000_000;
    r.months.forEach((m, t) => {
      const k = t - 3;
      const S = Math.pow(1 - d, k / 12);
      const hand = k >= 0 && k < 24 ? plain * (S + (1 - S) * beta) : 0;
      expect(m.hpcMarginUsd, m.month).toBeCloseTo(hand, 4);
      npv += df(sc.financing.discountRatePerYear, t) * hand;
    });
    // The LP carries the decaying part by a geometric recursion: its value is the hand sum.
    expect(rel(r.npvUsd!, npv)).toBeLessThan(1e-9);
  });

  it('defaultProbabilityPerYear 0 with any backstop, or a full backstop, equals the plain lease', async () => {
    const preset = (patch: (o: any) => void) => {
      const s = structuredClone(loadPreset('texas-100mw')) as any;
      patch(s.hpcOptions[0]);
      return ScenarioSchema.parse(s);
    };
    const plain = await optimize(preset(() => {}));
    for (const patch of [
      (o: any) => (o.backstopShare = 0.7),
      (o: any) => ((o.backstopShare = 1), (o.defaultProbabilityPerYear = 0.3)),
    ]) {
      const r = await optimize(preset(patch));
      expect(rel(r.npvUsd!, plain.npvUsd!)).toBeLessThan(1e-9);
      expect(r.plan).toEqual(plain.plan);
    }
  });
});

describe('ramps', () => {
  it('a ramp of 4 months: share min(1, (k+1)/4) of rent, opex and power; the MW occupy power in full', async () => {
    const sc = lease({ rampMonths: 4, tenantPaysPower: false });
    const r = await evaluate(sc, plan10);
    const full = 10 * (0.75 * (150 * 1000 - 15_000) - HOURS * 40);
    let npv = 1_000_000;
    r.months.forEach((m, t) => {
      const k = t - 3;
      const hand = k >= 0 && k < 24 ? full * Math.min(1, (k + 1) / 4) : 0;
      expect(m.hpcMarginUsd, m.month).toBeCloseTo(hand, 4);
      if (k >= 0) expect(m.hpcOnlineMW).toBeCloseTo(10, 9);
      npv += df(sc.financing.discountRatePerYear, t) * hand;
    });
    expect(r.months[3].hpcMarginUsd).toBeCloseTo(full / 4, 4);
    expect(rel(r.npvUsd!, npv)).toBeLessThan(1e-9);
  });
});

describe('site.maxMWUnderConstruction', () => {
  it('binds: at most 5 MW in months s … s+b−1 of their builds in any month', async () => {
    const free = await optimize(lease({}, { gridMW: 20, hpcEligibleMW: 20 }));
    const sc = lease({}, { gridMW: 20, hpcEligibleMW: 20, maxMWUnderConstruction: 5 });
    const r = await optimize(sc);
    expect(free.plan!.builds[0].mw).toBeGreaterThan(5);
    const starts = new Array(36).fill(0);
    for (const b of r.plan!.builds)
      starts[Number(b.month.slice(5)) - 1 + 12 * (Number(b.month.slice(0, 4)) - 2027)] += b.mw;
    starts.forEach((_, t) => {
      const building = starts.slice(Math.max(0, t - 2), t + 1).reduce((a, v) => a + v, 0);
      expect(building, `month ${t}`).toBeLessThanOrEqual(5 + 1e-6);
      expect(r.months[t].hpcBuildingMW).toBeCloseTo(building, 6);
    });
    // Rent is worth building at once: 5 MW start in month 0 and 5 more as soon as they finish.
    expect(starts[0]).toBeCloseTo(5, 6);
    expect(starts[3]).toBeCloseTo(5, 6);
    expect(r.npvUsd!).toBeLessThan(free.npvUsd!);
  });

  it(
    'a fixed plan over the cap is diagnosed before any solve, naming the ' +
      'field, the month and the excess',
    async () => {
      const sc = lease({}, { gridMW: 20, hpcEligibleMW: 20, maxMWUnderConstruction: 5 });
      const r = await evaluate(sc, {
        builds: [
          { optionId: 'lease', month: START, mw: 4 },
          { optionId: 'lease', month: '2027-03', mw: 3 },
        ],
        refreshes: [],
      });
      expect(r.status).toBe('infeasible');
      expect(r.diagnosis).toEqual([
        expect.objectContaining({
          constraint: 'site.maxMWUnderConstruction',
          month: '2027-03',
          shortfall: 2,
          unit: 'MW',
        }),
      ]);
    },
  );
});

describe('parameters', () => {
  it('the analyses reach the new lease and site numbers by their paths', async () => {
    const { setParameters } = await import('../../model/analyses/paths');
    const sc = lease({}, { maxMWUnderConstruction: 5 });
    const moved = setParameters(sc, [
      { path: 'hpcOptions.0.defaultProbabilityPerYear', value: 0.1 },
      { path: 'hpcOptions.0.backstopShare', value: 0.5 },
      { path: 'hpcOptions.0.rampMonths', value: 6 },
      { path: 'site.maxMWUnderConstruction', value: 8 },
    ]);
    expect([
      leaseOf(moved.hpcOptions![0]).defaultProbabilityPerYear,
      leaseOf(moved.hpcOptions![0]).backstopShare,
      moved.hpcOptions![0].rampMonths,
      moved.site!.maxMWUnderConstruction,
    ]).toEqual([0.1, 0.5, 6, 8]);
    expect(() => setParameters(sc, [{ path: 'hpcOptions.0.backstopShare', value: 1.5 }])).toThrow(
      /backstopShare/,
    );
  });
});

describe('GLPK and the closed form agree with the LP on credit, ramps, bins and the build cap together', () => {
  it.each([
    [true, false],
    [false, false],
    [true, true],
  ])(
    'texas-100mw, tenant pays power: %s, two cases: %s',
    async (tenant, twoCases) => {
      const s = structuredClone(loadPreset('texas-100mw')) as any;
      if (twoCases)
        s.uncertainty = {
          scenarios: [
            { name: 'bear', probability: 0.4, hashpriceMultiplier: 0.6, extraBuildMonths: 2 },
            { name: 'base', probability: 0.6 },
          ],
        };
      Object.assign(s.hpcOptions[0], {
        tenantPaysPower: tenant,
        defaultProbabilityPerYear: 0.05,
        backstopShare: 0.3,
        rampMonths: 12,
      });
      // 260 so that it is still built when the operator pays power
      if (!tenant) leaseOf(s.hpcOptions[0]).leaseUsdPerKwMonth = 260;
      s.site.maxMWUnderConstruction = 40;
      s.site.powerMarket = {
        priceBins: [
          { hoursShare: 0.85, priceUsdPerMWh: 30 },
          { hoursShare: 0.15, priceUsdPerMWh: 110 },
        ],
        transmissionUsdPerKwYear: 60,
      };
      const sc = ScenarioSchema.parse(s);
      const r = await optimize(sc);
      expect(r.status, r.message).toBe('optimal');
      expect(r.plan!.builds.length).toBeGreaterThan(0);
      expect(rel(npvOfMonths(sc, r), r.npvUsd!)).toBeLessThan(1e-9);
      await expectGlpkAndEvaluatorAgree(sc, r);
    },
    120_000,
  );
});
