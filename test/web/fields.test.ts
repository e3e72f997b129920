/**
 * @module test/web/fields — the v3 scenario inputs the editor offers (rates by risk class, a
 * lease's residual, the opex escalator, the smallest build, the tax block): each labelled with its
 * unit, optional, and kept with its kind when an offer changes kind; a tax field's problem named by
 * its label in its unit.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioInput } from '../../model/schema';
import { diffInputs } from '../../web/src/lib/diff';
import {
  CLOUD_OFFER_FIELDS,
  FINANCING_FIELDS,
  FLOOR_FIELDS,
  fieldLabel,
  GENERAL_FIELDS,
  issueLabel,
  LEASE_OFFER_FIELDS,
  offerFieldsFor,
  TAX_FIELDS,
  toDisplay,
} from '../../web/src/lib/fields';
import { newOffer, TAX_DEFAULTS, withKind } from '../../web/src/lib/templates';
import { validateScenario } from '../../web/src/lib/validate';
import { ROOT } from './harness';

describe('v3 inputs in the editor', () => {
  const all = [...GENERAL_FIELDS, ...FINANCING_FIELDS, ...offerFieldsFor({})];
  const byPath = (path: string) => all.find((f) => f.path === path);

  it.each([
    ['valuation.discountRates.mining', '%/yr'],
    ['valuation.discountRates.lease', '%/yr'],
    ['valuation.discountRates.cloud', '%/yr'],
    ['discountRatePerYear', '%/yr'],
    ['residual.capRatePerYear', '%/yr'],
    ['residual.refitCapexUsdPerMWIt', '$M/MW IT'],
    ['opexEscalatorPerYear', '%/yr'],
    ['solve.minBuildMW', 'MW'],
  ])('%s: optional, in %s, with a one-line hint', (path, unit) => {
    const f = byPath(path);
    expect(f, path).toBeDefined();
    expect(f!.optional).toBe(true);
    expect(f!.unit).toBe(unit);
    expect(f!.hint?.length).toBeGreaterThan(10);
    expect(f!.hint).not.toMatch(/\n/);
  });

  it('names the new inputs in "what changed", offers by number', () => {
    expect(fieldLabel('valuation.discountRates.lease')?.label).toBe('Discount rate: leases');
    expect(fieldLabel('hpcOptions.0.residual.capRatePerYear')?.label).toBe(
      'Residual cap rate (offer 1)',
    );
    expect(fieldLabel('hpcOptions.1.discountRatePerYear')).toMatchObject({
      label: 'Discount rate of this offer (offer 2)',
      scale: 'pct',
    });
    expect(fieldLabel('solve.minBuildMW')?.unit).toBe('MW');
  });

  it('gives the residual to leases only; the rate and opex escalator to both kinds', () => {
    const paths = (fs: readonly { path: string }[]) => fs.map((f) => f.path);
    expect(paths(LEASE_OFFER_FIELDS)).toContain('residual.capRatePerYear');
    expect(paths(CLOUD_OFFER_FIELDS)).not.toContain('residual.capRatePerYear');
    for (const kind of ['lease', 'cloud'] as const) {
      const fs = paths(offerFieldsFor(kind === 'cloud' ? { kind } : {}));
      expect(fs).toContain('discountRatePerYear');
      expect(fs).toContain('opexEscalatorPerYear');
    }
  });

  it('drops a lease’s residual when the offer becomes a cloud, keeps its rate', () => {
    const lease = {
      ...newOffer([], '2027-01'),
      discountRatePerYear: 0.075,
      opexEscalatorPerYear: 0.02,
      residual: { capRatePerYear: 0.065, refitCapexUsdPerMWIt: 2e6 },
    };
    const cloud = withKind(lease, 'cloud');
    expect(cloud.residual).toBeUndefined();
    expect(cloud.discountRatePerYear).toBe(0.075);
    expect(cloud.opexEscalatorPerYear).toBe(0.02);
    // A new offer sets none of them: without the fields every answer stays the v2 answer.
    expect(Object.keys(newOffer([], '2027-01'))).not.toContain('residual');
  });
});

describe('the tax block in the editor', () => {
  const preset = JSON.parse(
    readFileSync(join(ROOT, 'data/presets/texas-100mw.json'), 'utf8'),
  ) as ScenarioInput;
  const withTax = (tax: Record<string, unknown>) => ({ ...preset, tax }) as ScenarioInput;

  it.each([
    ['ratePerYear', 'Tax rate', '%/yr', 'pct'],
    ['bonusShare', 'Bonus depreciation', '%', 'pct'],
    ['hpcShortLifeShare', 'Short-life share of buildings', '%', 'pct'],
    ['openingNolUsd', 'Opening NOL', '$M', 'usdM'],
    ['nolLimitShare', 'NOL limit', '% of income', 'pct'],
  ])('tax.%s: "%s" in %s', (path, label, unit, scale) => {
    const f = TAX_FIELDS.find((x) => x.path === path)!;
    expect(f).toMatchObject({ label, unit, scale, kind: 'number' });
    expect(f.hint?.length).toBeGreaterThan(10);
    expect(fieldLabel(`tax.${path}`)).toEqual({ label, unit, scale });
    // Every field but the rate has the API's default: it may be left empty.
    expect(!!f.optional).toBe(path !== 'ratePerYear');
  });

  it('explains the short-life share in one line', () => {
    expect(TAX_FIELDS.find((f) => f.path === 'hpcShortLifeShare')!.hint).toBe(
      'share of building capex that is 15-year site and electrical work, eligible for bonus ' +
        'depreciation; the rest is the 39-year shell',
    );
  });

  it('switches on with values the API accepts, shown in the units typed', () => {
    expect(validateScenario(withTax(TAX_DEFAULTS))).toEqual([]);
    expect(Object.keys(TAX_DEFAULTS).sort()).toEqual(TAX_FIELDS.map((f) => f.path).sort());
    const shown = TAX_FIELDS.map((f) =>
      toDisplay(TAX_DEFAULTS[f.path as keyof typeof TAX_DEFAULTS], f.scale),
    );
    expect(shown).toEqual([25, 100, 50, 0, 80]);
  });

  it('names a field at fault by its label, with the bound in its unit', () => {
    expect(validateScenario(withTax({ ...TAX_DEFAULTS, ratePerYear: 1.5 }))).toEqual([
      { path: 'tax.ratePerYear', message: 'must be at most 100 %/yr' },
    ]);
    expect(validateScenario(withTax({ ...TAX_DEFAULTS, nolLimitShare: -0.1 }))).toEqual([
      { path: 'tax.nolLimitShare', message: 'must be at least 0 % of income' },
    ]);
    expect(validateScenario(withTax({ ...TAX_DEFAULTS, openingNolUsd: -1e6 }))).toEqual([
      { path: 'tax.openingNolUsd', message: 'must be at least 0 $M' },
    ]);
    const { ratePerYear: _r, ...noRate } = TAX_DEFAULTS;
    expect(validateScenario(withTax(noRate))).toEqual([
      { path: 'tax.ratePerYear', message: 'must not be empty' },
    ]);
    expect(issueLabel('tax.ratePerYear')).toBe('Tax rate');
    expect(issueLabel('tax.bonusShare')).toBe('Bonus depreciation');
  });

  it('says "added Tax" when the block is switched on, and names a changed rate', () => {
    expect(diffInputs(preset, withTax(TAX_DEFAULTS))).toEqual([
      { path: 'tax', label: 'Tax', from: 'none', to: 'added' },
    ]);
    expect(
      diffInputs(withTax(TAX_DEFAULTS), withTax({ ...TAX_DEFAULTS, ratePerYear: 0.216 })),
    ).toEqual([{ path: 'tax.ratePerYear', label: 'Tax rate', from: '25 %/yr', to: '21.6 %/yr' }]);
  });
});

describe('the hashprice floor in the editor', () => {
  it('offers each field of the floor with its unit, the gain and other cost optional', () => {
    expect(FLOOR_FIELDS.map((f) => [f.path, f.unit, f.optional ?? false])).toEqual([
      ['marginalJPerTH', 'J/TH', false],
      ['powerUsdPerMWh', '$/MWh', false],
      ['efficiencyGainPerYear', '%/yr', true],
      ['otherCostUsdPerPhDay', '$/PH/day', true],
    ]);
    expect(fieldLabel('market.hashprice.floor.efficiencyGainPerYear')).toMatchObject({
      label: 'Hashprice floor: efficiency gain',
      scale: 'pct',
    });
    expect(fieldLabel('market.hashprice.floor')?.label).toBe('Hashprice floor');
  });
});
