/**
 * @module kpis — the answer's key figures: how each is read, written, compared and judged (better
 * up or down).
 */
import type { Kpis } from '../../../model/schema';
import {
  formatMonth,
  formatMW,
  formatMWDelta,
  formatPct,
  formatPpDelta,
  formatUsd,
  formatUsdDelta,
  monthsBetween,
} from './format';

/** One KPI: how to read, show and compare it. `better` says which direction is good news. */
export interface KpiDef {
  readonly key: string;
  readonly label: string;
  /** What the figure means, for a tooltip and screen readers. */
  readonly hint?: string;
  readonly value: (k: Kpis) => string;
  readonly sub?: (k: Kpis) => string | undefined;
  readonly raw: (k: Kpis) => number | null;
  readonly delta: (now: Kpis, before: Kpis) => string | undefined;
  readonly better: 'up' | 'down' | 'none';
}

const num = (a: number | null, b: number | null) => (a == null || b == null ? undefined : a - b);

/** A KPI in USD: written compact, compared as a signed USD change. */
function money(
  key: string,
  label: string,
  get: (k: Kpis) => number,
  better: KpiDef['better'],
  extra: Partial<KpiDef> = {},
): KpiDef {
  return {
    key,
    label,
    value: (k) => formatUsd(get(k)),
    raw: get,
    delta: (a, b) => formatUsdDelta(get(a) - get(b)),
    better,
    ...extra,
  };
}

/** The headline KPIs, in the strip's order. */
export const KPI_DEFS: readonly KpiDef[] = [
  money('npv', 'Equity NPV', (k) => k.npvUsd, 'up', {
    hint: 'Discounted distributions − equity raised + terminal value, at the scenario discount rate',
  }),
  {
    key: 'irr',
    label: 'IRR',
    hint: 'Internal rate of return of the equity flows, per year',
    value: (k) => (k.irrPerYear == null ? 'n/a' : formatPct(k.irrPerYear)),
    sub: () => 'per year, equity flows',
    raw: (k) => k.irrPerYear,
    delta: (a, b) =>
      a.irrPerYear == null || b.irrPerYear == null
        ? undefined
        : formatPpDelta(a.irrPerYear - b.irrPerYear),
    better: 'up',
  },
  {
    key: 'payback',
    label: 'HPC payback',
    hint: 'First month in which the cumulative net cash of the HPC conversions turns positive',
    value: (k) => (k.paybackMonth ? formatMonth(k.paybackMonth) : 'none'),
    sub: (k) => (k.paybackMonth ? 'cumulative HPC cash ≥ 0' : 'not within the horizon'),
    raw: (k) => (k.paybackMonth ? Number(k.paybackMonth.replace('-', '')) : null),
    delta: (a, b) => {
      if (!a.paybackMonth || !b.paybackMonth) return undefined;
      const d = monthsBetween(b.paybackMonth, a.paybackMonth);
      return d === 0
        ? '±0 months'
        : `${d > 0 ? '+' : '−'}${Math.abs(d)} month${Math.abs(d) === 1 ? '' : 's'}`;
    },
    better: 'down',
  },
  money('peak-debt', 'Peak debt', (k) => k.peakDebtUsd, 'down', {
    hint: 'Highest month-end balance of facility, project and existing debt',
    sub: (k) => (k.peakDebtMonth && k.peakDebtUsd > 0.5 ? formatMonth(k.peakDebtMonth) : undefined),
  }),
  money('headroom', 'Covenant headroom', (k) => k.minCovenantHeadroomUsd, 'up', {
    hint: 'Lowest month-end cash above the minimum-cash covenant',
    sub: (k) => `lowest, ${formatMonth(k.minCovenantHeadroomMonth)}`,
  }),
  {
    key: 'hpc-mw',
    label: 'HPC at horizon',
    hint: 'Grid MW leased to HPC tenants in the last month (and MW whose conversion has started)',
    value: (k) => formatMW(k.hpcOnlineAtHorizonMW),
    sub: (k) => `${formatMW(k.hpcCommittedMW)} committed`,
    raw: (k) => k.hpcOnlineAtHorizonMW,
    delta: (a, b) => formatMWDelta(a.hpcOnlineAtHorizonMW - b.hpcOnlineAtHorizonMW),
    better: 'none',
  },
];

/** Further figures for the plan comparison table. */
export const MORE_KPI_DEFS: readonly KpiDef[] = [
  money('terminal', 'Terminal value', (k) => k.terminalValueUsd, 'up', {
    hint: 'Value at the horizon: lease margin still due, ASIC resale, cash, less debt (undiscounted)',
  }),
  money('distributions', 'Distributions', (k) => k.distributionsUsd, 'up', {
    hint: 'Cash paid out to equity over the horizon (undiscounted)',
  }),
  money('equity', 'Equity raised', (k) => k.equityRaisedUsd, 'down'),
];

const optionalUsd = (v: number | null | undefined) => (v == null ? '—' : formatUsd(v));

/**
 * With a power market: what the flexible load earns and avoids, and what a plan gives up of it
 * (present values).
 */
export const FLEX_KPI_DEFS: readonly KpiDef[] = [
  {
    ...money('vs-mining', 'NPV vs keep mining', (k) => k.npvVsMiningOnlyUsd ?? Number.NaN, 'up', {
      hint: 'Equity NPV less the mining-only plan’s',
    }),
    value: (k) => formatUsdDelta(k.npvVsMiningOnlyUsd),
  },
  {
    ...money(
      'power-credits',
      'Power credits (PV)',
      (k) => k.powerCreditsPvUsd ?? Number.NaN,
      'up',
      { hint: 'Demand-response credits over the horizon, discounted as the NPV' },
    ),
    value: (k) => optionalUsd(k.powerCreditsPvUsd),
  },
  {
    ...money('transmission', '4CP charges (PV)', (k) => k.transmissionPvUsd ?? Number.NaN, 'down', {
      hint: 'Transmission charges on mining in the peak and on HPC load on your power, discounted',
    }),
    value: (k) => optionalUsd(k.transmissionPvUsd),
  },
  {
    ...money(
      'flex-given-up',
      'Flexibility given up (PV)',
      (k) => k.flexibilityGivenUpPvUsd ?? Number.NaN,
      'down',
      {
        hint:
          'Credits the mining-only plan earns and this plan does not, ' +
          'plus 4CP charges this plan pays and that plan avoids, discounted',
      },
    ),
    value: (k) => optionalUsd(k.flexibilityGivenUpPvUsd),
  },
];

/** Whether a KPI's change is good news, bad news or neither (for its colour). */
export function kpiTone(def: KpiDef, now: Kpis, before: Kpis | undefined): 'good' | 'bad' | 'flat' {
  if (!before || def.better === 'none') return 'flat';
  const d = num(def.raw(now), def.raw(before));
  if (d === undefined || Math.abs(d) < 1e-6 * Math.max(1, Math.abs(def.raw(before) ?? 0)))
    return 'flat';
  return d > 0 === (def.better === 'up') ? 'good' : 'bad';
}
