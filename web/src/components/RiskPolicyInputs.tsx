/**
 * @module components/RiskPolicyInputs — the policy run's own inputs in the Risk view
 * (docs/montecarlo.md): idle months before a fleet is sold, delivery slips and capex overruns, each
 * with its unit, one line on what it does and its problem in those units.
 */
import { For } from 'solid-js';
import { POLICY_FIELDS } from '../lib/risk-policy';
import type { RiskStore } from '../stores/risk';
import { RiskInput } from './RiskInput';

/** The rule's idle limit and the risks sampled per path (policy mode only). */
export function RiskPolicyInputs(props: { store: RiskStore }) {
  return (
    <fieldset class="case-form" data-testid="risk-policy">
      <legend class="muted small">The rule and the deal’s risks, sampled per path</legend>
      <For each={POLICY_FIELDS}>
        {(d) => (
          <RiskInput store={props.store} field={d.field} label={d.label} unit={d.unit}>
            <p class="muted small">{d.note}</p>
          </RiskInput>
        )}
      </For>
    </fieldset>
  );
}
