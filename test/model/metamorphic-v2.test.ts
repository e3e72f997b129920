/**
 * @module metamorphic-v2 — properties of the v2 conventions over generated scenarios (seeded):
 * near-term decisions do not depend on the horizon's length, and in "firm" value a debt rate below
 * the discount rate or the cash yield does not change the NPV while no limit binds (docs/model.md,
 * "Value").
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, optimize, type Scenario } from '../../model';
import { loadPreset } from '../../data/load';
import { rng } from '../helpers/rng';

/**
 * The default preset varied: hashprice (a series that halves with the subsidy, or a projection),
 * lease, capex, build, power, money.
 */
function generated(seed: number, horizonMonths: number): Scenario {
  const r = rng(seed);
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  s.name = `generated ${seed}`;
  s.horizonMonths = horizonMonths;
  if (r.next() < 0.5) {
    // A series that halves where the subsidy does (2028-04, 2032-04): level otherwise.
    const v = Math.round(r.between(30, 70));
    s.market.hashprice = {
      kind: 'series',
      usdPerPhDay: Array.from({ length: 120 }, (_, t) => (t < 15 ? v : t < 63 ? v / 2 : v / 4)),
    };
  } else {
    // Hashprice that does not rise for a decade: the network grows at least as fast as the BTC
    // price.
    const btc = r.between(-0.05, 0.2);
    Object.assign(s.market.hashprice, {
      btcGrowthPerYear: btc,
      networkGrowthPerYear: r.between(btc + 0.05, 0.45),
    });
  }
  const o = s.hpcOptions[0];
  o.leaseUsdPerKwMonth = Math.round(r.between(100, 170));
  o.capexUsdPerMWIt = Math.round(r.between(7, 11)) * 1e6;
  o.buildMonths = Math.round(r.between(9, 18));
  o.switchoverMonths = Math.min(o.buildMonths, Math.round(r.between(0, 4)));
  s.site.energyUsdPerMWh = Math.round(r.between(30, 60));
  s.financing.cashUsd = Math.round(r.between(100, 400)) * 1e6;
  if (r.next() < 0.3) delete s.financing.facility;
  if (r.next() < 0.3) delete s.financing.projectDebt;
  if (r.next() < 0.3) s.financing.equity = { limitUsd: 200e6, issuanceCost: 0.05 };
  return ScenarioSchema.parse(s);
}

const startedBy = (plan: { builds: { month: string; mw: number }[] }, month: string) =>
  plan.builds.filter((b) => b.month < month).reduce((a, b) => a + b.mw, 0);

describe('near-term stability', () => {
  it('on 40 generated scenarios the HPC MW started in the first 24 months is ' +
    'the same (±1 MW) at 60 and 120 months', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const [a, b] = [await optimize(generated(seed, 60)), await optimize(generated(seed, 120))];
      if (a.status !== 'optimal' || b.status !== 'optimal') continue;
      compared++;
      expect(
        Math.abs(startedBy(a.plan, '2029-01') - startedBy(b.plan, '2029-01')),
        `seed ${seed}: ${JSON.stringify(a.plan.builds)} vs ${JSON.stringify(b.plan.builds)}`,
      ).toBeLessThanOrEqual(1);
    }
    expect(compared).toBeGreaterThanOrEqual(35);
  }, 240_000);
});

describe('"firm" value and the price of money', () => {
  it('a debt rate below the discount rate, or another cash yield, leaves ' +
    'npvUsd unchanged while no limit binds', async () => {
    let compared = 0;
    for (let seed = 100; seed < 115; seed++) {
      const s = generated(seed, 60);
      // Limits far from binding: a facility of $5B, project debt as it is.
      const loose = (patch: (f: any) => void) => {
        const f = structuredClone(s.financing) as any;
        f.facility = { limitUsd: 5e9, ratePerYear: 0.1 };
        patch(f);
        return ScenarioSchema.parse({ ...s, financing: f });
      };
      const base = await optimize(loose(() => {}));
      if (base.status !== 'optimal') continue;
      compared++;
      for (const variant of [
        (f: any) => (f.facility.ratePerYear = 0.03),
        (f: any) => (f.cashYieldPerYear = 0),
        (f: any) => f.projectDebt && (f.projectDebt.ratePerYear = 0.05),
      ]) {
        const v = await optimize(loose(variant));
        expect(
          Math.abs(v.npvUsd! - base.npvUsd!) / Math.abs(base.npvUsd!),
          `seed ${seed}`,
        ).toBeLessThan(1e-8);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(12);
  }, 240_000);
});
