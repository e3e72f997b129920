/**
 * The policy simulator against the model's evaluator (docs/montecarlo.md, "Zero volatility"): with
 * no volatility and no risk event, a path's NPV is the evaluation of the same plan with the rule's
 * ASIC sales — to 1e-6 where no debt costs more than the discount rate, never above it and within
 * 0.5 % where one does — and texas-100mw's months agree with it and with a hand computation.
 */
import { describe, expect, it } from 'vitest';
import {
  prepareSim,
  samplePath,
  simulatePath,
  withHashpriceSeries,
  ScenarioSchema,
  type PathMonth,
  type Plan,
  type Scenario,
} from '../../model';
import { evaluateWithSales, optimumPlan, preset, still } from './sim-helpers';

/**
 * Simulates path 0 of `s` under its optimum's plan (credit as its expectation; `edit` may change
 * the plan) and evaluates the same sales.
 */
async function both(s: Scenario, edit: (plan: Plan) => Plan = (plan) => plan) {
  const plan = edit(await optimumPlan(s));
  const p = prepareSim({
    scenario: s,
    plan,
    seed: 1,
    process: still,
    risks: { tenantDefault: 'expected' },
  });
  const months: PathMonth[] = [];
  const sim = simulatePath(p, 0, (m) => months.push(m));
  const series = samplePath(s, still, 1, 0).usdPerPhDay;
  const ev = await evaluateWithSales(withHashpriceSeries(s, series), plan, months);
  return { sim, ev, months };
}

/** Whether some debt of the scenario costs more than its discount rate (a friction in firm value). */
const frictions = (s: Scenario) =>
  [s.financing.facility?.ratePerYear, s.financing.projectDebt?.ratePerYear].some(
    (r) => r !== undefined && r > s.financing.discountRatePerYear,
  ) || (s.financing.equity?.limitUsd ?? 0) > 0;

/**
 * Both funded, and the path's NPV the evaluation's: to 1e-6 without frictions, else never above
 * and within 0.5 %.
 */
function expectAgreement(s: Scenario, { sim, ev }: Awaited<ReturnType<typeof both>>) {
  expect(sim.status).toBe('funded');
  expect(ev.status).toBe('optimal');
  const gap = (sim.npvUsd! - ev.npvUsd!) / Math.abs(ev.npvUsd!);
  if (!frictions(s)) expect(Math.abs(gap)).toBeLessThan(1e-6);
  else {
    expect(gap).toBeLessThanOrEqual(1e-9);
    expect(gap).toBeGreaterThan(-0.005);
  }
}

describe('zero volatility, no risk events: a path is the evaluation of its sales', () => {
  for (const id of ['texas-100mw', 'texas-blocks', 'ercot-flex', 'barber-lake', 'river-bend']) {
    it(id, { timeout: 120_000 }, async () => {
      const s = preset(id);
      expectAgreement(s, await both(s));
    });
  }

  it('riot-portfolio (pre-tax): unfunded under the rule where the evaluation is infeasible, else its value', {
    timeout: 120_000,
  }, async () => {
    const s = { ...preset('riot-portfolio'), tax: undefined };
    const r = await both(s);
    if (r.ev.status === 'infeasible') expect(r.sim.status).toBe('infeasible');
    else expectAgreement(s, r);
  });

  it('riot-portfolio after tax: unfunded under the rule where the evaluation is infeasible, else its value', {
    timeout: 120_000,
  }, async () => {
    const s = preset('riot-portfolio');
    expect(s.tax?.openingNolUsd).toBeGreaterThan(0);
    const r = await both(s);
    if (r.ev.status === 'infeasible') expect(r.sim.status).toBe('infeasible');
    else expectAgreement(s, r);
  });

  // With a facility large enough to fund the rule's sales, riot-portfolio's after-tax paths are
  // valued: at the discount rate (no friction) to 1e-6, at its own 12.5 % never above and within
  // 0.5 %. Its tax block (a $800M loss carried in, 100 % bonus, two sites as one tax payer) sets
  // the losses of the commencements against later income.
  for (const ratePerYear of [0.12, 0.125])
    it(`riot-portfolio with its tax block, a $2B facility at ${ratePerYear * 100} %`, {
      timeout: 120_000,
    }, async () => {
      const s0 = preset('riot-portfolio');
      const s = { ...s0, financing: { ...s0.financing, facility: { limitUsd: 2e9, ratePerYear } } };
      const r = await both(s);
      expect(r.months.some((m) => m.taxUsd > 0)).toBe(true);
      expect(r.months.some((m) => m.taxableIncomeUsd < 0)).toBe(true);
      expectAgreement(s, r);
    });

  it('texas-100mw after tax, bonus 40 % and ASIC refreshes: NPV, taxable income and tax by month', {
    timeout: 120_000,
  }, async () => {
    const s = ScenarioSchema.parse({
      ...preset('texas-100mw'),
      tax: { ratePerYear: 0.25, bonusShare: 0.4, openingNolUsd: 50e6 },
    });
    // Refreshes early, late and in the last month: their straight line runs on after the horizon.
    const { sim, ev, months } = await both(s, (plan) => ({
      ...plan,
      refreshes: [
        { month: '2027-06', mw: 10 },
        { month: '2030-06', mw: 15 },
        { month: '2031-12', mw: 5 },
      ],
    }));
    expect(sim.status).toBe('funded');
    expect(Math.abs(sim.npvUsd! / ev.npvUsd! - 1)).toBeLessThan(1e-6);
    months.forEach((m, t) => {
      expect(m.taxableIncomeUsd, `taxable ${t}`).toBeCloseTo(ev.months[t].taxableIncomeUsd!, 0);
      expect(m.taxUsd, `tax ${t}`).toBeCloseTo(ev.months[t].taxUsd!, 0);
    });
  });

  it('texas-100mw month by month: cash, debt and MW mining as the evaluator schedules them', {
    timeout: 120_000,
  }, async () => {
    const s = preset('texas-100mw');
    const { months, ev } = await both(s);
    expect(months).toHaveLength(60);
    months.forEach((m, t) => {
      const e = ev.months[t];
      expect(m.cashUsd, `cash ${t}`).toBeCloseTo(e.cashUsd, 0);
      expect(m.debtUsd, `debt ${t}`).toBeCloseTo(e.debtUsd, 0);
      expect(m.miningMW, `mining ${t}`).toBeCloseTo(e.miningMW, 6);
    });
  });

  it('texas-100mw by hand: the first six months (mining, capex, project debt)', {
    timeout: 120_000,
  }, async () => {
    const s = preset('texas-100mw');
    const plan = await optimumPlan(s);
    const p = prepareSim({ scenario: s, plan, seed: 1, process: still });
    const months: PathMonth[] = [];
    simulatePath(p, 0, (m) => months.push(m));
    const hp = samplePath(s, still, 1, 0).usdPerPhDay;
    const f = s.fleet!;
    const site = s.site!;
    // docs/model.md "Mining": PH/s per MW, revenue and cost per MW running.
    const phPerMW = 1000 / (f.efficiencyJPerTH * site.miningPue);
    const margin = (t: number) =>
      hp[t] * phPerMW * 30.4375 * f.uptime * (1 - f.poolFee) -
      (730.5 * f.uptime * site.energyUsdPerMWh + f.opexUsdPerMWMonth);
    const y = Math.pow(1 + s.financing.cashYieldPerYear, 1 / 12) - 1;
    const capex = (t: number) =>
      plan.builds
        .filter((b) => {
          const start = (Number(b.month.slice(0, 4)) - 2027) * 12 + Number(b.month.slice(5)) - 1;
          return t >= start && t < start + 15;
        })
        .reduce((a, b) => a + (b.mw * 0.75 * 10_000_000) / 15, 0);
    const rp = Math.pow(1 + s.financing.projectDebt!.ratePerYear, 1 / 12) - 1;
    const minCash = s.financing.minCashUsd;
    let cash = s.financing.cashUsd;
    let debt = 0;
    let capexPaid = 0;
    for (let t = 0; t < 6; t++) {
      // The month's flow with last month's interest; below minCash, project debt fills the gap
      // (its ceiling, 80 % of the capex paid, is far above it here).
      capexPaid += capex(t);
      cash = cash * (1 + y) + 100 * margin(t) - site.overheadUsdPerMonth - capex(t) - rp * debt;
      if (cash < minCash) {
        debt += minCash - cash;
        cash = minCash;
      }
      expect(debt).toBeLessThan(0.8 * capexPaid);
      expect(months[t].miningMW).toBe(100);
      expect(months[t].debtUsd).toBeCloseTo(debt, 2);
      expect(months[t].cashUsd).toBeCloseTo(cash, 2);
    }
  });
});
