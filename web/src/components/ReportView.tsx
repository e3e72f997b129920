/**
 * @module components/ReportView — the board report of the answer on screen, to print (web/src/
 * report.css hides the rest of the app on paper): the decision and key figures, the value bridge,
 * the charts, the risk figures of the last Monte Carlo run of these inputs, then the assumptions
 * with their units, dates and sources, the valuation basis and the solver's status. Its words and
 * figures are model/report's, the same as GET /api/report prints.
 */
import { createMemo, For, Show } from 'solid-js';
import { ScenarioSchema } from '../../../model/schema';
import {
  assumptionRows,
  bridgeRows,
  decisionOf,
  keyFigures,
  marketDateText,
  reportDay,
  riskFigures,
  solverLines,
  valuationLines,
  type ReportFigure,
} from '../../../model/report';
import { AllocationChart } from '../charts/AllocationChart';
import { CashDebtChart } from '../charts/CashDebtChart';
import { ValueBridgeChart } from '../charts/ValueBridgeChart';
import { CALIBRATED_ON, HISTORY_ENDS } from '../lib/calibration';
import { v3Kpis } from '../lib/kpis';
import { offersOf } from '../lib/portfolio';
import { useApp } from '../stores/context';
import '../report.css';

function Figures(props: { list: readonly ReportFigure[] }) {
  return (
    <dl class="report-figures">
      <For each={props.list}>
        {(f) => (
          <div data-testid={`report-${f.id}`}>
            <dt>{f.label}</dt>
            <dd>
              {f.value} <Show when={f.note}>{(n) => <small>{n()}</small>}</Show>
            </dd>
          </div>
        )}
      </For>
    </dl>
  );
}

const Lines = (props: { lines: readonly string[] }) => (
  <ul>
    <For each={props.lines}>{(l) => <li>{l}</li>}</For>
  </ul>
);

/** The Report view: the optimum of the inputs on screen (`app.selected()`), ready to print. */
export function ReportView() {
  const app = useApp();
  const report = createMemo(() => {
    const a = app.selected();
    const parsed = a && ScenarioSchema.safeParse(a.scenario);
    if (!a || !parsed?.success) return undefined;
    return { input: a.scenario, scenario: parsed.data, result: a.result };
  });
  const subject = () =>
    app.presetId() ? `Preset ${app.presetId()}` : 'Scenario on screen (not a preset)';
  const today = new Date().toISOString().slice(0, 10);
  const serverUrl = () => app.presetId() && `/api/report?preset=${app.presetId()}`;

  return (
    <Show
      when={report()}
      fallback={<p class="report-empty">The report appears once the inputs have an answer.</p>}
    >
      {(r) => {
        const decision = () => decisionOf(r().scenario, r().result);
        const bridge = () => v3Kpis(r().result.kpis ?? ({} as never)).valueBridge;
        const risk = () => (app.risk.current() ? app.risk.answer() : undefined);
        const assumptions = () => assumptionRows(r().scenario);
        const isFirstOfGroup = (i: number) =>
          i === 0 || assumptions()[i - 1].group !== assumptions()[i].group;
        return (
          <article class="report-view" data-testid="report-view" aria-label="Board report">
            <div class="report-toolbar">
              <button type="button" class="primary-button" onClick={() => window.print()}>
                Print
              </button>
              <Show when={serverUrl()}>
                {(u) => (
                  <a href={u()} target="_blank" rel="noopener">
                    Printable page from the server
                  </a>
                )}
              </Show>
            </div>
            <header>
              <h2 class="report-title">{r().scenario.name}</h2>
              <p class="report-meta">
                Board report · {subject()} · prepared {reportDay(today)}
              </p>
            </header>
            <section>
              <h3>Decision</h3>
              <p class="report-verdict" data-testid="report-verdict">
                {decision().verdict}
              </p>
              <Show when={decision().lines.length}>
                <Lines lines={decision().lines} />
              </Show>
              {/* The reason in plain words, reasonOf(scenario, result), goes here once it exists. */}
              <Figures list={keyFigures(r().result)} />
            </section>
            <section class="report-bridge">
              <h3>Value bridge</h3>
              <Show when={bridge()}>
                {(b) => (
                  <ValueBridgeChart
                    data={b()}
                    upliftUsd={r().result.kpis?.npvVsMiningOnlyUsd ?? 0}
                  />
                )}
              </Show>
              <table>
                <tbody>
                  <For each={bridgeRows(r().result)}>
                    {(row) => (
                      <tr>
                        <th scope="row">{row.label}</th>
                        <td>{row.value}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
            <section class="report-charts">
              <h3>Key charts</h3>
              <AllocationChart
                data={r().result.months}
                offers={offersOf(r().input)}
                height={170}
                compact
              />
              <CashDebtChart
                data={r().result.months}
                minCashUsd={r().scenario.financing.minCashUsd}
                height={170}
              />
            </section>
            <Show when={risk()}>
              {(mc) => (
                <section>
                  <h3>Risk (Monte Carlo)</h3>
                  <p>
                    {mc().paths} seeded paths (seed {mc().seed}), run {mc().id}.
                  </p>
                  <Figures list={riskFigures(mc())} />
                </section>
              )}
            </Show>
            <section class="report-assumptions">
              <h3>Assumptions</h3>
              <p class="report-meta" data-testid="report-market-date">
                {marketDateText(
                  { calibratedOn: CALIBRATED_ON, historyEnds: HISTORY_ENDS },
                  r().scenario,
                )}
              </p>
              <div class="report-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Assumption</th>
                      <th>Value</th>
                      <th>Unit</th>
                      <th>Source</th>
                      <th>Date</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={assumptions()}>
                      {(a, i) => (
                        <>
                          <Show when={isFirstOfGroup(i())}>
                            <tr class="report-group">
                              <th colspan="5">{a.group}</th>
                            </tr>
                          </Show>
                          <tr>
                            <td>{a.label}</td>
                            <td class="num">{a.value}</td>
                            <td>{a.unit}</td>
                            <td>{a.source}</td>
                            <td class="date">{a.date}</td>
                          </tr>
                        </>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <p class="report-meta">
                Sources, units and dates of every shipped figure: data/README.md.
              </p>
            </section>
            <section>
              <h3>Valuation basis</h3>
              <Lines lines={valuationLines(r().result, r().scenario)} />
            </section>
            <section>
              <h3>Solver</h3>
              <Lines lines={solverLines(r().result)} />
            </section>
          </article>
        );
      }}
    </Show>
  );
}
