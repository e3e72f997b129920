/**
 * @module components/RiskView — Monte Carlo for the scenario on screen: paths, seed, BTC and
 * hashrate volatility and their correlation; Run and Cancel with progress; the NPV histograms of
 * the plan and of mining only, the percentiles as a table, the probability that converting beats
 * mining and the share of paths left unfunded; the mode, the treasury and the simulator's figures
 * come from RiskModeInputs and RiskSimulation.
 */
import { For, Show } from 'solid-js';
import { NpvHistogramChart } from '../charts/NpvHistogramChart';
import { formatMonth, formatNumber, formatPct, formatUsd } from '../lib/format';
import { CALIBRATION_NOTE, type RiskForm } from '../lib/risk';
import { useApp } from '../stores/context';
import { progressText } from '../lib/progress';
import { RiskInput } from './RiskInput';
import { RiskModeInputs } from './RiskModeInputs';
import { RiskSimulation } from './RiskSimulation';
import { Loading, RequestError } from './StatusBanner';

/** The inputs; `calibrated` ones default to the market history's fit (docs/market.md). */
const INPUTS: readonly {
  field: keyof RiskForm;
  label: string;
  unit: string;
  calibrated?: boolean;
}[] = [
  { field: 'paths', label: 'Paths', unit: '' },
  { field: 'seed', label: 'Seed', unit: '' },
  { field: 'btcVolatilityPct', label: 'BTC price volatility', unit: '%/√yr', calibrated: true },
  { field: 'networkVolatilityPct', label: 'Hashrate volatility', unit: '%/√yr', calibrated: true },
  { field: 'correlation', label: 'Correlation BTC–hashrate', unit: '−1…1', calibrated: true },
];

const PERCENTILES = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

/**
 * The Risk view; its store lives in `App` (the inputs and the last answer survive a change of view,
 * a run does not).
 */
export function RiskView() {
  const app = useApp();
  const store = app.risk;
  const issue = (field: string) => store.issues().find((i) => i.field === field)?.message;
  const state = () =>
    store.running()
      ? 'running'
      : store.cancelled()
        ? 'cancelled'
        : store.error()
          ? 'error'
          : store.current()
            ? 'ready'
            : 'idle';

  return (
    <div class="risk-view" data-testid="risk-view" data-state={state()} data-run={store.runId()}>
      <section class="risk-inputs" aria-label="Monte Carlo inputs">
        <h2>Risk: NPV over sampled BTC price and hashrate paths</h2>
        <div class="case-form">
          <For each={INPUTS}>
            {(d) => (
              <RiskInput store={store} field={d.field} label={d.label} unit={d.unit}>
                <Show when={d.calibrated}>
                  <p class="muted" data-testid={`risk-calibrated-${d.field}`}>
                    Default: {CALIBRATION_NOTE}
                  </p>
                </Show>
              </RiskInput>
            )}
          </For>
        </div>
        <RiskModeInputs store={store} />
        <Show when={issue('scenario')}>{(m) => <p class="error">{m()}</p>}</Show>
        <div class="risk-actions">
          <button
            type="button"
            class="primary-button"
            data-testid="risk-run"
            disabled={!store.request() || store.running()}
            onClick={() => void store.run()}
          >
            Run
          </button>
          <button
            type="button"
            class="secondary-button"
            data-testid="risk-cancel"
            disabled={!store.running()}
            onClick={store.cancel}
          >
            Cancel
          </button>
        </div>
        <Show when={store.running()}>
          <div
            class="map-progress"
            data-testid="risk-progress"
            data-done={store.progress()?.done ?? 0}
            data-total={store.progress()?.total ?? 0}
            data-state={store.progress()?.queued ? 'queued' : 'running'}
          >
            <label for="risk-progress-bar">
              <Loading
                label={progressText(
                  'Evaluating paths',
                  store.progress() ?? { done: 0, total: 0 },
                  store.secondsLeft(),
                )}
              />
            </label>
            <progress
              id="risk-progress-bar"
              max={store.progress()?.total ?? 1}
              value={store.progress()?.done ?? 0}
            />
          </div>
        </Show>
        <Show when={store.cancelled()}>
          <p class="muted" data-testid="risk-cancelled">
            Cancelled: the server stopped the run. Run starts it again.
          </p>
        </Show>
        <Show when={store.error()}>
          {(e) => <RequestError error={e()} onRetry={() => void store.run()} />}
        </Show>
      </section>
      <Show when={store.answer()}>
        {(a) => (
          <section
            class="risk-results"
            classList={{ stale: !store.current() }}
            data-testid="risk-results"
            aria-label="Monte Carlo results"
          >
            <dl class="case-figures">
              <div>
                <dt>Converting beats mining</dt>
                <dd data-testid="risk-probability">
                  {formatPct(a().probabilityConversionBeatsMining)}
                </dd>
              </div>
              <div>
                <dt>Median NPV, the plan</dt>
                <dd data-testid="risk-p50">{formatUsd(a().plan.npvPercentilesUsd?.p50)}</dd>
              </div>
              <div>
                <dt>Mean NPV, the plan</dt>
                <dd>{formatUsd(a().plan.meanNpvUsd)}</dd>
              </div>
              <div>
                <dt>Mean NPV, mining only</dt>
                <dd>{formatUsd(a().miningOnly.meanNpvUsd)}</dd>
              </div>
              <div>
                <dt>Paths left unfunded</dt>
                <dd data-testid="risk-unfunded">{formatPct(a().plan.unfundedShare)}</dd>
              </div>
            </dl>
            <Show when={Object.keys(a().plan.firstUnfundedMonths).length}>
              <p class="muted small">
                First unfunded month:{' '}
                {Object.entries(a().plan.firstUnfundedMonths)
                  .sort(([m1], [m2]) => m1.localeCompare(m2))
                  .map(([m, n]) => `${formatMonth(m)} (${n} paths)`)
                  .join(', ')}
              </p>
            </Show>
            <RiskSimulation answer={a()} />
            <NpvHistogramChart data={a().histogram} />
            <div class="table-scroll">
              <table data-testid="risk-table">
                <caption>
                  Percentiles over {formatNumber(a().paths, 0)} paths (seed {a().seed})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Percentile</th>
                    <th scope="col">NPV, the plan</th>
                    <th scope="col">NPV, mining only</th>
                    <th scope="col">Peak debt</th>
                    <th scope="col">Lowest covenant headroom</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={PERCENTILES}>
                    {(p) => (
                      <tr data-key={p}>
                        <th scope="row">{p}</th>
                        <td>{formatUsd(a().plan.npvPercentilesUsd?.[p])}</td>
                        <td>{formatUsd(a().miningOnly.npvPercentilesUsd?.[p])}</td>
                        <td>{formatUsd(a().plan.peakDebtPercentilesUsd?.[p])}</td>
                        <td>{formatUsd(a().plan.minCovenantHeadroomPercentilesUsd?.[p])}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </section>
        )}
      </Show>
    </div>
  );
}
