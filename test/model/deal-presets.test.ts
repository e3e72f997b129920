/**
 * The deal-shaped presets as a covering analyst marks them (docs/model.md "Rates by risk class",
 * data/README.md for the rates and cap rates): Barber Lake's backstopped lease converts at its
 * documented rate and cap rate, and its value per MW of IT lies within the analysts' marks
 * (JPMorgan, $8–17M for contracted colocation, up to $19M with cloud capacity); valued as v2 did —
 * one 12 % rate for every stream, no building after the lease — the same deal is rejected.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, optimize } from '../../model';
import { loadPreset } from '../../data/load';

const builtMW = (r: Awaited<ReturnType<typeof optimize>>) =>
  (r.plan?.builds ?? []).reduce((a, b) => a + b.mw, 0);

describe('deal-shaped presets', () => {
  it('barber-lake as shipped converts, at $8–19M of value per MW of IT', async () => {
    const raw = loadPreset('barber-lake') as any;
    expect(raw.hpcOptions[0].discountRatePerYear).toBeLessThan(raw.financing.discountRatePerYear);
    expect(raw.hpcOptions[0].residual.capRatePerYear).toBeGreaterThan(0);
    const r = await optimize(ScenarioSchema.parse(raw));
    expect(r.status).toBe('optimal');
    expect(builtMW(r)).toBeGreaterThan(100);
    const [option] = r.kpis!.options!;
    expect(option.optionId).toBe(raw.hpcOptions[0].id);
    expect(option.valuePerMWItUsd).toBeGreaterThanOrEqual(8e6);
    expect(option.valuePerMWItUsd).toBeLessThanOrEqual(19e6);
  });

  it('barber-lake valued at one 12 % rate and no residual does not convert', async () => {
    const raw = structuredClone(loadPreset('barber-lake')) as any;
    for (const o of raw.hpcOptions) {
      delete o.discountRatePerYear;
      delete o.residual;
    }
    delete raw.valuation?.discountRates;
    raw.financing.discountRatePerYear = 0.12;
    const r = await optimize(ScenarioSchema.parse(raw));
    expect(r.status).toBe('optimal');
    expect(builtMW(r)).toBe(0);
  });
});
