/**
 * @module components/TornadoPanel — the tornado of the scenario on screen, with its loading, stale
 * and error states.
 */
import { createMemo, For, Show } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { TornadoChart, type TornadoDatum } from '../charts/TornadoChart';
import { formatNumber } from '../lib/format';
import {
  decisionParameters,
  formatParameterValue,
  msPerSolve,
  parameterInfo,
} from '../lib/parameters';
import { useApp } from '../stores/context';
import type { AnalysesStore } from '../stores/analyses';
import { tornadoCsv } from '../lib/analysis-csv';
import { CsvButton } from './CsvButton';
import { Loading, RequestError } from './StatusBanner';

/** The tornado panel: ±20 % of each decision-moving input, re-optimised, rows by NPV swing. */
export function TornadoPanel(props: {
  tornado: AnalysesStore['tornado'];
  scenario: ScenarioInput;
}) {
  const data = createMemo<TornadoDatum[]>(() =>
    (props.tornado.value()?.rows ?? []).map((r) => {
      const info = parameterInfo(r.parameter, props.scenario);
      const side = (s: typeof r.low) => ({
        text: formatParameterValue(r.parameter, s.value, props.scenario),
        npvUsd: s.npvUsd,
        hpcMW: s.hpcMW,
        status: s.status,
      });
      return {
        key: r.parameter,
        label: info.unit ? `${info.label} (${info.unit})` : info.label,
        low: side(r.low),
        high: side(r.high),
        note: r.note,
      };
    }),
  );
  const answer = () => props.tornado.value();
  // From measured solve times: two solves per input, each about as long as the optimum's own.
  const app = useApp();
  const estimate = () => {
    const perSolve = msPerSolve(
      app.solve.current() ? app.solve.answer()?.result.solver : undefined,
    );
    return perSolve === undefined
      ? undefined
      : (2 * decisionParameters(props.scenario).length * perSolve) / 1000;
  };
  /** The estimate as the loading line shows it (`, about 12 s`), or nothing. */
  const about = () => {
    const s = estimate();
    return s ? `, about ${formatNumber(Math.max(1, Math.round(s)), 0)} s` : '';
  };
  return (
    <section
      class="analysis-panel"
      aria-labelledby="tornado-title"
      data-testid="tornado-panel"
      data-state={props.tornado.current() ? 'ready' : props.tornado.error() ? 'error' : 'loading'}
    >
      <h2 id="tornado-title">
        Sensitivity{' '}
        <span class="muted small">— each input 20 % lower and higher, re-optimised</span>
        <Show when={props.tornado.loading()}>
          <Loading
            label={`${answer() ? 'Updating' : 'Solving 2 optimisations per input'}${about()}…`}
          />
        </Show>
        <Show when={props.tornado.current() && answer()}>
          {(a) => (
            <CsvButton
              name="tornado"
              text={() => tornadoCsv(a())}
              label="Tornado as CSV"
              testId="tornado-csv"
            />
          )}
        </Show>
      </h2>
      <Show when={props.tornado.error()}>
        {(e) => <RequestError error={e()} onRetry={props.tornado.retry} />}
      </Show>
      <Show
        when={answer()}
        fallback={
          <Show when={!props.tornado.error()}>
            <div class="placeholder short" aria-hidden="true" />
          </Show>
        }
      >
        {(a) => (
          <div classList={{ stale: !props.tornado.current() }} aria-busy={!props.tornado.current()}>
            <Show
              when={a().baseNpvUsd != null}
              fallback={
                <p class="warn-banner banner">
                  The scenario has no optimum, so there is nothing to vary around.
                </p>
              }
            >
              <TornadoChart
                data={data()}
                baseNpvUsd={a().baseNpvUsd!}
                baseHpcMW={a().baseHpcMW}
                lowLabel="20 % lower"
                highLabel="20 % higher"
              />
            </Show>
            <p class="muted small">
              Bars end in the change of NPV from the base; ◆ marks a side where the optimum commits
              different HPC MW.
            </p>
            <For
              each={[
                ...a().skipped.map(
                  (s) =>
                    `${parameterInfo(s.parameter, props.scenario).label}: left out, ${s.reason}`,
                ),
                ...a().notes,
              ]}
            >
              {(n) => <p class="muted small">{n}</p>}
            </For>
          </div>
        )}
      </Show>
    </section>
  );
}
