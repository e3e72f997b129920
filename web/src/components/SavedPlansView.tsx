/**
 * @module components/SavedPlansView — plans saved on the server: save, list, open, rename, delete
 * (confirmed), and compare.
 */
import { createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { formatMonth, formatMonths, formatUsd } from '../lib/format';
import { formatSavedAt } from '../lib/saved-at';
import type { PlanSummary } from '../lib/plans-api';
import { useApp } from '../stores/context';
import { createSavedPlansStore } from '../stores/saved-plans';
import { PlanHistory } from './PlanHistory';
import { SavedPlansCompare } from './SavedPlansCompare';
import { SavePlanForm } from './SavePlanForm';
import { Loading, RequestError } from './StatusBanner';
import '../saved-plans.css';

/** The saved-plans view. The list is loaded when the view opens. */
export function SavedPlansView() {
  const app = useApp();
  const store = createSavedPlansStore();
  onMount(() => void store.refresh());
  const [picked, setPicked] = createSignal<readonly string[]>([]);
  const [renaming, setRenaming] = createSignal<string>();
  const [draft, setDraft] = createSignal('');
  const [confirming, setConfirming] = createSignal<string>();
  const [opened, setOpened] = createSignal<string>();
  // The plan whose versions are shown (one at a time).
  const [historyOf, setHistoryOf] = createSignal<PlanSummary>();

  const toggle = (id: string, on: boolean) =>
    setPicked((p) => (on ? [...p.filter((x) => x !== id), id] : p.filter((x) => x !== id)));
  const open = async (s: PlanSummary) => {
    const p = await store.open(s.id);
    if (!p) return;
    app.solve.startOver();
    // A saved portfolio opens as a portfolio: the editor and views read either form
    // (lib/portfolio.ts).
    app.scenario.replace(p.scenario as ScenarioInput);
    setOpened(p.name);
    if (p.plan) {
      // A fixed plan joins the user's plans and is compared with the optimum there.
      const localId = `saved-${p.id}`;
      if (app.plans.plans().some((x) => x.id === localId))
        app.plans.update(localId, { name: p.name, plan: p.plan });
      else app.plans.merge([{ id: localId, name: p.name, plan: p.plan }]);
      app.setView('plans');
    } else app.setView('optimum');
  };
  const startRename = (s: PlanSummary) => {
    setConfirming(undefined);
    setDraft(s.name);
    setRenaming(s.id);
  };
  const rename = async (id: string) => {
    const name = draft().trim();
    if (!name) return;
    if (await store.rename(id, name)) setRenaming(undefined);
  };
  const remove = async (id: string) => {
    if (await store.remove(id)) {
      setConfirming(undefined);
      setPicked((p) => p.filter((x) => x !== id));
    }
  };
  // A rename or delete refused because someone else changed the plan meanwhile (412).
  const reload = async (id: string) => {
    if (await store.reload(id)) {
      setRenaming(undefined);
      setConfirming(undefined);
    }
  };
  const overwrite = async (id: string) => {
    const deleting = store.conflict(id)?.action === 'deleting';
    if (!(await store.overwrite(id))) return;
    setRenaming(undefined);
    setConfirming(undefined);
    if (deleting) setPicked((p) => p.filter((x) => x !== id));
  };

  return (
    <div class="saved-view" data-testid="saved-view">
      <SavePlanForm store={store} />
      <section class="saved-list" aria-labelledby="saved-title">
        <h2 id="saved-title">
          Saved plans
          <Show when={store.listState() === 'loading'}>
            <Loading label="Loading the list…" />
          </Show>
          <button
            type="button"
            class="link-button"
            onClick={() => void store.refresh()}
            disabled={store.listState() === 'loading'}
          >
            Reload
          </button>
        </h2>
        <p class="muted small" data-testid="saved-home">
          <strong>Saved for the team:</strong> kept on the server with the scenario each was saved
          from and its answer as it was then; everyone using this server sees them. Your drafts,
          kept only in this browser, are under Plans &amp; comparison: save one here to share it.
        </p>
        <Show when={opened()}>
          {(n) => (
            <p class="save-ok small" role="status">
              Opened “{n()}”: its scenario is in the editor.
            </p>
          )}
        </Show>
        <Show when={store.listError()}>
          {(e) => <RequestError error={e()} onRetry={() => void store.refresh()} />}
        </Show>
        <Show when={store.listState() === 'ok' && store.list().length === 0}>
          <p class="muted" data-testid="saved-empty">
            No saved plans yet. Save the scenario on screen above.
          </p>
        </Show>
        <Show when={store.list().length}>
          <div class="table-scroll">
            <table class="compare saved-table" data-testid="saved-table">
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Name</th>
                  <th scope="col">Scenario</th>
                  <th scope="col">Kind</th>
                  <th scope="col" class="npv">
                    NPV
                  </th>
                  <th scope="col">Saved</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                <For each={store.list()}>
                  {(s) => (
                    <tr data-plan={s.name} data-id={s.id} aria-busy={!!store.action(s.id)}>
                      <td>
                        {/* The label is the tap target (44 px on a phone), not the box alone. */}
                        <label class="pick">
                          <input
                            type="checkbox"
                            aria-label={`Compare “${s.name}”`}
                            checked={picked().includes(s.id)}
                            onChange={(e) => toggle(s.id, e.currentTarget.checked)}
                            data-testid="compare-pick"
                          />
                        </label>
                      </td>
                      <th scope="row" class="saved-name">
                        <Show when={renaming() === s.id} fallback={s.name}>
                          <form
                            class="rename"
                            onSubmit={(e) => (e.preventDefault(), void rename(s.id))}
                          >
                            <label class="sr-only" for={`rename-${s.id}`}>
                              New name for “{s.name}”
                            </label>
                            <input
                              id={`rename-${s.id}`}
                              type="text"
                              maxLength={200}
                              value={draft()}
                              onInput={(e) => setDraft(e.currentTarget.value)}
                              onKeyDown={(e) => e.key === 'Escape' && setRenaming(undefined)}
                              ref={(el) => queueMicrotask(() => el.focus())}
                              data-testid="rename-input"
                            />
                            <button
                              type="submit"
                              class="secondary-button"
                              disabled={!draft().trim() || store.action(s.id) === 'renaming'}
                              data-testid="rename-save"
                            >
                              {store.action(s.id) === 'renaming' ? 'Saving…' : 'Save name'}
                            </button>
                            <button
                              type="button"
                              class="link-button"
                              onClick={() => setRenaming(undefined)}
                            >
                              Cancel
                            </button>
                          </form>
                        </Show>
                      </th>
                      <td class="small">
                        {s.scenarioName}
                        <span class="muted">
                          {' '}
                          · {formatMonth(s.startMonth)}, {formatMonths(s.horizonMonths)}
                        </span>
                      </td>
                      <td class="small">{s.evaluated ? 'fixed plan, evaluated' : 'optimised'}</td>
                      <td class="npv" data-value={s.npvUsd ?? ''}>
                        {s.status === 'optimal' ? formatUsd(s.npvUsd) : s.status}
                      </td>
                      <td class="small">{formatSavedAt(s.savedAt)}</td>
                      <td class="saved-actions">
                        <div>
                          <Switch
                            fallback={
                              <>
                                <button
                                  type="button"
                                  class="secondary-button"
                                  onClick={() => void open(s)}
                                  disabled={!!store.action(s.id)}
                                  data-testid="open-plan"
                                >
                                  {store.action(s.id) === 'opening' ? 'Opening…' : 'Open'}
                                </button>
                                <button
                                  type="button"
                                  class="secondary-button"
                                  onClick={() => startRename(s)}
                                  disabled={!!store.action(s.id)}
                                  data-testid="rename-plan"
                                >
                                  Rename
                                </button>
                                <button
                                  type="button"
                                  class="secondary-button"
                                  onClick={() => setHistoryOf(s)}
                                  aria-pressed={historyOf()?.id === s.id}
                                  data-testid="plan-history-button"
                                >
                                  History
                                </button>
                                <button
                                  type="button"
                                  class="danger-button"
                                  onClick={() => (setRenaming(undefined), setConfirming(s.id))}
                                  disabled={!!store.action(s.id)}
                                  data-testid="delete-plan"
                                >
                                  Delete
                                </button>
                              </>
                            }
                          >
                            <Match when={confirming() === s.id}>
                              <div
                                class="confirm"
                                role="alertdialog"
                                aria-label={`Delete “${s.name}”?`}
                              >
                                <span>
                                  Delete “{s.name}” from the server? This cannot be undone.
                                </span>
                                <button
                                  type="button"
                                  class="danger-button"
                                  onClick={() => void remove(s.id)}
                                  disabled={store.action(s.id) === 'deleting'}
                                  data-testid="confirm-delete"
                                >
                                  {store.action(s.id) === 'deleting' ? 'Deleting…' : 'Delete'}
                                </button>
                                <button
                                  type="button"
                                  class="secondary-button"
                                  onClick={() => setConfirming(undefined)}
                                  ref={(el) => queueMicrotask(() => el.focus())}
                                >
                                  Keep
                                </button>
                              </div>
                            </Match>
                          </Switch>
                        </div>
                        <Show when={store.actionError(s.id)}>
                          {(e) => (
                            <p class="error" role="alert">
                              {e().message}
                            </p>
                          )}
                        </Show>
                        <Show when={store.conflict(s.id)}>
                          {(k) => (
                            <div class="confirm" data-testid="plan-conflict">
                              <span>
                                Someone changed this plan since it was listed.{' '}
                                {k().action === 'deleting' ? 'Delete' : 'Rename'} it anyway?
                              </span>
                              <button
                                type="button"
                                class="secondary-button"
                                onClick={() => void reload(s.id)}
                                data-testid="conflict-reload"
                              >
                                Reload
                              </button>
                              <button
                                type="button"
                                class="secondary-button"
                                onClick={() => void overwrite(s.id)}
                                data-testid="conflict-overwrite"
                              >
                                Overwrite
                              </button>
                            </div>
                          )}
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>
      <Show when={historyOf()} keyed>
        {(h) => (
          <PlanHistory
            id={h.id}
            name={h.name}
            onClose={() => setHistoryOf(undefined)}
            onSaved={() => void store.refresh()}
          />
        )}
      </Show>
      <SavedPlansCompare
        store={store}
        ids={picked().filter((id) => store.list().some((s) => s.id === id))}
      />
    </div>
  );
}
