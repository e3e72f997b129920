/**
 * @module components/Panel — a collapsible group of inputs whose header counts the errors inside
 * it.
 */
import { createEffect, createMemo, Show, type JSX } from 'solid-js';
import { pathMatches } from '../lib/paths';
import { useApp } from '../stores/context';

/**
 * A `<details>` panel; opens itself when an error appears under one of `paths`, and closes only when
 * the user closes it (never as an error clears: a field being edited keeps its panel and focus).
 */
export function Panel(props: {
  title: string;
  paths: readonly string[];
  open?: boolean;
  children: JSX.Element;
  testId?: string;
}) {
  const app = useApp();
  const count = createMemo(
    () => app.issues().filter((i) => props.paths.some((p) => pathMatches(i.path, p))).length,
  );
  let details: HTMLDetailsElement | undefined;
  createEffect(() => {
    if (details && count() > 0) details.open = true;
  });
  return (
    <details ref={details} class="panel" open={props.open} data-testid={props.testId}>
      <summary>
        <span class="panel-title">{props.title}</span>
        <Show when={count() > 0}>
          <span class="badge error-badge">
            {count()} error{count() === 1 ? '' : 's'}
          </span>
        </Show>
      </summary>
      <div class="panel-body">{props.children}</div>
    </details>
  );
}
