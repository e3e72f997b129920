/**
 * @module components/RiskModeInputs — the Risk view's choice of Monte Carlo (docs/montecarlo.md):
 * the policy simulator or the hindsight bound, each with one line on what it means; the share of
 * mined BTC kept and a loan against it (the treasury, policy only); the rule's idle limit and the
 * risks sampled per path (RiskPolicyInputs, policy only).
 */
import { For, Show } from 'solid-js';
import { MODE_NOTES, type RiskMode } from '../lib/risk-mode';
import type { RiskForm } from '../lib/risk';
import type { RiskStore } from '../stores/risk';
import { RiskInput } from './RiskInput';
import { RiskPolicyInputs } from './RiskPolicyInputs';

const MODES: readonly { mode: RiskMode; label: string }[] = [
  { mode: 'policy', label: 'Policy' },
  { mode: 'hindsight', label: 'Hindsight bound' },
];

/** The treasury's inputs; the loan's show once some BTC is kept. */
const TREASURY: readonly { field: keyof RiskForm; label: string; unit: string }[] = [
  { field: 'holdSharePct', label: 'BTC kept from mining', unit: '% (blank: none)' },
  { field: 'loanMaxLtvPct', label: 'BTC loan, most LTV', unit: '% (blank: no loan)' },
  { field: 'loanRatePct', label: 'BTC loan rate', unit: '%/yr' },
  { field: 'marginCallLtvPct', label: 'Margin call above LTV', unit: '%' },
];

/** The mode switch and the treasury input of the Risk view. */
export function RiskModeInputs(props: { store: RiskStore }) {
  const store = () => props.store;
  const asked = () => (store().form().mode === 'hindsight' ? 'hindsight' : 'policy');
  const sent = () => store().request()?.mode;
  const set = (field: keyof RiskForm, value: string) =>
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
      <Show when={asked() === 'policy'}>
        <div class="case-form">
          <For each={TREASURY}>
            {(d) => (
              <Show when={d.field === 'holdSharePct' || store().form().holdSharePct.trim()}>
                <RiskInput store={store()} field={d.field} label={d.label} unit={d.unit} />
              </Show>
            )}
          </For>
        </div>
        <RiskPolicyInputs store={store()} />
      </Show>
    </div>
  );
}
