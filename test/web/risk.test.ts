/**
 * @module test/web/risk — the Risk view's inputs: their check in the field's units and the request
 * they stand for.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_MONTE_CARLO_PATHS } from '../../model/montecarlo-run';
import { LIMITS, type ScenarioInput } from '../../model/schema';
import { type Calibration, calibrationModule } from '../../scripts/lib/calibrate';
import { CALIBRATED_ON, CALIBRATED_PROCESS } from '../../web/src/lib/calibration';
import { CALIBRATION_NOTE, DEFAULT_RISK_FORM, toMonteCarloRequest } from '../../web/src/lib/risk';
import { riskMode } from '../../web/src/lib/risk-mode';

const calibration = JSON.parse(
  readFileSync(new URL('../../data/calibration.json', import.meta.url), 'utf8'),
) as Calibration;

const scenario = {
  name: 't',
  startMonth: '2027-01',
  horizonMonths: 60,
  market: { hashprice: { kind: 'projection', btcUsd: 90000, networkEhs: 800 } },
  uncertainty: { scenarios: [{ name: 'only', probability: 1 }] },
} as unknown as ScenarioInput;

describe('the calibrated defaults', () => {
  it("are data/calibration.json's process, written as npm run calibrate writes it", () => {
    expect(readFileSync(new URL('../../web/src/lib/calibration.ts', import.meta.url), 'utf8')).toBe(
      calibrationModule(calibration),
    );
    expect(CALIBRATED_ON).toEqual(calibration.calibratedOn);
    expect(CALIBRATED_PROCESS).toEqual({
      btcVolatilityPerYear: calibration.monteCarlo.btc.volatilityPerYear,
      networkVolatilityPerYear: calibration.monteCarlo.network.volatilityPerYear,
      correlation: calibration.monteCarlo.network.correlation,
    });
    expect(CALIBRATION_NOTE).toBe(
      `calibrated on ${calibration.calibratedOn.from} to ${calibration.calibratedOn.to}`,
    );
  });
});

describe('toMonteCarloRequest', () => {
  it(
    'turns the defaults into 500 paths at the calibrated volatilities and correlation (to ' +
      '0.01 % and 0.0001, as the form shows them), without the uncertainty cases',
    () => {
      const { request, issues } = toMonteCarloRequest(DEFAULT_RISK_FORM, scenario);
      expect(issues).toEqual([]);
      expect(request).toMatchObject({ paths: 500, seed: 1 });
      const { btc, network } = calibration.monteCarlo;
      expect(Math.abs((request?.btc.volatilityPerYear ?? 0) - btc.volatilityPerYear)).toBeLessThan(
        5e-5 + 1e-12,
      );
      expect(
        Math.abs((request?.network.volatilityPerYear ?? 0) - network.volatilityPerYear),
      ).toBeLessThan(5e-5 + 1e-12);
      expect(Math.abs((request?.network.correlation ?? 0) - network.correlation)).toBeLessThan(
        5e-5 + 1e-12,
      );
      // The figures of docs/market.md's table.
      expect(DEFAULT_RISK_FORM).toMatchObject({
        btcVolatilityPct: '73.99',
        networkVolatilityPct: '35.43',
        correlation: '0.2215',
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
      mode: 'policy',
      holdSharePct: '',
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

  it('sends the mode asked for (the policy with a tax block too) and the treasury only with the policy', () => {
    const policy = toMonteCarloRequest({ ...DEFAULT_RISK_FORM, holdSharePct: '40' }, scenario);
    expect(policy.request).toMatchObject({ mode: 'policy', treasury: { holdShare: 0.4 } });
    const hindsight = toMonteCarloRequest(
      { ...DEFAULT_RISK_FORM, mode: 'hindsight', holdSharePct: '40' },
      scenario,
    );
    expect(hindsight.request?.mode).toBe('hindsight');
    expect(hindsight.request).not.toHaveProperty('treasury');
    const taxed = { ...scenario, tax: { ratePerYear: 0.21 } } as unknown as ScenarioInput;
    expect(riskMode('policy')).toBe('policy');
    expect(toMonteCarloRequest(DEFAULT_RISK_FORM, taxed).request?.mode).toBe('policy');
    expect(riskMode('hindsight')).toBe('hindsight');
    expect(
      toMonteCarloRequest({ ...DEFAULT_RISK_FORM, holdSharePct: '120' }, scenario).issues,
    ).toEqual([{ field: 'holdSharePct', message: 'must be at most 100 %' }]);
    const loan = { loanMaxLtvPct: '50', loanRatePct: '10', marginCallLtvPct: '70' };
    expect(
      toMonteCarloRequest({ ...DEFAULT_RISK_FORM, holdSharePct: '40', ...loan }, scenario).request
        ?.treasury,
    ).toEqual({ holdShare: 0.4, loan: { maxLtv: 0.5, ratePerYear: 0.1, marginCallLtv: 0.7 } });
    expect(
      toMonteCarloRequest({ ...DEFAULT_RISK_FORM, ...loan }, scenario).request,
    ).not.toHaveProperty('treasury');
    expect(
      toMonteCarloRequest(
        { ...DEFAULT_RISK_FORM, holdSharePct: '40', ...loan, marginCallLtvPct: '40' },
        scenario,
      ).issues.map((i) => i.field),
    ).toEqual(['marginCallLtvPct']);
  });

  it('sends the idle limit, slips and overruns with the policy, checked in their units', () => {
    const asked = {
      ...DEFAULT_RISK_FORM,
      sellAfterIdleMonths: '4',
      slipProbabilityPct: '25',
      slipMonths: '3',
      capexOverrunVolPct: '30',
    };
    const r = toMonteCarloRequest(asked, scenario);
    expect(r.issues).toEqual([]);
    expect(r.request).toMatchObject({
      mode: 'policy',
      policy: { sellAfterIdleMonths: 4 },
      risks: { slip: { probability: 0.25, months: 3 }, capexOverrun: { volatility: 0.3 } },
    });
    // The defaults: six idle months, no slips, no overruns.
    const plain = toMonteCarloRequest(DEFAULT_RISK_FORM, scenario).request!;
    expect(plain.policy).toEqual({ sellAfterIdleMonths: 6 });
    expect(plain).not.toHaveProperty('risks');
    // The bound samples no risk and follows no rule.
    const bound = toMonteCarloRequest({ ...asked, mode: 'hindsight' }, scenario).request!;
    expect(bound).not.toHaveProperty('risks');
    expect(bound).not.toHaveProperty('policy');
    const bad = toMonteCarloRequest(
      {
        ...asked,
        sellAfterIdleMonths: '0',
        slipProbabilityPct: '150',
        slipMonths: '2.5',
        capexOverrunVolPct: '-5',
      },
      scenario,
    );
    expect(bad.request).toBeUndefined();
    expect(bad.issues).toEqual([
      { field: 'sellAfterIdleMonths', message: 'must be at least 1 month' },
      { field: 'slipProbabilityPct', message: 'must be at most 100 %' },
      { field: 'slipMonths', message: 'must be a whole number' },
      { field: 'capexOverrunVolPct', message: 'must be at least 0 %' },
    ]);
    // A chance of a slip needs its delay.
    expect(
      toMonteCarloRequest({ ...DEFAULT_RISK_FORM, slipProbabilityPct: '10' }, scenario).issues,
    ).toEqual([{ field: 'slipMonths', message: 'must be a whole number' }]);
  });
});
