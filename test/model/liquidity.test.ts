/**
 * @module liquidity.test — `kpis.minLiquidityUsd` and `kpis.minLiquidityMonth` (docs/model.md,
 * "Baseline and KPIs"): min over t of cash_t − minCashUsd + the facility's limit − its balance_t,
 * checked on `texas-100mw` (a $100M facility) against the answer's own months, the facility's
 * balance taken as total debt less project and existing debt.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import { ScenarioSchema, optimize, type SolveResult } from '../../model';

/** The least liquidity of an answer's months, from its cash and debt rows alone. */
function byHand(answer: SolveResult, minCashUsd: number, limitUsd: number) {
  let usd = Infinity;
  let month = '';
  for (const m of answer.months) {
    const facility = m.debtUsd - m.projectDebtUsd - m.existingDebtUsd;
    const v = m.cashUsd - minCashUsd + limitUsd - facility;
    // The first month within $1 of the least (docs/model.md).
    if (v < usd - 1) [usd, month] = [v, m.month];
  }
  return { usd, month };
}

describe('the least liquidity of an answer', () => {
  const preset = loadPreset('texas-100mw') as any;
  it.each<[string, { cashUsd?: number; projectDebt?: undefined }]>([
    ['as shipped', {}],
    // Little cash and no project debt: the conversion is funded from the facility.
    ['$40M of cash, no project debt', { cashUsd: 40e6, projectDebt: undefined }],
  ])(
    '%s: is cash − minCashUsd + facility limit − facility balance at its least',
    async (_, over) => {
      const s = structuredClone(preset);
      Object.assign(s.financing, over);
      const answer = await optimize(ScenarioSchema.parse(s));
      expect(answer.status).toBe('optimal');
      const { minCashUsd, facility } = s.financing;
      expect(facility.limitUsd).toBe(100e6);
      const hand = byHand(answer, minCashUsd, facility.limitUsd);
      const k = answer.kpis!;
      expect(Math.abs(k.minLiquidityUsd! - hand.usd)).toBeLessThan(1e-6 * 100e6);
      expect(k.minLiquidityMonth).toBe(hand.month);
      // Liquidity counts the undrawn facility: never below covenant headroom less what is drawn
      // (to a thousandth of a dollar: the solver's noise on a facility drawn to its limit).
      expect(k.minLiquidityUsd!).toBeGreaterThanOrEqual(k.minCovenantHeadroomUsd - 1e-3);
      if (over.cashUsd) {
        expect(Math.max(...answer.months.map((m) => m.facilityUsd))).toBeGreaterThan(1e6);
        expect(k.minLiquidityUsd!).toBeLessThan(facility.limitUsd);
      }
    },
  );
});
