/**
 * @module components/SavedPlansCompare — two or more saved plans side by side: KPIs, NPV
 * difference, inputs that differ, cash and allocation.
 */
import { createEffect, createMemo, For, Show } from 'solid-js';
import { AllocationChart } from '../charts/AllocationChart';
import { CashCompareChart } from '../charts/CashCompareChart';
import { planColor } from '../charts/scales';
import { describePlan, diffInputs } from '../lib/diff';
import { formatMonth, formatMonths, formatUsdDelta } from '../lib/format';
import { KPI_DEFS, MORE_KPI_DEFS, tableKpis } from '../lib/kpis';
import type { SavedPlan } from '../lib/plans-api';
import type { ComparedPlans } from '../stores/plan-history';
import { npvDifferences, sameMonths } from '../stores/saved-plans';
import { Loading } from './StatusBanner';
import { offersOf } from '../lib/portfolio';

/** Input differences listed per plan before "and N more". */
const MAX_DIFFS = 4;

/** The comparison of the saved plans `ids` (in the order picked; the first is the reference). */
export function SavedPlansCompare(props: { store: ComparedPlans; ids: readonly string[] }) {
  createEffect(() => props.ids.length >= 2 && props.store.load(props.ids));
  const columns = createMemo(() =>
    props.ids.map((id, i) => ({
      id,
      color: planColor(i),
      name: props.store.list().find((s) => s.id === id)?.name ?? id,
      loaded: props.store.loaded(id),
    })),
  );
  const plans = createMemo(() =>
    columns().flatMap((c) => (c.loaded?.state === 'ok' ? [c.loaded.plan] : [])),
  );
  const ready = () => plans().length === props.ids.length && props.ids.length >= 2;
  const diffs = createMemo(() => (ready() ? npvDifferences(plans()) : []));
  const inputs = (p: SavedPlan) => diffInputs(plans()[0].scenario, p.scenario);
  const cell = (id: string, f: (p: SavedPlan) => unknown) => {
    const c = columns().find((x) => x.id === id)?.loaded;
    if (!c || c.state === 'loading') return '…';
    if (c.state === 'error') return 'error';
    return f(c.plan) as string;
  };
  const withMonths = () => plans().filter((p) => p.answer.months.length);

  return (
    <section
      class="saved-compare"
      aria-labelledby="saved-compare-title"
      data-testid="saved-compare"
    >
      <h2 id="saved-compare-title">
        Comparison
        <Show
          when={
            props.ids.length >= 2 &&
            !ready() &&
            columns().some((c) => c.loaded?.state === 'loading')
          }
        >
          <Loading label="Loading the plans…" />
        </Show>
      </h2>
      <Show
        when={props.ids.length >= 2}
        fallback={<p class="muted">Tick two or more saved plans to compare them side by side.</p>}
      >
        <For each={columns().filter((c) => c.loaded?.state === 'error')}>
          {(c) => (
            <p class="error" role="alert">
              {c.name}: {c.loaded?.state === 'error' ? c.loaded.error.message : ''}
            </p>
          )}
        </For>
        <div class="table-scroll">
          <table class="compare" data-testid="saved-compare-table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <For each={columns()}>
                  {(c, i) => (
                    <th scope="col" data-plan={c.name}>
                      <span class="swatch" style={{ background: c.color }} aria-hidden="true" />{' '}
                      {c.name}
                      {i() === 0 ? ' (reference)' : ''}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Scenario</th>
                <For each={columns()}>
                  {(c) => (
                    <td class="small">
                      {cell(
                        c.id,
                        (p) =>
                          `${p.scenario.name} · ${formatMonth(p.scenario.startMonth)}, ` +
                          formatMonths(p.scenario.horizonMonths),
                      )}
                    </td>
                  )}
                </For>
              </tr>
              <tr>
                <th scope="row">Capital plan</th>
                <For each={columns()}>
                  {(c) => (
                    <td class="small">
                      {cell(
                        c.id,
                        (p) =>
                          `${p.plan ? 'fixed: ' : 'optimum: '}${describePlan(p.answer.plan, offersOf(p.scenario))}`,
                      )}
                    </td>
                  )}
                </For>
              </tr>
              <For
                each={tableKpis(
                  [...KPI_DEFS, ...MORE_KPI_DEFS],
                  plans().map((p) => p.answer.kpis),
                )}
              >
                {(def) => (
                  <tr data-kpi={def.key}>
                    <th scope="row" title={def.hint}>
                      {def.label}
                    </th>
                    <For each={columns()}>
                      {(c) => (
                        <td>
                          {cell(c.id, (p) =>
                            p.answer.kpis ? def.value(p.answer.kpis) : p.answer.status,
                          )}
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
              <tr class="npv-diff" data-testid="saved-npv-diff">
                <th scope="row">NPV vs {columns()[0]?.name}</th>
                <For each={columns()}>
                  {(c, i) => (
                    <td
                      data-plan={c.name}
                      data-value={ready() && diffs()[i()] != null ? String(diffs()[i()]) : ''}
                    >
                      {i() === 0 ? '—' : ready() ? formatUsdDelta(diffs()[i()]) : '…'}
                    </td>
                  )}
                </For>
              </tr>
              <tr>
                <th scope="row">Inputs vs {columns()[0]?.name}</th>
                <For each={columns()}>
                  {(c, i) => (
                    <td class="small">
                      {i() === 0 || !ready()
                        ? '—'
                        : cell(c.id, (p) => {
                            const d = inputs(p);
                            if (!d.length) return 'same inputs';
                            const listed = d
                              .slice(0, MAX_DIFFS)
                              .map((x) => `${x.label} ${x.from} → ${x.to}`);
                            const more = d.length - MAX_DIFFS;
                            return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
                          })}
                    </td>
                  )}
                </For>
              </tr>
            </tbody>
          </table>
        </div>
        <Show when={ready() && withMonths().length}>
          <Show
            when={sameMonths(withMonths())}
            fallback={
              <p class="muted small">
                The plans cover different months, so their cash is not overlaid; each allocation
                below has its own months.
              </p>
            }
          >
            <CashCompareChart
              data={withMonths().map((p) => ({
                name: p.name,
                color: columns().find((c) => c.id === p.id)!.color,
                data: p.answer.months,
                dashed: p.id === props.ids[0],
                key: p.id,
              }))}
              minCashUsd={withMonths()[0].scenario.financing.minCashUsd}
            />
          </Show>
          <h3>Allocation by plan</h3>
          <div class="multiples">
            <For each={withMonths()}>
              {(p) => (
                <AllocationChart
                  data={p.answer.months}
                  offers={offersOf(p.scenario)}
                  compact
                  title={p.name}
                  height={180}
                  margin={{ top: 20, right: 10, bottom: 24, left: 44 }}
                />
              )}
            </For>
          </div>
        </Show>
      </Show>
    </section>
  );
}
