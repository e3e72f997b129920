/**
 * @module components/OptimumView — the optimal plan for the inputs on screen: states, KPIs, plan
 * summary, charts.
 */
import { Index, Show } from 'solid-js';
import { planDecisions } from '../lib/diff';
import { formatNumber } from '../lib/format';
import { useApp } from '../stores/context';
import { Headline } from './Headline';
import { KpiStrip } from './KpiStrip';
import { ResultCharts } from './ResultCharts';
import { hasPlan, NoPlan, TimeLimitNotice } from './StatusBanner';
import { UncertaintyPanel } from './UncertaintyPanel';
import { offersOf, sitesOf } from '../lib/portfolio';
import { PortfolioView } from './PortfolioView';

/**
 * The main view. Shows the newest answer; dims it while a newer one takes long (`LATE_MS`) to solve.
 */
export function OptimumView() {
  const app = useApp();
  const answer = () => app.solve.answer();
  return (
    <Show when={answer()} fallback={<div class="placeholder" aria-hidden="true" />}>
      {(a) => (
        <div
          class="optimum"
          classList={{ stale: app.solve.late() }}
          data-testid="optimum"
          data-answer={a().key.length}
          aria-busy={!app.solve.current()}
        >
          <Show when={a().result.status === 'timedout' && hasPlan(a().result)}>
            <TimeLimitNotice result={a().result} />
          </Show>
          <Show when={hasPlan(a().result)}>
            <Headline result={a().result} scenario={a().scenario} preview={a().preview} />
          </Show>
          <KpiStrip answer={a()} previous={app.solve.previous()} />
          <Show when={hasPlan(a().result)} fallback={<NoPlan result={a().result} />}>
            <section class="plan-summary" data-testid="plan-summary" aria-label="The plan">
              <h2>
                {a().result.status === 'optimal' ? 'The optimal plan' : 'The best plan found'}
              </h2>
              <ul class="decisions">
                <Index
                  each={planDecisions(a().result.plan, offersOf(a().scenario), a().result.months)}
                >
                  {(d) => <li>{d()}</li>}
                </Index>
              </ul>
              <p class="muted small solver-line" data-solve-ms={a().result.solver.ms}>
                {' '}
                Solved by {a().result.solver.name} in {formatNumber(a().result.solver.ms, 0)} ms (
                {formatNumber(a().result.solver.variables, 0)} variables
                {a().result.solver.mipGap != null
                  ? `, MIP gap ${formatNumber((a().result.solver.mipGap ?? 0) * 100, 3)} %`
                  : ''}
                ).
              </p>
            </section>
          </Show>
          <Show when={hasPlan(a().result) && sitesOf(a().scenario)}>
            <PortfolioView result={a().result} scenario={a().scenario} answerKey={String(a().at)} />
          </Show>
          {/* No chart is drawn from an answer without a plan: the diagnosis above takes its place. */}
          <Show when={hasPlan(a().result) && a().result.months.length}>
            <ResultCharts result={a().result} scenario={a().scenario} answerKey={String(a().at)} />
          </Show>
          <UncertaintyPanel />
        </div>
      )}
    </Show>
  );
}
