/**
 * @module test/web/stores — the request runner (debounce, abort, newest-wins), plan storage, diffs,
 * fields and CSV.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import type { MonthRow, ScenarioInput } from '../../model/schema';
import { makeLatestRunner } from '../../web/src/lib/latest';
import {
  loadPlans,
  planFromTemplate,
  PLANS_STORAGE_KEY,
  savePlans,
  type PlanStorage,
} from '../../web/src/stores/plans';
import { describePlan, diffInputs, planDecisions } from '../../web/src/lib/diff';
import { fieldLabel, fromDisplay, toDisplay } from '../../web/src/lib/fields';
import { csvCell, fileSlug, monthsToCsv } from '../../web/src/lib/csv';
import { KPI_DEFS, kpiTone, MORE_KPI_DEFS } from '../../web/src/lib/kpis';
import { leaseOf } from '../helpers/lease';

const scenario: ScenarioInput = JSON.parse(
  readFileSync(new URL('../fixtures/spec-example.json', import.meta.url), 'utf8'),
);

describe('makeLatestRunner', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  /** A task whose answers the test releases by hand, in any order. */
  function manualTask() {
    const calls: { input: number; signal: AbortSignal; resolve: (v: string) => void }[] = [];
    const task = (input: number, signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        calls.push({ input, signal, resolve });
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    return { calls, task };
  }

  it('starts the first change at once (no debounce cost for one slider step)', () => {
    const { calls, task } = manualTask();
    const r = makeLatestRunner(task, { onResult: () => {}, onError: () => {} }, { debounceMs: 60 });
    r.push(1);
    expect(calls.map((c) => c.input)).toEqual([1]);
  });

  it('with leading: false, waits for the quiet time even when idle, so a typed number is one request', () => {
    const { calls, task } = manualTask();
    const r = makeLatestRunner(
      task,
      { onResult: () => {}, onError: () => {} },
      { debounceMs: 250, maxWaitMs: 1000, leading: false },
    );
    r.push(1);
    vi.advanceTimersByTime(100);
    r.push(12);
    vi.advanceTimersByTime(100);
    r.push(120);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(calls.map((c) => c.input)).toEqual([120]);
  });

  it('merges a burst, sends the newest, and aborts the superseded request', async () => {
    const { calls, task } = manualTask();
    const results: string[] = [];
    const errors: unknown[] = [];
    const r = makeLatestRunner(
      task,
      { onResult: (o) => results.push(o), onError: (e) => errors.push(e) },
      { debounceMs: 60, maxWaitMs: 250 },
    );
    r.push(1);
    vi.advanceTimersByTime(10);
    r.push(2);
    vi.advanceTimersByTime(10);
    r.push(3);
    expect(calls.map((c) => c.input)).toEqual([1]);
    vi.advanceTimersByTime(60);
    expect(calls.map((c) => c.input)).toEqual([1, 3]);
    expect(calls[0].signal.aborted).toBe(true);
    calls[1].resolve('three');
    await vi.runAllTimersAsync();
    expect(results).toEqual(['three']);
    expect(errors).toEqual([]);
  });

  it('never reports an answer for an older input, even if it arrives last', async () => {
    const calls: ((v: string) => void)[] = [];
    const results: string[] = [];
    const r = makeLatestRunner<number, string>(
      () => new Promise((resolve) => calls.push(resolve)), // ignores abort, like a server that answers anyway
      { onResult: (o) => results.push(o), onError: () => {} },
      { debounceMs: 0 },
    );
    r.push(1);
    vi.advanceTimersByTime(1);
    r.push(2); // merged behind the request under way, then started
    vi.advanceTimersByTime(1);
    expect(calls).toHaveLength(2);
    calls[1]('second');
    calls[0]('first');
    await vi.runAllTimersAsync();
    expect(results).toEqual(['second']);
  });

  it('does not hold a dragged slider back longer than maxWait', () => {
    const { calls, task } = manualTask();
    const r = makeLatestRunner(
      task,
      { onResult: () => {}, onError: () => {} },
      { debounceMs: 60, maxWaitMs: 200 },
    );
    for (let i = 0; i < 30; i++) {
      r.push(i);
      vi.advanceTimersByTime(20);
    }
    // 600 ms of drag: the first at once, then one at least every 200 ms.
    expect(calls.length).toBeGreaterThanOrEqual(3);
    r.dispose();
    expect(calls[calls.length - 1].signal.aborted).toBe(true);
  });

  it('reports the newest request’s failure', async () => {
    const errors: unknown[] = [];
    const r = makeLatestRunner<number, string>(() => Promise.reject(new Error('boom')), {
      onResult: () => {},
      onError: (e) => errors.push(e),
    });
    r.push(1);
    await vi.runAllTimersAsync();
    expect((errors[0] as Error).message).toBe('boom');
  });
});

describe('plan storage', () => {
  const memory = (): PlanStorage & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };
  it('round-trips plans', () => {
    const s = memory();
    const plans = [{ id: 'p1', name: 'Stay mining', plan: { builds: [], refreshes: [] } }];
    savePlans(s, plans);
    expect(loadPlans(s)).toEqual(plans);
  });
  it('skips corrupt or invalid entries instead of failing', () => {
    const s = memory();
    s.data.set(PLANS_STORAGE_KEY, '{not json');
    expect(loadPlans(s)).toEqual([]);
    s.data.set(
      PLANS_STORAGE_KEY,
      JSON.stringify([
        { id: 'a', name: 'ok', plan: { builds: [{ optionId: 'x', month: '2027-13', mw: 1 }] } },
        { id: 'b', name: 'good', plan: {} },
      ]),
    );
    expect(loadPlans(s)).toEqual([{ id: 'b', name: 'good', plan: { builds: [], refreshes: [] } }]);
    expect(loadPlans(undefined)).toEqual([]);
  });
  it('ignores a full storage', () => {
    expect(() =>
      savePlans(
        {
          getItem: () => null,
          setItem: () => {
            throw new Error('QuotaExceeded');
          },
        },
        [],
      ),
    ).not.toThrow();
  });
  it('makes plans from templates', () => {
    expect(planFromTemplate('mining', scenario)).toEqual({ builds: [], refreshes: [] });
    expect(planFromTemplate('convert-50', scenario).builds).toEqual([
      { optionId: 'ai-lease', month: '2027-04', mw: 50 },
    ]);
    expect(planFromTemplate('all-in', scenario).builds).toEqual([
      { optionId: 'ai-lease', month: '2027-01', mw: 100 },
    ]);
    const opt = { builds: [{ optionId: 'ai-lease', month: '2027-07', mw: 60 }], refreshes: [] };
    const copy = planFromTemplate('optimum', scenario, opt);
    expect(copy).toEqual(opt);
    expect(copy).not.toBe(opt);
  });
});

describe('what changed', () => {
  it('names changed inputs with display units', () => {
    const b = structuredClone(scenario);
    leaseOf(b.hpcOptions[0]).leaseUsdPerKwMonth = 155;
    b.financing.discountRatePerYear = 0.1;
    expect(diffInputs(scenario, b)).toEqual([
      {
        path: 'hpcOptions.0.leaseUsdPerKwMonth',
        label: 'Lease rate (offer 1)',
        from: '150 $/kW-month',
        to: '155 $/kW-month',
      },
      {
        path: 'financing.discountRatePerYear',
        label: 'Discount rate',
        from: '12 %/yr',
        to: '10 %/yr',
      },
    ]);
    expect(diffInputs(scenario, scenario)).toEqual([]);
  });
  it('reports an added offer or a removed section once, and a series by its average', () => {
    const b = structuredClone(scenario);
    b.hpcOptions.push({ ...b.hpcOptions[0], id: 'second', name: 'Second lease' });
    delete b.financing.facility;
    b.market.hashprice = { kind: 'series', usdPerPhDay: Array.from({ length: 60 }, () => 40) };
    const changes = diffInputs(scenario, b);
    expect(changes.find((c) => c.path === 'hpcOptions.1')).toMatchObject({
      label: 'HPC offer 2 (Second lease)',
      to: 'added',
    });
    expect(changes.find((c) => c.path === 'financing.facility')).toMatchObject({ to: 'removed' });
    expect(changes.find((c) => c.path === 'market.hashprice.usdPerPhDay')).toMatchObject({
      label: 'Hashprice series',
      to: 'avg 40.0 over 60 months',
    });
    expect(changes.filter((c) => c.path.startsWith('hpcOptions.1.'))).toEqual([]);
  });
  it('describes a plan in one line', () => {
    expect(describePlan({ builds: [], refreshes: [] })).toBe('no conversion, no refresh');
    expect(
      describePlan({
        builds: [
          { optionId: 'ai', month: '2027-04', mw: 60 },
          { optionId: 'ai', month: '2028-01', mw: 40 },
        ],
        refreshes: [{ month: '2027-07', mw: 20 }],
      }),
    ).toBe('ai: 60 MW Apr 2027, 40 MW Jan 2028 · refresh 20 MW Jul 2027');
    const many = ['2027-01', '2027-04', '2028-02', '2031-12'].map((month) => ({
      optionId: 'ai',
      month,
      mw: 25,
    }));
    expect(describePlan({ builds: many, refreshes: [] })).toBe(
      'ai: 100 MW in 4 starts, Jan 2027 – Dec 2031',
    );
  });
  it('converts display units both ways without float noise', () => {
    expect(toDisplay(0.07, 'pct')).toBe(7);
    expect(fromDisplay(7, 'pct')).toBe(0.07);
    expect(toDisplay(150_000_000, 'usdM')).toBe(150);
    expect(fromDisplay(10.5, 'usdM')).toBe(10_500_000);
    expect(fieldLabel('site.gridMW')).toEqual({
      label: 'Grid capacity',
      unit: 'MW',
      scale: undefined,
    });
    expect(fieldLabel('financing.facility.limitUsd')?.label).toBe(
      'Revolving facility: facility limit',
    );
  });
});

describe('CSV', () => {
  const row = (month: string, extra: Partial<MonthRow>): MonthRow =>
    ({
      month,
      gridMW: 100,
      hashpriceUsdPerPhDay: 40.123456789,
      hpcOnlineByOption: {},
      ...extra,
    }) as MonthRow;
  it('writes one row per month with per-offer columns and builds started', () => {
    const csv = monthsToCsv(
      [
        row('2027-01', { hpcOnlineByOption: { ai: 0 } }),
        row('2027-02', { hpcOnlineByOption: { ai: 25 } }),
      ],
      { builds: [{ optionId: 'ai', month: '2027-01', mw: 25 }], refreshes: [] },
      ['ai'],
    );
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['month', 'hashprice_usd_per_ph_day', 'grid_mw']);
    const cells = lines[1].split(',');
    expect(cells[header.indexOf('hpc_started_mw:ai')]).toBe('25');
    expect(lines[2].split(',')[header.indexOf('hpc_online_mw:ai')]).toBe('25');
    expect(cells[1]).toBe('40.123457');
  });
  it('adds the taxable income and the tax paid when the answer carries them', () => {
    const plan = { builds: [], refreshes: [] };
    const plain = monthsToCsv([row('2027-01', {})], plan, [])
      .split('\n')[0]
      .split(',');
    expect(plain).not.toContain('tax_paid_usd');
    expect(plain).not.toContain('taxable_income_usd');
    const lines = monthsToCsv(
      [
        row('2027-01', { taxableIncomeUsd: -2e6, taxUsd: 0 }),
        row('2027-02', { taxableIncomeUsd: 3e6, taxUsd: 125_000.5 }),
      ],
      plan,
      [],
    )
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const header = lines[0];
    expect(header.slice(-2)).toEqual(['taxable_income_usd', 'tax_paid_usd']);
    expect(lines[1].slice(-2)).toEqual(['-2000000', '0']);
    expect(lines[2].slice(-2)).toEqual(['3000000', '125000.5']);
  });
  it('quotes cells and slugs file names', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(Number.NaN)).toBe('');
    expect(fileSlug('Texas 100 MW — S21 fleet')).toBe('texas-100-mw-s21-fleet');
    expect(fileSlug('———')).toBe('switchyard');
  });
});

describe('KPIs', () => {
  const k = {
    npvUsd: 575e6,
    irrPerYear: 0.56,
    paybackMonth: '2030-03',
    peakDebtUsd: 683e6,
    peakDebtMonth: '2028-03',
    minCovenantHeadroomUsd: 0,
    minCovenantHeadroomMonth: '2027-02',
    hpcCommittedMW: 100,
    hpcOnlineAtHorizonMW: 100,
    hpcShareByYear: [],
    terminalValueUsd: 900e6,
    distributionsUsd: 10e6,
    equityRaisedUsd: 0,
  };
  const worse = {
    ...k,
    npvUsd: 500e6,
    peakDebtUsd: 700e6,
    paybackMonth: '2030-05',
    irrPerYear: 0.5,
  };
  const byKey = (key: string) => [...KPI_DEFS, ...MORE_KPI_DEFS].find((d) => d.key === key)!;
  it('writes each figure and its change', () => {
    expect(byKey('npv').value(k)).toBe('$575M');
    expect(byKey('npv').delta(worse, k)).toBe('−$75M');
    expect(byKey('irr').delta(worse, k)).toBe('−6.0 pp');
    expect(byKey('payback').delta(worse, k)).toBe('+2 months');
    expect(byKey('hpc-mw').sub?.(k)).toBe('100 MW committed');
    expect(byKey('terminal').value(k)).toBe('$900M');
  });
  it('colours a change by whether it is good news', () => {
    expect(kpiTone(byKey('npv'), worse, k)).toBe('bad');
    expect(kpiTone(byKey('peak-debt'), worse, k)).toBe('bad');
    expect(kpiTone(byKey('peak-debt'), k, worse)).toBe('good');
    expect(kpiTone(byKey('hpc-mw'), worse, k)).toBe('flat');
    expect(kpiTone(byKey('npv'), k, undefined)).toBe('flat');
  });
});

describe('plan decisions', () => {
  const offers = [{ id: 'ai', name: 'AI lease', buildMonths: 15, switchoverMonths: 3 }];
  it('states when mining stops and the lease starts', () => {
    expect(
      planDecisions(
        { builds: [{ optionId: 'ai', month: '2027-01', mw: 100 }], refreshes: [] },
        offers,
      ),
    ).toEqual([
      'Start converting 100 MW to AI lease in Jan 2027: mining on it stops Jan 2028, the lease starts Apr 2028.',
    ]);
  });
  it('says keep mining when nothing is built, and lists refreshes', () => {
    expect(
      planDecisions({ builds: [], refreshes: [{ month: '2027-07', mw: 20 }] }, offers),
    ).toEqual([
      'Keep the site mining: no conversion pays under these inputs.',
      'Buy 20 MW of new ASICs in Jul 2027.',
    ]);
  });
  it('sums many small starts', () => {
    const builds = ['2027-01', '2027-04', '2027-07', '2028-01'].map((month) => ({
      optionId: 'ai',
      month,
      mw: 10,
    }));
    expect(planDecisions({ builds, refreshes: [] }, offers)).toEqual([
      'Convert 40 MW to AI lease from Jan 2027 to Jan 2028; the first lease starts Apr 2028, the last Apr 2029.',
    ]);
  });
});
