/**
 * @module components/SiteList — the scenario's sites: pick the one the panels below edit; add,
 * duplicate, remove.
 */
import { For, Show } from 'solid-js';
import { LIMITS } from '../../../model/schema';
import { addSite, duplicateSite, removeSite, sitesOf } from '../lib/portfolio';
import { formatMW } from '../lib/format';
import { useApp } from '../stores/context';
import { Field } from './Field';
import { Panel } from './Panel';

const SITE_NAME = { path: 'name', label: 'Site name', kind: 'text' } as const;
const SITE_ID = {
  path: 'id',
  label: 'Site id',
  kind: 'text',
  hint: 'lower-case letters, digits and -',
} as const;

/**
 * The site list. A single-site scenario shows its one site and "Add a site" (which makes it a
 * portfolio, the site's inputs kept as site 1); in a portfolio each site can be picked, duplicated
 * or removed (not the last).
 */
export function SiteList() {
  const app = useApp();
  const sites = () => sitesOf(app.scenario.scenario());
  const count = () => sites()?.length ?? 1;
  const add = () => {
    app.scenario.update(addSite);
    app.scenario.selectSite(count() - 1);
  };
  const duplicate = (i: number) => {
    app.scenario.update((s) => duplicateSite(s, i));
    app.scenario.selectSite(i + 1);
  };
  const remove = (i: number) => {
    app.scenario.update((s) => removeSite(s, i));
    if (app.scenario.site() >= i && i > 0) app.scenario.selectSite(app.scenario.site() - 1);
  };
  return (
    <Panel title={`Sites (${count()})`} paths={['sites']} open testId="site-list">
      <Show
        when={sites()}
        fallback={
          <p class="muted small">
            One site. Add a site to weigh several sites on one balance sheet: which converts first,
            with what money.
          </p>
        }
      >
        {(list) => (
          <ul class="site-list">
            <For each={list()}>
              {(x, i) => (
                <li
                  class="site-item"
                  classList={{ selected: i() === app.scenario.site() }}
                  data-testid={`site-${i()}`}
                  data-site={x.id}
                >
                  <button
                    type="button"
                    class="site-pick"
                    aria-pressed={i() === app.scenario.site()}
                    onClick={() => app.scenario.selectSite(i())}
                    title="Edit this site's power, fleet and offers below"
                  >
                    <span class="site-name">{x.name || x.id}</span>
                    <span class="muted small">
                      {formatMW(x.site.gridMW)} · {x.hpcOptions.length} offer
                      {x.hpcOptions.length === 1 ? '' : 's'}
                    </span>
                  </button>
                  <button
                    type="button"
                    class="link-button small"
                    aria-label={`Duplicate ${x.name || x.id}`}
                    disabled={count() >= LIMITS.maxSites}
                    onClick={() => duplicate(i())}
                    data-testid="duplicate-site"
                  >
                    Duplicate
                  </button>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={`Remove ${x.name || x.id}`}
                    title="Remove this site"
                    disabled={count() <= 1}
                    onClick={() => remove(i())}
                    data-testid="remove-site"
                  >
                    ✕
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <Show when={sites()}>
        <div class="row-fields">
          <Field def={SITE_NAME} base={app.scenario.siteBase()} />
          <Field def={SITE_ID} base={app.scenario.siteBase()} />
        </div>
      </Show>
      <button
        type="button"
        class="secondary-button"
        data-testid="add-site"
        onClick={add}
        disabled={count() >= LIMITS.maxSites}
      >
        + Add a site
      </button>
    </Panel>
  );
}
