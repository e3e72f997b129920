/**
 * @module components/WaysCompare — keep mining, lease, GPU cloud and the optimum over every offer,
 * side by side: each optimised by the API for the scenario on screen, with what it is worth against
 * mining and, with a power market, the power credits and 4CP charges it earns and pays and the
 * flexibility it gives up.
 */
import { For, Show } from 'solid-js';
import type { SolveResult } from '../../../model/schema';
import { describePlan } from '../lib/diff';
import { waysToUsePower } from '../lib/kinds';
import { FLEX_KPI_DEFS, KPI_DEFS } from '../lib/kpis';
import { useApp } from '../stores/context';
import { createLatest } from '../stores/latest';
import { KpiRow } from './KpiRow';
import { Loading, RequestError } from './StatusBanner';

/** NPV, then the figures against mining; the power market's only when the scenario has one. */
const MARKET_ONLY = ['power-credits', 'transmission', 'flex-given-up'];
const SHOWN = [KPI_DEFS[0], ...FLEX_KPI_DEFS];

/**
 * The side-by-side table; it asks the API only while it is on screen, once per change of the
 * (valid) inputs.
 */
export function WaysCompare() {
  const app = useApp();
  const answers = createLatest(
    () => {
      const s = app.scenario.valid();
      return s ? { key: app.scenario.key(), scenario: s } : undefined;
    },
    async (input, signal) => {
      const out: { id: string; label: string; result: SolveResult }[] = [];
      // One at a time: the server's solvers are shared with the optimum and the plans.
      for (const w of waysToUsePower(input.scenario))
        out.push({
          id: w.id,
          label: w.label,
          result: await app.solves.optimize(w.scenario, signal),
        });
      return out;
    },
    { debounceMs: 400, maxWaitMs: 2000, leading: false },
  );
  const optimum = () => (app.solve.current() ? app.solve.answer()?.result : undefined);
  const columns = () => {
    const ways = answers.value() ?? [];
    const opt = optimum();
    // With both kinds of offer the optimum over all of them is a column of its own; with one it is
    // that kind's.
    return ways.filter((w) => w.id !== 'mining').length > 1 && opt
      ? [...ways, { id: 'optimum', label: 'Optimum (every offer)', result: opt }]
      : ways;
  };
  const hasMarket = () => app.scenario.get('site.powerMarket') !== undefined;
  const offers = () => app.scenario.scenario()?.hpcOptions ?? [];
  return (
    <section
      class="ways"
      data-testid="ways-compare"
      data-state={answers.current() ? 'ready' : 'loading'}
      classList={{ stale: !answers.current() }}
      aria-label="Lease, cloud or keep mining"
    >
      <h3>
        Lease, cloud or keep mining{' '}
        <Show when={!answers.current() && !answers.error()}>
          <Loading label="Optimising each way…" />
        </Show>
      </h3>
      <p class="muted small">
        Each column is the optimum with only that kind of offer.
        <Show
          when={hasMarket()}
          fallback={
            " Add a power market (Site and power) to value mining's flexibility: " +
            'the credits it earns and the peak charges it avoids.'
          }
        >
          {' '}
          “Flexibility given up” is what converting costs in demand-response credits the flexible
          load would have earned and 4CP charges it would have avoided.
        </Show>
      </p>
      <Show when={columns().length}>
        <div class="table-scroll">
          <table class="compare" data-testid="ways-table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <For each={columns()}>
                  {(c) => (
                    <th scope="col" data-way={c.id}>
                      {c.label}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Plan</th>
                <For each={columns()}>
                  {(c) => (
                    <td class="small">
                      {c.result.status === 'optimal'
                        ? describePlan(c.result.plan, offers())
                        : c.result.status}
                    </td>
                  )}
                </For>
              </tr>
              <For each={SHOWN.filter((d) => hasMarket() || !MARKET_ONLY.includes(d.key))}>
                {(def) => (
                  <KpiRow def={def}>
                    <For each={columns()}>
                      {(c) => (
                        <td
                          data-way={c.id}
                          data-value={c.result.kpis ? String(def.raw(c.result.kpis) ?? '') : ''}
                        >
                          {c.result.kpis ? def.value(c.result.kpis) : '—'}
                        </td>
                      )}
                    </For>
                  </KpiRow>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={answers.error()}>
        {(e) => <RequestError error={e()} onRetry={answers.retry} />}
      </Show>
    </section>
  );
}
