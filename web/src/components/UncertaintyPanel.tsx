/**
 * @module components/UncertaintyPanel — bear/base/bull cases for the optimum: the user turns them
 * on and edits their probabilities, hashprice multipliers and the reveal month; the panel shows the
 * two-stage answer (expected NPV, each case's NPV, EVPI, VSS), what the plan does after the reveal
 * in each case and a chart per case.
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { CaseChart, type CaseMeasure } from '../charts/CaseChart';
import { caseColor } from '../charts/scales';
import { addMonths, formatMonth, formatUsd } from '../lib/format';
import { caseSentences, type CaseForm } from '../lib/uncertainty';
import { useApp } from '../stores/context';

/** The panel; its store lives in `App`, so the cases and their answer survive a change of view. */
export function UncertaintyPanel() {
  const app = useApp();
  const store = app.uncertainty;
  const [measure, setMeasure] = createSignal<CaseMeasure>('hpcOnlineMW');
  const result = () => store.value();
  const issue = (field: string) => store.issues().find((i) => i.field === field)?.message;
  const editCase = (i: number, patch: Partial<CaseForm>) =>
    store.setForm((f) => ({
      ...f,
      cases: f.cases.map((c, k) => (k === i ? { ...c, ...patch } : c)),
    }));
  const names = createMemo(() => store.form().cases.map((c) => c.name));
  const state = () => (store.error() ? 'error' : store.current() ? 'ready' : 'loading');
  const revealLabel = () => {
    const s = app.scenario.valid();
    const n = Number(store.form().revealMonths);
    return s && Number.isInteger(n) ? formatMonth(addMonths(s.startMonth, n)) : '';
  };

  return (
    <section
      class="uncertainty-panel"
      data-testid="uncertainty-panel"
      aria-label="Risk in view: bear, base and bull cases"
    >
      <h2>Risk in view</h2>
      <label class="toggle">
        <input
          type="checkbox"
          checked={store.enabled()}
          onChange={(e) => store.setEnabled(e.currentTarget.checked)}
          data-testid="uncertainty-toggle"
        />
        Plan for bear, base and bull hashprice cases (builds before the reveal are shared, each case
        decides on its own after it)
      </label>
      <Show when={store.enabled()}>
        <div class="case-form">
          <For each={store.form().cases}>
            {(c, i) => (
              <fieldset class="case-fields" data-case={c.name}>
                <legend>
                  <span class="swatch" style={{ background: caseColor(i(), c.name) }} /> {c.name}
                </legend>
                <label>
                  Probability <span class="unit">%</span>
                  <input
                    inputmode="decimal"
                    value={c.probabilityPct}
                    aria-invalid={!!issue(`cases.${i()}.probabilityPct`)}
                    data-field={`cases.${i()}.probabilityPct`}
                    onInput={(e) => editCase(i(), { probabilityPct: e.currentTarget.value })}
                  />
                </label>
                <Show when={issue(`cases.${i()}.probabilityPct`)}>
                  {(m) => <p class="error">{m()}</p>}
                </Show>
                <label>
                  Hashprice multiplier <span class="unit">×</span>
                  <input
                    inputmode="decimal"
                    value={c.multiplier}
                    aria-invalid={!!issue(`cases.${i()}.multiplier`)}
                    data-field={`cases.${i()}.multiplier`}
                    onInput={(e) => editCase(i(), { multiplier: e.currentTarget.value })}
                  />
                </label>
                <Show when={issue(`cases.${i()}.multiplier`)}>
                  {(m) => <p class="error">{m()}</p>}
                </Show>
              </fieldset>
            )}
          </For>
          <label>
            Reveal after <span class="unit">months</span>
            <input
              inputmode="numeric"
              value={store.form().revealMonths}
              aria-invalid={!!issue('revealMonths')}
              data-field="revealMonths"
              onInput={(e) => store.setForm((f) => ({ ...f, revealMonths: e.currentTarget.value }))}
            />
            <span class="muted small"> {revealLabel()}</span>
          </label>
          <Show when={issue('revealMonths')}>{(m) => <p class="error">{m()}</p>}</Show>
          <Show when={issue('probabilities')}>
            {(m) => (
              <p class="error" data-testid="probabilities-error">
                {m()}
              </p>
            )}
          </Show>
        </div>
        <Show when={store.error()}>
          {(e) => (
            <p class="error" role="alert">
              {e().message}
            </p>
          )}
        </Show>
        <Show when={result()}>
          {(r) => (
            <div
              class="case-results"
              classList={{ stale: !store.current() }}
              data-testid="uncertainty-results"
              data-state={state()}
              aria-busy={!store.current()}
            >
              <Show
                when={r().status === 'optimal'}
                fallback={<p>No two-stage plan: {r().message ?? r().status}</p>}
              >
                <dl class="case-figures">
                  <div>
                    <dt>Expected NPV</dt>
                    <dd data-testid="expected-npv">{formatUsd(r().npvUsd)}</dd>
                  </div>
                  <For each={r().scenarios ?? []}>
                    {(c) => (
                      <div>
                        <dt>{c.name} NPV</dt>
                        <dd data-testid="case-npv" data-case={c.name}>
                          {formatUsd(c.npvUsd)}
                        </dd>
                      </div>
                    )}
                  </For>
                  <div>
                    <dt
                      title={
                        'Expected value of perfect information: ' +
                        'what knowing the case before building would be worth'
                      }
                    >
                      EVPI
                    </dt>
                    <dd data-testid="evpi">{formatUsd(r().evpiUsd)}</dd>
                  </div>
                  <div>
                    <dt
                      title={
                        'Value of the stochastic solution: ' +
                        'the two-stage plan over the plan made for the mean path'
                      }
                    >
                      VSS
                    </dt>
                    <dd data-testid="vss">{formatUsd(r().vssUsd)}</dd>
                  </div>
                </dl>
                <ul class="decisions" data-testid="case-sentences">
                  <For each={caseSentences(r().plan, names())}>{(s) => <li>{s}</li>}</For>
                </ul>
                <div class="case-measure" role="group" aria-label="What the chart shows">
                  <button
                    type="button"
                    aria-pressed={measure() === 'hpcOnlineMW'}
                    onClick={() => setMeasure('hpcOnlineMW')}
                  >
                    HPC online
                  </button>
                  <button
                    type="button"
                    aria-pressed={measure() === 'cashUsd'}
                    onClick={() => setMeasure('cashUsd')}
                  >
                    Cash
                  </button>
                </div>
                <CaseChart data={r().scenarios ?? []} measure={measure()} />
              </Show>
            </div>
          )}
        </Show>
      </Show>
    </section>
  );
}
