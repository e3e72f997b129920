/**
 * @module components/AnalysesView — how sure the optimum is and where it flips, for the scenario on
 * screen: marginal values, the tornado, breakeven statements and the decision map. Everything
 * re-runs when an input changes, once.
 */
import { Show } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { useApp } from '../stores/context';
import { BreakevenPanel } from './BreakevenPanel';
import { MapPanel } from './MapPanel';
import { MarginalValues } from './MarginalValues';
import { RequestError } from './StatusBanner';
import { TornadoPanel } from './TornadoPanel';
import '../analyses.css';

/**
 * The analyses view. Its requests run while it is on screen: leaving it aborts them, so the
 * server's analysis threads are free for the optimisations of the other views; coming back with the
 * same inputs re-runs nothing.
 */
export function AnalysesView() {
  const app = useApp();
  const store = app.analyses;
  const scenario = () => app.scenario.scenario() as ScenarioInput;
  return (
    <div class="analyses-view" data-testid="analyses-view">
      <section
        class="analysis-panel"
        aria-label="Marginal values"
        data-testid="marginal-panel"
        classList={{ stale: !store.marginals.current() && !!store.marginals.value() }}
      >
        <Show
          when={store.marginals.error()}
          fallback={
            <MarginalValues values={store.marginals.value()} loading={store.marginals.loading()} />
          }
        >
          {(e) => <RequestError error={e()} onRetry={store.marginals.retry} />}
        </Show>
      </section>
      <div class="analyses-grid">
        <TornadoPanel tornado={store.tornado} scenario={scenario()} />
        <BreakevenPanel breakevens={store.breakevens} scenario={scenario()} />
      </div>
      <MapPanel map={store.map} scenario={scenario()} />
    </div>
  );
}
