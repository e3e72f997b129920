/**
 * @module valuation-v3.test — the v3 valuation rules of docs/model.md ("Rates by risk class",
 * "Residual value of a leased building", "Value per MW of IT", the value bridge) worked by hand
 * (test/model/hand, no model code), and every preset unchanged when every rate is d.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, evaluate, optimize, type Scenario } from '../../model';
import { zodIssues } from '../../model/schema';
import { loadPreset, presetIds } from '../../data/load';
import { withoutStreamRates } from '../helpers/stream-rates';
import { HOURS_PER_MONTH, df, monthlyRate } from './hand/arithmetic';
import { START, scenario } from './hand/scenario';

const close = (actual: number, hand: number, rel = 1e-9) =>
  expect(Math.abs(actual - hand)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(hand)));

// One lease on a site with no mining: 10 MW built from START, 3 build months, a 24-month term and
// an extension with p = 0.5 (months 27 … 50, past the 36-month horizon), power paid by the
// operator at 40 $/MWh, no financing need (cash covers the capex).
const MW = 10;
const IT = 0.75;
const RENT = 150;
const ESC = 0.03;
const OPEX = 15_000;
const ENERGY = 40;
const CAPEX = 10_000_000;
const B = 3;
const TERM = 24;
const P = 0.5;
const D = 0.12;
const R_LEASE = 0.08;
const OVERHEAD = 60_000;
const CASH = 500_000_000;
const T = 36;

/** The grid-MW margin of lease month k (w = 1 in the term, p in the extension), USD. */
const plain = (k: number) =>
  IT * (RENT * 1000 * Math.pow(1 + ESC, Math.floor(k / 12)) - OPEX) - HOURS_PER_MONTH * ENERGY;
const weight = (k: number) => (k < 0 ? 0 : k < TERM ? 1 : k < 2 * TERM ? P : 0);
/** The cohort's net flow of month t, USD (capex in months 0 … B−1, margins from B). */
const net = (t: number) => MW * (weight(t - B) * plain(t - B) - (t < B ? (CAPEX * IT) / B : 0));

/** Its residual events at cap rate c: [month, USD], weights 1 − p and p. */
const residuals = (cap: number, refit = 0): [number, number][] =>
  [
    [B + TERM - 1, 1 - P],
    [B + 2 * TERM - 1, P],
  ].map(([t, w]) => [t, w * MW * ((12 * plain(t - B)) / cap - refit * IT)]);

function leaseSite(residual?: { capRatePerYear: number }): Scenario {
  return scenario({
    name: 'one lease, no mining',
    horizonMonths: T,
    hashprice: { kind: 'series', usdPerPhDay: new Array(T).fill(50) },
    site: { gridMW: MW, hpcEligibleMW: MW, energyUsdPerMWh: ENERGY, overheadUsdPerMonth: OVERHEAD },
    valuation: { method: 'firm', merchantTailMonths: 0, discountRates: { lease: R_LEASE } },
    financing: { cashUsd: CASH, minCashUsd: 0, discountRatePerYear: D, cashYieldPerYear: 0.04 },
    hpcOptions: [
      {
        id: 'lease',
        name: 'lease',
        leaseUsdPerKwMonth: RENT,
        escalatorPerYear: ESC,
        termMonths: TERM,
        itMWPerGridMW: IT,
        capexUsdPerMWIt: CAPEX,
        tenantCapexShare: 0,
        buildMonths: B,
        switchoverMonths: 0,
        opexUsdPerMWItMonth: OPEX,
        tenantPaysPower: false,
        blockMW: 0,
        maxMW: MW,
        renewalProbability: P,
        latestStartMonth: START,
        ...(residual ? { residual } : {}),
      },
    ],
  });
}

const plan = { builds: [{ optionId: 'lease', month: START, mw: MW }], refreshes: [] };

/** The SPEC's value of the plan, by hand: cash, overhead at d, the lease's flows at r_o. */
function handNpv(cap?: number): { npv: number; base: number; lease: number; res: number } {
  let overhead = 0;
  for (let t = 0; t < T; t++) overhead += df(D, t) * OVERHEAD;
  let lease = 0;
  for (let t = 0; t < B + 2 * TERM; t++) lease += df(R_LEASE, t) * net(t);
  const res = cap ? residuals(cap).reduce((a, [t, v]) => a + df(R_LEASE, t) * v, 0) : 0;
  const base = CASH - overhead;
  return { npv: base + lease + res, base, lease, res };
}

describe('rates by risk class and the residual, by hand', () => {
  it('a lease at 8 % on a site at 12 %: npvUsd is the SPEC formula (1e-9)', async () => {
    const r = await evaluate(leaseSite(), plan);
    expect(r.status).toBe('optimal');
    close(r.npvUsd!, handNpv().npv);
    expect(r.valuation?.discountRates).toEqual({ mining: D, lease: R_LEASE, cloud: D });
  });

  it('with a residual at a 7 % cap rate at both contract ends (p = 0.5): the formula (1e-9)', async () => {
    const r = await evaluate(leaseSite({ capRatePerYear: 0.07 }), plan);
    const hand = handNpv(0.07);
    close(r.npvUsd!, hand.npv);
    const k = r.kpis!;
    // The uplift over mining only (no builds: cash less overhead), split by where it comes from.
    close(k.npvVsMiningOnlyUsd!, hand.npv - hand.base);
    const bridge = k.valueBridge!;
    let inHorizon = 0;
    for (let t = 0; t < T; t++) inHorizon += df(R_LEASE, t) * net(t);
    close(bridge.inHorizonUsd, inHorizon);
    close(bridge.postHorizonContractedUsd, hand.lease - inHorizon);
    close(bridge.residualUsd, hand.res);
    expect(bridge.asicTailUsd).toBe(0);
    expect(bridge.financingFrictionsUsd).toBe(0);
    close(
      Object.values(bridge).reduce((a, v) => a + v, 0),
      k.npvVsMiningOnlyUsd!,
      1e-12,
    );
    // Value per MW of IT: margins and residual at r_o as of the end of commencement (month B).
    let margins = 0;
    for (let t = B; t < B + 2 * TERM; t++)
      margins += df(R_LEASE, t) * MW * weight(t - B) * plain(t - B);
    const perMWIt = (margins + hand.res) / df(R_LEASE, B) / (MW * IT);
    expect(k.options).toHaveLength(1);
    expect(k.options![0].optionId).toBe('lease');
    close(k.options![0].mwIt, MW * IT);
    close(k.options![0].valuePerMWItUsd, perMWIt);
    // The optimum builds the same (the only start is START) and reaches the same value.
    const o = await optimize(leaseSite({ capRatePerYear: 0.07 }));
    close(o.npvUsd!, hand.npv);
  });

  it('an option rate beats its class; the residual is a 400 on a cloud option', () => {
    const s = leaseSite();
    const input = structuredClone(s) as any;
    input.hpcOptions[0].discountRatePerYear = 0.2;
    expect(ScenarioSchema.parse(input).hpcOptions![0].discountRatePerYear).toBe(0.2);
    const cloud = {
      ...input.hpcOptions[0],
      kind: 'cloud',
      computeUsdPerMWItMonth: 1,
      utilisation: 1,
      gpuCapexUsdPerMWIt: 0,
      gpuLifeMonths: 12,
      residual: { capRatePerYear: 0.07 },
    };
    for (const k of [
      'leaseUsdPerKwMonth',
      'escalatorPerYear',
      'termMonths',
      'tenantCapexShare',
      'tenantPaysPower',
      'renewalProbability',
    ])
      delete cloud[k];
    const parsed = ScenarioSchema.safeParse({ ...input, hpcOptions: [cloud] });
    expect(parsed.success).toBe(false);
    const issue = zodIssues(parsed.error!).find((i) => i.path === 'hpcOptions.0.residual');
    expect(issue?.message).toContain('a cloud option has no residual');
  });

  it('an option at its own rate: the 8 % lease at 20 % is worth what the SPEC formula says', async () => {
    const s = leaseSite();
    s.hpcOptions![0].discountRatePerYear = 0.2;
    const r = await evaluate(s, plan);
    let lease = 0;
    for (let t = 0; t < B + 2 * TERM; t++) lease += df(0.2, t) * net(t);
    close(r.npvUsd!, handNpv().base + lease);
  });
});

describe('with every rate equal to d and no residual, every answer is the v2 answer', () => {
  it.each(presetIds())(
    '%s',
    async (id) => {
      // The deal presets ship with their own rates and residuals: compare v2's valuation of them.
      const raw = withoutStreamRates(loadPreset(id)) as any;
      const same = structuredClone(raw);
      const d = raw.financing.discountRatePerYear;
      same.valuation = { ...same.valuation, discountRates: { mining: d, lease: d, cloud: d } };
      for (const site of same.sites ?? [same])
        for (const o of site.hpcOptions) o.discountRatePerYear = d;
      const [a, b] = await Promise.all([
        optimize(ScenarioSchema.parse(raw)),
        optimize(ScenarioSchema.parse(same)),
      ]);
      expect(b.status).toBe(a.status);
      close(b.npvUsd!, a.npvUsd!);
      expect(b.plan).toEqual(a.plan);
      expect(b.months).toEqual(a.months);
    },
    120_000,
  );
});

describe('the v3 conversion IRR does not move with the horizon (texas-100mw)', () => {
  const at = (horizonMonths: number, d?: number) => {
    const s = structuredClone(loadPreset('texas-100mw')) as any;
    s.horizonMonths = horizonMonths;
    if (d !== undefined) s.financing.discountRatePerYear = d;
    return ScenarioSchema.parse(s);
  };

  it('at 36, 60, 120 and 240 months within 0.5 points, and within 0.2 points of the rate where ' +
    'the 60-month plan’s uplift is zero', async () => {
    const irr: number[] = [];
    for (const h of [36, 60, 120, 240]) {
      const r = await optimize(at(h));
      expect(r.status).toBe('optimal');
      irr.push(r.kpis!.conversionIrrPerYear!);
    }
    expect(Math.max(...irr) - Math.min(...irr)).toBeLessThanOrEqual(0.005);
    // The rate at which the fixed 60-month plan's uplift over mining only is zero, by bisection.
    const plan = (await optimize(at(60))).plan;
    const uplift = async (d: number) => (await evaluate(at(60, d), plan)).kpis!.npvVsMiningOnlyUsd!;
    let [lo, hi] = [0.12, 0.6];
    expect(await uplift(lo)).toBeGreaterThan(0);
    expect(await uplift(hi)).toBeLessThan(0);
    while (hi - lo > 2e-4) {
      const mid = (lo + hi) / 2;
      if ((await uplift(mid)) > 0) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(irr[1] - (lo + hi) / 2)).toBeLessThanOrEqual(0.002);
  }, 600_000);
});

describe('rates by class in a portfolio and under uncertainty', () => {
  const withRates = (id: string, patch: (s: any) => void = () => {}) => {
    const s = structuredClone(loadPreset(id)) as any;
    // Before tax: the sites' values add up to the NPV only without one tax payer's taxes.
    delete s.tax;
    s.valuation = { ...s.valuation, discountRates: { mining: 0.2, lease: 0.08, cloud: 0.15 } };
    for (const site of s.sites ?? [s])
      for (const o of site.hpcOptions)
        if ((o.kind ?? 'lease') === 'lease') o.residual = { capRatePerYear: 0.065 };
    patch(s);
    return ScenarioSchema.parse(s);
  };

  it('riot-portfolio: the sites add up to the operating part; the bridge adds up to the uplift', async () => {
    const s = withRates('riot-portfolio');
    const r = await optimize(s);
    expect(r.status).toBe('optimal');
    const fin = s.financing;
    const k = r.kpis!;
    // npvUsd = Σ sites + cash − existing debt − the frictions at d (issuance, lender spreads).
    const sites = r.sites!.reduce((a, x) => a + x.npvUsd, 0);
    const rd = monthlyRate(fin.discountRatePerYear);
    const sf = Math.max(0, monthlyRate(fin.facility?.ratePerYear ?? 0) - rd);
    const sp = Math.max(0, monthlyRate(fin.projectDebt?.ratePerYear ?? 0) - rd);
    const frictions = r.months.reduce(
      (a, m, t) =>
        a +
        df(fin.discountRatePerYear, t) *
          ((fin.equity?.issuanceCost ?? 0) * m.equityRaisedUsd +
            (t > 0 ? sf * r.months[t - 1].facilityUsd + sp * r.months[t - 1].projectDebtUsd : 0)),
      0,
    );
    close(sites + fin.cashUsd - (fin.existingDebt?.balanceUsd ?? 0) - frictions, r.npvUsd!);
    close(
      Object.values(k.valueBridge!).reduce((a, v) => a + v, 0),
      k.npvVsMiningOnlyUsd!,
      1e-9,
    );
    const ev = await evaluate(s, r.plan);
    close(ev.npvUsd!, r.npvUsd!, 1e-6);
  }, 120_000);

  it('texas-100mw with three cases: the evaluator reproduces the optimum; the bridge adds up', async () => {
    const s = withRates('texas-100mw', (x) => {
      x.uncertainty = {
        scenarios: [
          { name: 'bear', probability: 0.3, hashpriceMultiplier: 0.6, extraBuildMonths: 3 },
          { name: 'base', probability: 0.5 },
          { name: 'bull', probability: 0.2, hashpriceMultiplier: 1.5 },
        ],
      };
    });
    const r = await optimize(s);
    expect(r.status).toBe('optimal');
    const k = r.kpis!;
    close(
      Object.values(k.valueBridge!).reduce((a, v) => a + v, 0),
      k.npvVsMiningOnlyUsd!,
      1e-9,
    );
    expect(k.options![0].valuePerMWItUsd).toBeGreaterThan(0);
    const ev = await evaluate(s, r.plan);
    close(ev.npvUsd!, r.npvUsd!, 1e-6);
  }, 120_000);
});
