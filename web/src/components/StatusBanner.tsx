/**
 * @module components/StatusBanner — loading, error and no-answer states of a request, stated
 * plainly.
 */
import { For, Match, Show, Switch } from 'solid-js';
import type { SolveResult } from '../../../model/schema';
import type { ApiRequestError } from '../lib/api';
import { formatMonth, formatMW, formatUsd } from '../lib/format';

/** A spinner line while a request for the inputs on screen is under way. */
export function Loading(props: { label?: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? 'Solving…'}
    </div>
  );
}

/** A failed request: what went wrong, and a retry button when it may help. */
export function RequestError(props: { error: ApiRequestError; onRetry?: () => void }) {
  return (
    <div class="banner error-banner" role="alert" data-testid="request-error">
      <strong>
        {props.error.status === 0
          ? 'No connection to the Switchyard server.'
          : 'The request failed.'}
      </strong>{' '}
      {props.error.message}
      <Show when={props.error.retryAfterSeconds}>
        {(s) => <span> Trying again in {s()} s.</span>}
      </Show>
      <Show when={props.onRetry}>
        {' '}
        <button type="button" class="secondary-button" onClick={() => props.onRetry?.()}>
          Try again
        </button>
      </Show>
    </div>
  );
}

/**
 * Whether an answer has a plan to show: optimal, or stopped by its time limit with the best plan
 * found (a MILP's, or one without cohorts under the minimum build).
 */
export const hasPlan = (r: SolveResult): boolean =>
  r.status === 'optimal' || (r.status === 'timedout' && r.npvUsd != null && r.plan != null);

/** `text` with its first letter a capital, and a full stop (the API's messages are phrases). */
const sentence = (text: string) =>
  text ? `${text[0].toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}` : '';

/** A plan found before the time limit stopped the solve: the plan stands, with how good it is. */
export function TimeLimitNotice(props: { result: SolveResult }) {
  return (
    <div class="banner warn-banner" role="status" data-testid="time-limit">
      <strong>The solve hit its time limit: this is the best plan found.</strong>{' '}
      {sentence(props.result.message ?? '')}
    </div>
  );
}

/** An answer without a plan: infeasible (with the diagnosis), timed out, or a solver error. */
export function NoPlan(props: { result: SolveResult }) {
  return (
    <div class="banner warn-banner" role="alert" data-testid="no-plan">
      <Switch
        fallback={
          <strong>
            The solver could not answer: {props.result.message ?? props.result.status}.
          </strong>
        }
      >
        <Match when={props.result.status === 'infeasible'}>
          <strong>No plan meets every constraint.</strong>
          <Show when={props.result.diagnosis?.length}>
            <ul>
              <For each={props.result.diagnosis}>
                {(d) => (
                  <li>
                    {d.message}
                    <Show when={d.month}> ({formatMonth(d.month)})</Show>
                    <Show when={d.shortfall > 0}>
                      {' '}
                      <strong>
                        Way out: find{' '}
                        {d.unit === 'USD' ? formatUsd(d.shortfall) : formatMW(d.shortfall)} more
                      </strong>
                      {d.unit === 'USD'
                        ? ' (a larger facility, more starting cash or equity, or a later start).'
                        : ' (more grid, or fewer MW committed).'}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Match>
        <Match when={props.result.status === 'timedout'}>
          <strong>The solve hit its time limit.</strong> {props.result.message}
        </Match>
      </Switch>
    </div>
  );
}
