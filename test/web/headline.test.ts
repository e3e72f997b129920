/**
 * @module test/web/headline — the headline sentence, the phases, the idle-site case, the NPV
 * after and before tax, and the red flags, on hand-made answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MonthRow, ScenarioInput, SolveResult } from '../../model/schema';
import {
  afterTaxNpv,
  makeHeadline,
  riskFlags,
  type UpcomingAnswer,
} from '../../web/src/lib/headline';
import { ROOT } from './harness';

const scenario = JSON.parse(
  readFileSync(join(ROOT, 'data/presets/texas-100mw.json'), 'utf8'),
) as ScenarioInput;
const offer = scenario.hpcOptions[0];
const month = (i: number) =>
  `20${27 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const row = (i: number, over: Partial<MonthRow> = {}): MonthRow =>
  ({
    month: month(i),
    miningExistingMW: 100,
    miningRefreshMW: 0,
    fleetExistingHeldMW: 100,
    fleetRefreshHeldMW: 0,
    idleMW: 0,
    facilityUsd: 0,
    equityRaisedUsd: 0,
    ...over,
  }) as MonthRow;
const kpis = {
  npvUsd: 575e6,
  minCovenantHeadroomUsd: 50e6,
  minCovenantHeadroomMonth: '2027-06',
  peakDebtUsd: 0,
} as SolveResult['kpis'];
const answer = (over: Partial<SolveResult> & UpcomingAnswer): SolveResult & UpcomingAnswer =>
  ({
    status: 'optimal',
    npvUsd: 575e6,
    kpis,
    plan: { builds: [], refreshes: [] },
    months: Array.from({ length: 24 }, (_, i) => row(i)),
    ...over,
  }) as SolveResult & UpcomingAnswer;

describe('makeHeadline', () => {
  it('says what to do, its worth over mining only with its basis, the conversion IRR and the lease breakeven', () => {
    const a = answer({
      kpis: {
        ...kpis,
        npvVsMiningOnlyUsd: 248e6,
        conversionIrrPerYear: 0.31,
        npvBasis: { label: 'at 12 %/yr, as of 2027-01' },
      } as SolveResult['kpis'],
      phases: [
        {
          optionId: offer.id,
          startMonth: '2027-01',
          endMonth: '2027-01',
          mw: 100,
          commencementMonth: '2028-04',
          lastCommencementMonth: '2028-04',
        },
      ],
    });
    const h = makeHeadline(a, scenario, 96.41);
    expect(h.verdict).toBe(
      'Convert 100 MW from Jan 2027: +$248M NPV over mining only (at 12 %/yr, as of 2027-01); ' +
        'conversion IRR 31 %; breaks even at $96.41/kW-month',
    );
    expect(h.phases).toEqual([`${offer.name}: 100 MW converted Jan 2027, lease from Apr 2028`]);
  });

  it('shows nothing for a field the answer does not carry, and lists many monthly builds as one phase', () => {
    const builds = Array.from({ length: 17 }, (_, i) => ({
      optionId: offer.id,
      month: month(i),
      mw: 100 / 17,
    }));
    const h = makeHeadline(answer({ plan: { builds, refreshes: [] } }), scenario);
    expect(h.verdict).toBe('Convert 100 MW from Jan 2027: NPV $575M');
    expect(h.phases).toEqual([`${offer.name}: 100 MW converted from Jan 2027 to May 2028`]);
    expect(h.verdict + h.phases.join()).not.toMatch(/steps/);
  });

  it('says the fleet is sold and the site idle instead of "keep mining"', () => {
    const months = Array.from({ length: 24 }, (_, i) =>
      i < 15 ? row(i) : row(i, { miningExistingMW: 0, fleetExistingHeldMW: 0, idleMW: 100 }),
    );
    expect(makeHeadline(answer({ months }), scenario).verdict).toBe(
      'Fleet sold in Apr 2028, site idle from Apr 2028: NPV $575M',
    );
    expect(makeHeadline(answer({}), scenario).verdict).toBe('Keep mining: NPV $575M');
  });
});

describe('after tax', () => {
  const taxed = { ...scenario, tax: { ratePerYear: 0.25 } } as ScenarioInput;
  const afterTax = (over: Partial<SolveResult['kpis']> = {}) =>
    answer({
      npvUsd: 500e6,
      kpis: { ...kpis, npvUsd: 500e6, taxPvUsd: 75e6, npvBeforeTaxUsd: 575e6, ...over },
    } as Partial<SolveResult>);
  it('gives the NPV after tax and the same plan before tax when the scenario has a tax block', () => {
    expect(afterTaxNpv(afterTax(), taxed)).toEqual({ afterTaxUsd: 500e6, beforeTaxUsd: 575e6 });
    expect(makeHeadline(afterTax(), taxed).verdict).toBe('Keep mining: NPV after tax $500M');
    expect(makeHeadline(afterTax({ npvVsMiningOnlyUsd: 120e6 }), taxed).verdict).toBe(
      'Keep mining: +$120M NPV over mining only after tax',
    );
  });
  it('gives one NPV, not "after tax", without a tax block or the before-tax figure', () => {
    expect(afterTaxNpv(afterTax(), scenario)).toBeUndefined();
    expect(afterTaxNpv(answer({}), taxed)).toBeUndefined();
    expect(makeHeadline(answer({}), scenario).verdict).toBe('Keep mining: NPV $575M');
  });
});

describe('riskFlags', () => {
  it('flags no headroom, a facility near its limit and months with new equity; none on a roomy plan', () => {
    expect(riskFlags(answer({}), scenario)).toEqual([]);
    const s = structuredClone(scenario);
    s.financing.facility = {
      ...(s.financing.facility ?? { ratePerYear: 0.1 }),
      limitUsd: 100e6,
    } as NonNullable<ScenarioInput['financing']['facility']>;
    const months = Array.from({ length: 24 }, (_, i) =>
      row(i, { facilityUsd: i === 5 ? 95e6 : 0, equityRaisedUsd: i === 7 ? 5e6 : 0 }),
    );
    const flags = riskFlags(
      answer({ months, kpis: { ...kpis, minCovenantHeadroomUsd: 0 } as SolveResult['kpis'] }),
      s,
    );
    expect(flags.map((f) => f.key)).toEqual(['covenant', 'facility', 'equity']);
    expect(flags[0].text).toContain('Covenant headroom $0 in Jun 2027');
    expect(flags[1].text).toContain('Facility drawn to $95M of its $100M limit (95 %) in Jun 2027');
    expect(flags[2].text).toMatch(/^New equity of \$5(\.0+)?M in 1 month: Aug 2027/);
  });
});
