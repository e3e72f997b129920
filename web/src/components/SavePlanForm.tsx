/**
 * @module components/SavePlanForm — saves the scenario on screen to the server: its optimum, or one
 * of the user's plans evaluated.
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { issueLabel } from '../lib/fields';
import { formatUsd } from '../lib/format';
import { useApp } from '../stores/context';
import { uniqueName, type SavedPlansStore } from '../stores/saved-plans';

/**
 * The form. The server solves before it stores (0.1–20 s), so the button says "Saving…" meanwhile.
 */
export function SavePlanForm(props: { store: SavedPlansStore }) {
  const app = useApp();
  const [what, setWhat] = createSignal('optimum');
  const [name, setName] = createSignal('');
  const [saved, setSaved] = createSignal<{ name: string; npvUsd: number | null; status: string }>();
  const userPlan = () => app.plans.plans().find((p) => p.id === what());
  const suggestion = createMemo(() => {
    const s = app.scenario.scenario();
    const base = `${s?.name ?? 'Scenario'} — ${userPlan()?.name ?? 'optimum'}`;
    return uniqueName(base, props.store.names());
  });
  // Inputs with typed text not committed: the scenario stored is not the one on screen, so it is not
  // saved until they are finished (or put back with Escape).
  const editing = () => [...app.scenario.drafts().keys()].map(issueLabel);
  const submit = async (e: Event) => {
    e.preventDefault();
    const s = app.scenario.scenario() as ScenarioInput | undefined;
    if (!s || props.store.saving() || editing().length) return;
    setSaved(undefined);
    const p = await props.store.save(name().trim() || suggestion(), s, userPlan()?.plan);
    if (p) {
      setSaved({ name: p.name, npvUsd: p.answer.npvUsd, status: p.answer.status });
      setName('');
    }
  };
  return (
    <form
      class="save-plan"
      onSubmit={submit}
      aria-labelledby="save-plan-title"
      data-testid="save-plan-form"
    >
      <h2 id="save-plan-title">Save to the server</h2>
      <p class="muted small">
        Saved plans are kept by the Switchyard server with their scenario and answer, for everyone
        who uses it.
      </p>
      <div class="save-fields">
        <div class="field">
          <label for="save-what">What to save</label>
          <select id="save-what" value={what()} onChange={(e) => setWhat(e.currentTarget.value)}>
            <option value="optimum">The optimal plan for the inputs on screen</option>
            <For each={app.plans.plans()}>
              {(p) => <option value={p.id}>Your plan “{p.name}” (fixed, evaluated)</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="save-name">Name</label>
          <input
            id="save-name"
            type="text"
            maxLength={200}
            value={name()}
            placeholder={suggestion()}
            onInput={(e) => setName(e.currentTarget.value)}
            data-testid="save-name"
          />
        </div>
        <button
          type="submit"
          class="primary-button"
          disabled={props.store.saving() || !app.scenario.scenario() || editing().length > 0}
          data-testid="save-plan"
        >
          {props.store.saving() ? 'Saving…' : 'Save plan'}
        </button>
      </div>
      <Show when={editing().length}>
        <p class="error" data-testid="save-blocked">
          Not saved while {editing().join(', ')} {editing().length === 1 ? 'is' : 'are'} being
          edited: finish the value (Enter) or put it back (Escape).
        </p>
      </Show>
      <div aria-live="polite">
        <Show when={props.store.saving()}>
          <p class="muted small">Solving and saving…</p>
        </Show>
        <Show when={saved()}>
          {(s) => (
            <p class="save-ok small" data-testid="save-ok">
              Saved “{s().name}”:{' '}
              {s().status === 'optimal'
                ? `NPV ${formatUsd(s().npvUsd)}`
                : `no optimum (${s().status})`}
              .
            </p>
          )}
        </Show>
      </div>
      <Show when={props.store.saveError()}>
        {(e) => (
          <div class="banner error-banner" role="alert" data-testid="save-error">
            <strong>Not saved.</strong> {e().message}
            <Show when={e().issues.length}>
              <ul>
                <For each={e().issues.slice(0, 6)}>
                  {(i) => (
                    <li>
                      <code>{i.path}</code>: {i.message}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
    </form>
  );
}
