/**
 * @module cloud.test — GPU cloud options (`kind: "cloud"`, docs/model.md "GPU cloud"), worked by
 * hand from the rules: GPU purchases at commencement and every gpuLifeMonths, revenue by the
 * generation's age, power always the operator's, the merchant tail; the metamorphic relations, the
 * two-stage slip, the analyses' paths, GLPK.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, evaluate, optimize, type Scenario, type ScenarioInput } from '../../model';
import { defaultParameters, parameterSpec, setParameters } from '../../model/analyses/paths';
import { loadPreset } from '../../data/load';
import { expectGlpkAndEvaluatorAgree } from '../helpers/lp-agreement';
import { df } from './hand/arithmetic';
import { START, scenario } from './hand/scenario';

const HOURS = 730.5;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/**
 * A cloud offer on a 10 MW site (no miners, no overhead), "firm" value; 48 months, tail L months.
 */
const CLOUD = {
  kind: 'cloud',
  id: 'cloud',
  name: 'GPU cloud',
  itMWPerGridMW: 0.75,
  capexUsdPerMWIt: 1_000_000,
  buildMonths: 3,
  switchoverMonths: 0,
  opexUsdPerMWItMonth: 10_000,
  blockMW: 0,
  maxMW: 10,
  computeUsdPerMWItMonth: 200_000,
  utilisation: 0.8,
  gpuCapexUsdPerMWIt: 2_000_000,
  gpuLifeMonths: 18,
  computePriceChangePerYear: -0.25,
  rampMonths: 4,
} as const;
function cloud(
  option: Record<string, unknown> = {},
  over: { tail?: number; site?: Record<string, unknown>; months?: number } = {},
): Scenario {
  const months = over.months ?? 48;
  return scenario({
    name: 'cloud',
    horizonMonths: months,
    hashprice: { kind: 'series', usdPerPhDay: Array(months).fill(40) },
    site: { overheadUsdPerMonth: 0, hpcEligibleMW: 10, ...over.site },
    valuation: { method: 'firm', merchantTailMonths: over.tail ?? 12 },
    financing: { cashUsd: 60_000_000, cashYieldPerYear: 0 },
    hpcOptions: [{ ...CLOUD, ...option } as ScenarioInput['hpcOptions'][number]],
  });
}
const plan10 = { builds: [{ optionId: 'cloud', month: START, mw: 10 }], refreshes: [] };

/**
 * The SPEC's rules for one grid MW of the cohort started in month 0, month t (USD): GPU purchase
 * and margin.
 */
function byHand(
  sc: Scenario,
  t: number,
  powerUsdPerMWh = sc.site!.energyUsdPerMWh,
  transmissionPerMW = 0,
) {
  const o = CLOUD;
  const k = t - o.buildMonths;
  if (k < 0)
    return {
      gpu: 0,
      building: (o.capexUsdPerMWIt * o.itMWPerGridMW) / o.buildMonths,
      margin: 0,
      revenue: 0,
    };
  const age = k % o.gpuLifeMonths;
  const ramp = Math.min(1, (k + 1) / o.rampMonths);
  const revenue =
    ramp *
    o.computeUsdPerMWItMonth *
    o.itMWPerGridMW *
    o.utilisation *
    Math.pow(1 + o.computePriceChangePerYear, Math.floor(age / 12));
  // Power per grid MW whatever the utilisation; the ramp scales revenue, opex and power, not GPU
  // purchases.
  const cost =
    ramp * (o.opexUsdPerMWItMonth * o.itMWPerGridMW + HOURS * powerUsdPerMWh + transmissionPerMW);
  return {
    gpu: age === 0 ? o.gpuCapexUsdPerMWIt * o.itMWPerGridMW : 0,
    building: 0,
    margin: revenue - cost,
    revenue,
  };
}

describe('a cloud cohort, by hand', () => {
  it('buys GPUs at commencement and every gpuLifeMonths (not ramped); each generation earns by its age', async () => {
    const sc = cloud();
    const r = await evaluate(sc, plan10);
    expect(r.status).toBe('optimal');
    // Commencement in month 3; purchases at k = 0, 18, 36 (months 3, 21, 39) and, in the tail, k =
    // 54 (month 57).
    const purchases = r.months.map(
      (m, t) => m.hpcCapexUsd - (t < 3 ? 10 * byHand(sc, t).building : 0),
    );
    expect(purchases.map((v, t) => (Math.abs(v) > 1 ? t : -1)).filter((t) => t >= 0)).toEqual([
      3, 21, 39,
    ]);
    for (const t of [3, 21, 39]) expect(purchases[t]).toBeCloseTo(10 * 0.75 * 2_000_000, 4);
    // Ages 12–17 of each generation earn × 0.75; the first generation's ramp lasts 4 months.
    expect(r.months[14].hpcMarginUsd).toBeCloseTo(10 * byHand(sc, 14).margin, 4);
    expect(r.months[15].hpcMarginUsd - r.months[14].hpcMarginUsd).toBeCloseTo(
      -10 * 0.25 * 200_000 * 0.75 * 0.8,
      4,
    );
    expect(r.months[21].hpcMarginUsd - r.months[20].hpcMarginUsd).toBeCloseTo(
      10 * 0.25 * 200_000 * 0.75 * 0.8,
      4,
    );
    let flows = 0;
    r.months.forEach((m, t) => {
      const h = byHand(sc, t);
      expect(m.hpcMarginUsd, m.month).toBeCloseTo(10 * h.margin, 4);
      expect(m.hpcCapexUsd, m.month).toBeCloseTo(10 * (h.gpu + h.building), 4);
      flows += df(0.1, t) * 10 * (h.margin - h.gpu - h.building);
    });
    // After the horizon (months 48 … 59): the margin as it is, and the purchase due in month 57 ×
    // (60 − 57) / 18.
    let tail = 0;
    for (let t = 48; t < 60; t++) {
      const h = byHand(sc, t);
      tail += df(0.1, t) * 10 * (h.margin - h.gpu * Math.min(1, (60 - t) / 18));
    }
    expect(byHand(sc, 57).gpu).toBeGreaterThan(0);
    expect(rel(r.kpis!.terminalValuePvUsd!, tail)).toBeLessThan(1e-9);
    expect(rel(r.npvUsd!, 60_000_000 + flows + tail)).toBeLessThan(1e-9);
    await expectGlpkAndEvaluatorAgree(sc, await optimize(sc));
  });

  it('pays its power in every bin at Σ h_b p_b and the 4CP-style charge on its MW earning, × its ramp', async () => {
    const bins = [
      { hoursShare: 0.9, priceUsdPerMWh: 30 },
      { hoursShare: 0.1, priceUsdPerMWh: 200 },
    ];
    const sc = cloud(
      {},
      { site: { powerMarket: { priceBins: bins, transmissionUsdPerKwYear: 60 } } },
    );
    const r = await evaluate(sc, plan10);
    expect(r.status).toBe('optimal');
    const average = 0.9 * 30 + 0.1 * 200;
    r.months.forEach((m, t) =>
      expect(m.hpcMarginUsd, m.month).toBeCloseTo(
        10 * byHand(sc, t, average, (60 * 1000) / 12).margin,
        4,
      ),
    );
    await expectGlpkAndEvaluatorAgree(sc, await optimize(sc));
  });

  it(
    'with no tail its value after the horizon is 0; a slipped case buys its ' +
      'GPUs at the actual commencement',
    async () => {
      const none = await evaluate(cloud({}, { tail: 0 }), plan10);
      expect(none.kpis!.terminalValuePvUsd).toBe(0);
      const sc = cloud({}, {});
      const two = ScenarioSchema.parse({
        ...structuredClone(sc),
        uncertainty: {
          scenarios: [
            { name: 'on time', probability: 0.5 },
            { name: 'late', probability: 0.5, extraBuildMonths: 2 },
          ],
        },
      });
      const r = await evaluate(two, plan10);
      expect(r.status).toBe('optimal');
      const [onTime, late] = r.scenarios!;
      const gpuMonths = (rows: typeof r.months) =>
        rows.map((m, t) => (t >= 3 && m.hpcCapexUsd > 1 ? t : -1)).filter((t) => t >= 0);
      expect(gpuMonths(onTime.months)).toEqual([3, 21, 39]);
      expect(gpuMonths(late.months)).toEqual([5, 23, 41]);
      expect(late.months[4].hpcMarginUsd).toBe(0);
      expect(late.months[5].hpcMarginUsd).toBeCloseTo(onTime.months[3].hpcMarginUsd, 4);
    },
  );
});

describe('metamorphic', () => {
  it(
    'a cloud without GPUs whose price never changes earns what a lease to ' +
      'the horizon with operator power does',
    async () => {
      // Both in bins, both charged transmission: within the horizon the two are the same cash, and
      // with no tail the same value, whatever the bin prices.
      const site = {
        powerMarket: {
          priceBins: [
            { hoursShare: 0.7, priceUsdPerMWh: 25 },
            { hoursShare: 0.3, priceUsdPerMWh: 90 },
          ],
          transmissionUsdPerKwYear: 80,
        },
      };
      const asCloud = cloud(
        { gpuCapexUsdPerMWIt: 0, computePriceChangePerYear: 0 },
        { tail: 0, site },
      );
      const lease = structuredClone(asCloud) as any;
      const {
        kind: _k,
        computeUsdPerMWItMonth,
        utilisation,
        gpuCapexUsdPerMWIt: _g,
        gpuLifeMonths: _l,
        computePriceChangePerYear: _c,
        ...common
      } = lease.hpcOptions[0];
      lease.hpcOptions[0] = {
        ...common,
        leaseUsdPerKwMonth: (computeUsdPerMWItMonth * utilisation) / 1000,
        escalatorPerYear: 0,
        termMonths: 45,
        tenantCapexShare: 0,
        tenantPaysPower: false,
      };
      const [a, b] = [
        await evaluate(asCloud, plan10),
        await evaluate(ScenarioSchema.parse(lease), plan10),
      ];
      expect(rel(a.npvUsd!, b.npvUsd!)).toBeLessThan(1e-9);
      a.months.forEach((m, t) => expect(m.hpcMarginUsd).toBeCloseTo(b.months[t].hpcMarginUsd, 4));
    },
  );

  it.each(['ercot-flex', 'texas-100mw'])(
    '%s: a cloud option whose compute price is 0 is never built',
    async (id) => {
      const s = structuredClone(loadPreset(id)) as any;
      if (!s.hpcOptions.some((o: any) => o.kind === 'cloud'))
        s.hpcOptions.push({ ...CLOUD, maxMW: 50, gpuCapexUsdPerMWIt: 0 });
      for (const o of s.hpcOptions) if (o.kind === 'cloud') o.computeUsdPerMWItMonth = 0;
      const r = await optimize(ScenarioSchema.parse(s));
      expect(r.status).toBe('optimal');
      const clouds = new Set(
        s.hpcOptions.filter((o: any) => o.kind === 'cloud').map((o: any) => o.id),
      );
      expect(r.plan!.builds.filter((b) => clouds.has(b.optionId))).toEqual([]);
    },
  );

  it(
    'ercot-flex at 1.2 × its compute price builds the cloud, ' +
      'funding-limited, and GLPK and the evaluator agree',
    async () => {
      const s = structuredClone(loadPreset('ercot-flex')) as any;
      for (const o of s.hpcOptions) if (o.kind === 'cloud') o.computeUsdPerMWItMonth *= 1.2;
      const sc = ScenarioSchema.parse(s);
      const r = await optimize(sc);
      expect(r.status).toBe('optimal');
      const cloudMW = r
        .plan!.builds.filter((b) => b.optionId === 'gpu-cloud')
        .reduce((a, b) => a + b.mw, 0);
      expect(cloudMW).toBeGreaterThan(10);
      await expectGlpkAndEvaluatorAgree(sc, r);
    },
  );
});

describe('parameters', () => {
  it('the analyses reach the cloud numbers by their paths; the default tornado varies its compute price', () => {
    const sc = ScenarioSchema.parse(loadPreset('ercot-flex'));
    const i = sc.hpcOptions!.findIndex((o) => o.kind === 'cloud');
    expect(i).toBeGreaterThanOrEqual(0);
    for (const f of [
      'computeUsdPerMWItMonth',
      'utilisation',
      'gpuCapexUsdPerMWIt',
      'gpuLifeMonths',
      'computePriceChangePerYear',
    ]) {
      const path = `hpcOptions.${i}.${f}`;
      const spec = parameterSpec(sc, path);
      const moved = setParameters(sc, [
        { path, value: spec.integer ? spec.value + 1 : spec.value === 0 ? -0.1 : spec.value * 0.5 },
      ]);
      expect((moved.hpcOptions![i] as Record<string, unknown>)[f]).not.toBe(spec.value);
    }
    expect(parameterSpec(sc, `hpcOptions.${i}.gpuLifeMonths`).integer).toBe(true);
    expect(() => parameterSpec(sc, `hpcOptions.${i}.leaseUsdPerKwMonth`)).toThrow(
      /leaseUsdPerKwMonth/,
    );
    expect(() => setParameters(sc, [{ path: `hpcOptions.${i}.utilisation`, value: 1.5 }])).toThrow(
      /utilisation/,
    );
    expect(defaultParameters(sc)).toContain(`hpcOptions.${i}.computeUsdPerMWItMonth`);
  });
});
