/**
 * @module components/Field — one labelled scenario input with its unit and the API's errors for its
 * path.
 */
import { createEffect, createMemo, For, Match, on, onCleanup, Show, Switch } from 'solid-js';
import { draftText, parseDraft } from '../lib/draft';
import type { FieldDef } from '../lib/fields';
import { pathMatches } from '../lib/paths';
import { sameIssues } from '../lib/validate';
import { useApp } from '../stores/context';

/** A DOM id from a dot path (`site.gridMW` → `f-site-gridMW`). */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Errors the API gave for `path` (or inside it). */
export function useFieldErrors(path: () => string) {
  const app = useApp();
  return createMemo(() => app.issues().filter((i) => pathMatches(i.path, path())), undefined, {
    equals: sameIssues,
  });
}

/** How long typing must pause before a valid value is committed (and solved), ms. */
export const COMMIT_PAUSE_MS = 800;

/**
 * An input bound to the scenario at `base` + `def.path`. Numbers are shown in display units
 * (`$M`, `%`), months as `Jan 2027`. What is typed is a draft until it is a valid, complete value
 * and the typing pauses, the box loses the focus or Enter is pressed: only then is it committed
 * (and solved), so no keystroke on the way is. A draft that is not valid is flagged beside the box
 * and counted with the scenario's problems (nothing is sent meanwhile); Escape puts back the
 * stored value.
 */
export function Field(props: { def: FieldDef; base?: string }) {
  const app = useApp();
  const path = () => (props.base ? `${props.base}.${props.def.path}` : props.def.path);
  const id = () => `${fieldId(path())}`;
  const errors = useFieldErrors(path);
  const value = createMemo(() => app.scenario.get(path()));
  let input: HTMLInputElement | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draftPath: string | undefined;
  const clearDraft = () => {
    clearTimeout(timer);
    if (draftPath !== undefined) app.scenario.setDraft(draftPath, undefined);
    draftPath = undefined;
  };
  onCleanup(clearDraft);

  // The stored value changed (a commit, a slider, another scenario): the box shows it, unless what
  // is typed already stands for it ("1.0" on the way to "1.05" is not rewritten to "1").
  createEffect(
    on([value, path], ([v]) => {
      clearDraft();
      if (!input || props.def.kind === 'bool') return;
      const typed = parseDraft(props.def, input.value);
      if (!(typed.ok && typed.value === v)) input.value = draftText(props.def, v);
    }),
  );

  /** The typed text's value when it may be committed; else the draft is recorded with why not. */
  const check = (): { value: unknown } | undefined => {
    const text = input?.value ?? '';
    const parsed = parseDraft(props.def, text);
    // The stored value itself is never checked again (an empty optional field inside a section that
    // is off would otherwise be checked as that section with an empty key).
    if (parsed.ok && parsed.value === value()) return { value: parsed.value };
    const problem = parsed.ok
      ? app.scenario.checkAt(path(), parsed.value)[0]?.message
      : parsed.message;
    if (parsed.ok && !problem) return { value: parsed.value };
    draftPath = path();
    app.scenario.setDraft(draftPath, { text, message: problem });
    return undefined;
  };
  const commit = () => {
    clearTimeout(timer);
    const ok = check();
    if (!ok) return;
    if (ok.value === value()) clearDraft();
    else app.scenario.set(path(), ok.value);
  };
  const onInput = () => {
    clearTimeout(timer);
    const ok = check();
    if (!ok) return;
    if (ok.value === value()) return clearDraft();
    draftPath = path();
    app.scenario.setDraft(draftPath, { text: input?.value ?? '' });
    timer = setTimeout(commit, COMMIT_PAUSE_MS);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && draftPath !== undefined && input) {
      input.value = draftText(props.def, value());
      clearDraft();
    }
  };

  const describedBy = () =>
    [props.def.hint ? `${id()}-hint` : '', `${id()}-err`].filter(Boolean).join(' ');
  const invalid = () => errors().length > 0;

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
              type="text"
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
                  ? 'Jan 2027'
                  : props.def.optional
                    ? 'optional'
                    : undefined)
              }
              autocomplete="off"
              aria-invalid={invalid()}
              aria-describedby={describedBy()}
              onInput={onInput}
              onBlur={commit}
              onKeyDown={onKeyDown}
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
        <For each={errors()}>{(e) => <span>{e.message}</span>}</For>
      </p>
    </div>
  );
}
