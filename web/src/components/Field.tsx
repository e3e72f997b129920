/**
 * @module components/Field — one labelled scenario input with its unit and the API's errors for its
 * path.
 */
import { createEffect, createMemo, createSignal, For, Match, Show, Switch } from 'solid-js';
import { fromDisplay, toDisplay, type FieldDef } from '../lib/fields';
import { pathMatches } from '../lib/paths';
import { useApp } from '../stores/context';

/** A DOM id from a dot path (`site.gridMW` → `f-site-gridMW`). */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Errors the API gave for `path` (or inside it). */
export function useFieldErrors(path: () => string) {
  const app = useApp();
  return createMemo(() => app.issues().filter((i) => pathMatches(i.path, path())));
}

/**
 * An input bound to the scenario at `base` + `def.path`. Numbers are shown in display units
 * (`$M`, `%`); text that is not a number yet is kept in the box and flagged, not sent.
 */
export function Field(props: { def: FieldDef; base?: string }) {
  const app = useApp();
  const path = () => (props.base ? `${props.base}.${props.def.path}` : props.def.path);
  const id = () => fieldId(path());
  const errors = useFieldErrors(path);
  const [localError, setLocalError] = createSignal<string>();
  const value = () => app.scenario.get(path());
  let input: HTMLInputElement | undefined;

  // Write the store's value into the box only when it differs from what is typed, so typing
  // "1.0" on the way to "1.05" is not rewritten to "1".
  createEffect(() => {
    const v = value();
    if (!input || props.def.kind === 'bool') return;
    if (props.def.kind === 'number' || props.def.kind === 'int') {
      const shown = typeof v === 'number' ? toDisplay(v, props.def.scale) : undefined;
      if (shown === undefined) {
        if (typeof v !== 'number' && input.value !== '' && !localError()) input.value = '';
      } else if (input.value === '' || Number(input.value) !== shown) {
        input.value = String(shown);
        setLocalError(undefined);
      }
    } else {
      const text = typeof v === 'string' ? v : '';
      if (input.value !== text) input.value = text;
    }
  });

  const onInput = (e: InputEvent & { currentTarget: HTMLInputElement }) => {
    const raw = e.currentTarget.value.trim();
    const def = props.def;
    if (def.kind === 'number' || def.kind === 'int') {
      if (raw === '') {
        // Empty: an optional key is removed; a required one too, so the check in the browser marks
        // it (counted on its panel and listed on top like any other error) and nothing is sent.
        setLocalError(undefined);
        app.scenario.set(path(), undefined);
        return;
      }
      const n = Number(raw);
      if (!Number.isFinite(n)) {
        setLocalError(`“${raw}” is not a number`);
        return;
      }
      setLocalError(undefined);
      app.scenario.set(path(), fromDisplay(n, def.scale));
    } else if (def.kind === 'month' || def.kind === 'text') {
      app.scenario.set(path(), raw === '' && def.optional ? undefined : raw);
    }
  };

  const describedBy = () =>
    [props.def.hint ? `${id()}-hint` : '', `${id()}-err`].filter(Boolean).join(' ');
  const invalid = () => errors().length > 0 || !!localError();

  return (
    <div
      class="field"
      classList={{
        invalid: invalid(),
        bool: props.def.kind === 'bool',
        wide: props.def.kind === 'text',
      }}
      data-field={path()}
    >
      <Switch>
        <Match when={props.def.kind === 'bool'}>
          <label class="check">
            <input
              id={id()}
              type="checkbox"
              checked={value() === true}
              aria-invalid={invalid()}
              aria-describedby={describedBy()}
              onChange={(e) => app.scenario.set(path(), e.currentTarget.checked)}
            />
            {props.def.label}
          </label>
        </Match>
        <Match when={true}>
          <label for={id()}>
            {props.def.label}
            <Show when={props.def.unit}>
              <span class="sr-only"> ({props.def.unit})</span>
            </Show>
          </label>
          <div class="input-unit">
            <input
              ref={input}
              id={id()}
              name={path()}
              type={props.def.kind === 'number' || props.def.kind === 'int' ? 'number' : 'text'}
              step={props.def.kind === 'int' ? '1' : 'any'}
              inputmode={
                props.def.kind === 'number'
                  ? 'decimal'
                  : props.def.kind === 'int'
                    ? 'numeric'
                    : undefined
              }
              placeholder={
                props.def.placeholder ??
                (props.def.kind === 'month'
                  ? 'YYYY-MM'
                  : props.def.optional
                    ? 'optional'
                    : undefined)
              }
              autocomplete="off"
              aria-invalid={invalid()}
              aria-describedby={describedBy()}
              onInput={onInput}
            />
            <Show when={props.def.unit}>
              <span class="unit" aria-hidden="true">
                {props.def.unit}
              </span>
            </Show>
          </div>
        </Match>
      </Switch>
      <Show when={props.def.hint}>
        <p class="hint" id={`${id()}-hint`}>
          {props.def.hint}
        </p>
      </Show>
      <p class="error" id={`${id()}-err`} role={invalid() ? 'alert' : undefined}>
        <Show when={localError()}>{(m) => <span>{m()}</span>}</Show>
        <For each={errors()}>{(e) => <span>{e.message}</span>}</For>
      </p>
    </div>
  );
}
