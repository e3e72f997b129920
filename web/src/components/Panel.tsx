/**
 * @module components/Panel — a collapsible group of inputs whose header counts the errors inside
 * it.
 */
import { createMemo, Show, type JSX } from 'solid-js';
import { pathMatches } from '../lib/paths';
import { useApp } from '../stores/context';

/** A `<details>` panel; opens itself when the API reports an error under one of `paths`. */
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
  return (
    <details class="panel" open={props.open || count() > 0} data-testid={props.testId}>
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
