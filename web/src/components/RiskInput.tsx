/**
 * @module components/RiskInput — one input of the Risk view: its label and unit, what it holds as
 * typed, any note under it and its problem in its units (lib/risk checks them).
 */
import { type JSX, Show } from 'solid-js';
import type { RiskForm } from '../lib/risk';
import type { RiskStore } from '../stores/risk';

/** The input of `field` in the Risk view's form; `children` sit under it (a note). */
export function RiskInput(props: {
  store: RiskStore;
  field: keyof RiskForm;
  label: string;
  unit: string;
  children?: JSX.Element;
}) {
  const issue = () => props.store.issues().find((i) => i.field === props.field)?.message;
  return (
    <div>
      <label>
        {props.label} <span class="unit">{props.unit}</span>
        <input
          inputmode="decimal"
          value={props.store.form()[props.field] ?? ''}
          data-field={props.field}
          aria-invalid={!!issue()}
          onInput={(e) => {
            const value = e.currentTarget.value;
            props.store.setForm((f) => ({ ...f, [props.field]: value }));
          }}
        />
      </label>
      {props.children}
      <Show when={issue()}>{(m) => <p class="error">{m()}</p>}</Show>
    </div>
  );
}
