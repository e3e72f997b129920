/**
 * @module components/PlanEditor — edit one user plan: its name, build schedule (offer, start month,
 * MW) and ASIC refreshes.
 */
import { For, Index, Show } from 'solid-js';
import type { Plan, ScenarioInput } from '../../../model/schema';
import type { FieldIssue } from '../lib/api';
import { pathMatches } from '../lib/paths';
import type { UserPlan } from '../stores/plans';
import { useApp } from '../stores/context';
import { offerLabel, offersOf, refreshSites, siteOfOffer } from '../lib/portfolio';

function RowErrors(props: { issues: readonly FieldIssue[]; path: string; exact?: boolean }) {
  const mine = () =>
    props.issues.filter((i) =>
      props.exact ? i.path === props.path : pathMatches(i.path, props.path),
    );
  return (
    <Show when={mine().length}>
      <span class="error row-error" role="alert">
        <For each={mine()}>{(i) => <span>{i.message}</span>}</For>
      </span>
    </Show>
  );
}

/**
 * The editor of `plan`; every change is saved and re-evaluated. `issues` are the API's for this
 * plan.
 */
export function PlanEditor(props: { plan: UserPlan; issues: readonly FieldIssue[] }) {
  const app = useApp();
  const scenario = () => app.scenario.scenario() as ScenarioInput;
  const set = (plan: Plan) => app.plans.update(props.plan.id, { plan });
  const setBuild = (i: number, patch: Partial<Plan['builds'][number]>) =>
    set({
      ...props.plan.plan,
      builds: props.plan.plan.builds.map((b, j) => (j === i ? { ...b, ...patch } : b)),
    });
  const setRefresh = (i: number, patch: Partial<Plan['refreshes'][number]>) =>
    set({
      ...props.plan.plan,
      refreshes: props.plan.plan.refreshes.map((b, j) => (j === i ? { ...b, ...patch } : b)),
    });
  const mwOf = (v: string) =>
    v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
  const idp = () => `plan-${props.plan.id}`;

  return (
    <div class="plan-editor" data-testid="plan-editor">
      <div class="field">
        <label for={`${idp()}-name`}>Plan name</label>
        <input
          id={`${idp()}-name`}
          type="text"
          value={props.plan.name}
          onChange={(e) =>
            app.plans.update(props.plan.id, { name: e.currentTarget.value || 'Untitled plan' })
          }
        />
      </div>
      <table class="schedule" aria-label="Build schedule">
        <caption>HPC conversions: grid MW whose build starts in a month</caption>
        <thead>
          <tr>
            <th scope="col">Offer</th>
            <th scope="col">Start month</th>
            <th scope="col">Grid MW</th>
            <th scope="col">
              <span class="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <Index each={props.plan.plan.builds}>
            {(b, i) => (
              <tr>
                <td>
                  <select
                    aria-label={`Offer of build ${i + 1}`}
                    value={b().optionId}
                    onChange={(e) =>
                      setBuild(i, {
                        optionId: e.currentTarget.value,
                        siteId: siteOfOffer(scenario(), e.currentTarget.value),
                      })
                    }
                  >
                    <For each={offersOf(scenario())}>
                      {(o) => <option value={o.id}>{offerLabel(scenario(), o.id)}</option>}
                    </For>
                    <Show when={!offersOf(scenario()).some((o) => o.id === b().optionId)}>
                      <option value={b().optionId}>{b().optionId} (not in scenario)</option>
                    </Show>
                  </select>
                </td>
                <td>
                  <input
                    type="month"
                    aria-label={`Start month of build ${i + 1}`}
                    value={b().month}
                    onChange={(e) =>
                      e.currentTarget.value && setBuild(i, { month: e.currentTarget.value })
                    }
                  />
                  <RowErrors issues={props.issues} path={`plan.builds.${i}.month`} />
                </td>
                <td>
                  <input
                    type="number"
                    step="any"
                    aria-label={`Grid MW of build ${i + 1}`}
                    value={b().mw}
                    onInput={(e) => {
                      const mw = mwOf(e.currentTarget.value);
                      if (mw !== undefined) setBuild(i, { mw });
                    }}
                  />
                  <RowErrors issues={props.issues} path={`plan.builds.${i}.mw`} />
                  <RowErrors issues={props.issues} path={`plan.builds.${i}.optionId`} />
                  <RowErrors issues={props.issues} path={`plan.builds.${i}`} exact />
                </td>
                <td>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={`Remove build ${i + 1}`}
                    onClick={() =>
                      set({
                        ...props.plan.plan,
                        builds: props.plan.plan.builds.filter((_, j) => j !== i),
                      })
                    }
                  >
                    ✕
                  </button>
                </td>
              </tr>
            )}
          </Index>
        </tbody>
      </table>
      <button
        type="button"
        class="link-button"
        disabled={offersOf(scenario()).length === 0}
        onClick={() =>
          set({
            ...props.plan.plan,
            builds: [
              ...props.plan.plan.builds,
              {
                optionId: offersOf(scenario())[0].id,
                siteId: siteOfOffer(scenario(), offersOf(scenario())[0].id),
                month: scenario().startMonth,
                mw: 10,
              },
            ],
          })
        }
      >
        + Add a conversion
      </button>
      <Show when={refreshSites(scenario()).length}>
        <table class="schedule" aria-label="ASIC refreshes">
          <caption>New ASICs bought (grid MW)</caption>
          <thead>
            <tr>
              <Show when={refreshSites(scenario())[0]?.id}>
                <th scope="col">Site</th>
              </Show>
              <th scope="col">Month</th>
              <th scope="col">Grid MW</th>
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <Index each={props.plan.plan.refreshes}>
              {(r, i) => (
                <tr>
                  {/* In a portfolio each purchase is for one site's fleet (its siteId). */}
                  <Show when={refreshSites(scenario())[0]?.id}>
                    <td>
                      <select
                        aria-label={`Site of refresh ${i + 1}`}
                        value={(r() as { siteId?: string }).siteId ?? ''}
                        onChange={(e) => setRefresh(i, { siteId: e.currentTarget.value })}
                      >
                        <For each={refreshSites(scenario())}>
                          {(x) => <option value={x.id}>{x.name}</option>}
                        </For>
                      </select>
                    </td>
                  </Show>
                  <td>
                    <input
                      type="month"
                      aria-label={`Month of refresh ${i + 1}`}
                      value={r().month}
                      onChange={(e) =>
                        e.currentTarget.value && setRefresh(i, { month: e.currentTarget.value })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      step="any"
                      aria-label={`Grid MW of refresh ${i + 1}`}
                      value={r().mw}
                      onInput={(e) => {
                        const mw = mwOf(e.currentTarget.value);
                        if (mw !== undefined) setRefresh(i, { mw });
                      }}
                    />
                    <RowErrors issues={props.issues} path={`plan.refreshes.${i}`} />
                  </td>
                  <td>
                    <button
                      type="button"
                      class="icon-button"
                      aria-label={`Remove refresh ${i + 1}`}
                      onClick={() =>
                        set({
                          ...props.plan.plan,
                          refreshes: props.plan.plan.refreshes.filter((_, j) => j !== i),
                        })
                      }
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              )}
            </Index>
          </tbody>
        </table>
        <button
          type="button"
          class="link-button"
          onClick={() =>
            set({
              ...props.plan.plan,
              refreshes: [
                ...props.plan.plan.refreshes,
                { siteId: refreshSites(scenario())[0]?.id, month: scenario().startMonth, mw: 10 },
              ],
            })
          }
        >
          + Add a refresh purchase
        </button>
      </Show>
      <For each={props.issues.filter((i) => !/^plan\.(builds|refreshes)\.\d+/.test(i.path))}>
        {(i) => (
          <p class="error" role="alert">
            {i.message}
          </p>
        )}
      </For>
    </div>
  );
}
