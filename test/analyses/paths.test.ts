/**
 * Parameter paths: read, set on a copy with re-validation, errors that name the path, the default
 * list.
 */
import { describe, expect, it } from 'vitest';
import {
  ScenarioSchema,
  ParameterError,
  defaultParameters,
  parameterSpec,
  readParameter,
  setParameters,
  HASHPRICE_MULTIPLIER,
} from '../../model';
import { loadPreset } from '../../data/load';

const scenario = () => ScenarioSchema.parse(loadPreset('texas-100mw'));

describe('parameter paths', () => {
  it('reads numbers anywhere in the scenario, with unit and bounds from the schema', () => {
    const s = scenario();
    expect(readParameter(s, 'hpcOptions.0.leaseUsdPerKwMonth')).toBe(150);
    expect(readParameter(s, 'market.hashprice.btcUsd')).toBe(90000);
    expect(readParameter(s, 'financing.facility.limitUsd')).toBe(100e6);
    expect(readParameter(s, 'site.gridAdditions.0.mw')).toBe(50);
    const months = parameterSpec(s, 'hpcOptions.0.buildMonths');
    expect(months).toMatchObject({ integer: true, min: 1, max: 120, value: 15 });
    expect(months.unit).toMatch(/months/);
    expect(parameterSpec(s, 'fleet.poolFee')).toMatchObject({ integer: false, min: 0, max: 1 });
  });

  it.each([
    ['hpcOptions.3.leaseUsdPerKwMonth', /hpcOptions has 1 entry/],
    ['site.foo', /site has no field "foo"/],
    ['name', /name is not a number/],
    ['site.gridAdditions', /is not a number \(it is a list\)/],
    ['solve.timeLimitSeconds', /solve settings are not a scenario input/],
    ['a..b', /invalid parameter path/],
    [HASHPRICE_MULTIPLIER, /hashprice series/],
  ])('rejects %s naming the path', (path, message) => {
    try {
      readParameter(scenario(), path);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParameterError);
      expect((e as ParameterError).parameter).toBe(path);
      expect((e as Error).message).toMatch(message);
    }
  });

  it('sets on a deep copy and re-validates; a value that breaks a bound or a rule is an error, never clamped', () => {
    const s = scenario();
    const cheaper = setParameters(s, [{ path: 'site.energyUsdPerMWh', value: 38 }]);
    expect(cheaper.site!.energyUsdPerMWh).toBe(38);
    expect(s.site!.energyUsdPerMWh).toBe(45);
    expect(() => setParameters(s, [{ path: 'fleet.poolFee', value: 1.2 }])).toThrow(
      /fleet.poolFee = 1.2: must be ≤ 1/,
    );
    expect(() => setParameters(s, [{ path: 'hpcOptions.0.buildMonths', value: 2.5 }])).toThrow(
      /whole number/,
    );
    // switchoverMonths (3) must stay ≤ buildMonths: the error names the path set and the rule
    // broken.
    expect(() => setParameters(s, [{ path: 'hpcOptions.0.buildMonths', value: 2 }])).toThrow(
      /hpcOptions.0.buildMonths = 2: hpcOptions.0.switchoverMonths must be ≤ buildMonths/,
    );
  });

  it('scales a hashprice series by its multiplier', () => {
    const raw = structuredClone(loadPreset('texas-100mw')) as any;
    raw.market.hashprice = {
      kind: 'series',
      usdPerPhDay: Array.from({ length: raw.horizonMonths }, (_, t) => 40 + t / 10),
    };
    const s = ScenarioSchema.parse(raw);
    expect(readParameter(s, HASHPRICE_MULTIPLIER)).toBe(1);
    const up = setParameters(s, [{ path: HASHPRICE_MULTIPLIER, value: 1.5 }]);
    expect(
      up.market.hashprice.kind === 'series' && up.market.hashprice.usdPerPhDay[10],
    ).toBeCloseTo(41 * 1.5, 12);
    expect(defaultParameters(s)[0]).toBe(HASHPRICE_MULTIPLIER);
  });

  it('lists the decision-moving parameters', () => {
    expect(defaultParameters(scenario())).toEqual([
      'market.hashprice.btcUsd',
      'market.hashprice.networkGrowthPerYear',
      // The preset's hashprice floor: its level (by the power price) and its fall a year.
      'market.hashprice.floor.powerUsdPerMWh',
      'market.hashprice.floor.efficiencyGainPerYear',
      'site.energyUsdPerMWh',
      'hpcOptions.0.leaseUsdPerKwMonth',
      'hpcOptions.0.capexUsdPerMWIt',
      'hpcOptions.0.buildMonths',
      'financing.facility.limitUsd',
      'financing.discountRatePerYear',
    ]);
  });
});
