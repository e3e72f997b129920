/** @module test/web/uncertainty — the uncertainty panel's form check and its sentences per case. */
import { describe, expect, it } from 'vitest';
import {
  caseSentences,
  DEFAULT_UNCERTAINTY_FORM,
  toUncertainty,
} from '../../web/src/lib/uncertainty';

const scenario = { startMonth: '2027-01', horizonMonths: 60 };

describe('toUncertainty', () => {
  it('turns the default form into bear/base/bull cases revealed a year in', () => {
    const { uncertainty, issues } = toUncertainty(DEFAULT_UNCERTAINTY_FORM, scenario);
    expect(issues).toEqual([]);
    expect(uncertainty?.revealMonth).toBe('2028-01');
    expect(
      uncertainty?.scenarios.map((c) => [c.name, c.probability, c.hashpriceMultiplier]),
    ).toEqual([
      ['bear', 0.25, 0.5],
      ['base', 0.45, 1],
      ['bull', 0.3, 1.5],
    ]);
  });

  it('states errors in the field units and sends nothing', () => {
    const form = {
      revealMonths: '60',
      cases: [
        { name: 'bear', probabilityPct: '150', multiplier: '0' },
        { name: 'base', probabilityPct: '', multiplier: '11' },
      ],
    };
    const { uncertainty, issues } = toUncertainty(form, scenario);
    expect(uncertainty).toBeUndefined();
    expect(issues).toEqual([
      { field: 'cases.0.probabilityPct', message: 'must be at most 100 %' },
      { field: 'cases.0.multiplier', message: 'must be more than 0 ×' },
      { field: 'cases.1.probabilityPct', message: 'must be a number in %' },
      { field: 'cases.1.multiplier', message: 'must be at most 10 ×' },
      { field: 'revealMonths', message: 'must be a whole number of months from 1 to 59' },
    ]);
  });

  it('checks that the probabilities add up to 100 %', () => {
    const form = {
      ...DEFAULT_UNCERTAINTY_FORM,
      cases: DEFAULT_UNCERTAINTY_FORM.cases.map((c, i) => (i ? c : { ...c, probabilityPct: '20' })),
    };
    expect(toUncertainty(form, scenario).issues).toEqual([
      {
        field: 'probabilities',
        message: 'probabilities add up to 95 %; they must add up to 100 %',
      },
    ]);
  });
});

describe('caseSentences', () => {
  it('says what each case builds after the reveal', () => {
    const plan = {
      builds: [
        { optionId: 'a', month: '2026-06', mw: 40 },
        { optionId: 'a', month: '2028-03', mw: 30, case: 'bear' },
        { optionId: 'a', month: '2028-01', mw: 20, case: 'bear' },
      ],
      refreshes: [{ month: '2028-02', mw: 10, case: 'bull' }],
    };
    expect(caseSentences(plan, ['bear', 'base', 'bull'])).toEqual([
      'bear: converts 50 MW more from Jan 2028',
      'base: nothing more after the reveal',
      'bull: buys 10 MW of new ASICs from Feb 2028',
    ]);
  });
});
