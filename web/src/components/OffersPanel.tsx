/**
 * @module components/OffersPanel — the HPC/AI offers, leases or GPU clouds: one group of inputs
 * each (the kind's own fields apart); add and remove.
 */
import { createMemo, For, Index, Show } from 'solid-js';
import { LIMITS, type ScenarioInput } from '../../../model/schema';
import { CLOUD_OFFER_FIELDS, LEASE_OFFER_FIELDS, OFFER_COMMON_FIELDS } from '../lib/fields';
import { newOffer, withKind } from '../lib/templates';
import { offerKind } from '../lib/kinds';
import { joinPath } from '../lib/paths';
import { offersOf, sitesOf } from '../lib/portfolio';
import { offerColor } from '../charts/scales';
import { useApp } from '../stores/context';
import { Field } from './Field';
import { Panel } from './Panel';

/**
 * The offers panel: each offer in its own fieldset with a remove button; "Add offer" up to the
 * limit.
 */
export function OffersPanel() {
  const app = useApp();
  // In a portfolio the panel shows the picked site's offers; a new offer's id is unique over all
  // sites.
  const path = () => joinPath(app.scenario.siteBase(), 'hpcOptions');
  const offers = () => (app.scenario.get(path()) as ScenarioInput['hpcOptions'] | undefined) ?? [];
  const first = () => {
    const s = app.scenario.scenario();
    const sites = s && sitesOf(s);
    return sites
      ? sites.slice(0, app.scenario.site()).reduce((n, x) => n + x.hpcOptions.length, 0)
      : 0;
  };
  const add = (kind: 'lease' | 'cloud') => {
    const s = app.scenario.scenario();
    if (!s) return;
    app.scenario.push(
      path(),
      newOffer(
        offersOf(s).map((o) => o.id),
        s.startMonth,
        kind,
      ),
    );
  };
  return (
    <Panel
      title={`HPC / AI offers (${offers().length})`}
      paths={[path()]}
      open
      testId="offers-panel"
    >
      <Show when={offers().length === 0}>
        <p class="muted">
          No offer: the site can only mine. Add an offer to weigh a lease against mining.
        </p>
      </Show>
      <Index each={offers()}>
        {(offer, i) => {
          // The kind alone: a slider moving this offer's rent does not set the picker again.
          const kind = createMemo(() => offerKind(offer()));
          return (
            <fieldset class="sub offer" data-testid={`offer-${i}`}>
              <legend>
                <span
                  class="swatch"
                  style={{ background: offerColor(first() + i) }}
                  aria-hidden="true"
                />
                {offer().name || `Offer ${i + 1}`}
              </legend>
              <div class="field">
                <label for={`f-hpcOptions-${i}-kind`}>Kind</label>
                <select
                  id={`f-hpcOptions-${i}-kind`}
                  value={kind()}
                  onChange={(e) =>
                    app.scenario.set(
                      `${path()}.${i}`,
                      withKind(
                        offer() as Record<string, unknown>,
                        e.currentTarget.value as 'lease' | 'cloud',
                      ),
                    )
                  }
                >
                  <option value="lease">Lease to a tenant</option>
                  <option value="cloud">GPU cloud (own GPUs, sell compute)</option>
                </select>
              </div>
              <For each={OFFER_COMMON_FIELDS}>
                {(def) => <Field def={def} base={`${path()}.${i}`} />}
              </For>
              <fieldset class="sub own" data-testid={`offer-${i}-own`}>
                <legend>{kind() === 'cloud' ? 'GPU cloud' : 'Lease and tenant credit'}</legend>
                <For each={kind() === 'cloud' ? CLOUD_OFFER_FIELDS : LEASE_OFFER_FIELDS}>
                  {(def) => <Field def={def} base={`${path()}.${i}`} />}
                </For>
              </fieldset>
              <button
                type="button"
                class="danger-button"
                onClick={() => app.scenario.removeAt(path(), i)}
                aria-label={`Remove offer ${offer().name || i + 1}`}
              >
                Remove this offer
              </button>
            </fieldset>
          );
        }}
      </Index>
      <button
        type="button"
        class="secondary-button"
        onClick={() => add('lease')}
        disabled={offers().length >= LIMITS.maxHpcOptions}
      >
        + Add a lease offer
      </button>
      <button
        type="button"
        class="secondary-button"
        onClick={() => add('cloud')}
        disabled={offers().length >= LIMITS.maxHpcOptions}
      >
        + Add a GPU cloud option
      </button>
    </Panel>
  );
}
