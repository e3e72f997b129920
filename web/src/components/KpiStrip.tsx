/**
 * @module components/KpiStrip — the answer's headline figures, each with its change since the
 * previous answer, and what changed.
 */
import { createMemo, For, Show } from 'solid-js';
import { describePlan, diffInputs } from '../lib/diff';
import { KPI_DEFS, kpiHint, kpiLabel, kpiTone, optionValueLines, shownKpis } from '../lib/kpis';
import type { Answer } from '../stores/solve';
import { MarginalValues } from './MarginalValues';
import { offersOf } from '../lib/portfolio';

/** The KPI strip for `answer`, compared with `previous` (the answer it replaced). */
export function KpiStrip(props: { answer: Answer; previous?: Answer }) {
  const kpis = () => props.answer.result.kpis;
  const before = () => props.previous?.result.kpis ?? undefined;
  const changes = createMemo(() =>
    props.previous ? diffInputs(props.previous.scenario, props.answer.scenario) : [],
  );
  const offerName = () => {
    const offers = offersOf(props.answer.scenario);
    return (id: string) => offers.find((o) => o.id === id)?.name ?? id;
  };
  const planNow = createMemo(() =>
    describePlan(props.answer.result.plan, offersOf(props.answer.scenario)),
  );
  const planBefore = createMemo(() =>
    props.previous
      ? describePlan(props.previous.result.plan, offersOf(props.previous.scenario))
      : undefined,
  );
  return (
    <section class="kpis" aria-label="Key figures of the optimal plan" data-testid="kpi-strip">
      <Show
        when={kpis()}
        fallback={<p class="muted">No figures: the scenario has no feasible plan.</p>}
      >
        {(k) => (
          <ul class="kpi-list">
            <For each={shownKpis(KPI_DEFS, k())}>
              {(def) => (
                <li
                  class="kpi"
                  data-testid={`kpi-${def.key}`}
                  data-value={String(def.raw(k()) ?? '')}
                >
                  <span class="kpi-label" title={kpiHint(def, k())}>
                    {kpiLabel(def, k())}
                  </span>
                  <span class="kpi-value">{def.value(k())}</span>
                  <Show when={def.sub?.(k())}>{(sub) => <span class="kpi-sub">{sub()}</span>}</Show>
                  <Show when={before() && def.delta(k(), before()!)}>
                    {(d) => (
                      <span
                        class={`kpi-delta ${kpiTone(def, k(), before())}`}
                        title="change since the previous answer"
                      >
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
      <Show when={kpis() && optionValueLines(kpis()!, offerName()).length}>
        <p
          class="small option-values"
          data-testid="option-values"
          title="PV of each option's margins and residual at its own rate ÷ its MW of IT"
        >
          <strong>Value per MW of IT:</strong> {optionValueLines(kpis()!, offerName()).join('; ')}
        </p>
      </Show>
      <Show when={kpis()}>
        <MarginalValues
          values={props.answer.result.marginalValues}
          elsewhere="see the Analyses view"
          loading={props.answer.marginalsPending}
        />
      </Show>
      <Show when={props.previous && props.answer.result.status === 'optimal'}>
        <div class="what-changed" data-testid="what-changed">
          <strong>Since the last answer:</strong>{' '}
          <Show when={changes().length} fallback={<span>no input changed.</span>}>
            <For each={changes().slice(0, 4)}>
              {(c, i) => (
                <span>
                  {i() > 0 ? '; ' : ''}
                  {c.to === 'added'
                    ? `added ${c.label}`
                    : c.to === 'removed'
                      ? `removed ${c.label}`
                      : `${c.label} ${c.from} → ${c.to}`}
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
