/**
 * @module test/web/risk — the Risk view's inputs: their check in the field's units and the request
 * they stand for.
 */
import { describe, expect, it } from 'vitest';
import { MAX_MONTE_CARLO_PATHS } from '../../model/montecarlo-run';
import { LIMITS, type ScenarioInput } from '../../model/schema';
import { DEFAULT_RISK_FORM, toMonteCarloRequest } from '../../web/src/lib/risk';

const scenario = {
  name: 't',
  startMonth: '2027-01',
  horizonMonths: 60,
  market: { hashprice: { kind: 'projection', btcUsd: 90000, networkEhs: 800 } },
  uncertainty: { scenarios: [{ name: 'only', probability: 1 }] },
} as unknown as ScenarioInput;

describe('toMonteCarloRequest', () => {
  it(
    'turns the defaults into 500 paths at 60 % and 30 % per √year, correlation 0.5, ' +
      'without the uncertainty cases',
    () => {
      const { request, issues } = toMonteCarloRequest(DEFAULT_RISK_FORM, scenario);
      expect(issues).toEqual([]);
      expect(request).toMatchObject({
        paths: 500,
        seed: 1,
        btc: { volatilityPerYear: 0.6 },
        network: { volatilityPerYear: 0.3, correlation: 0.5 },
      });
      expect(request?.scenario).not.toHaveProperty('uncertainty');
    },
  );

  it('states errors in the field units and sends nothing', () => {
    const form = {
      paths: '2.5',
      seed: '-1',
      btcVolatilityPct: '600',
      networkVolatilityPct: 'x',
      correlation: '1.5',
    };
    const { request, issues } = toMonteCarloRequest(form, scenario);
    expect(request).toBeUndefined();
    expect(issues).toEqual([
      { field: 'paths', message: 'must be a whole number' },
      { field: 'seed', message: 'must be at least 0' },
      { field: 'btcVolatilityPct', message: 'must be at most 500 %/√yr' },
      { field: 'networkVolatilityPct', message: 'must be a number in %/√yr' },
      { field: 'correlation', message: 'must be at most 1' },
    ]);
  });

  it('allows as many paths as the model’s limit (the run schema’s), and no more', () => {
    const max = LIMITS.maxMonteCarloPaths;
    expect(MAX_MONTE_CARLO_PATHS).toBe(max);
    const at = toMonteCarloRequest({ ...DEFAULT_RISK_FORM, paths: String(max) }, scenario);
    expect([at.issues, at.request?.paths]).toEqual([[], max]);
    const over = toMonteCarloRequest({ ...DEFAULT_RISK_FORM, paths: String(max + 1) }, scenario);
    expect(over.request).toBeUndefined();
    expect(over.issues).toEqual([
      { field: 'paths', message: `must be at most ${max.toLocaleString('en-US')}` },
    ]);
  });

  it('asks for a hashprice projection', () => {
    const series = {
      ...scenario,
      market: { hashprice: { kind: 'series', usdPerPhDay: [40] } },
    } as unknown as ScenarioInput;
    expect(toMonteCarloRequest(DEFAULT_RISK_FORM, series).issues.map((i) => i.field)).toEqual([
      'scenario',
    ]);
  });
});
