/** @module components/KpiStrip — the answer's headline figures, each with its change since the previous answer, and what changed. */
import { createMemo, For, Show } from 'solid-js';
import type { Kpis } from '../../../model/schema';
import { describePlan, diffInputs } from '../lib/diff';
import { formatMonth, formatMW, formatMWDelta, formatPct, formatPpDelta, formatUsd, formatUsdDelta, monthsBetween } from '../lib/format';
import type { Answer } from '../stores/solve';

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

export const KPI_DEFS: readonly KpiDef[] = [
  {
    key: 'npv',
    label: 'Equity NPV',
    hint: 'Discounted distributions − equity raised + terminal value, at the scenario discount rate',
    value: (k) => formatUsd(k.npvUsd),
    raw: (k) => k.npvUsd,
    delta: (a, b) => formatUsdDelta(a.npvUsd - b.npvUsd),
    better: 'up',
  },
  {
    key: 'irr',
    label: 'IRR',
    hint: 'Internal rate of return of the equity flows, per year',
    value: (k) => (k.irrPerYear == null ? 'n/a' : formatPct(k.irrPerYear)),
    sub: () => 'per year, equity flows',
    raw: (k) => k.irrPerYear,
    delta: (a, b) => (a.irrPerYear == null || b.irrPerYear == null ? undefined : formatPpDelta(a.irrPerYear - b.irrPerYear)),
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
      return d === 0 ? '±0 months' : `${d > 0 ? '+' : '−'}${Math.abs(d)} month${Math.abs(d) === 1 ? '' : 's'}`;
    },
    better: 'down',
  },
  {
    key: 'peak-debt',
    label: 'Peak debt',
    hint: 'Highest month-end balance of facility, project and existing debt',
    value: (k) => formatUsd(k.peakDebtUsd),
    sub: (k) => (k.peakDebtMonth && k.peakDebtUsd > 0.5 ? formatMonth(k.peakDebtMonth) : undefined),
    raw: (k) => k.peakDebtUsd,
    delta: (a, b) => formatUsdDelta(a.peakDebtUsd - b.peakDebtUsd),
    better: 'down',
  },
  {
    key: 'headroom',
    label: 'Covenant headroom',
    hint: 'Lowest month-end cash above the minimum-cash covenant',
    value: (k) => formatUsd(k.minCovenantHeadroomUsd),
    sub: (k) => `lowest, ${formatMonth(k.minCovenantHeadroomMonth)}`,
    raw: (k) => k.minCovenantHeadroomUsd,
    delta: (a, b) => formatUsdDelta(a.minCovenantHeadroomUsd - b.minCovenantHeadroomUsd),
    better: 'up',
  },
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
  {
    key: 'terminal',
    label: 'Terminal value',
    hint: 'Value at the horizon: lease margin still due, ASIC resale, cash, less debt (undiscounted)',
    value: (k) => formatUsd(k.terminalValueUsd),
    raw: (k) => k.terminalValueUsd,
    delta: (a, b) => formatUsdDelta(a.terminalValueUsd - b.terminalValueUsd),
    better: 'up',
  },
  {
    key: 'distributions',
    label: 'Distributions',
    hint: 'Cash paid out to equity over the horizon (undiscounted)',
    value: (k) => formatUsd(k.distributionsUsd),
    raw: (k) => k.distributionsUsd,
    delta: (a, b) => formatUsdDelta(a.distributionsUsd - b.distributionsUsd),
    better: 'up',
  },
  {
    key: 'equity',
    label: 'Equity raised',
    value: (k) => formatUsd(k.equityRaisedUsd),
    raw: (k) => k.equityRaisedUsd,
    delta: (a, b) => formatUsdDelta(a.equityRaisedUsd - b.equityRaisedUsd),
    better: 'down',
  },
];

function tone(def: KpiDef, now: Kpis, before: Kpis | undefined): 'good' | 'bad' | 'flat' {
  if (!before || def.better === 'none') return 'flat';
  const d = num(def.raw(now), def.raw(before));
  if (d === undefined || Math.abs(d) < 1e-6 * Math.max(1, Math.abs(def.raw(before) ?? 0))) return 'flat';
  return (d > 0) === (def.better === 'up') ? 'good' : 'bad';
}

/** The KPI strip for `answer`, compared with `previous` (the answer it replaced). */
export function KpiStrip(props: { answer: Answer; previous?: Answer }) {
  const kpis = () => props.answer.result.kpis;
  const before = () => props.previous?.result.kpis ?? undefined;
  const changes = createMemo(() => (props.previous ? diffInputs(props.previous.scenario, props.answer.scenario) : []));
  const planNow = createMemo(() => describePlan(props.answer.result.plan, props.answer.scenario.hpcOptions));
  const planBefore = createMemo(() => (props.previous ? describePlan(props.previous.result.plan, props.previous.scenario.hpcOptions) : undefined));
  return (
    <section class="kpis" aria-label="Key figures of the optimal plan" data-testid="kpi-strip">
      <Show when={kpis()} fallback={<p class="muted">No figures: the scenario has no feasible plan.</p>}>
        {(k) => (
          <ul class="kpi-list">
            <For each={KPI_DEFS}>
              {(def) => (
                <li class="kpi" data-testid={`kpi-${def.key}`} data-value={String(def.raw(k()) ?? '')}>
                  <span class="kpi-label" title={def.hint}>
                    {def.label}
                  </span>
                  <span class="kpi-value">{def.value(k())}</span>
                  <Show when={def.sub?.(k())}>{(sub) => <span class="kpi-sub">{sub()}</span>}</Show>
                  <Show when={before() && def.delta(k(), before()!)}>
                    {(d) => (
                      <span class={`kpi-delta ${tone(def, k(), before())}`} title="change since the previous answer">
                        {d()}
                      </span>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <Show when={props.previous}>
        <div class="what-changed" data-testid="what-changed">
          <strong>Since the last answer:</strong>{' '}
          <Show when={changes().length} fallback={<span>no input changed.</span>}>
            <For each={changes().slice(0, 4)}>
              {(c, i) => (
                <span>
                  {i() > 0 ? '; ' : ''}
                  {c.to === 'added' ? `added ${c.label}` : c.to === 'removed' ? `removed ${c.label}` : `${c.label} ${c.from} → ${c.to}`}
                </span>
              )}
            </For>
            <Show when={changes().length > 4}>
              <span> and {changes().length - 4} more</span>
            </Show>
            .
          </Show>{' '}
          <Show when={planBefore() !== planNow()} fallback={<span>The plan is unchanged.</span>}>
            <span>
              The plan was <em>{planBefore()}</em>; it is now <em>{planNow()}</em>.
            </span>
          </Show>
        </div>
      </Show>
    </section>
  );
}
