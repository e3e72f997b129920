/**
 * @module v2-conventions — the v2 conventions of docs/model.md worked by hand from their rules
 * (arithmetic from test/model/hand, no model code), and the answers' properties a CFO relies on:
 * halvings every 48 months, ASIC prices indexed to hashprice, builds that commence within the
 * horizon, the merchant tail, "firm" value with its financing frictions and the schedule it
 * reports, the conversion's IRR and the diagnosis month.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, evaluate, optimize, type Scenario, type SolveResult } from '../../model';
import { loadPreset, presetIds } from '../../data/load';
import {
  df,
  miningCostPerMW,
  miningRevenuePerMW,
  monthlyRate,
  thPerGridMW,
} from './hand/arithmetic';
import { START, miners, scenario } from './hand/scenario';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
const preset = (id: string, patch: (s: any) => void = () => {}): Scenario => {
  const s = structuredClone(loadPreset(id)) as any;
  patch(s);
  return ScenarioSchema.parse(s);
};

describe('hashprice: a halving every 48 months from halvingMonth', () => {
  it(
    'a 240-month projection halves the subsidy in 2028-04, 2032-04, ' +
      '2036-04, 2040-04 and 2044-04, and only then',
    async () => {
      const sc = scenario({
        name: 'halvings',
        horizonMonths: 240,
        hashprice: {
          kind: 'projection',
          btcUsd: 80_000,
          btcGrowthPerYear: 0,
          networkEhs: 1000,
          networkGrowthPerYear: 0,
          feesBtcPerBlock: 0,
          halvingMonth: '2028-04',
        },
        site: { overheadUsdPerMonth: 0 },
      });
      const r = await optimize(sc);
      expect(r.status).toBe('optimal');
      const hp = r.months.map((m) => m.hashpriceUsdPerPhDay);
      // 144 blocks a day × subsidy × $80,000 / (1,000 EH/s = 1e6 PH/s).
      expect(hp[0]).toBeCloseTo((144 * 3.125 * 80_000) / 1e6, 9);
      const halvings = ['2028-04', '2032-04', '2036-04', '2040-04', '2044-04'];
      r.months.forEach((m, t) => {
        if (t === 0) return;
        const ratio = hp[t] / hp[t - 1];
        expect(ratio, m.month).toBeCloseTo(halvings.includes(m.month) ? 0.5 : 1, 12);
      });
      expect(hp[239]).toBeCloseTo(hp[0] / 32, 9);
    },
  );

  it('a halving month before the start (2024-04) counts: the next halving is 48 months after it', async () => {
    const sc = scenario({
      name: 'past halving',
      horizonMonths: 24,
      startMonth: '2027-01',
      hashprice: {
        kind: 'projection',
        btcUsd: 80_000,
        btcGrowthPerYear: 0,
        networkEhs: 1000,
        networkGrowthPerYear: 0,
        feesBtcPerBlock: 0,
        halvingMonth: '2024-04',
      },
      site: { overheadUsdPerMonth: 0 },
    });
    const hp = (await optimize(sc)).months.map((m) => m.hashpriceUsdPerPhDay);
    expect(hp[0]).toBeCloseTo((144 * 1.5625 * 80_000) / 1e6, 9);
    expect(hp[15] / hp[14]).toBeCloseTo(0.5, 12); // 2028-04
  });
});

describe('ASIC prices follow hashprice', () => {
  it('machines sold in a month where hashprice has halved fetch half the given resale price per TH', async () => {
    // 40 $/PH/day for 6 months, then 20 (below this fleet's cash breakeven of ~22.8): the fleet is
    // sold.
    const hp = [...Array(6).fill(40), ...Array(18).fill(20)];
    const sc = scenario({
      name: 'index',
      horizonMonths: 24,
      hashprice: { kind: 'series', usdPerPhDay: hp },
      fleet: { installedMW: 10, resaleUsdPerTH: 3 },
      asicPriceIndex: 'hashprice',
    });
    const r = await optimize(sc);
    expect(r.status).toBe('optimal');
    const th = thPerGridMW(20, 1.05);
    let sold = 0;
    r.months.forEach((m, t) => {
      const prev = t === 0 ? 10 : r.months[t - 1].fleetExistingHeldMW;
      const mw = prev - m.fleetExistingHeldMW;
      if (mw < 1e-9) return;
      sold += mw;
      expect(m.asicSaleUsd, m.month).toBeCloseTo(mw * th * 3 * (hp[t] / hp[0]), 3);
    });
    expect(sold).toBeCloseTo(10, 6);
    // With "flat" prices the same sale fetches the given price.
    const flat = await optimize({ ...sc, market: { ...sc.market, asicPriceIndex: 'flat' } });
    const sale = flat.months.find((m) => m.asicSaleUsd > 0)!;
    expect(sale.asicSaleUsd).toBeCloseTo(10 * th * 3, 3);
  });
});

describe('builds commence within the horizon; offers may expire', () => {
  const lease = {
    id: 'ai',
    name: 'lease',
    leaseUsdPerKwMonth: 150,
    escalatorPerYear: 0,
    termMonths: 120,
    itMWPerGridMW: 0.75,
    capexUsdPerMWIt: 8e6,
    tenantCapexShare: 0,
    buildMonths: 12,
    switchoverMonths: 2,
    opexUsdPerMWItMonth: 10_000,
    tenantPaysPower: true,
    blockMW: 0,
    maxMW: 10,
  };
  const hp = { kind: 'series' as const, usdPerPhDay: Array(24).fill(30) };

  it('an offer whose build cannot commence within the horizon is not offered, and the answer says so', async () => {
    const sc = scenario({
      name: 'too long',
      horizonMonths: 24,
      hashprice: hp,
      site: { hpcEligibleMW: 10 },
      hpcOptions: [{ ...lease, buildMonths: 24, switchoverMonths: 0 }],
      financing: { cashUsd: 1e9 },
    });
    const r = await optimize(sc);
    expect(r.status).toBe('optimal');
    expect(r.plan.builds).toEqual([]);
    expect(r.notes?.join(' ')).toMatch(/^ai is not offered/);
    const e = await evaluate(sc, {
      builds: [{ optionId: 'ai', month: START, mw: 5 }],
      refreshes: [],
    });
    expect(e.status).toBe('infeasible');
    expect(e.diagnosis?.[0].constraint).toBe('hpcOptions.0.buildMonths');
  });

  it('the last start is T − 1 − buildMonths; latestStartMonth before it closes the window earlier', async () => {
    const sc = scenario({
      name: 'window',
      horizonMonths: 24,
      hashprice: hp,
      site: { hpcEligibleMW: 10 },
      hpcOptions: [{ ...lease, earliestStartMonth: '2027-12' }],
      financing: { cashUsd: 1e9 },
    });
    const r = await optimize(sc);
    // Started 2027-12 (month 11) it commences in month 23, the last month; nothing later exists.
    expect(r.plan.builds.map((b) => b.month)).toEqual(['2027-12']);
    const expired = await optimize({
      ...sc,
      hpcOptions: [
        { ...sc.hpcOptions![0], earliestStartMonth: undefined, latestStartMonth: '2027-03' },
      ],
    });
    expect(expired.plan.builds.every((b) => b.month <= '2027-03')).toBe(true);
    expect(
      ScenarioSchema.safeParse({
        ...sc,
        hpcOptions: [{ ...lease, earliestStartMonth: '2027-06', latestStartMonth: '2027-03' }],
      }).error?.issues[0].path.join('.'),
    ).toBe('hpcOptions.0.latestStartMonth');
  });
});

describe('the merchant tail', () => {
  it('a mining-only site: months T … T+L−1 of positive margin count at their own df; nothing is sold', async () => {
    const T = 24;
    const L = 24;
    const sc = scenario({
      name: 'tail',
      horizonMonths: T,
      hashprice: { kind: 'series', usdPerPhDay: Array(T).fill(45) },
      fleet: { installedMW: 10, resaleUsdPerTH: 0.1 },
      valuation: { method: 'firm', merchantTailMonths: L },
      financing: { cashYieldPerYear: 0.04 },
    });
    const m = miners(sc);
    const margin = 10 * (miningRevenuePerMW(m, 45) - miningCostPerMW(m));
    expect(margin).toBeGreaterThan(0);
    const d = 0.1;
    let hand = 1_000_000; // cash at face
    for (let t = 0; t < T; t++) hand += df(d, t) * (margin - 60_000);
    for (let t = T; t < T + L; t++) hand += df(d, t) * margin;
    const r = await optimize(sc);
    expect(rel(r.npvUsd!, hand)).toBeLessThan(1e-8);
    expect(r.kpis!.merchantTailKeptMW).toBeCloseTo(10, 6);
    // merchantTailMonths 0: the fleet is sold at the end of T−1 instead.
    const sold = await optimize({ ...sc, valuation: { method: 'firm', merchantTailMonths: 0 } });
    const resale = 10 * 0.1 * thPerGridMW(20, 1.05);
    expect(
      rel(
        sold.npvUsd!,
        hand -
          [...Array(L)].reduce((a, _, k) => a + df(d, T + k) * margin, 0) +
          df(d, T - 1) * resale,
      ),
    ).toBeLessThan(1e-8);
  });
});

describe('"firm" value: financing decides what can be funded, not the value', () => {
  /**
   * The default preset with $50M of cash and a facility whose limit does not bind: it needs the
   * facility to build.
   */
  const funded = (patch: (f: any) => void) =>
    preset(
      'texas-100mw',
      (s) => (
        (s.financing.cashUsd = 50e6), (s.financing.facility.limitUsd = 1e9), patch(s.financing)
      ),
    );

  it('a facility at exactly the discount rate, or cheaper, adds nothing; the cash yield adds nothing', async () => {
    const at = await optimize(funded((f) => (f.facility.ratePerYear = 0.12)));
    const cheap = await optimize(funded((f) => (f.facility.ratePerYear = 0.02)));
    const yieldless = await optimize(
      funded((f) => ((f.facility.ratePerYear = 0.12), (f.cashYieldPerYear = 0))),
    );
    expect(at.status).toBe('optimal');
    expect(at.months.some((m) => m.facilityUsd > 1e6)).toBe(true);
    expect(rel(cheap.npvUsd!, at.npvUsd!)).toBeLessThan(1e-8);
    expect(rel(yieldless.npvUsd!, at.npvUsd!)).toBeLessThan(1e-8);
  });

  it('a facility dearer than the discount rate costs its spread on the balance it carries', async () => {
    // The plan that needs the facility, fixed: the dear facility's NPV is the free one's less the
    // spread it pays.
    const at = await optimize(funded((f) => (f.facility.ratePerYear = 0.12)));
    const free = await evaluate(
      funded((f) => (f.facility.ratePerYear = 0.12)),
      at.plan,
    );
    const dear = await evaluate(
      funded((f) => (f.facility.ratePerYear = 0.18)),
      at.plan,
    );
    expect(dear.status).toBe('optimal');
    const spread = monthlyRate(0.18) - monthlyRate(0.12);
    const cost = dear.months.reduce(
      (a, _m, t) => (t === 0 ? a : a + df(0.12, t) * spread * dear.months[t - 1].facilityUsd),
      0,
    );
    expect(cost).toBeGreaterThan(1e5);
    expect(Math.abs(free.npvUsd! - dear.npvUsd! - cost)).toBeLessThan(
      1e-8 * Math.abs(dear.npvUsd!) + 1,
    );
  });

  it(
    'on every preset: no distributions; no month holds surplus cash while ' +
      'carrying the facility; peak debt falls in a month of capex or of a ' +
      'covenant need',
    async () => {
      for (const id of presetIds()) {
        const r: SolveResult = await optimize(preset(id));
        expect(r.status, id).toBe('optimal');
        const min = preset(id).financing.minCashUsd;
        for (const m of r.months) {
          expect(m.distributionUsd, `${id} ${m.month}`).toBe(0);
          expect(
            m.cashUsd > min + 1e3 && m.facilityUsd > 1e3,
            `${id} ${m.month}: cash ${m.cashUsd} with facility ${m.facilityUsd}`,
          ).toBe(false);
        }
        const k = r.kpis!;
        if (k.peakDebtUsd > (preset(id).financing.existingDebt?.balanceUsd ?? 0) + 1e3) {
          const m = r.months.find((x) => x.month === k.peakDebtMonth)!;
          expect(
            m.hpcCapexUsd > 0 || m.covenantHeadroomUsd < 1e3,
            `${id} peak debt in ${m.month}`,
          ).toBe(true);
        }
      }
    },
  );
});

describe('the KPIs a CFO reads first', () => {
  it(
    'npvVsMiningOnlyUsd is npvUsd less the mining-only plan’s; the ' +
      'conversion IRR exceeds the discount rate exactly when the uplift is ' +
      'positive, else null',
    async () => {
      for (const id of presetIds()) {
        const s = preset(id);
        const r = await optimize(s);
        const miningOnly = await evaluate(s, { builds: [], refreshes: [] });
        const k = r.kpis!;
        // The baseline optimises refreshes; evaluate fixes them to none: it can only be lower or
        // equal.
        expect(k.miningOnlyNpvUsd!, id).toBeGreaterThanOrEqual(
          miningOnly.npvUsd! - 1e-6 * Math.abs(miningOnly.npvUsd!),
        );
        expect(k.npvVsMiningOnlyUsd!, id).toBeCloseTo(r.npvUsd! - k.miningOnlyNpvUsd!, 3);
        if (k.conversionIrrPerYear != null)
          expect(k.conversionIrrPerYear > s.financing.discountRatePerYear, id).toBe(
            k.npvVsMiningOnlyUsd! > 0,
          );
        expect(k.npvBasis!.label).toBe(
          `at ${+(s.financing.discountRatePerYear * 100).toFixed(2)} %/yr, as of ${s.startMonth}`,
        );
      }
    },
  );

  it(
    'barber-lake: no IRR of −28.9 % beside a positive NPV — the IRR is of ' +
      'the conversion, null when there is none',
    async () => {
      const r = await optimize(preset('barber-lake'));
      const k = r.kpis!;
      if (r.plan.builds.length === 0) {
        expect(k.npvVsMiningOnlyUsd).toBe(0);
        expect(k.conversionIrrPerYear).toBeNull();
      } else expect(k.conversionIrrPerYear! > 0.12).toBe(k.npvVsMiningOnlyUsd! > 0);
      expect(k.irrPerYear).toBe(k.conversionIrrPerYear);
    },
  );
});

describe('the diagnosis names the first month that cannot be funded with every source drawn', () => {
  it(
    'cash $50M, no facility, 100 MW built in 2027-01: not 2027-01 (project ' +
      'debt covers it), but the month the funds run out',
    async () => {
      const s = preset('texas-100mw', (x) => {
        x.financing.cashUsd = 50e6;
        delete x.financing.facility;
      });
      const e = await evaluate(s, {
        builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 100 }],
        refreshes: [],
      });
      expect(e.status).toBe('infeasible');
      const first = e.diagnosis![0];
      expect(first.constraint).toBe('financing.minCashUsd');
      expect(first.month! > '2027-01').toBe(true);
      // The shortfall is the least injection: $1 less in that month leaves it unfundable, so more
      // cash at the start (worth more by the time it is needed) moves the first short month later.
      const more = preset('texas-100mw', (x) => {
        x.financing.cashUsd = 50e6 + first.shortfall * 1.01;
        delete x.financing.facility;
      });
      const e2 = await evaluate(more, {
        builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 100 }],
        refreshes: [],
      });
      expect(e2.diagnosis![0].month! > first.month!).toBe(true);
    },
  );
});

describe('plans a person can read', () => {
  it(
    'with advanceRate 0.5 every cohort under 1 MW is one the optimum needs: ' +
      'removing it costs more than 0.9e-6 of NPV',
    async () => {
      const s = preset('texas-100mw', (x) => (x.financing.projectDebt.advanceRate = 0.5));
      const r = await optimize(s);
      expect(r.status).toBe('optimal');
      const slivers = r.plan.builds.filter((b) => b.mw < 1);
      for (const sliver of slivers.slice(0, 3)) {
        const without = await evaluate(s, {
          ...r.plan,
          builds: r.plan.builds.filter((b) => b !== sliver),
        });
        if (without.status === 'optimal')
          expect(r.npvUsd! - without.npvUsd!).toBeGreaterThan(0.9e-6 * Math.abs(r.npvUsd!));
      }
      // Consecutive starts are phases: fewer phases than builds when builds are consecutive.
      const mw = r.phases!.reduce((a, p) => a + p.mw, 0);
      expect(mw).toBeCloseTo(
        r.plan.builds.reduce((a, b) => a + b.mw, 0),
        6,
      );
      expect(r.phases!.length).toBeLessThanOrEqual(r.plan.builds.length);
    },
  );
});
