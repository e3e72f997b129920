/**
 * @module tax.test — hand-worked after-tax answers (docs/model.md, "Tax (v3, optional `tax`)"):
 * every expected figure is worked out in tax-cases.ts and tax-hand.ts from the rules, sharing no
 * code with model/; the model is asked through `optimize` / `evaluate` only.
 *
 * (a) A lease-only site, 100 % bonus: the building's short-life share deducted at commencement
 *     creates a loss, used at 80 % of each later month's taxable income, the full tax paid from the
 *     month it runs out (month 14). (b) The same with bonusShare 0 (straight line), and with an
 *     opening loss that outlives the horizon and offsets the first year after it. (c) A mining-only
 *     site whose ASICs are sold in month 12, the sale taxed in full; and one that keeps them to the
 *     end with an opening loss, the sale at the end of T−1 taxed after the horizon. Then cheap
 *     properties on every preset: a zero rate is the pre-tax answer, tax never raises npvUsd, and a
 *     larger opening loss never lowers it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, optimize, ScenarioSchema } from '../../model/index';
import {
  KEPT_HASHPRICE,
  KEPT_OPENING_NOL,
  LEASE_PLAN,
  leaseHand,
  leaseSite,
  MARGIN_10MW_AT_40,
  MW,
  miningKeptHand,
  miningSite,
  miningSoldHand,
  RESALE_10MW,
  SOLD_HASHPRICE,
  START,
  T_LEASE,
  T_MINING,
  type TaxHand,
} from './tax-cases';
import { dfAt } from './tax-hand';

type Answer = Awaited<ReturnType<typeof optimize>>;

/** |model − hand| within 1e-9 of |hand| (npvUsd). */
function expectNpv(actual: number | null, hand: number, what = 'npvUsd'): void {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - hand), `${what}: model ${actual} vs hand ${hand}`).toBeLessThanOrEqual(
    1e-9 * Math.abs(hand),
  );
}

/** A month's figure to a cent (the LP works in $M: a cent is 1e-8 of its unit). */
function expectUsd(actual: number | undefined, hand: number, what: string): void {
  expect(actual, what).toBeTypeOf('number');
  expect(Math.abs(actual! - hand), `${what}: model ${actual} vs hand ${hand}`).toBeLessThanOrEqual(
    0.01 + 1e-9 * Math.abs(hand),
  );
}

/** npvUsd, the months' taxable income and tax and the tax KPIs against the hand's. */
function expectHand(r: Answer, hand: TaxHand): void {
  expect(r.status).toBe('optimal');
  expectNpv(r.npvUsd, hand.npvUsd);
  expect(r.months).toHaveLength(hand.rows.length);
  hand.rows.forEach((h, t) => {
    expectUsd(r.months[t].taxableIncomeUsd, h.taxable, `month ${t} taxableIncomeUsd`);
    expectUsd(r.months[t].taxUsd, h.tax, `month ${t} taxUsd`);
  });
  expectUsd(r.kpis?.nolAtHorizonUsd, hand.rows[hand.rows.length - 1].nol, 'kpis.nolAtHorizonUsd');
  expectUsd(r.kpis?.taxPvUsd, hand.taxPvUsd, 'kpis.taxPvUsd');
  expectUsd(r.kpis?.npvBeforeTaxUsd, hand.preTaxUsd, 'kpis.npvBeforeTaxUsd');
}

const parse = (s: unknown) => ScenarioSchema.parse(s);

describe('(a) a lease-only site with 100 % bonus depreciation', () => {
  const hand = leaseHand(1, 0);

  it('the hand figures: a loss at commencement used at 80 %, the full tax from month 14', () => {
    const { rows } = hand;
    // Months 0–2: − overhead, a loss of $150,000 in all.
    expect(rows[2].nol).toBeCloseTo(150_000, 6);
    // Month 3: 1,040,000 − 50,000 − 0.5 · 18M (the bonus) − 19,230.77 = −8,029,230.77.
    expect(rows[3].taxable).toBeCloseTo(1_040_000 - 50_000 - 9_000_000 - 9_000_000 / 468, 6);
    expect(rows[3].nol).toBeCloseTo(150_000 + 8_029_230.769231, 5);
    // Months 4–13: taxable $970,769.23, 80 % of it offset, tax 0.25 · 20 % of it = $48,538.46.
    const taxable4 = 1_040_000 - 50_000 - 9_000_000 / 468;
    for (let t = 4; t <= 13; t++) {
      expect(rows[t].used).toBeCloseTo(0.8 * taxable4, 6);
      expect(rows[t].tax).toBeCloseTo(0.25 * 0.2 * taxable4, 6);
    }
    // Month 14: the last $413,076.92 of the loss, tax $139,423.08; from month 15 the full tax,
    // 0.25 · (1,076,000 − 50,000 − 19,230.77) = $251,692.31.
    const left = 8_179_230.769231 - 10 * 0.8 * taxable4;
    expect(left).toBeCloseTo(413_076.92, 2);
    expect(rows[14].used).toBeCloseTo(left, 5);
    expect(rows[14].tax).toBeCloseTo(0.25 * (taxable4 - left), 5);
    expect(rows[14].nol).toBeCloseTo(0, 6);
    expect(rows[15].tax).toBeCloseTo(251_692.31, 2);
    // No loss left at the horizon; after it the lease is taxed in full until month 122, the last
    // month it could earn: the years of months 36 … 131 (bucket 7 nets months 120–122 of the
    // extension against nine months of the shell alone), none of them a loss. The shell's
    // $19,230.77 a month in months 132 … 470 is left out.
    expect(rows[T_LEASE - 1].nol).toBe(0);
    expect(hand.after.buckets).toHaveLength(8);
    expect(hand.after.buckets.every((b) => b.neg === 0 && b.used === 0)).toBe(true);
    expect(hand.after.buckets[7].last).toBe(131);
    expect(hand.preTaxUsd).toBeCloseTo(80_974_752.97, 1);
    expect(hand.taxPvUsd).toBeCloseTo(14_704_700.81, 1);
    expect(hand.npvUsd).toBeCloseTo(66_270_052.17, 1);
  });

  it('evaluate: npvUsd, the months’ taxable income and tax, the KPIs', async () => {
    expectHand(await evaluate(parse(leaseSite({})), LEASE_PLAN), hand);
  });

  it('optimize builds the 10 MW in month 0 and gives the same answer', async () => {
    const r = await optimize(parse(leaseSite({})));
    expect(r.plan.builds.map((b) => [b.optionId, b.month])).toEqual([['hall', START]]);
    expect(r.plan.builds[0].mw).toBeCloseTo(MW, 6);
    expectNpv(r.npvUsd, hand.npvUsd);
  });

  it('without a tax block the same plan is worth the pre-tax figure', async () => {
    const { tax: _tax, ...pre } = leaseSite({});
    expectNpv((await evaluate(parse(pre), LEASE_PLAN)).npvUsd, hand.preTaxUsd);
  });

  it('with ratePerYear 0: the pre-tax npvUsd, the months still reporting taxable income', async () => {
    const r = await evaluate(parse(leaseSite({ ratePerYear: 0 })), LEASE_PLAN);
    expectNpv(r.npvUsd, hand.preTaxUsd);
    hand.rows.forEach((h, t) => {
      expectUsd(r.months[t].taxableIncomeUsd, h.taxable, `month ${t} taxableIncomeUsd`);
      expect(r.months[t].taxUsd ?? 0, `month ${t} taxUsd`).toBe(0);
    });
  });
});

describe('(b) the same site with bonusShare 0: straight line', () => {
  it('the small loss of months 0–2 is used in month 3, every later month taxed in full', async () => {
    const hand = leaseHand(0, 0);
    // dep = 9M/180 + 9M/468 = $69,230.77 a month from month 3: month 3 is taxable $920,769.23 and
    // uses the $150,000 of months 0–2 (under 80 % of it): tax 0.25 · (920,769.23 − 150,000).
    const taxable3 = 1_040_000 - 50_000 - 9_000_000 / 180 - 9_000_000 / 468;
    expect(hand.rows[3].taxable).toBeCloseTo(taxable3, 6);
    expect(hand.rows[3].tax).toBeCloseTo(0.25 * (taxable3 - 150_000), 6);
    expect(hand.rows[4].tax).toBeCloseTo(0.25 * taxable3, 6);
    expect(hand.taxPvUsd).toBeCloseTo(15_814_813.44, 1);
    expect(hand.npvUsd).toBeCloseTo(65_159_939.53, 1);
    expectHand(await evaluate(parse(leaseSite({ bonusShare: 0 })), LEASE_PLAN), hand);
  });

  it('an opening loss of $30M outlives the horizon and offsets the first year after it', async () => {
    const hand = leaseHand(0, 30_000_000);
    // 80 % of every positive month is offset: n_35 = 30.15M − 0.8 · Σ_{t=3}^{35} taxable_t.
    expect(hand.rows[T_LEASE - 1].nol).toBeCloseTo(4_969_916.31, 1);
    // Bucket 0 (months 36–47) earns P_0 > n_35 / 0.8: the whole loss is used there, its relief
    // counted at the bucket's last month, 47.
    const [b0, b1] = hand.after.buckets;
    expect(b0.used).toBeCloseTo(hand.rows[T_LEASE - 1].nol, 6);
    expect(b0.nol).toBeCloseTo(0, 6);
    expect(b1.used).toBe(0);
    expect(hand.taxPvUsd).toBeCloseTo(9_628_264.0, 1);
    expect(hand.npvUsd).toBeCloseTo(71_346_488.97, 1);
    const s = leaseSite({ bonusShare: 0, openingNolUsd: 30_000_000 });
    expectHand(await evaluate(parse(s), LEASE_PLAN), hand);
  });
});

describe('(c) a mining-only site whose ASIC sale is taxed in full', () => {
  it('sold in month 12, when hashprice falls below breakeven: the proceeds are taxable in full', async () => {
    const hand = miningSoldHand();
    expect(MARGIN_10MW_AT_40).toBeCloseTo(232_168.33, 2);
    expect(hand.rows[11].tax).toBeCloseTo(0.25 * MARGIN_10MW_AT_40, 6);
    expect(hand.rows[12].taxable).toBeCloseTo(952_380.95, 2);
    expect(hand.rows[12].tax).toBeCloseTo(0.25 * 952_380.952381, 5);
    expect(hand.after.valueUsd).toBe(0);
    expect(hand.npvUsd).toBeCloseTo(3_629_337.79, 1);
    const r = await optimize(parse(miningSite(SOLD_HASHPRICE, {})));
    expect(r.months[12].asicSaleUsd).toBeCloseTo(RESALE_10MW, 4);
    expectHand(r, hand);
  });

  it('kept to the end with a $5M opening loss: the sale in T−1 is taxed after the horizon', async () => {
    const hand = miningKeptHand();
    const nol = hand.rows[T_MINING - 1].nol;
    expect(nol).toBeCloseTo(542_368.0, 2);
    expect(hand.after.buckets).toHaveLength(1);
    expect(hand.after.buckets[0].used).toBeCloseTo(nol, 6);
    expect(hand.after.valueUsd).toBeCloseTo(
      0.25 * (dfAt(0.1, 23) * RESALE_10MW - dfAt(0.1, 35) * nol),
      6,
    );
    expect(hand.npvUsd).toBeCloseTo(6_492_582.28, 1);
    const s = miningSite(KEPT_HASHPRICE, { openingNolUsd: KEPT_OPENING_NOL });
    expectHand(await optimize(parse(s)), hand);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties on every preset (docs/model.md, "Tax"): ratePerYear 0 builds no tax rows, so npvUsd
// is the pre-tax answer; a tax can only take value away; a larger opening loss can only offset
// more.
// ---------------------------------------------------------------------------------------------
const presetDir = new URL('../../data/presets/', import.meta.url);
const presets = readdirSync(presetDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const { tax: _tax, ...s } = JSON.parse(readFileSync(new URL(f, presetDir), 'utf8'));
    return [f, s as Record<string, unknown>] as const;
  });

describe('properties on every preset', () => {
  it.each(presets)('%s', async (_, s) => {
    const solve = (tax?: Record<string, number>) => optimize(parse(tax ? { ...s, tax } : s));
    const [pre, zero, taxed, some, more] = await Promise.all([
      solve(),
      solve({ ratePerYear: 0 }),
      solve({ ratePerYear: 0.25 }),
      solve({ ratePerYear: 0.25, openingNolUsd: 100e6 }),
      solve({ ratePerYear: 0.25, openingNolUsd: 1e9 }),
    ]);
    const tol = (v: number) => 1e-9 * Math.max(1, Math.abs(v));
    expect(pre.status).toBe('optimal');
    expectNpv(zero.npvUsd, pre.npvUsd!, 'ratePerYear 0');
    expect(taxed.npvUsd!).toBeLessThanOrEqual(pre.npvUsd! + tol(pre.npvUsd!));
    expect(some.npvUsd!).toBeGreaterThanOrEqual(taxed.npvUsd! - tol(taxed.npvUsd!));
    expect(more.npvUsd!).toBeGreaterThanOrEqual(some.npvUsd! - tol(some.npvUsd!));
    expect(more.npvUsd!).toBeLessThanOrEqual(pre.npvUsd! + tol(pre.npvUsd!));
  });
});
