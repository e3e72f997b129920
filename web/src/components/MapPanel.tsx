/**
 * @module components/MapPanel — the decision map: axes to choose, a progress bar and Cancel while
 * it streams, the heatmap.
 */
import { For, Show } from 'solid-js';
import { mapCsv } from '../lib/analysis-csv';
import { CsvButton } from './CsvButton';
import { useApp } from '../stores/context';
import { MAX_MAP_STEPS } from '../../../model/analyses/schema';
import type { ScenarioInput } from '../../../model/schema';
import { HeatmapChart } from '../charts/HeatmapChart';
import { fromDisplay, toDisplay } from '../lib/fields';
import { formatNumber } from '../lib/format';
import {
  decisionParameters,
  defaultAxis,
  formatParameterValue,
  formatSignificant,
  hasBlockBuilds,
  mapCellTime,
  mapSecondsEstimate,
  parameterInfo,
  type MapAxisInput,
} from '../lib/parameters';
import { pathMatches } from '../lib/paths';
import type { AnalysesStore } from '../stores/analyses';
import { Loading, RequestError } from './StatusBanner';

type MapStore = AnalysesStore['map'];

/** The controls of one axis: parameter, from, to (display units) and the number of values. */
function AxisControls(props: {
  axis: 'x' | 'y';
  title: string;
  map: MapStore;
  scenario: ScenarioInput;
}) {
  const a = () => props.map.config()![props.axis];
  const info = () => parameterInfo(a().parameter, props.scenario);
  const id = (f: string) => `map-${props.axis}-${f}`;
  const issue = (f: string) =>
    props.map
      .error()
      ?.issues.find(
        (i) =>
          pathMatches(i.path, `${props.axis}.${f}`) || (f === 'parameter' && i.path === props.axis),
      )?.message;
  const set = (patch: Partial<MapAxisInput>) => props.map.setAxis(props.axis, { ...a(), ...patch });
  const num = (e: Event & { currentTarget: HTMLInputElement }) =>
    e.currentTarget.value === '' ? Number.NaN : Number(e.currentTarget.value);
  return (
    <fieldset class="map-axis" data-testid={`map-axis-${props.axis}`}>
      <legend>{props.title}</legend>
      <div class="field">
        <label for={id('parameter')}>Input</label>
        <select
          id={id('parameter')}
          value={a().parameter}
          onChange={(e) =>
            props.map.setAxis(
              props.axis,
              defaultAxis(e.currentTarget.value, props.scenario, a().steps),
            )
          }
        >
          <For each={decisionParameters(props.scenario)}>
            {(p) => <option value={p}>{parameterInfo(p, props.scenario).label}</option>}
          </For>
        </select>
      </div>
      <For each={['from', 'to'] as const}>
        {(f) => (
          <div class="field" classList={{ invalid: !!issue(f) }}>
            <label for={id(f)}>
              {f === 'from' ? 'From' : 'To'}
              {info().unit ? ` (${info().unit})` : ''}
            </label>
            <input
              id={id(f)}
              type="number"
              step="any"
              value={toDisplay(a()[f], info().scale)}
              data-committed={toDisplay(a()[f], info().scale)}
              aria-invalid={!!issue(f)}
              aria-describedby={issue(f) ? `${id(f)}-error` : undefined}
              onChange={(e) => {
                const v = num(e);
                if (Number.isFinite(v)) set({ [f]: fromDisplay(v, info().scale) });
              }}
            />
            <Show when={issue(f)}>
              <p class="error" id={`${id(f)}-error`}>
                {issue(f)}
              </p>
            </Show>
          </div>
        )}
      </For>
      <div class="field steps" classList={{ invalid: !!issue('steps') }}>
        <label for={id('steps')}>Values (2–{MAX_MAP_STEPS})</label>
        <input
          id={id('steps')}
          type="number"
          min="2"
          max={MAX_MAP_STEPS}
          step="1"
          value={a().steps}
          data-committed={a().steps}
          onChange={(e) => {
            const v = Math.round(num(e));
            if (Number.isFinite(v)) set({ steps: Math.min(MAX_MAP_STEPS, Math.max(2, v)) });
          }}
        />
      </div>
    </fieldset>
  );
}

/** The decision-map panel. */
export function MapPanel(props: { map: MapStore; scenario: ScenarioInput }) {
  const cfg = () => props.map.config();
  const cells = () => (cfg() ? cfg()!.x.steps * cfg()!.y.steps : 0);
  const title = (path: string) => {
    const info = parameterInfo(path, props.scenario);
    return info.unit ? `${info.label} (${info.unit})` : info.label;
  };
  const tick = (path: string) => (v: number) =>
    formatSignificant(toDisplay(v, parameterInfo(path, props.scenario).scale));
  const full = (path: string) => (v: number) => formatParameterValue(path, v, props.scenario);
  // Time estimates from measured solves (lib/map-time.ts): while the map runs, its own pace so
  // far; else the last map of this kind, the analyses' measured points or the optimum's solve.
  const app = useApp();
  const estimate = () => {
    const running = props.map.runningEstimate();
    if (running)
      return {
        msPerCell: running.ms / running.total,
        seconds: running.ms / 1000,
        from:
          `in all: ${formatNumber(running.elapsedMs / 1000, 1)} s so far, ` +
          `then ${formatNumber(running.total - running.done, 0)} cells at the current pace`,
      };
    const opt = app.solve.current() ? app.solve.answer()?.result.solver : undefined;
    const t = mapCellTime(props.map.measured(), opt, props.map.pointWallMs());
    const from = {
      'first cells': 'from its first cells',
      'last map': 'from the last map',
      'analysis solves': 'from the analyses’ measured solves',
      optimum: 'from the optimum’s solve time',
    } as const;
    return t === undefined
      ? undefined
      : {
          msPerCell: t.msPerCell,
          seconds: mapSecondsEstimate(cells(), t.msPerCell),
          from: from[t.from],
        };
  };
  const state = () =>
    props.map.loading()
      ? 'running'
      : props.map.error()
        ? 'error'
        : props.map.current()
          ? 'ready'
          : props.map.paused()
            ? 'cancelled'
            : 'waiting';
  return (
    <section
      class="analysis-panel map-panel"
      aria-labelledby="map-title"
      data-testid="map-panel"
      data-state={state()}
    >
      <h2 id="map-title">
        Decision map <span class="muted small">— the optimum on a grid of two inputs</span>
        <Show when={props.map.current() && props.map.value()}>
          {(m) => (
            <CsvButton
              name="decision-map"
              text={() => mapCsv(m())}
              label="Map cells as CSV"
              testId="map-csv"
            />
          )}
        </Show>
      </h2>
      <Show when={cfg()}>
        <div class="map-controls">
          <AxisControls axis="x" title="Across (x)" map={props.map} scenario={props.scenario} />
          <AxisControls axis="y" title="Up (y)" map={props.map} scenario={props.scenario} />
          <div class="map-actions" data-testid="map-actions">
            <p class="muted small">
              {formatNumber(cells(), 0)} optimisations ({cfg()!.x.steps} × {cfg()!.y.steps})
              <Show when={estimate()}>
                {(e) => (
                  <span
                    data-testid="map-estimate"
                    data-seconds={e().seconds}
                    data-ms-per-cell={e().msPerCell}
                    data-first-cells-seconds={
                      props.map.firstCellsMs() === undefined
                        ? undefined
                        : mapSecondsEstimate(cells(), props.map.firstCellsMs()!)
                    }
                  >
                    ; about {formatNumber(Math.max(1, Math.round(e().seconds)), 0)} s ({e().from})
                  </span>
                )}
              </Show>
              {hasBlockBuilds(props.scenario) ? ' (block builds make each cell a MILP)' : ''}.
            </p>
            <Show
              when={props.map.loading()}
              fallback={
                <Show
                  when={!props.map.current()}
                  fallback={
                    <p class="small map-current-note">The map is for the inputs on screen.</p>
                  }
                >
                  <button
                    type="button"
                    class="primary-button"
                    data-testid="map-run"
                    onClick={() => props.map.run()}
                  >
                    Draw map
                  </button>
                </Show>
              }
            >
              <button
                type="button"
                class="secondary-button"
                data-testid="map-cancel"
                // Pressing Cancel must not blur a half-typed axis box into a commit (a bigger
                // run): the box keeps the focus, and what it holds goes back to the axis drawn.
                onMouseDown={(e) => e.preventDefault()}
                onClick={(e) => {
                  e.currentTarget
                    .closest('.map-controls')
                    ?.querySelectorAll<HTMLInputElement>('input[data-committed]')
                    .forEach((i) => {
                      i.value = i.dataset.committed ?? i.value;
                    });
                  props.map.cancel();
                }}
              >
                Cancel
              </button>
            </Show>
            <button type="button" class="link-button" onClick={() => props.map.resetAxes()}>
              Reset ranges
            </button>
          </div>
        </div>
      </Show>
      <div class="map-status" aria-live="polite">
        <Show when={props.map.loading()}>
          <div
            class="map-progress"
            data-testid="map-progress"
            data-done={props.map.progress()?.done ?? 0}
            data-total={props.map.progress()?.total ?? cells()}
          >
            <label for="map-progress-bar">
              <Loading
                label={
                  `Solving the map: ${formatNumber(props.map.progress()?.done ?? 0, 0)} of ` +
                  `${formatNumber(props.map.progress()?.total ?? cells(), 0)} cells`
                }
              />
            </label>
            <progress
              id="map-progress-bar"
              max={props.map.progress()?.total ?? cells()}
              value={props.map.progress()?.done ?? 0}
            />
          </div>
        </Show>
        <Show when={state() === 'cancelled'}>
          <p class="muted" data-testid="map-cancelled">
            Map cancelled; the server stopped its solves. It no longer follows the inputs until you
            draw it again.
          </p>
        </Show>
      </div>
      <Show when={props.map.error()}>
        {(e) => <RequestError error={e()} onRetry={() => props.map.run()} />}
      </Show>
      <Show when={props.map.value()}>
        {(m) => (
          <div classList={{ stale: !props.map.current() }} aria-busy={props.map.loading()}>
            <HeatmapChart
              data={m()}
              xTitle={title(m().x.parameter)}
              yTitle={title(m().y.parameter)}
              formatX={full(m().x.parameter)}
              formatY={full(m().y.parameter)}
              xName={parameterInfo(m().x.parameter, props.scenario).label}
              yName={parameterInfo(m().y.parameter, props.scenario).label}
              tickX={tick(m().x.parameter)}
              tickY={tick(m().y.parameter)}
            />
            <p class="muted small">
              The ring is the current scenario (
              {formatParameterValue(m().x.parameter, m().x.base, props.scenario)},{' '}
              {formatParameterValue(m().y.parameter, m().y.base, props.scenario)}). Solved in{' '}
              {formatNumber(m().ms / 1000, 1)} s. {m().notes.join(' ')}
            </p>
          </div>
        )}
      </Show>
    </section>
  );
}
