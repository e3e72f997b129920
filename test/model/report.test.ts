/**
 * The board report's content (model/report): how it writes figures, the decision it reads from an
 * answer (a conversion, an idle site, no plan), the value bridge's rows, and where it credits a
 * market figure to its source (only when the scenario keeps the shipped figure).
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import { ScenarioSchema, type MonthRow, type SolveResult } from '../../model';
import {
  assumptionRows,
  bridgeRows,
  decisionOf,
  marketDateText,
  reportDay,
  reportMonth,
  reportPct,
  reportUsd,
  reportUsdDelta,
} from '../../model/report';

const texas = () => ScenarioSchema.parse(loadPreset('texas-100mw'));
const calibration = { calibratedOn: { from: '2016-01', to: '2025-12' }, historyEnds: '2025-12-29' };

/** An answer with only what the report reads for a decision. */
function answer(fields: Partial<SolveResult>): SolveResult {
  return {
    status: 'optimal',
    npvUsd: 1,
    plan: { builds: [], refreshes: [] },
    months: [],
    kpis: null,
    ...fields,
  } as SolveResult;
}

const month = (m: string, mining: number): MonthRow =>
  ({ month: m, miningExistingMW: mining, miningRefreshMW: 0 }) as MonthRow;

describe('the report formats', () => {
  it('writes money in $M with one decimal, signed changes, months and days for people', () => {
    expect(reportUsd(331_030_013)).toBe('$331.0M');
    expect(reportUsd(1_482_249_000)).toBe('$1,482.2M');
    expect(reportUsd(-4_200_000)).toBe('\u2212$4.2M');
    expect(reportUsd(null)).toBe('—');
    expect(reportUsdDelta(331_030_013)).toBe('+$331.0M');
    expect(reportUsdDelta(-20_000)).toBe('±$0.0M');
    expect(reportMonth('2027-01')).toBe('Jan 2027');
    expect(reportDay('2025-12-29')).toBe('29 Dec 2025');
    expect(reportPct(0.12)).toBe('12.0 %');
  });
});

describe('the decision', () => {
  it('names each offer converted, its MW and months, and the total', () => {
    const s = texas();
    const d = decisionOf(
      s,
      answer({
        plan: {
          builds: [
            { optionId: 'ai-lease', month: '2027-01', mw: 60 },
            { optionId: 'ai-lease', month: '2027-03', mw: 40 },
          ],
          refreshes: [],
        },
      }),
    );
    expect(d.verdict).toBe('Convert 100 MW of grid to HPC from Jan 2027');
    expect(d.lines).toEqual([
      `${s.hpcOptions![0].name}: 100 MW of grid converted from Jan 2027 to Mar 2027`,
    ]);
  });

  it('says when a site that converts nothing goes idle, and that one mining to the end keeps mining', () => {
    const idle = answer({
      months: [month('2027-01', 100), month('2027-02', 0), month('2027-03', 0)],
    });
    expect(decisionOf(texas(), idle).verdict).toBe(
      'Convert nothing; mine until Jan 2027, then the site is idle from Feb 2027',
    );
    const mining = answer({ months: [month('2027-01', 100), month('2027-02', 100)] });
    expect(decisionOf(texas(), mining).verdict).toBe('Keep the site mining: no conversion pays');
  });

  it('gives no plan for an infeasible answer, with its diagnosis', () => {
    const d = decisionOf(
      texas(),
      answer({
        status: 'infeasible',
        npvUsd: null,
        diagnosis: [
          {
            constraint: 'financing.minCashUsd',
            month: '2027-06',
            shortfall: 1e6,
            unit: 'USD',
            message: 'cash falls $1.0M short in 2027-06',
          },
        ],
      }),
    );
    expect(d.verdict).toBe('No plan: the answer is infeasible');
    expect(d.lines).toEqual(['cash falls $1.0M short in 2027-06']);
  });
});

describe('the value bridge', () => {
  it('lists each part signed, then the uplift they add up to', () => {
    const valueBridge = {
      inHorizonUsd: -363.9e6,
      postHorizonContractedUsd: 694.9e6,
      residualUsd: 0,
      asicTailUsd: 0,
      financingFrictionsUsd: 0,
    };
    const rows = bridgeRows(
      answer({ kpis: { valueBridge, npvVsMiningOnlyUsd: 331e6 } as SolveResult['kpis'] }),
    );
    expect(rows.map((r) => r.value)).toEqual([
      '\u2212$363.9M',
      '+$694.9M',
      '±$0.0M',
      '±$0.0M',
      '±$0.0M',
      '+$331.0M',
    ]);
    expect(rows.filter((r) => r.total).map((r) => r.label)).toEqual(['Uplift over mining only']);
    expect(bridgeRows(answer({}))).toEqual([]);
  });
});

describe('the assumptions', () => {
  it('credits a shipped market figure to its source and date, and a changed one to the scenario', () => {
    const s = texas();
    const btc = () => assumptionRows(s).find((r) => r.label === 'BTC price at the start')!;
    expect(btc()).toMatchObject({ value: '90,000', unit: 'USD', date: '12 Jan 2026' });
    expect(btc().source).toMatch(/Hashrate Index/);
    expect(marketDateText(calibration, s)).toBe(
      'Market figures as of 12 Jan 2026; market history Jan 2016 – Dec 2025, to 29 Dec 2025 ' +
        '(data/calibration.json)',
    );
    const hp = s.market.hashprice;
    if (hp.kind !== 'projection') throw new Error('texas-100mw projects its hashprice');
    hp.btcUsd = 120_000;
    expect(btc()).toMatchObject({
      value: '120,000',
      source: "this scenario's own figure",
      date: '',
    });
    expect(marketDateText(calibration, s)).toMatch(/^Market figures: this scenario's own;/);
  });

  it('gives every row a unit, and a source unless it is the scenario\u2019s own', () => {
    for (const id of ['texas-100mw', 'riot-portfolio', 'ercot-flex']) {
      const rows = assumptionRows(ScenarioSchema.parse(loadPreset(id)));
      expect(rows.length, id).toBeGreaterThan(15);
      for (const r of rows) expect(r.unit, `${id} ${r.label}`).not.toBe('');
    }
  });
});
