/**
 * @module rate-paths.test — the v3 valuation inputs an analysis may vary (docs/model.md, "Rates by
 * risk class", "Residual value of a leased building"): a class's rate, an option's own rate and a
 * residual's cap rate, read at the value they resolve to and set like any other input.
 */
import { describe, expect, it } from 'vitest';
import {
  ScenarioSchema,
  SensitivityRequestSchema,
  inProcessPoints,
  optimize,
  parameterSpec,
  sensitivity,
  setParameters,
} from '../../model';
import { loadPreset } from '../../data/load';

const texas = () => {
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  s.hpcOptions[0].residual = { capRatePerYear: 0.065 };
  return ScenarioSchema.parse(s);
};

describe('rates by class and the residual as analysis parameters', () => {
  it('read at the rate they resolve to when unset, and set on a copy', () => {
    const s = texas();
    const d = s.financing.discountRatePerYear;
    expect(parameterSpec(s, 'valuation.discountRates.lease')).toMatchObject({ value: d, max: 1 });
    expect(parameterSpec(s, 'hpcOptions.0.discountRatePerYear').value).toBe(d);
    expect(parameterSpec(s, 'hpcOptions.ai-lease.residual.capRatePerYear').value).toBe(0.065);
    const set = setParameters(s, [{ path: 'valuation.discountRates.lease', value: 0.08 }]);
    expect(set.valuation.discountRates).toEqual({ lease: 0.08 });
    expect(parameterSpec(set, 'hpcOptions.0.discountRatePerYear').value).toBe(0.08);
    expect(() => parameterSpec(s, 'valuation.discountRates.hpc')).toThrow(/mining, lease, cloud/);
    expect(() => parameterSpec(s, 'valuation.merchantTailMonths')).toThrow(/not a scenario input/);
  });

  it('a tornado over them: each side equals a separate optimisation', async () => {
    const scenario = texas();
    const parameters = [
      'valuation.discountRates.lease',
      'hpcOptions.0.discountRatePerYear',
      'hpcOptions.0.residual.capRatePerYear',
    ];
    const t = await sensitivity(
      SensitivityRequestSchema.parse({ scenario, parameters }),
      inProcessPoints(),
    );
    expect(t.rows.map((r) => r.parameter).sort()).toEqual([...parameters].sort());
    for (const row of t.rows) {
      const direct = await optimize(
        setParameters(scenario, [{ path: row.parameter, value: row.high.value }]),
      );
      expect(Math.abs(row.high.npvUsd! - direct.npvUsd!)).toBeLessThanOrEqual(
        1e-6 * Math.abs(direct.npvUsd!),
      );
    }
  }, 120_000);
});
