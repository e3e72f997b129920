/**
 * @module test/web/reason-words — the words the app puts beside the numbers: a breakeven states the
 * first change with figures that differ (99.96 MW is not "100 MW") and where the plan flips; the
 * plan box of a plan that converts nothing says what its months show.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BreakevenResponse } from '../../model/analyses/schema';
import type { MonthRow, ScenarioInput } from '../../model/schema';
import { planDecisions } from '../../web/src/lib/diff';
import { totalMW } from '../../web/src/lib/headline';
import { byLeaseStart } from '../../web/src/lib/portfolio';
import { breakevenStatement, distinctMW } from '../../web/src/lib/parameters';

const scenario: ScenarioInput = JSON.parse(
  readFileSync(new URL('../../data/presets/texas-100mw.json', import.meta.url), 'utf8'),
);
const CAPEX = 'hpcOptions.0.capexUsdPerMWIt';

const side = (value: number, hpcMW: number) => ({
  value,
  status: 'optimal' as const,
  hpcMW,
  npvUsd: 1e8,
  plan: { builds: [], refreshes: [] },
});

describe('a breakeven sentence', () => {
  // The capex search on texas-100mw: the commitment first moves by 0.04 MW at $14.15M, and the
  // plan flips to 0 MW at $14.79M.
  const capex: BreakevenResponse = {
    parameter: CAPEX,
    label: 'capex',
    value: 14.15e6,
    tolerance: 3750,
    from: 2.5e6,
    to: 40e6,
    below: side(14.148e6, 100),
    above: side(14.152e6, 99.96),
    threshold: {
      thresholdMW: 50,
      value: 14.79e6,
      below: side(14.788e6, 100),
      above: side(14.792e6, 0),
      message: '',
    },
    message: '',
    scan: [{ value: 2.5e6, status: 'optimal', hpcMW: 100, npvUsd: 1 }],
  };

  it('writes both sides apart and reports where the plan flips', () => {
    const st = breakevenStatement(capex, 10e6, scenario);
    expect(st.text).toBe('Above capex = $14.15M/MW IT the optimum converts less');
    expect(st.detail).toBe(
      "100.00 MW of HPC just below it, 99.96 MW just above; the scenario's $10M/MW IT is " +
        '29.3 % below it. The plan flips at capex = $14.79M/MW IT: 100 MW of HPC just below, ' +
        '0 MW just above.',
    );
  });

  it('says the flip once when the first change is the flip', () => {
    const same = { ...capex, below: capex.threshold!.below, above: capex.threshold!.above };
    same.value = 14.79e6;
    expect(breakevenStatement(same, 10e6, scenario).detail).not.toMatch(/flips/);
  });

  it('keeps two MW figures apart only as far as needed', () => {
    expect(distinctMW(100, 99.96)).toEqual(['100.00 MW', '99.96 MW']);
    expect(distinctMW(100, 78.6)).toEqual(['100 MW', '78.6 MW']);
    expect(distinctMW(100, 100)).toEqual(['100 MW', '100 MW']);
  });
});

describe('the plan box of a plan that converts nothing', () => {
  const row = (month: string, mining: number, held: number): MonthRow =>
    ({
      month,
      miningMW: mining,
      miningExistingMW: mining,
      miningRefreshMW: 0,
      fleetExistingHeldMW: held,
      fleetRefreshHeldMW: 0,
    }) as MonthRow;
  const none = { builds: [], refreshes: [] };

  it('says the fleet is sold and the site idles when the months show it', () => {
    const months = [row('2028-01', 100, 100), row('2028-02', 100, 100), row('2028-03', 0, 0)];
    expect(planDecisions(none, [], months)).toEqual([
      'Fleet sold in Mar 2028, site idle from Mar 2028: no conversion pays under these inputs.',
    ]);
  });

  it('says keep mining only when the site mines to the end', () => {
    const months = [row('2028-01', 100, 100), row('2028-02', 100, 100)];
    expect(planDecisions(none, [], months)[0]).toMatch(/^Keep mining: /);
  });
});

describe('the portfolio in words', () => {
  it("the headline's MW is the sum of the lines it lists", () => {
    expect(totalMW([109.96, 94.49])).toBe('204.5 MW');
    expect(totalMW([250, 450.63, 149.37])).toBe('850 MW');
    expect(totalMW([0.0001, 12])).toBe('12 MW');
  });

  it('lists the sites by when their rent starts, not by the tie on first build', () => {
    // riot-portfolio as the model answers it: both sites start building in Jan 2026, Rockdale's
    // rent starts in Jun 2026, Corsicana's in Jul 2027.
    const order = [
      { siteId: 'corsicana', firstBuildMonth: '2026-01', firstCommencementMonth: '2027-07' },
      { siteId: 'rockdale', firstBuildMonth: '2026-01', firstCommencementMonth: '2026-06' },
      { siteId: 'idle', firstBuildMonth: null, firstCommencementMonth: null },
    ];
    expect(byLeaseStart(order).map((o) => o.siteId)).toEqual(['rockdale', 'corsicana', 'idle']);
  });
});
