/**
 * @module components/BreakevenPanel — breakeven statements for the main inputs: where the optimal
 * HPC commitment changes.
 */
import { For, Show } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import {
  breakevenParameters,
  breakevenStatement,
  parameterInfo,
  parameterValue,
} from '../lib/parameters';
import type { AnalysesStore } from '../stores/analyses';
import { breakevensCsv } from '../lib/analysis-csv';
import { CsvButton } from './CsvButton';
import { Loading, RequestError } from './StatusBanner';

/**
 * One statement per main input (BTC price or hashprice level, each offer's lease rate and capex,
 * power price).
 */
export function BreakevenPanel(props: {
  breakevens: AnalysesStore['breakevens'];
  scenario: ScenarioInput;
}) {
  // One line per parameter: its statement, its error, or nothing yet (searching).
  const line = (p: string): { state: string; text?: string; detail?: string } => {
    const it = props.breakevens.value()?.[p];
    if (!it) return { state: 'loading' };
    if (it.state === 'error')
      return {
        state: 'error',
        text: `${parameterInfo(p, props.scenario).label}: no answer.`,
        detail: it.error.message,
      };
    const st = breakevenStatement(it.answer, parameterValue(props.scenario, p), props.scenario);
    return { state: st.kind, text: `${st.text}.`, detail: st.detail };
  };
  const answers = () =>
    Object.values(props.breakevens.value() ?? {}).flatMap((it) =>
      it.state === 'ok' ? [it.answer] : [],
    );
  return (
    <section
      class="analysis-panel"
      aria-labelledby="breakeven-title"
      data-testid="breakeven-panel"
      data-state={
        props.breakevens.current() ? 'ready' : props.breakevens.error() ? 'error' : 'loading'
      }
    >
      <h2 id="breakeven-title">
        Breakevens <span class="muted small">— where the optimal HPC commitment changes</span>
        <Show when={props.breakevens.loading()}>
          <Loading label="Searching…" />
        </Show>
        <Show when={props.breakevens.current() && answers().length}>
          <CsvButton
            name="breakevens"
            text={() => breakevensCsv(answers())}
            label="Breakevens as CSV"
            testId="breakeven-csv"
          />
        </Show>
      </h2>
      <Show when={props.breakevens.error()}>
        {(e) => <RequestError error={e()} onRetry={props.breakevens.retry} />}
      </Show>
      <ul class="breakevens" classList={{ stale: !props.breakevens.current() }}>
        <For each={breakevenParameters(props.scenario)}>
          {(p) => (
            <li data-parameter={p} data-state={line(p).state}>
              <Show
                when={line(p).text}
                fallback={
                  <span class="muted">{parameterInfo(p, props.scenario).label}: searching…</span>
                }
              >
                <strong
                  classList={{
                    'no-change': line(p).state === 'none',
                    error: line(p).state === 'error',
                  }}
                >
                  {line(p).text}
                </strong>{' '}
                <span class="muted">{line(p).detail}</span>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <p class="muted small">
        Each search scans the range (¼× to 4× the scenario's value, within the field's bounds), then
        narrows the first change to 1/10,000 of the range; the plans on both sides were optimised.
      </p>
    </section>
  );
}
