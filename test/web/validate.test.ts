/**
 * @module test/web/validate — the browser's own check of a scenario: problems in the field's units,
 * warnings, change lines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../model/schema';
import { CLOUD_FIELDS, LEASE_FIELDS } from '../../model/schema';
import { diffInputs } from '../../web/src/lib/diff';
import { newOffer, withKind } from '../../web/src/lib/templates';
import { scenarioWarnings, validateScenario } from '../../web/src/lib/validate';
import { ROOT } from './harness';

const presets = join(ROOT, 'data/presets');
const file = (await import('node:fs')).readdirSync(presets).find((f) => f.endsWith('.json'))!;
const base = JSON.parse(readFileSync(join(presets, file), 'utf8')) as ScenarioInput;
const edit = (f: (s: ScenarioInput) => void) => {
  const s = structuredClone(base);
  f(s);
  return s;
};

describe('validateScenario', () => {
  it('passes a shipped preset', () => {
    expect(validateScenario(base)).toEqual([]);
  });

  it('states a bound in the unit the field shows', () => {
    expect(validateScenario(edit((s) => (s.fleet.uptime = 1.5)))).toEqual([
      { path: 'fleet.uptime', message: 'must be at most 100 %' },
    ]);
    expect(validateScenario(edit((s) => (s.site.gridMW = -10)))).toEqual([
      { path: 'site.gridMW', message: 'must be at least 0 MW' },
    ]);
  });

  it('names a power market field in its own units, and the bins whose shares do not add up', () => {
    const market = (priceBins: unknown, over: Record<string, unknown> = {}) =>
      validateScenario(edit((s) => (s.site.powerMarket = { priceBins, ...over } as never)));
    expect(market([{ hoursShare: 1.2, priceUsdPerMWh: 30 }])).toContainEqual({
      path: 'site.powerMarket.priceBins.0.hoursShare',
      message: 'must be at most 100 %',
    });
    expect(market([{ hoursShare: 0.9, priceUsdPerMWh: 30 }])).toEqual([
      {
        path: 'site.powerMarket.priceBins',
        message: 'the shares of hours must add up to 100 %, not 90 %',
      },
    ]);
    const months = Array.from({ length: 12 }, (_, m) => [
      { hoursShare: m === 3 ? 0.5 : 1, priceUsdPerMWh: 30 },
    ]);
    expect(market(months)).toEqual([
      {
        path: 'site.powerMarket.priceBins',
        message: 'the shares of hours must add up to 100 % in April, not 50 %',
      },
    ]);
    expect(
      market([{ hoursShare: 1, priceUsdPerMWh: 30 }], { contract: { mw: -5, priceUsdPerMWh: 40 } }),
    ).toEqual([{ path: 'site.powerMarket.contract.mw', message: 'must be at least 0 MW' }]);
    expect(market([{ hoursShare: 1, priceUsdPerMWh: 20_000 }])).toEqual([
      {
        path: 'site.powerMarket.priceBins.0.priceUsdPerMWh',
        message: 'must be at most 10,000 $/MWh',
      },
    ]);
  });

  it('states a tenant-credit bound in the % the offer shows', () => {
    expect(
      validateScenario(
        edit((s) => ((s.hpcOptions[0] as { backstopShare?: number }).backstopShare = 1.5)),
      ),
    ).toEqual([{ path: 'hpcOptions.0.backstopShare', message: 'must be at most 100 % of margin' }]);
  });

  it(
    'a new offer of either kind, and an offer switched to the other kind, ' +
      'is valid and has only its kind’s fields',
    () => {
      for (const kind of ['lease', 'cloud'] as const) {
        const added = newOffer(
          base.hpcOptions.map((o) => o.id),
          base.startMonth,
          kind,
        );
        expect(validateScenario(edit((s) => s.hpcOptions.push(added as never))), kind).toEqual([]);
      }
      const cloud = withKind(base.hpcOptions[0] as Record<string, unknown>, 'cloud');
      expect(LEASE_FIELDS.filter((f) => f in cloud)).toEqual([]);
      expect(validateScenario(edit((s) => (s.hpcOptions[0] = cloud as never)))).toEqual([]);
      const back = withKind(cloud, 'lease');
      expect(CLOUD_FIELDS.filter((f) => f in back)).toEqual([]);
      expect(validateScenario(edit((s) => (s.hpcOptions[0] = back as never)))).toEqual([]);
      // A cloud option given a lease field is refused, naming the field.
      const wrong = validateScenario(
        edit((s) => (s.hpcOptions[0] = { ...cloud, leaseUsdPerKwMonth: 130 } as never)),
      );
      expect(wrong.map((i) => `${i.path} ${i.message}`).join('; ')).toContain('leaseUsdPerKwMonth');
    },
  );

  it('marks a required field left empty', () => {
    expect(validateScenario(edit((s) => delete (s.site as { gridMW?: number }).gridMW))).toEqual([
      { path: 'site.gridMW', message: 'must not be empty' },
    ]);
  });
});

describe('scenarioWarnings', () => {
  it('flags eligible MW above the grid and starting cash below the covenant, and nothing on a preset', () => {
    expect(scenarioWarnings(base)).toEqual([]);
    const w = scenarioWarnings(
      edit((s) => {
        s.site.hpcEligibleMW = 500;
        s.site.gridAdditions = [];
        s.financing.cashUsd = s.financing.minCashUsd - 1e6;
      }),
    );
    expect(w.map((x) => x.path)).toEqual(['site.hpcEligibleMW', 'financing.cashUsd']);
    expect(w[0].message).toContain(
      `500 MW may be converted, but the grid has ${base.site.gridMW} MW at most`,
    );
  });
});

describe('change line', () => {
  it('never writes an object as "[object Object]"', () => {
    const on = edit(
      (s) =>
        (s.fleet.refresh = {
          efficiencyJPerTH: 13.5,
          priceUsdPerTH: 16,
          resaleUsdPerTH: 6,
          maxMW: 50,
        } as ScenarioInput['fleet']['refresh']),
    );
    const off = edit((s) => delete s.fleet.refresh);
    const text = JSON.stringify([
      ...diffInputs(off, on),
      ...diffInputs(on, off),
      ...diffInputs(
        base,
        edit((s) => s.hpcOptions.push(structuredClone(s.hpcOptions[0]))),
      ),
    ]);
    expect(text).not.toContain('[object Object]');
  });
});
