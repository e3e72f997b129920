/**
 * @module components/RiskModeInputs — the Risk view's choice of Monte Carlo (docs/montecarlo.md):
 * the policy simulator or the hindsight bound, each with one line on what it means; the share of
 * mined BTC kept (the treasury, policy only); and, when the scenario has a tax block, why the run
 * is the hindsight bound.
 */
import { For, Show } from 'solid-js';
import { MODE_NOTES, TAX_NOTE, type RiskMode } from '../lib/risk-mode';
import type { RiskStore } from '../stores/risk';

const MODES: readonly { mode: RiskMode; label: string }[] = [
  { mode: 'policy', label: 'Policy' },
  { mode: 'hindsight', label: 'Hindsight bound' },
];

/** The mode switch and the treasury input of the Risk view. */
export function RiskModeInputs(props: { store: RiskStore }) {
  const store = () => props.store;
  const asked = () => (store().form().mode === 'hindsight' ? 'hindsight' : 'policy');
  const sent = () => store().request()?.mode;
  const forcedByTax = () => asked() === 'policy' && sent() === 'hindsight';
  const issue = () =>
    store()
      .issues()
      .find((i) => i.field === 'holdSharePct')?.message;
  const set = (field: 'mode' | 'holdSharePct', value: string) =>
    store().setForm((f) => ({ ...f, [field]: value }));

  return (
    <div class="risk-mode" data-testid="risk-mode" data-mode={sent() ?? asked()}>
      <div class="case-measure" role="group" aria-label="Monte Carlo mode">
        <For each={MODES}>
          {(m) => (
            <button
              type="button"
              class="secondary-button"
              aria-pressed={asked() === m.mode}
              data-testid={`risk-mode-${m.mode}`}
              onClick={() => set('mode', m.mode)}
            >
              {m.label}
            </button>
          )}
        </For>
      </div>
      <p class="muted small" data-testid="risk-mode-note">
        {MODE_NOTES[asked()]}
      </p>
      <Show when={forcedByTax()}>
        <p class="risk-tax-note" role="status" data-testid="risk-tax-note">
          {TAX_NOTE}{' '}
          <button type="button" class="link-button" onClick={() => set('mode', 'hindsight')}>
            Switch to the hindsight bound
          </button>
        </p>
      </Show>
      <Show when={asked() === 'policy' && !forcedByTax()}>
        <label>
          BTC kept from mining <span class="unit">% (blank: none)</span>
          <input
            inputmode="decimal"
            value={store().form().holdSharePct}
            data-field="holdSharePct"
            aria-invalid={!!issue()}
            onInput={(e) => set('holdSharePct', e.currentTarget.value)}
          />
        </label>
        <Show when={issue()}>{(m) => <p class="error">{m()}</p>}</Show>
      </Show>
    </div>
  );
}
