/**
 * texas-100mw with the presets' hashprice floor (data/README.md, "The hashprice floor of the
 * presets"): which months after the 2028 halving its S21 fleet has a positive margin at the floor,
 * and why the mining-only plan sells the fleet just before the halving instead of running it in
 * them (docs/market.md, "The presets' floor").
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import { casesOf, optimize, type Scenario, ScenarioSchema } from '../../model';
import { economics } from '../../model/economics';
import type { SiteScenario } from '../../model/schema';

/** texas-100mw starts 2027-01; the halving of 2028-04 is month 15. */
const HALVING = 15;

const preset = () => ScenarioSchema.parse(loadPreset('texas-100mw'));
const miningOnly = (s: Scenario) => optimize({ ...s, hpcOptions: [] });

/**
 * Present value, $M per MW, of holding the existing fleet from month `from` and selling it in month
 * k (k = T: keeping it to the horizon, valued as the LP values it then): the margins of the months
 * it runs, Σ_{t=from}^{k−1} dfm_t × max(0, margin_t), and its resale in month k.
 */
function holdUntil(s: Scenario, from: number, k: number): number {
  const e = economics(s as SiteScenario, casesOf(s)[0]);
  const ex = e.existing;
  let v = 0;
  for (let t = from; t < k; t++) v += e.dfMining[t] * Math.max(0, ex.marginPerMW[t]);
  const last = e.T - 1;
  if (k < e.T) return v + e.dfMining[k] * ex.resalePerMW[k];
  return (
    v + e.dfMining[last] * Math.max(ex.resalePerMW[last], ex.tailValuePerMW / e.dfMining[last])
  );
}

describe('texas-100mw with the preset’s floor: the fleet after the 2028 halving', () => {
  it('has a positive margin at the floor in 2028-04 and 2028-05 only', async () => {
    const r = await miningOnly(preset());
    const breakeven = r.breakevens!.existingUsdPerPhDay;
    // Cash breakeven of the S21 fleet: ($45/MWh × 730.5 h × 0.95 + $4,000) per MW-month over its
    // PH/s per MW (10^6 / (17.5 × 1.05) / 1000) × 30.4375 days × 0.95 uptime × 0.98 after pool fee.
    const ph = 1e6 / (17.5 * 1.05) / 1000;
    expect(breakeven).toBeCloseTo((45 * 730.5 * 0.95 + 4000) / (ph * 30.4375 * 0.95 * 0.98), 6);
    const after = r.months.slice(HALVING);
    // After the halving the projection lies below the floor: hashprice is the floor.
    for (const m of after.slice(0, 40))
      expect(m.hashpriceUsdPerPhDay).toBe(m.hashpriceFloorUsdPerPhDay);
    const paid = after.filter((m) => m.hashpriceUsdPerPhDay > breakeven).map((m) => m.month);
    expect(paid).toEqual(['2028-04', '2028-05']);
  }, 60_000);

  it('is sold in 2028-03, worth more than running it through the months its margin is positive', async () => {
    const s = preset();
    const r = await miningOnly(s);
    expect(r.status).toBe('optimal');
    const held = r.months.map((m) => m.fleetExistingHeldMW);
    expect(held[13]).toBeCloseTo(100, 6);
    expect(held[14]).toBeCloseTo(0, 6);
    r.months.slice(HALVING).forEach((m) => expect(m.miningMW).toBe(0));
    // Selling in 2028-03 (month 14) at the pre-halving resale price against every later sale: the
    // margins of Apr–May 2028 (≈ $0.58 and $0.15 per PH/day) do not make up the ~30 % the resale
    // price loses at the halving (it follows hashprice, 33.44 → 23.42 $/PH/day).
    const sellNow = holdUntil(s, 14, 14);
    for (let k = 15; k <= s.horizonMonths; k++) expect(holdUntil(s, 14, k)).toBeLessThan(sellNow);
    // Running the fleet through 2028-05 and selling it in 2028-06 gives up ≈ $4.1M (100 MW, present value).
    const cost = (sellNow - holdUntil(s, 14, 17)) * 100;
    expect(cost).toBeGreaterThan(3.5);
    expect(cost).toBeLessThan(4.5);
  }, 60_000);

  it('runs every month after the halving with a positive margin at the floor, when it lasts the horizon', async () => {
    // The same preset with the floor falling 5 %/yr instead of 20 %: the margin at the floor is
    // positive in every month, and the plan runs the fleet in all of them.
    const raw = structuredClone(loadPreset('texas-100mw')) as Record<string, any>;
    raw.market.hashprice.floor.efficiencyGainPerYear = 0.05;
    const r = await miningOnly(ScenarioSchema.parse(raw));
    const breakeven = r.breakevens!.existingUsdPerPhDay;
    const after = r.months.slice(HALVING);
    expect(after.every((m) => m.hashpriceUsdPerPhDay > breakeven)).toBe(true);
    for (const m of after) expect(m.miningMW).toBeGreaterThan(0);
  }, 60_000);
});
