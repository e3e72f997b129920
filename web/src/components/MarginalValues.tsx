/**
 * @module components/MarginalValues — what one more unit is worth: a MW of grid, $1M of facility, a
 * month earlier commencement.
 */
import { For, Show } from 'solid-js';
import type { MarginalValues as Values } from '../../../model/schema';
import { formatUsdDelta } from '../lib/format';
import '../analyses.css';

type Key = 'gridMWUsd' | 'facilityPerMillionUsd' | 'earlierCommencementUsd';

/** The three values, each with its unit and what it means. */
export const MARGINAL_DEFS: readonly { key: Key; label: string; unit: string; hint: string }[] = [
  {
    key: 'gridMWUsd',
    label: '+1 MW of grid',
    unit: 'NPV per MW',
    hint: 'NPV gained from one more MW of grid capacity in every month, re-optimised',
  },
  {
    key: 'facilityPerMillionUsd',
    label: '+$1M of facility',
    unit: 'NPV per $1M',
    hint: 'NPV gained from $1M more revolving-facility limit',
  },
  {
    key: 'earlierCommencementUsd',
    label: '1 month earlier lease start',
    unit: 'NPV',
    hint:
      'NPV gained if every HPC offer commenced one month earlier ' +
      '(one month less to build, same capex), re-optimised',
  },
];

const METHOD: Record<string, string> = {
  dual: 'from the LP duals (the optimal basis holds over the step)',
  resolve: 'by re-solving with the step applied',
  'not-computed': 'not computed',
  'not-applicable': 'not applicable',
};

/** Why a value is missing, in a few words. */
function missing(key: Key, method: string | undefined, elsewhere?: string): string {
  if (method === 'not-applicable')
    return key === 'facilityPerMillionUsd' ? 'n/a: no facility' : 'n/a: no build can be shorter';
  if (method === 'not-computed') return elsewhere ?? 'not computed';
  return '—';
}

/**
 * Marginal values beside the KPIs, with units and a one-line explanation. `values` is the optimize
 * answer's `marginalValues` (absent when switched off). `elsewhere` says where a value not computed
 * here can be seen.
 */
export function MarginalValues(props: {
  values: Values | null | undefined;
  elsewhere?: string;
  loading?: boolean;
}) {
  return (
    <div class="marginals" data-testid="marginal-values" aria-label="Marginal values" role="group">
      <p class="marginals-intro">
        <strong>Marginal values</strong>{' '}
        <span class="muted">
          — the change in NPV from one more unit of each, with the plan re-optimised.
        </span>
      </p>
      <Show
        when={props.values}
        fallback={
          <p class="muted small">
            {props.loading
              ? 'Computing…'
              : 'Not in this answer (solve.marginalValues is off, or there is no optimum).'}
          </p>
        }
      >
        {(v) => (
          <ul class="marginal-list">
            <For each={MARGINAL_DEFS}>
              {(d) => {
                const value = () => v()[d.key];
                const method = () => v().methods[d.key];
                return (
                  <li
                    class="marginal"
                    data-testid={`marginal-${d.key}`}
                    data-value={value() == null ? '' : String(value())}
                    title={`${d.hint}; ${METHOD[method()] ?? method()}.`}
                  >
                    <span class="marginal-label">{d.label}</span>
                    <Show
                      when={value() != null}
                      fallback={
                        <span class="marginal-value muted">
                          {missing(d.key, method(), props.elsewhere)}
                        </span>
                      }
                    >
                      <span class="marginal-value">
                        {formatUsdDelta(value())} <span class="marginal-unit">{d.unit}</span>
                      </span>
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
        )}
      </Show>
    </div>
  );
}
