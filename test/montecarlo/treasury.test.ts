/**
 * The BTC treasury (docs/montecarlo.md, "Treasury"): a hand-worked margin call when BTC halves in a
 * month with the loan at maxLtv, and holdShare 0 gives every figure of the run without a treasury.
 */
import { describe, expect, it } from 'vitest';
import { marginCall, prepareSim, simulatePath, simulatePlan, type PathMonth } from '../../model';
import { preset } from './sim-helpers';

const loan = { maxLtv: 0.4, ratePerYear: 0.08, marginCallLtv: 0.6 };

describe('treasury', () => {
  it('the rule: x = (loan − maxLtv × V) / (1 − maxLtv), at most V', () => {
    // $0.8M against 40 BTC at $25,000 (V = $1M, LTV 0.8 > 0.6): sell $0.4M / 0.6.
    const call = marginCall(0.8, 40, 25_000, 0.4, 0.6)!;
    expect(call.soldUsdM).toBeCloseTo(0.4 / 0.6, 12);
    expect(call.soldBtc).toBeCloseTo((40 * 0.4) / 0.6, 12);
    expect((0.8 - call.soldUsdM) / (1 - call.soldUsdM)).toBeCloseTo(0.4, 12);
    expect(marginCall(0.6, 40, 25_000, 0.4, 0.6)).toBeNull();
    // Not enough BTC to get back to maxLtv: all of it is sold.
    expect(marginCall(2, 40, 25_000, 0.4, 0.6)!.soldUsdM).toBe(1);
  });

  it('a path where BTC halves in month 12 with the loan at maxLtv: one call of the rule’s size', () => {
    const base = preset('texas-100mw');
    // Mining only, no facility, project debt or equity, a heavy overhead: every month the loan is
    // drawn to maxLtv × the BTC held (the rest of the gap is carried, unfunded).
    const s = {
      ...base,
      site: { ...base.site!, overheadUsdPerMonth: 5_000_000 },
      financing: {
        ...base.financing,
        cashUsd: base.financing.minCashUsd,
        facility: undefined,
        projectDebt: undefined,
        equity: undefined,
      },
    };
    const p = prepareSim({
      scenario: s,
      plan: { builds: [], refreshes: [] },
      seed: 1,
      process: { btc: { volatilityPerYear: 0 }, network: { volatilityPerYear: 0, correlation: 0 } },
      treasury: { holdShare: 0.5, loan },
    });
    const T = s.horizonMonths;
    const hp = new Array<number>(T).fill(50);
    const btc = Array.from({ length: T }, (_, t) => (t < 12 ? 90_000 : 45_000));
    const months: PathMonth[] = [];
    const r = simulatePlan(p.plan, hp, btc, null, (m) => months.push(m));
    const [m11, m12, m13] = [months[11], months[12], months[13]];
    expect(m11.loanUsd).toBeCloseTo(loan.maxLtv * m11.btcHeld * 90_000, 4);
    // Month 12 by hand: half the month's revenue is kept as BTC at $45,000, then the call.
    const f = s.fleet!;
    const revenue =
      m12.miningMW *
      50 *
      (1000 / (f.efficiencyJPerTH * s.site.miningPue)) *
      30.4375 *
      f.uptime *
      (1 - f.poolFee);
    const held = m11.btcHeld + (0.5 * revenue) / 45_000;
    const value = held * 45_000;
    const sold = (m11.loanUsd - loan.maxLtv * value) / (1 - loan.maxLtv);
    expect(sold).toBeGreaterThan(0);
    expect(m12.btcHeld).toBeCloseTo(held - sold / 45_000, 9);
    expect(m12.loanUsd).toBeCloseTo(m11.loanUsd - sold, 4);
    expect(m12.loanUsd / (m12.btcHeld * 45_000)).toBeCloseTo(loan.maxLtv, 9);
    // The price holds from then on: no further call.
    expect(m13.loanUsd).toBeCloseTo(loan.maxLtv * m13.btcHeld * 45_000, 4);
    expect(r.marginCalls).toBe(1);
  });

  it('holdShare 0 gives every figure of the run without a treasury', async () => {
    const s = preset('texas-100mw');
    const plan = { builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 60 }], refreshes: [] };
    const process = {
      btc: { volatilityPerYear: 0.7 },
      network: { volatilityPerYear: 0.3, correlation: 0.5 },
    };
    const job = { scenario: s, plan, seed: 3, process };
    const without = prepareSim(job);
    const zero = prepareSim({ ...job, treasury: { holdShare: 0, loan } });
    for (let i = 0; i < 200; i++) {
      const { ms: _a, ...a } = simulatePath(without, i);
      const { ms: _b, ...b } = simulatePath(zero, i);
      expect(b).toEqual(a);
    }
  });
});
