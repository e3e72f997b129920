/**
 * @module power-market.test — `site.powerMarket` (docs/model.md, "Power markets"): price bins, the
 * contract hedge, demand response and the 4CP-style charge, worked by hand from their rules
 * (arithmetic from test/model/hand), the metamorphic relations a CFO relies on, validation, and
 * GLPK reading the exported LP.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, evaluate, optimize, type Scenario, type ScenarioInput } from '../../model';
import { setParameters } from '../../model/analyses/paths';
import { loadPreset } from '../../data/load';
import { expectGlpkAndEvaluatorAgree } from '../helpers/lp-agreement';
import { df, miningRevenuePerMW } from './hand/arithmetic';
import { miners, scenario } from './hand/scenario';

const HOURS = 730.5;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
type Bins = { hoursShare: number; priceUsdPerMWh: number }[];

/**
 * 10 MW of installed miners on a 10 MW grid at a flat 40 $/PH/day, no resale, no overhead, "firm"
 * value, no tail.
 */
function binned(
  powerMarket: Record<string, unknown>,
  over: { months?: number; tail?: number } = {},
): Scenario {
  const months = over.months ?? 6;
  return scenario({
    name: 'bins',
    horizonMonths: Math.max(12, months),
    hashprice: { kind: 'series', usdPerPhDay: Array(Math.max(12, months)).fill(40) },
    site: { overheadUsdPerMonth: 0, powerMarket: powerMarket as any },
    fleet: { installedMW: 10, resaleUsdPerTH: 0 },
    valuation: { method: 'firm', merchantTailMonths: over.tail ?? 0 },
    financing: { cashYieldPerYear: 0 },
  });
}

/**
 * Margin of one grid MW running in bin (h, p) for a month, USD: h × (revenue − 730.5 × uptime × p −
 * opex).
 */
function binMargin(sc: Scenario, h: number, p: number): number {
  const m = miners(sc);
  return h * (miningRevenuePerMW(m, 40) - HOURS * m.uptime * p - m.opexUsdPerMWMonth);
}

/** The bin price at which a running MW's margin is 0: (revenue − opex) / (730.5 × uptime). */
function breakevenPrice(sc: Scenario): number {
  const m = miners(sc);
  return (miningRevenuePerMW(m, 40) - m.opexUsdPerMWMonth) / (HOURS * m.uptime);
}

const pv = (sc: Scenario, f: (t: number) => number) => {
  let v = 0;
  for (let t = 0; t < sc.horizonMonths; t++) v += df(sc.financing.discountRatePerYear, t) * f(t);
  return v;
};

describe('price bins: a two-bin month', () => {
  const probe = binned({ priceBins: [{ hoursShare: 1, priceUsdPerMWh: 30 }] });
  const pStar = breakevenPrice(probe);

  it.each([
    ['cheaper than breakeven: it runs', pStar - 5, 10],
    ['dearer than breakeven: it curtails', pStar + 5, 0],
  ])('peak bin %s', async (_, peak, peakMW) => {
    const bins: Bins = [
      { hoursShare: 0.8, priceUsdPerMWh: 30 },
      { hoursShare: 0.2, priceUsdPerMWh: peak },
    ];
    const sc = binned({ priceBins: bins });
    const r = await optimize(sc);
    expect(r.status).toBe('optimal');
    for (const m of r.months) {
      expect(m.miningMWByBin![0]).toBeCloseTo(10, 6);
      expect(m.miningMWByBin![1]).toBeCloseTo(peakMW, 6);
      expect(m.miningMW).toBeCloseTo(0.8 * 10 + 0.2 * peakMW, 6);
      expect(m.idleMW).toBeCloseTo(10 - m.miningMW, 6);
    }
    const monthly = 10 * (binMargin(sc, 0.8, 30) + (peakMW > 0 ? binMargin(sc, 0.2, peak) : 0));
    expect(rel(r.npvUsd!, 1_000_000 + pv(sc, () => monthly))).toBeLessThan(1e-9);
    expect(r.months[0].freeCashFlowUsd!).toBeCloseTo(monthly, 4);
  });

  it('the fleets’ breakeven hashprice is taken at the bins’ hours-weighted price, not energyUsdPerMWh', async () => {
    // 0.8 × 30 + 0.2 × 90 = 42 $/MWh; energyUsdPerMWh (which the market replaces) stays at the
    // scenario's own value.
    const sc = binned({
      priceBins: [
        { hoursShare: 0.8, priceUsdPerMWh: 30 },
        { hoursShare: 0.2, priceUsdPerMWh: 90 },
      ],
    });
    expect(sc.site!.energyUsdPerMWh).not.toBe(42);
    const r = await optimize(sc);
    const m = miners(sc);
    const expected = (HOURS * m.uptime * 42 + m.opexUsdPerMWMonth) / miningRevenuePerMW(m, 1);
    expect(rel(r.breakevens!.existingUsdPerPhDay, expected)).toBeLessThan(1e-9);
  });
});

describe('the diagnosis with bins', () => {
  it('names the first month that cannot be funded, by the least injection, with mining free in every bin', async () => {
    const probe = binned({ priceBins: [{ hoursShare: 1, priceUsdPerMWh: 30 }] });
    const peak = breakevenPrice(probe) + 5;
    const sc = binned({
      priceBins: [
        { hoursShare: 0.8, priceUsdPerMWh: 30 },
        { hoursShare: 0.2, priceUsdPerMWh: peak },
      ],
    });
    const tight = ScenarioSchema.parse({
      ...sc,
      financing: { ...sc.financing, minCashUsd: 2_000_000 },
    });
    const r = await optimize(tight);
    expect(r.status).toBe('infeasible');
    const first = r.diagnosis![0];
    expect([first.constraint, first.month]).toEqual(['financing.minCashUsd', '2027-01']);
    expect(first.shortfall).toBeCloseTo(2_000_000 - 1_000_000 - 10 * binMargin(sc, 0.8, 30), 0);
  });
});

describe('the contract hedge', () => {
  it('adds 730.5 × mw × (Σ h_b p_b − price) to every month and moves no decision', async () => {
    const bins: Bins = [
      { hoursShare: 0.7, priceUsdPerMWh: 25 },
      { hoursShare: 0.3, priceUsdPerMWh: 90 },
    ];
    const plain = await optimize(binned({ priceBins: bins }));
    const sc = binned({ priceBins: bins, contract: { mw: 20, priceUsdPerMWh: 35 } });
    const hedged = await optimize(sc);
    const perMonth = HOURS * 20 * (0.7 * 25 + 0.3 * 90 - 35);
    expect(
      rel(
        hedged.npvUsd! - plain.npvUsd!,
        pv(sc, () => perMonth),
      ),
    ).toBeLessThan(1e-9);
    hedged.months.forEach((m, t) => {
      expect(m.contractHedgeUsd).toBeCloseTo(perMonth, 6);
      expect(m.miningMWByBin).toEqual(plain.months[t].miningMWByBin);
    });
  });
});

describe('demand response and the 4CP-style charge', () => {
  const bins = (peak: number): Bins => [
    { hoursShare: 0.9, priceUsdPerMWh: 30 },
    { hoursShare: 0.1, priceUsdPerMWh: peak },
  ];
  const charge = (100 * 1000) / 12; // 100 $/kW-year, per MW-month

  it(
    'mining that runs in the peak pays transmission on its MW there; the ' +
      'credit is paid on MW in the first bin',
    async () => {
      const charge = (24 * 1000) / 12; // 24 $/kW-year: less than the peak's margin
      const free = binned({ priceBins: bins(31) });
      const sc = binned({
        priceBins: bins(31),
        transmissionUsdPerKwYear: 24,
        demandResponseUsdPerMWMonth: 2000,
      });
      // The peak still pays when the charge is smaller than its margin.
      expect(binMargin(sc, 0.1, 31)).toBeGreaterThan(charge);
      const [a, b] = [await optimize(free), await optimize(sc)];
      for (const m of b.months) {
        expect(m.miningMWByBin![1]).toBeCloseTo(10, 6);
        expect(m.transmissionUsd).toBeCloseTo(10 * charge, 6);
        expect(m.powerCreditsUsd).toBeCloseTo(10 * 2000, 6);
      }
      expect(
        rel(
          b.npvUsd! - a.npvUsd!,
          pv(sc, () => 10 * (2000 - charge)),
        ),
      ).toBeLessThan(1e-9);
    },
  );

  it('mining that curtails in the peak pays none: the charge then moves neither the plan nor the value', async () => {
    const sc = binned({ priceBins: bins(45), transmissionUsdPerKwYear: 100 });
    const peakMargin = binMargin(sc, 0.1, 45);
    expect(peakMargin).toBeGreaterThan(0); // it would run without the charge …
    expect(peakMargin).toBeLessThan(charge); // … and curtails with it
    const [a, b] = [await optimize(binned({ priceBins: bins(45) })), await optimize(sc)];
    expect(a.months[0].miningMWByBin![1]).toBeCloseTo(10, 6);
    for (const m of b.months) {
      expect(m.miningMWByBin![1]).toBeCloseTo(0, 6);
      expect(m.transmissionUsd).toBeCloseTo(0, 6);
    }
    expect(rel(b.npvUsd!, 1_000_000 + pv(sc, () => 10 * binMargin(sc, 0.9, 30)))).toBeLessThan(
      1e-9,
    );
  });
});

describe('bins by calendar month and the merchant tail', () => {
  it(
    'takes each month of the horizon and of the tail from its calendar ' +
      'month; a kept MW earns Σ_b max(0, bin margin)',
    async () => {
      // Cheap in every month but July, whose peak is dear; start in 2027-01, 12 months, 12 months of
      // tail.
      const lists = Array.from(
        { length: 12 },
        (_, m): Bins => [
          { hoursShare: 0.75, priceUsdPerMWh: 20 + m },
          { hoursShare: 0.25, priceUsdPerMWh: m === 6 ? 400 : 30 },
        ],
      );
      const sc = binned(
        { priceBins: lists, demandResponseUsdPerMWMonth: 500 },
        { months: 12, tail: 12 },
      );
      const r = await optimize(sc);
      r.months.forEach((m, t) =>
        expect(m.miningMWByBin![1], m.month).toBeCloseTo(t === 6 ? 0 : 10, 6),
      );
      const month = (t: number) => {
        const [cheap, peak] = lists[t % 12];
        return (
          500 +
          binMargin(sc, cheap.hoursShare, cheap.priceUsdPerMWh) +
          Math.max(0, binMargin(sc, peak.hoursShare, peak.priceUsdPerMWh))
        );
      };
      let tail = 0;
      for (let t = 12; t < 24; t++) tail += df(sc.financing.discountRatePerYear, t) * month(t);
      expect(rel(r.kpis!.terminalValuePvUsd!, 10 * tail)).toBeLessThan(1e-9);
      expect(rel(r.npvUsd!, 1_000_000 + pv(sc, (t) => 10 * month(t)) + 10 * tail)).toBeLessThan(
        1e-9,
      );
    },
  );
});

/** A preset, its lease paid for by the operator, and an optional power market. */
function preset(id: string, patch: (s: any) => void = () => {}): Scenario {
  const s = structuredClone(loadPreset(id)) as any;
  patch(s);
  return ScenarioSchema.parse(s);
}

describe('metamorphic', () => {
  it.each([
    ['texas-100mw', true],
    ['texas-100mw', false],
    ['barber-lake', false],
  ])(
    '%s (tenant pays power: %s): one bin at energyUsdPerMWh with no credits reproduces the answer to 1e-9',
    async (id, tenant) => {
      const plain = preset(id, (s) =>
        s.hpcOptions.forEach((o: any) => (o.tenantPaysPower = tenant)),
      );
      const one = preset(id, (s) => {
        s.hpcOptions.forEach((o: any) => (o.tenantPaysPower = tenant));
        s.site.powerMarket = {
          priceBins: [{ hoursShare: 1, priceUsdPerMWh: s.site.energyUsdPerMWh }],
        };
      });
      const [a, b] = [await optimize(plain), await optimize(one)];
      expect(a.status).toBe('optimal');
      expect(rel(b.npvUsd!, a.npvUsd!)).toBeLessThan(1e-9);
      expect(rel(b.kpis!.npvVsMiningOnlyUsd!, a.kpis!.npvVsMiningOnlyUsd!)).toBeLessThan(1e-9);
      b.months.forEach((m, t) => {
        expect(m.miningMW).toBeCloseTo(a.months[t].miningMW, 5);
        expect(m.hpcMarginUsd).toBeCloseTo(a.months[t].hpcMarginUsd, 2);
        expect(m.freeCashFlowUsd!).toBeCloseTo(a.months[t].freeCashFlowUsd!, 2);
      });
    },
  );

  it(
    'with tenantPaysPower the lease margin does not depend on the bin ' +
      'prices; with operator power it pays Σ h_b p_b',
    async () => {
      const base = preset('texas-100mw');
      const plan = (await optimize(base)).plan!;
      expect(plan.builds.length).toBeGreaterThan(0);
      const withBins = (peak: number, tenant: boolean) =>
        preset('texas-100mw', (s) => {
          s.hpcOptions[0].tenantPaysPower = tenant;
          s.site.powerMarket = {
            priceBins: [
              { hoursShare: 0.9, priceUsdPerMWh: 30 },
              { hoursShare: 0.1, priceUsdPerMWh: peak },
            ],
          };
        });
      const [low, high] = [
        await evaluate(withBins(50, true), plan),
        await evaluate(withBins(500, true), plan),
      ];
      high.months.forEach((m, t) =>
        expect(m.hpcMarginUsd).toBeCloseTo(low.months[t].hpcMarginUsd, 6),
      );
      const [lowOp, highOp] = [
        await evaluate(withBins(50, false), plan),
        await evaluate(withBins(90, false), plan),
      ];
      expect([lowOp.status, highOp.status]).toEqual(['optimal', 'optimal']);
      lowOp.months.forEach((m, t) => {
        const online = m.hpcOnlineMW;
        expect(highOp.months[t].hpcMarginUsd - m.hpcMarginUsd).toBeCloseTo(
          -online * HOURS * 0.1 * 40,
          3,
        );
        expect(low.months[t].hpcMarginUsd - m.hpcMarginUsd).toBeCloseTo(
          online * HOURS * (0.9 * 30 + 0.1 * 50),
          3,
        );
      });
    },
  );

  it('raising the peak bin price never raises the MW mining in that bin', async () => {
    const at = (peak: number) =>
      preset('texas-100mw', (s) => {
        s.site.powerMarket = {
          priceBins: [
            { hoursShare: 0.6, priceUsdPerMWh: 25 },
            { hoursShare: 0.3, priceUsdPerMWh: 45 },
            { hoursShare: 0.1, priceUsdPerMWh: peak },
          ],
        };
      });
    let prev: number[] | null = null;
    for (const peak of [30, 55, 80, 140, 400]) {
      const r = await optimize(at(peak));
      expect(r.status).toBe('optimal');
      const mw = r.months.map((m) => m.miningMWByBin![2]);
      if (prev)
        mw.forEach((v, t) =>
          expect(v, `${peak} $/MWh, ${r.months[t].month}`).toBeLessThanOrEqual(prev![t] + 1e-6),
        );
      prev = mw;
    }
  });
});

describe('validation and parameters', () => {
  const input = (powerMarket: unknown): ScenarioInput => {
    const s = structuredClone(loadPreset('texas-100mw')) as any;
    s.site.powerMarket = powerMarket;
    return s;
  };
  const issues = (powerMarket: unknown) => {
    const r = ScenarioSchema.safeParse(input(powerMarket));
    return r.success
      ? []
      : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('names site.powerMarket.priceBins when the shares do not sum to 1', () => {
    expect(
      issues({
        priceBins: [
          { hoursShare: 0.5, priceUsdPerMWh: 30 },
          { hoursShare: 0.4, priceUsdPerMWh: 60 },
        ],
      }),
    ).toEqual([
      { path: 'site.powerMarket.priceBins', message: 'hoursShare must sum to 1, got 0.9' },
    ]);
    const lists = Array.from({ length: 12 }, () => [{ hoursShare: 1, priceUsdPerMWh: 30 }]);
    lists[3] = [{ hoursShare: 0.5, priceUsdPerMWh: 30 }];
    expect(issues({ priceBins: lists })).toEqual([
      {
        path: 'site.powerMarket.priceBins',
        message: 'hoursShare must sum to 1 (list 3, calendar month 4), got 0.5',
      },
    ]);
  });

  it('rejects 0 or 9 bins, 11 lists and unknown keys, and fills the defaults once', () => {
    expect(issues({ priceBins: [] }).length).toBeGreaterThan(0);
    expect(
      issues({ priceBins: Array(9).fill({ hoursShare: 1 / 9, priceUsdPerMWh: 30 }) }).length,
    ).toBeGreaterThan(0);
    expect(
      issues({ priceBins: Array(11).fill([{ hoursShare: 1, priceUsdPerMWh: 30 }]) }).length,
    ).toBeGreaterThan(0);
    expect(
      issues({ priceBins: [{ hoursShare: 1, priceUsdPerMWh: 30 }], creditUsd: 1 }).map(
        (i) => i.path,
      ),
    ).toEqual(['site.powerMarket']);
    expect(
      issues({
        priceBins: [{ hoursShare: 1, priceUsdPerMWh: 30 }],
        contract: { mw: -1, priceUsdPerMWh: 30 },
      }).map((i) => i.path),
    ).toEqual(['site.powerMarket.contract.mw']);
    const parsed = ScenarioSchema.parse(
      input({ priceBins: [{ hoursShare: 1, priceUsdPerMWh: 30 }] }),
    );
    expect(parsed.site!.powerMarket).toEqual({
      priceBins: [{ hoursShare: 1, priceUsdPerMWh: 30 }],
      demandResponseUsdPerMWMonth: 0,
      transmissionUsdPerKwYear: 0,
    });
  });

  it('the analyses reach every new number by its path (site.powerMarket.contract.mw)', () => {
    const sc = ScenarioSchema.parse(
      input({
        priceBins: [
          { hoursShare: 0.9, priceUsdPerMWh: 30 },
          { hoursShare: 0.1, priceUsdPerMWh: 90 },
        ],
        contract: { mw: 10, priceUsdPerMWh: 40 },
      }),
    );
    const moved = setParameters(sc, [
      { path: 'site.powerMarket.contract.mw', value: 50 },
      { path: 'site.powerMarket.transmissionUsdPerKwYear', value: 80 },
      { path: 'site.powerMarket.priceBins.1.priceUsdPerMWh', value: 120 },
    ]);
    expect(moved.site!.powerMarket!.contract!.mw).toBe(50);
    expect(moved.site!.powerMarket!.transmissionUsdPerKwYear).toBe(80);
    expect((moved.site!.powerMarket!.priceBins[1] as any).priceUsdPerMWh).toBe(120);
  });
});

describe('GLPK on the exported LP agrees with npvUsd on scenarios with bins', () => {
  const ercot = (s: any) => {
    s.site.powerMarket = {
      priceBins: Array.from({ length: 12 }, (_, m) => [
        { hoursShare: 0.7, priceUsdPerMWh: 28 + m },
        { hoursShare: 0.25, priceUsdPerMWh: 48 },
        { hoursShare: 0.05, priceUsdPerMWh: m >= 5 && m <= 8 ? 900 : 120 },
      ]),
      contract: { mw: 40, priceUsdPerMWh: 42 },
      demandResponseUsdPerMWMonth: 1500,
      transmissionUsdPerKwYear: 90,
    };
  };
  it.each([
    ['texas-100mw', ercot],
    [
      'texas-100mw, operator pays power',
      (s: any) => (ercot(s), (s.hpcOptions[0].tenantPaysPower = false)),
    ],
    ['texas-blocks', ercot],
    [
      'texas-100mw, two cases',
      (s: any) => (
        ercot(s),
        (s.uncertainty = {
          scenarios: [
            { name: 'bear', probability: 0.4, hashpriceMultiplier: 0.6 },
            { name: 'base', probability: 0.6 },
          ],
        })
      ),
    ],
  ])(
    '%s',
    async (name, patch) => {
      const sc = preset(name.split(',')[0], patch);
      const r = await optimize(sc);
      expect(r.status, r.message).toBe('optimal');
      await expectGlpkAndEvaluatorAgree(sc, r);
    },
    120_000,
  );
});

describe('the monthly rows split the transmission charge between mining and HPC', () => {
  it('hpcTransmissionUsd is the charge on HPC MW online on operator-paid ' +
    'power, the rest is on the peak bin’s mining; FCF adds up', async () => {
    const sc = preset('texas-100mw', (s: any) => {
      s.hpcOptions = s.hpcOptions.slice(0, 1).map((o: any) => ({
        ...o,
        tenantPaysPower: false,
        rampMonths: 0,
        defaultProbabilityPerYear: 0,
      }));
      s.site.powerMarket = {
        priceBins: [
          { hoursShare: 0.9, priceUsdPerMWh: 30 },
          { hoursShare: 0.1, priceUsdPerMWh: 60 },
        ],
        demandResponseUsdPerMWMonth: 1000,
        transmissionUsdPerKwYear: 60,
      };
    });
    const r = await optimize(sc);
    expect(r.status, r.message).toBe('optimal');
    const charge = (60 * 1000) / 12;
    expect(r.months.some((m) => m.hpcOnlineMW > 1)).toBe(true);
    for (const m of r.months) {
      expect(m.hpcTransmissionUsd).toBeCloseTo(m.hpcOnlineMW * charge, 3);
      expect(m.transmissionUsd! - m.hpcTransmissionUsd!).toBeCloseTo(
        m.miningMWByBin![1] * charge,
        3,
      );
      const fcf =
        m.miningRevenueUsd -
        m.miningCostUsd +
        m.powerCreditsUsd! -
        (m.transmissionUsd! - m.hpcTransmissionUsd!) +
        m.contractHedgeUsd! +
        m.asicSaleUsd -
        m.asicPurchaseUsd +
        m.hpcMarginUsd -
        m.hpcCapexUsd -
        m.overheadUsd;
      expect(fcf).toBeCloseTo(m.freeCashFlowUsd!, 0);
    }
  }, 120_000);
});

describe('the value of flexibility a conversion gives up', () => {
  const market = (s: any) => {
    s.hpcOptions = s.hpcOptions.slice(0, 1).map((o: any) => ({ ...o, tenantPaysPower: false }));
    s.site.powerMarket = {
      priceBins: [
        { hoursShare: 0.9, priceUsdPerMWh: 30 },
        { hoursShare: 0.1, priceUsdPerMWh: 60 },
      ],
      demandResponseUsdPerMWMonth: 1000,
      transmissionUsdPerKwYear: 60,
    };
  };
  it('is the mining-only plan’s credits less the plan’s, plus the plan’s 4CP ' +
    'charges less that plan’s, discounted as npvUsd', async () => {
    const sc = preset('texas-100mw', market);
    const onlyMining = preset('texas-100mw', (s: any) => (market(s), (s.hpcOptions = [])));
    const [r, base] = [await optimize(sc), await optimize(onlyMining)];
    expect(r.status, r.message).toBe('optimal');
    expect(r.plan.builds.length).toBeGreaterThan(0);
    const d = sc.financing.discountRatePerYear;
    const pv = (rows: typeof r.months, f: (m: (typeof r.months)[number]) => number) =>
      rows.reduce((a, m, t) => a + f(m) * df(d, t), 0);
    const k = r.kpis!;
    expect(
      rel(
        k.powerCreditsPvUsd!,
        pv(r.months, (m) => m.powerCreditsUsd!),
      ),
    ).toBeLessThan(1e-9);
    expect(
      rel(
        k.transmissionPvUsd!,
        pv(r.months, (m) => m.transmissionUsd!),
      ),
    ).toBeLessThan(1e-9);
    // The base is solved on its own here (a scenario without offers), not taken from the KPIs' own
    // mining-only plan.
    const given =
      pv(base.months, (m) => m.powerCreditsUsd!) -
      pv(r.months, (m) => m.powerCreditsUsd!) +
      pv(r.months, (m) => m.transmissionUsd!) -
      pv(base.months, (m) => m.transmissionUsd!);
    expect(rel(k.flexibilityGivenUpPvUsd!, given)).toBeLessThan(1e-6);
    // Converting mining MW to firm HPC load on the operator's power gives flexibility up.
    expect(k.flexibilityGivenUpPvUsd!).toBeGreaterThan(0);
    expect(base.kpis!.flexibilityGivenUpPvUsd).toBeCloseTo(0, 6);
  }, 120_000);

  it('is absent without a power market', async () => {
    const r = await optimize(preset('texas-100mw'));
    expect(r.kpis!.flexibilityGivenUpPvUsd).toBeUndefined();
  }, 120_000);
});
