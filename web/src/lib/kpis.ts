/**
 * @module kpis — the answer's key figures: how each is read, written, compared and judged (better
 * up or down); with a tax block the tax's PV and the loss carried forward at the horizon.
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

/**
 * Answer fields of the v3 conventions (docs/model.md): optional until every answer carries them,
 * so each figure shows only when the answer has it.
 */
export interface ValueBridge {
  /** The uplift's flows within the horizon, PV, USD. */
  readonly inHorizonUsd: number;
  /** Contracted lease and cloud flows after the horizon (term and extension), PV, USD. */
  readonly postHorizonContractedUsd: number;
  /** Residual values of leased buildings at their contracts' ends, PV, USD. */
  readonly residualUsd: number;
  /** The ASICs' merchant tail and sale after the horizon, PV, USD. */
  readonly asicTailUsd: number;
  /** Financing frictions (spreads, issuance costs), PV, USD; usually negative. */
  readonly financingFrictionsUsd: number;
  /** With a tax block: the PV of tax the plan saves against mining-only (−: pays more), USD. */
  readonly taxUsd?: number;
}

/** One option built: its MW of IT and its value per MW of IT (PV at its rate). */
export interface OptionValue {
  readonly optionId: string;
  readonly mwIt: number;
  readonly valuePerMWItUsd: number;
}

/** The answer's KPIs with the v3 fields read as optional. */
export type KpisV3 = Kpis & {
  readonly valueBridge?: ValueBridge | null;
  readonly options?: readonly OptionValue[] | null;
  readonly minLiquidityUsd?: number | null;
  readonly minLiquidityMonth?: string | null;
};

/** The KPIs with their v3 fields typed (a view, not a copy). */
export const v3Kpis = (k: Kpis): KpisV3 => k as KpisV3;

/** One KPI: how to read, show and compare it. `better` says which direction is good news. */
export interface KpiDef {
  readonly key: string;
  readonly label: string;
  /** The label for this answer, when it depends on it (the NPV's valuation method). */
  readonly labelFor?: (k: Kpis) => string;
  /** What the figure means, for a tooltip and screen readers. */
  readonly hint?: string;
  /** The hint for this answer, when it depends on it. */
  readonly hintFor?: (k: Kpis) => string;
  /** Whether this answer has the figure (a KPI shown only when present); absent = always. */
  readonly present?: (k: Kpis) => boolean;
  readonly value: (k: Kpis) => string;
  readonly sub?: (k: Kpis) => string | undefined;
  readonly raw: (k: Kpis) => number | null;
  readonly delta: (now: Kpis, before: Kpis) => string | undefined;
  readonly better: 'up' | 'down' | 'none';
}

/** A KPI's label for an answer (`NPV (firm value)`), or its generic label without one. */
export function kpiLabel(def: KpiDef, k?: Kpis): string {
  return k && def.labelFor ? def.labelFor(k) : def.label;
}

/** A KPI's hint for an answer, or its generic hint without one. */
export function kpiHint(def: KpiDef, k?: Kpis): string | undefined {
  return k && def.hintFor ? def.hintFor(k) : def.hint;
}

/** The KPIs this answer has (those with `present` only when it says so). */
export function shownKpis(defs: readonly KpiDef[], k: Kpis): KpiDef[] {
  return defs.filter((d) => !d.present || d.present(k));
}

/**
 * The rows of a comparison table: every KPI, but one shown only when present (the tax's) only when
 * some column's answer has it.
 */
export function tableKpis(
  defs: readonly KpiDef[],
  answers: readonly (Kpis | null | undefined)[],
): KpiDef[] {
  return defs.filter((d) => !d.present || answers.some((k) => k != null && d.present!(k)));
}

const num = (a: number | null, b: number | null) => (a == null || b == null ? undefined : a - b);

/**
 * A KPI in USD: written compact, compared as a signed USD change (none when either answer lacks
 * it, e.g. the tax's before a tax block was added).
 */
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
    delta: (a, b) => {
      const d = get(a) - get(b);
      return Number.isFinite(d) ? formatUsdDelta(d) : undefined;
    },
    better,
    ...extra,
  };
}

const isEquity = (k: Kpis) => k.npvBasis?.method === 'equity';
/** Whether the answer is after tax (its scenario has a tax block). */
const afterTax = (k: Kpis) => k.npvBeforeTaxUsd != null;
const irrOf = (k: Kpis) => k.conversionIrrPerYear ?? k.irrPerYear;

/** The headline KPIs, in the strip's order. */
export const KPI_DEFS: readonly KpiDef[] = [
  money('npv', 'NPV', (k) => k.npvUsd, 'up', {
    labelFor: (k) =>
      `NPV${afterTax(k) ? ' after tax' : ''} (${isEquity(k) ? 'equity' : 'firm'} value)`,
    hint: 'Net present value of the plan under the scenario’s valuation method',
    hintFor: (k) =>
      isEquity(k)
        ? 'Equity value: discounted distributions − equity raised, + cash less debt at the ' +
          'horizon, + the assets after it'
        : 'Firm value: the unlevered free cash flows discounted, + the assets after the horizon, ' +
          '+ cash at the start − existing debt − financing frictions; distributions are 0 in ' +
          'firm value',
    sub: (k) => k.npvBasis?.label,
  }),
  {
    key: 'irr',
    label: 'Conversion IRR',
    hint:
      'IRR per year of the plan’s flows less the mining-only plan’s (unlevered: financing left ' +
      'out); n/a when there is no single rate',
    value: (k) => (irrOf(k) == null ? 'n/a' : formatPct(irrOf(k))),
    sub: () => 'unlevered, vs mining only',
    raw: (k) => irrOf(k) ?? null,
    delta: (a, b) => {
      const x = irrOf(a);
      const y = irrOf(b);
      return x == null || y == null ? undefined : formatPpDelta(x - y);
    },
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
    hint: 'Lowest month-end cash above the minimum-cash covenant (cash alone)',
    sub: (k) => `lowest, ${formatMonth(k.minCovenantHeadroomMonth)}`,
  }),
  money('liquidity', 'Min liquidity', (k) => v3Kpis(k).minLiquidityUsd ?? Number.NaN, 'up', {
    hint: 'Min liquidity: cash above minimum + undrawn facility, at its lowest month-end',
    present: (k) => v3Kpis(k).minLiquidityUsd != null,
    sub: (k) => `lowest, ${formatMonth(v3Kpis(k).minLiquidityMonth)}`,
  }),
  money('tax-pv', 'Tax (PV)', (k) => k.taxPvUsd ?? Number.NaN, 'down', {
    hint:
      'Present value of every income tax the plan pays: in the months, after the horizon and on ' +
      'residuals; NPV before tax = NPV + this',
    present: (k) => k.taxPvUsd != null,
    sub: (k) =>
      k.npvBeforeTaxUsd != null ? `NPV before tax ${formatUsd(k.npvBeforeTaxUsd)}` : undefined,
  }),
  money('nol', 'NOL at horizon', (k) => k.nolAtHorizonUsd ?? Number.NaN, 'none', {
    hint: 'Net operating loss still carried forward at the end of the last month',
    present: (k) => k.nolAtHorizonUsd != null,
    sub: () => 'loss carried forward',
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

/**
 * Value per MW of IT of each option built (`kpis.options`), one line each: `ai-lease: $12.3M per
 * MW of IT (75 MW IT)`; empty when the answer has none. Named by `name(optionId)` when given.
 */
export function optionValueLines(k: Kpis, name: (id: string) => string = (id) => id): string[] {
  return (v3Kpis(k).options ?? []).map(
    (o) =>
      `${name(o.optionId)}: ${formatUsd(o.valuePerMWItUsd)} per MW of IT ` +
      `(${formatMW(o.mwIt).replace(' MW', ' MW IT')})`,
  );
}

/** Further figures for the plan comparison table. */
export const MORE_KPI_DEFS: readonly KpiDef[] = [
  money('terminal', 'Terminal value', (k) => k.terminalValueUsd, 'up', {
    hint:
      'Value of the assets after the horizon, at the end of the last month: lease and cloud ' +
      'flows still due (term and extension), residual values of leased buildings, and the ' +
      'ASICs kept running for their merchant tail or sold; not cash, not debt',
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
      hint: 'NPV less the mining-only plan’s NPV, by the same valuation method',
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
