/**
 * @module components/PowerMarketInputs — the site's power market in the editor: price bins (one
 * list for every month, or one per calendar month) with their share of hours and price, a
 * fixed-price contract, the demand-response credit and the 4CP-style transmission charge
 * (`site.powerMarket`).
 */
import { createSignal, For, Show } from 'solid-js';
import { LIMITS } from '../../../model/schema';
import {
  CALENDAR_MONTHS,
  CONTRACT_FIELDS,
  POWER_MARKET_FIELDS,
  PRICE_BIN_FIELDS,
} from '../lib/fields';
import { CONTRACT_DEFAULTS, newPowerMarket } from '../lib/templates';
import { joinPath } from '../lib/paths';
import { useApp } from '../stores/context';
import { Field, fieldId, useFieldErrors } from './Field';
import { FieldRows } from './FieldRows';

/** The bins of one list (at `path`), one row each, with add and remove (1–8). */
function BinList(props: { path: string; caption: string }) {
  const app = useApp();
  return (
    <div class="bin-list" data-testid="price-bins" data-path={props.path}>
      <p class="small muted">{props.caption}</p>
      <FieldRows
        path={props.path}
        fields={PRICE_BIN_FIELDS}
        noun="price bin"
        addLabel="+ Add a price bin"
        min={1}
        max={LIMITS.maxPriceBins}
        rowName={(b, n) =>
          `Bin ${b + 1}${n > 1 && b === 0 ? ' (first)' : n > 1 && b === n - 1 ? ' (last, peak)' : ''}`
        }
        newItem={() => ({
          hoursShare: 0,
          priceUsdPerMWh:
            (app.scenario.get(
              joinPath(app.scenario.siteBase(), 'site.energyUsdPerMWh'),
            ) as number) ?? 40,
        })}
      />
    </div>
  );
}

/** The power market's inputs; a checkbox switches between one flat price and the market. */
export function PowerMarketInputs() {
  const app = useApp();
  // The picked site's market (a portfolio's sites each have their own).
  const BASE = () => joinPath(app.scenario.siteBase(), 'site.powerMarket');
  const on = () => app.scenario.get(BASE()) !== undefined;
  const byMonth = () =>
    Array.isArray((app.scenario.get(`${BASE()}.priceBins`) as unknown[] | undefined)?.[0]);
  const [month, setMonth] = createSignal(0);
  const listErrors = useFieldErrors(() => `${BASE()}.priceBins`);
  const ownErrors = () => listErrors().filter((e) => e.path === `${BASE()}.priceBins`);
  const setByMonth = (by: boolean) => {
    const bins = app.scenario.get(`${BASE()}.priceBins`) as unknown[];
    if (by === byMonth()) return;
    // By month: every month starts as the one list; one list: January's.
    app.scenario.set(
      `${BASE()}.priceBins`,
      by ? CALENDAR_MONTHS.map(() => structuredClone(bins)) : structuredClone(bins[0]),
    );
    setMonth(0);
  };
  return (
    <fieldset class="sub power-market" data-testid="power-market">
      <legend>Power market</legend>
      <label class="check section-toggle" for={`${fieldId(BASE())}-on`}>
        <input
          id={`${fieldId(BASE())}-on`}
          type="checkbox"
          checked={on()}
          onChange={(e) =>
            app.scenario.set(
              BASE(),
              e.currentTarget.checked
                ? newPowerMarket(
                    (app.scenario.get(
                      joinPath(app.scenario.siteBase(), 'site.energyUsdPerMWh'),
                    ) as number) ?? 40,
                  )
                : undefined,
            )
          }
        />
        Prices by hour bands (price bins), credits and charges
      </label>
      <Show when={on()}>
        <p class="muted small">
          The bins' prices replace the power price above. Mining may stop in dear bins; HPC draws
          its MW in every bin.
        </p>
        <div class="field">
          <label for="f-power-bins-by">Bins</label>
          <select
            id="f-power-bins-by"
            value={byMonth() ? 'month' : 'one'}
            onChange={(e) => setByMonth(e.currentTarget.value === 'month')}
          >
            <option value="one">The same bins every month</option>
            <option value="month">Bins by calendar month</option>
          </select>
        </div>
        <Show when={byMonth()}>
          <div class="field">
            <label for="f-power-bins-month">Calendar month</label>
            <select
              id="f-power-bins-month"
              value={month()}
              onChange={(e) => setMonth(Number(e.currentTarget.value))}
            >
              <For each={CALENDAR_MONTHS}>{(m, i) => <option value={i()}>{m}</option>}</For>
            </select>
          </div>
        </Show>
        <div
          class="field bins"
          classList={{ invalid: ownErrors().length > 0 }}
          data-field={`${BASE()}.priceBins`}
        >
          <Show
            when={byMonth()}
            fallback={
              <BinList
                path={`${BASE()}.priceBins`}
                caption="Each month's hours in 1–8 bins; the shares add up to 100 %."
              />
            }
          >
            <BinList
              path={`${BASE()}.priceBins.${month()}`}
              caption={`${CALENDAR_MONTHS[month()]}'s hours in 1–8 bins; the shares add up to 100 %.`}
            />
          </Show>
          <p
            class="error"
            id={`${fieldId(`${BASE()}.priceBins`)}-err`}
            role={ownErrors().length ? 'alert' : undefined}
          >
            <For each={ownErrors()}>{(e) => <span>{e.message}</span>}</For>
          </p>
        </div>
        <For each={POWER_MARKET_FIELDS}>{(def) => <Field def={def} base={BASE()} />}</For>
        <label class="check section-toggle" for={`${fieldId(`${BASE()}.contract`)}-on`}>
          <input
            id={`${fieldId(`${BASE()}.contract`)}-on`}
            type="checkbox"
            checked={app.scenario.get(`${BASE()}.contract`) !== undefined}
            onChange={(e) =>
              app.scenario.set(
                `${BASE()}.contract`,
                e.currentTarget.checked ? { ...CONTRACT_DEFAULTS } : undefined,
              )
            }
          />
          A fixed-price power contract (a hedge)
        </label>
        <Show when={app.scenario.get(`${BASE()}.contract`) !== undefined}>
          <For each={CONTRACT_FIELDS}>
            {(def) => <Field def={def} base={`${BASE()}.contract`} />}
          </For>
        </Show>
      </Show>
    </fieldset>
  );
}
