/**
 * @module components/FieldRows — a list in the scenario edited as rows of fields, each removable,
 * with an add button.
 */
import { For, Index, Show } from 'solid-js';
import type { FieldDef } from '../lib/fields';
import { useApp } from '../stores/context';
import { Field } from './Field';

/**
 * The items of the array at `path`, one row of `fields` each; `noun` names them in the buttons
 * ("grid addition").
 */
export function FieldRows(props: {
  path: string;
  fields: readonly FieldDef[];
  noun: string;
  addLabel: string;
  newItem: () => unknown;
  min?: number;
  max?: number;
  /** A name shown at the start of row `i` of `n`. */
  rowName?: (i: number, n: number) => string;
}) {
  const app = useApp();
  const list = () => (app.scenario.get(props.path) as unknown[] | undefined) ?? [];
  return (
    <>
      <Index each={list()}>
        {(_, i) => (
          <div class="row-fields" data-row={i}>
            <Show when={props.rowName}>
              {(name) => <span class="row-name">{name()(i, list().length)}</span>}
            </Show>
            <For each={props.fields}>
              {(def) => <Field def={def} base={`${props.path}.${i}`} />}
            </For>
            <button
              type="button"
              class="icon-button"
              aria-label={`Remove ${props.noun} ${i + 1}`}
              disabled={list().length <= (props.min ?? 0)}
              onClick={() => app.scenario.removeAt(props.path, i)}
            >
              ✕
            </button>
          </div>
        )}
      </Index>
      <button
        type="button"
        class="link-button"
        disabled={list().length >= (props.max ?? Infinity)}
        onClick={() => app.scenario.push(props.path, props.newItem())}
      >
        {props.addLabel}
      </button>
    </>
  );
}
