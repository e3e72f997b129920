/**
 * The simulator's income tax by hand (docs/montecarlo.md, "Tax"): texas-100mw mining only, the
 * first six months of a path whose hashprice collapses in months 2 and 3 (the fleet idles, the
 * overhead is a loss). Taxable income, the loss carried forward used (≤ 80 % of a positive income),
 * the tax and the loss left, month by month, against a hand computation that shares no code with
 * the model; the tax leaves the month's cash.
 */
import { describe, expect, it } from 'vitest';
import { samplePath, ScenarioSchema, simPlan, simulatePlan, type PathMonth } from '../../model';
import { preset, still } from './sim-helpers';

const RATE = 0.21;

describe('the simulator taxes a path month by month', () => {
  it('texas-100mw mining only: a loss carried in, used at 80 %, a new loss, used again', () => {
    const base = preset('texas-100mw');
    const hp0 = samplePath(base, still, 1, 0);
    const f = base.fleet!;
    const site = base.site!;
    const phPerMW = 1000 / (f.efficiencyJPerTH * site.miningPue);
    // docs/model.md "Mining": margin per MW running at hashprice h ($/PH/day).
    const margin = (h: number) =>
      h * phPerMW * 30.4375 * f.uptime * (1 - f.poolFee) -
      (730.5 * f.uptime * site.energyUsdPerMWh + f.opexUsdPerMWMonth);
    const hp = Float64Array.from(hp0.usdPerPhDay);
    hp[2] = 1;
    hp[3] = 1;
    const income = (t: number) =>
      (margin(hp[t]) > 0 ? 100 * margin(hp[t]) : 0) - site.overheadUsdPerMonth;
    // A loss carried in of 1.2 months of income: month 0 uses 0.8 of its income, month 1 the rest.
    const opening = 1.2 * income(0);
    const s = ScenarioSchema.parse({
      ...base,
      tax: { ratePerYear: RATE, bonusShare: 1, openingNolUsd: opening, nolLimitShare: 0.8 },
    });
    const plan = simPlan({
      scenario: s,
      plan: { builds: [], refreshes: [] },
      policy: { sellAfterIdleMonths: 6 },
      risks: { tenantDefault: 'expected' },
    });
    const months: PathMonth[] = [];
    simulatePlan(plan, hp, hp0.btcUsd, null, (m) => months.push(m));

    // By hand: month 0 uses 80 % of its income, pays 21 % of the rest; month 1 uses what is left
    // (0.4 × income 0); months 2 and 3 idle, each a loss of the overhead; month 4 uses that loss
    // (less than 80 % of its income), month 5 pays in full.
    const expected = [
      { used: 0.8 * income(0), nol: 0.4 * income(0) },
      { used: 0.4 * income(0), nol: 0 },
      { used: 0, nol: site.overheadUsdPerMonth },
      { used: 0, nol: 2 * site.overheadUsdPerMonth },
      { used: 2 * site.overheadUsdPerMonth, nol: 0 },
      { used: 0, nol: 0 },
    ];
    expect(0.8 * income(4)).toBeGreaterThan(2 * site.overheadUsdPerMonth);
    const y = Math.pow(1 + s.financing.cashYieldPerYear, 1 / 12) - 1;
    let cash = s.financing.cashUsd;
    expected.forEach((e, t) => {
      const m = months[t];
      const taxable = income(t);
      const tax = RATE * (Math.max(0, taxable) - e.used);
      expect(m.miningMW, `mining ${t}`).toBe(t === 2 || t === 3 ? 0 : 100);
      expect(m.taxableIncomeUsd, `taxable ${t}`).toBeCloseTo(taxable, 2);
      expect(m.nolUsedUsd, `used ${t}`).toBeCloseTo(e.used, 2);
      expect(m.taxUsd, `tax ${t}`).toBeCloseTo(tax, 2);
      expect(m.nolUsd, `nol ${t}`).toBeCloseTo(e.nol, 2);
      // The tax is paid from the month's cash (no debt is drawn: cash stays above its minimum).
      cash = cash * (1 + y) + taxable - tax;
      expect(m.debtUsd, `debt ${t}`).toBeCloseTo(0, 6);
      expect(m.cashUsd, `cash ${t}`).toBeCloseTo(cash, 2);
    });
    expect(months[5].taxUsd).toBeCloseTo(RATE * income(5), 2);
  });
});
