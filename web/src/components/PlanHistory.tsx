/**
 * @module components/PlanHistory — one saved plan's versions: who saved each, when, its NPV and
 * the fields it changed (old → new, in display units); two picked are compared side by side; the
 * inputs on screen can be saved as the next version.
 */
import { createSignal, For, onMount, Show } from 'solid-js';
import { describeChange } from '../lib/diff';
import { formatUsd } from '../lib/format';
import { formatSavedAt } from '../lib/saved-at';
import { useApp } from '../stores/context';
import { createPlanHistory, versionKey } from '../stores/plan-history';
import { SavedPlansCompare } from './SavedPlansCompare';
import { Loading, RequestError } from './StatusBanner';

/** The history of saved plan `id` (named `name`); `onSaved` after a new version is saved. */
export function PlanHistory(props: {
  readonly id: string;
  readonly name: string;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) {
  const app = useApp();
  const store = createPlanHistory(props.id);
  onMount(() => void store.refresh());
  // The two newest are compared until the user picks others.
  const [picked, setPicked] = createSignal<readonly number[]>();
  const compared = () =>
    picked() ??
    (
      store
        .history()
        ?.versions.slice(0, 2)
        .map((v) => v.version) ?? []
    ).reverse();
  const toggle = (n: number, on: boolean) =>
    setPicked(() => {
      const now = compared().filter((x) => x !== n);
      return (on ? [...now, n] : now).slice(-2).sort((a, b) => a - b);
    });
  const save = async () => {
    const s = app.scenario.valid();
    if (s && (await store.saveInputs(s))) {
      setPicked(undefined);
      props.onSaved();
    }
  };
  return (
    <section class="plan-history" aria-labelledby="plan-history-title" data-testid="plan-history">
      <h2 id="plan-history-title">
        History of “{props.name}”{' '}
        <button
          type="button"
          class="icon-button"
          aria-label="Close the history"
          onClick={props.onClose}
        >
          ✕
        </button>
      </h2>
      <p class="muted small">
        Every save is a version. Pick two to compare them side by side; the NPV is each version's
        own answer.{' '}
        <button
          type="button"
          class="secondary-button"
          disabled={!app.scenario.valid() || store.saving() || store.state() !== 'ok'}
          onClick={() => void save()}
          data-testid="save-version"
        >
          {store.saving() ? 'Saving…' : 'Save the inputs on screen as a new version'}
        </button>
      </p>
      <Show when={store.error()}>
        {(e) => <RequestError error={e()} onRetry={store.refresh} />}
      </Show>
      <Show when={store.state() === 'loading'}>
        <Loading label="Loading the versions…" />
      </Show>
      <Show when={store.history()}>
        {(h) => (
          <table class="compare history-table" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">Compare</th>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">By</th>
                <th scope="col">NPV</th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              <For each={h().versions}>
                {(v) => (
                  <tr data-version={v.version}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare version ${v.version}`}
                        checked={compared().includes(v.version)}
                        onChange={(e) => toggle(v.version, e.currentTarget.checked)}
                        data-testid="version-pick"
                      />
                    </td>
                    <th scope="row">{v.version}</th>
                    <td class="small">{formatSavedAt(v.savedAt)}</td>
                    <td class="small">{v.savedBy ?? '—'}</td>
                    <td data-testid="version-npv" data-value={v.npvUsd ?? ''}>
                      {formatUsd(v.npvUsd)}
                    </td>
                    <td>
                      <Show
                        when={v.changes.length}
                        fallback={<span class="muted small">first version kept</span>}
                      >
                        <ul class="version-changes" data-testid="version-changes">
                          <For each={v.changes}>
                            {(c) => {
                              const d = describeChange(c.path, c.from, c.to);
                              return (
                                <li data-path={c.path} title={c.unit}>
                                  <span class="change-label">{d.label}</span>: {d.from} → {d.to}
                                </li>
                              );
                            }}
                          </For>
                        </ul>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
      <SavedPlansCompare store={store.compared} ids={compared().map(versionKey)} />
    </section>
  );
}
