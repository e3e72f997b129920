/** @module components/OffersPanel — the HPC/AI hosting offers: one group of inputs each; add and remove. */
import { For, Index, Show } from 'solid-js';
import { LIMITS, type ScenarioInput } from '../../../model/schema';
import { CREDIT_FIELDS, newOffer, OFFER_FIELDS } from '../lib/fields';
import { offerColor } from '../charts/scales';
import { useApp } from '../stores/context';
import { Field } from './Field';
import { Panel } from './Panel';

/** The offers panel: each offer in its own fieldset with a remove button; "Add offer" up to the limit. */
export function OffersPanel() {
  const app = useApp();
  const offers = () => (app.scenario.scenario() as ScenarioInput | undefined)?.hpcOptions ?? [];
  const add = () => {
    const s = app.scenario.scenario();
    if (!s) return;
    app.scenario.push('hpcOptions', newOffer(s.hpcOptions.map((o) => o.id), s.startMonth));
  };
  return (
    <Panel title={`HPC / AI offers (${offers().length})`} paths={['hpcOptions']} open testId="offers-panel">
      <Show when={offers().length === 0}>
        <p class="muted">No offer: the site can only mine. Add an offer to weigh a lease against mining.</p>
      </Show>
      <Index each={offers()}>
        {(offer, i) => (
          <fieldset class="sub offer" data-testid={`offer-${i}`}>
            <legend>
              <span class="swatch" style={{ background: offerColor(i) }} aria-hidden="true" />
              {offer().name || `Offer ${i + 1}`}
            </legend>
            <For each={OFFER_FIELDS}>{(def) => <Field def={def} base={`hpcOptions.${i}`} />}</For>
            <fieldset class="sub credit" data-testid={`offer-${i}-credit`}>
              <legend>Tenant credit</legend>
              <For each={CREDIT_FIELDS}>{(def) => <Field def={def} base={`hpcOptions.${i}`} />}</For>
            </fieldset>
            <button
              type="button"
              class="danger-button"
              onClick={() => app.scenario.removeAt('hpcOptions', i)}
              aria-label={`Remove offer ${offer().name || i + 1}`}
            >
              Remove this offer
            </button>
          </fieldset>
        )}
      </Index>
      <button type="button" class="secondary-button" onClick={add} disabled={offers().length >= LIMITS.maxHpcOptions}>
        + Add an HPC offer
      </button>
    </Panel>
  );
}
