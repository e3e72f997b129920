/**
 * @module components/ScenarioEditor — every scenario input, grouped: general, site, fleet, market,
 * HPC offers, financing, tax.
 */
import { createMemo, For, Show } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import {
  FINANCING_FIELDS,
  FINANCING_SECTIONS,
  FLEET_FIELDS,
  FLOOR_FIELDS,
  FLOOR_PATH,
  GENERAL_FIELDS,
  GRID_ADDITION_FIELDS,
  PROJECTION_FIELDS,
  REFRESH_FIELDS,
  SITE_FIELDS,
  TAX_FIELDS,
  issueLabel,
} from '../lib/fields';
import { FLOOR_DEFAULTS, newGridAddition, REFRESH_DEFAULTS, TAX_DEFAULTS } from '../lib/templates';
import { joinPath } from '../lib/paths';
import { sitesOf } from '../lib/portfolio';
import { useApp } from '../stores/context';
import { Field, fieldId, useFieldErrors } from './Field';
import { FieldRows } from './FieldRows';
import { OffersPanel } from './OffersPanel';
import { Panel } from './Panel';
import { PowerMarketInputs } from './PowerMarketInputs';
import { SiteList } from './SiteList';

/** Problems or warnings, each a link to its field (by label) and its message. */
function FieldLinks(props: { items: readonly { path: string; message: string }[] }) {
  return (
    <ul>
      <For each={props.items}>
        {(i) => (
          <li data-path={i.path}>
            <a
              href={`#${fieldId(i.path)}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(fieldId(i.path))?.focus();
              }}
            >
              {issueLabel(i.path)}
            </a>
            : {i.message}
          </li>
        )}
      </For>
    </ul>
  );
}

/** A checkbox that switches an optional section on (with defaults) or off. */
function SectionToggle(props: { path: string; label: string; defaults: Record<string, unknown> }) {
  const app = useApp();
  const id = () => `${fieldId(props.path)}-on`;
  return (
    <label class="check section-toggle" for={id()}>
      <input
        id={id()}
        type="checkbox"
        checked={app.scenario.get(props.path) !== undefined}
        onChange={(e) =>
          app.scenario.set(
            props.path,
            e.currentTarget.checked ? structuredClone(props.defaults) : undefined,
          )
        }
      />
      {props.label}
    </label>
  );
}

function GridAdditions() {
  const app = useApp();
  return (
    <fieldset class="sub">
      <legend>Grid additions</legend>
      <FieldRows
        path={joinPath(app.scenario.siteBase(), 'site.gridAdditions')}
        fields={GRID_ADDITION_FIELDS}
        noun="grid addition"
        addLabel="+ Add grid capacity"
        newItem={() => newGridAddition(app.scenario.get('startMonth') as string)}
      />
    </fieldset>
  );
}

function HashpriceInputs() {
  const app = useApp();
  const kind = () =>
    (app.scenario.get('market.hashprice.kind') as string | undefined) ?? 'projection';
  const seriesErrors = useFieldErrors(() => 'market.hashprice.usdPerPhDay');
  const series = () =>
    ((app.scenario.get('market.hashprice.usdPerPhDay') as number[] | undefined) ?? []).join(', ');
  const switchTo = (k: string) => {
    const s = app.scenario.scenario() as ScenarioInput;
    if (k === 'series') {
      const answered = app.solve
        .answer()
        ?.result.months.map((m) => Number(m.hashpriceUsdPerPhDay.toFixed(2)));
      const values =
        answered?.length === s.horizonMonths
          ? answered
          : Array.from({ length: s.horizonMonths }, () => 40);
      app.scenario.set('market.hashprice', { kind: 'series', usdPerPhDay: values });
    } else {
      app.scenario.set('market.hashprice', {
        kind: 'projection',
        btcUsd: 90000,
        btcGrowthPerYear: 0.1,
        networkEhs: 1050,
        networkGrowthPerYear: 0.25,
        feesBtcPerBlock: 0.02,
        halvingMonth: '2028-04',
      });
    }
  };
  return (
    <>
      <div class="field">
        <label for="f-hashprice-kind">Hashprice</label>
        <select
          id="f-hashprice-kind"
          value={kind()}
          onChange={(e) => switchTo(e.currentTarget.value)}
        >
          <option value="projection">Projected from BTC price and network hashrate</option>
          <option value="series">A monthly series I enter</option>
        </select>
      </div>
      <Show
        when={kind() === 'projection'}
        fallback={
          <div
            class="field"
            classList={{ invalid: seriesErrors().length > 0 }}
            data-field="market.hashprice.usdPerPhDay"
          >
            <label for="f-market-hashprice-usdPerPhDay">
              Hashprice by month ($/PH/day, comma-separated)
            </label>
            <textarea
              id="f-market-hashprice-usdPerPhDay"
              rows="4"
              value={series()}
              aria-describedby="f-market-hashprice-usdPerPhDay-err"
              onChange={(e) =>
                app.scenario.set(
                  'market.hashprice.usdPerPhDay',
                  e.currentTarget.value
                    .split(/[\s,;]+/)
                    .filter(Boolean)
                    .map(Number),
                )
              }
            />
            <p class="error" id="f-market-hashprice-usdPerPhDay-err">
              <For each={seriesErrors()}>{(e) => <span>{e.message}</span>}</For>
            </p>
          </div>
        }
      >
        <For each={PROJECTION_FIELDS}>{(def) => <Field def={def} />}</For>
        <SectionToggle
          path={FLOOR_PATH}
          label="Hashprice floor (the marginal machines' cash cost)"
          defaults={FLOOR_DEFAULTS}
        />
        <Show when={app.scenario.get(FLOOR_PATH) !== undefined}>
          <fieldset class="sub" data-testid="hashprice-floor">
            <legend>Hashprice floor</legend>
            <For each={FLOOR_FIELDS}>{(def) => <Field def={def} base={FLOOR_PATH} />}</For>
          </fieldset>
        </Show>
      </Show>
    </>
  );
}

/** The grouped editor of the whole scenario, with a summary of the inputs at fault on top. */
export function ScenarioEditor() {
  const app = useApp();
  const issues = createMemo(() => app.issues());
  // The site's own panels edit the picked site of a portfolio (`sites.<i>.site…`), else the
  // top-level fields.
  const base = () => app.scenario.siteBase();
  const at = (rel: string) => joinPath(base(), rel);
  const siteName = () => {
    const sites = sitesOf(app.scenario.scenario());
    const x = sites?.[app.scenario.site()];
    return x ? ` — ${x.name || x.id}` : '';
  };
  return (
    <form class="editor" aria-label="Scenario inputs" onSubmit={(e) => e.preventDefault()}>
      <Show when={issues().length > 0}>
        <div class="issues-summary" role="alert" data-testid="issues-summary">
          <strong>
            Check {issues().length === 1 ? 'this input' : `these ${issues().length} inputs`}:
          </strong>
          <FieldLinks items={issues()} />
        </div>
      </Show>
      <Show when={app.scenario.warnings().length > 0}>
        <div class="banner warn-banner" role="status" data-testid="scenario-warnings">
          <strong>Valid, but worth a second look:</strong>
          <FieldLinks items={app.scenario.warnings()} />
        </div>
      </Show>
      <Panel title="Scenario" paths={['name', 'startMonth', 'horizonMonths', 'solve.minBuildMW']}>
        <For each={GENERAL_FIELDS}>{(def) => <Field def={def} />}</For>
      </Panel>
      <SiteList />
      <Panel title={`Site and power${siteName()}`} paths={[at('site')]} open>
        <For each={SITE_FIELDS}>{(def) => <Field def={def} base={base()} />}</For>
        <GridAdditions />
        <PowerMarketInputs />
      </Panel>
      <Panel title={`Mining fleet${siteName()}`} paths={[at('fleet')]}>
        <For each={FLEET_FIELDS}>{(def) => <Field def={def} base={base()} />}</For>
        <SectionToggle
          path={at('fleet.refresh')}
          label="May buy newer ASICs (refresh)"
          defaults={REFRESH_DEFAULTS}
        />
        <Show when={app.scenario.get(at('fleet.refresh')) !== undefined}>
          <fieldset class="sub">
            <legend>Refresh</legend>
            <For each={REFRESH_FIELDS}>{(def) => <Field def={def} base={base()} />}</For>
          </fieldset>
        </Show>
      </Panel>
      <Panel title="Market" paths={['market']}>
        <HashpriceInputs />
      </Panel>
      <OffersPanel />
      <Panel title="Financing" paths={['financing', 'valuation.discountRates']}>
        <For each={FINANCING_FIELDS}>{(def) => <Field def={def} />}</For>
        <For each={FINANCING_SECTIONS}>
          {(section) => (
            <>
              <SectionToggle
                path={section.path}
                label={section.title}
                defaults={section.defaults}
              />
              <Show when={app.scenario.get(section.path) !== undefined}>
                <fieldset class="sub">
                  <legend>{section.title}</legend>
                  <For each={section.fields}>
                    {(def) => <Field def={def} base={section.path} />}
                  </For>
                </fieldset>
              </Show>
            </>
          )}
        </For>
      </Panel>
      <Panel title="Tax" paths={['tax']} testId="tax-panel">
        <SectionToggle path="tax" label="Income tax (after-tax NPV)" defaults={TAX_DEFAULTS} />
        <Show
          when={app.scenario.get('tax') !== undefined}
          fallback={<p class="muted small">Off: every figure is before tax.</p>}
        >
          <fieldset class="sub">
            <legend>Tax</legend>
            <For each={TAX_FIELDS}>{(def) => <Field def={def} base="tax" />}</For>
          </fieldset>
        </Show>
      </Panel>
    </form>
  );
}
