/**
 * @module test/web/fields — the v3 scenario inputs the editor offers (rates by risk class, a
 * lease's residual, the opex escalator, the smallest build): each labelled with its unit, optional,
 * and kept with its kind when an offer changes kind.
 */
import { describe, expect, it } from 'vitest';
import {
  CLOUD_OFFER_FIELDS,
  FINANCING_FIELDS,
  FLOOR_FIELDS,
  fieldLabel,
  GENERAL_FIELDS,
  LEASE_OFFER_FIELDS,
  offerFieldsFor,
} from '../../web/src/lib/fields';
import { newOffer, withKind } from '../../web/src/lib/templates';

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
