/**
 * Tornado rows match separate optimisations at their low and high values; rows are ranked by NPV
 * swing.
 */
import { describe, expect, it } from 'vitest';
import {
  AnalysisInputError,
  ScenarioSchema,
  SensitivityRequestSchema,
  inProcessPoints,
  optimize,
  sensitivity,
  setParameters,
} from '../../model';
import { loadPreset } from '../../data/load';

const raw = () => structuredClone(loadPreset('texas-100mw')) as any;
const close = (a: number | null, b: number | null, rel = 1e-6) =>
  expect(Math.abs(a! - b!)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b!)));

describe('sensitivity (tornado)', () => {
  it('re-optimises each parameter at ±20 %: every side equals a separate optimisation', async () => {
    const scenario = ScenarioSchema.parse(raw());
    const t = await sensitivity(SensitivityRequestSchema.parse({ scenario }), inProcessPoints());
    const base = await optimize(scenario);
    close(t.baseNpvUsd, base.npvUsd);
    expect(t.rows.map((r) => r.parameter).sort()).toEqual([
      'financing.discountRatePerYear',
      'financing.facility.limitUsd',
      'hpcOptions.0.buildMonths',
      'hpcOptions.0.capexUsdPerMWIt',
      'hpcOptions.0.leaseUsdPerKwMonth',
      'market.hashprice.btcUsd',
      // The preset's hashprice floor (docs/model.md, "Hashprice floor (v3)").
      'market.hashprice.floor.efficiencyGainPerYear',
      'market.hashprice.floor.powerUsdPerMWh',
      'market.hashprice.networkGrowthPerYear',
      'site.energyUsdPerMWh',
    ]);
    for (const row of t.rows) {
      for (const side of [row.low, row.high]) {
        const direct = await optimize(
          setParameters(scenario, [{ path: row.parameter, value: side.value }]),
        );
        expect(side.status).toBe(direct.status);
        close(side.npvUsd, direct.npvUsd);
        expect(side.hpcMW).toBeCloseTo(direct.kpis!.hpcCommittedMW, 4);
      }
    }
    expect(t.rows.find((r) => r.parameter === 'market.hashprice.btcUsd')).toMatchObject({
      low: { value: 72000 },
      high: { value: 108000 },
    });
    const swings = t.rows.map((r) => r.swingUsd!);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    expect(t.rows[0].parameter).toBe('hpcOptions.0.leaseUsdPerKwMonth');
  });

  it('rounds whole-month fields and says so; takes absolute low/high per parameter', async () => {
    const scenario = ScenarioSchema.parse(raw());
    const t = await sensitivity(
      SensitivityRequestSchema.parse({
        scenario,
        parameters: [
          'hpcOptions.0.buildMonths',
          { parameter: 'site.energyUsdPerMWh', low: 30, high: 70 },
        ],
        low: -0.1,
        high: 0.1,
      }),
      inProcessPoints(),
    );
    const months = t.rows.find((r) => r.parameter === 'hpcOptions.0.buildMonths')!;
    expect([months.low.value, months.high.value]).toEqual([14, 17]); // 13.5 → 14, 16.5 → 17
    expect(months.note).toMatch(/whole months: 13.5 → 14, 16.5 → 17/);
    const energy = t.rows.find((r) => r.parameter === 'site.energyUsdPerMWh')!;
    expect([energy.low.value, energy.high.value]).toEqual([30, 70]);
  });

  it('names the parameter at fault before solving anything', async () => {
    const scenario = ScenarioSchema.parse(raw());
    const run = (parameters: unknown[]) =>
      sensitivity(SensitivityRequestSchema.parse({ scenario, parameters }), inProcessPoints());
    await expect(run(['site.energyUsdPerMWh', 'site.nope'])).rejects.toMatchObject({
      issues: [
        { path: 'parameters.1', message: expect.stringMatching(/site has no field "nope"/) },
      ],
    });
    await expect(
      run([{ parameter: 'fleet.poolFee', low: 0.01, high: 1.5 }]),
    ).rejects.toBeInstanceOf(AnalysisInputError);
  });

  it('skips a default parameter that a relative change cannot move', async () => {
    const r = raw();
    r.financing.facility.limitUsd = 0;
    const t = await sensitivity(
      SensitivityRequestSchema.parse({ scenario: r, parameters: undefined }),
      inProcessPoints(),
    );
    expect(t.skipped).toEqual([
      { parameter: 'financing.facility.limitUsd', reason: expect.stringMatching(/value is 0/) },
    ]);
  });
});
