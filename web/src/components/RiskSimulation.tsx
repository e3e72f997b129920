/**
 * @module components/RiskSimulation — what the Monte Carlo answer adds for the policy simulator
 * (docs/montecarlo.md): which mode ran and how fast, the share of paths hit by each risk, the BTC
 * held at the end and the margin calls when a treasury keeps BTC, and the fan of hashprice paths.
 */
import { Show } from 'solid-js';
import { HashpriceFanChart } from '../charts/HashpriceFanChart';
import { formatNumber, formatPct } from '../lib/format';
import type { MonteCarloAnswer } from '../lib/montecarlo-api';
import { MODE_NOTES } from '../lib/risk-mode';

const btc = (v: number | undefined) => (v === undefined ? '—' : `${formatNumber(v, 1)} BTC`);

/** The simulator's figures of one answer. */
export function RiskSimulation(props: { answer: MonteCarloAnswer }) {
  const a = () => props.answer;
  const sim = () => a().simulation;
  // With a treasury some path ends holding BTC or meets a margin call; without one both are zero.
  const held = () => {
    const b = a().plan.btcHeldPercentiles;
    return b && (b.p95 > 0 || (a().plan.marginCallShare ?? 0) > 0) ? b : undefined;
  };
  return (
    <div class="risk-simulation" data-testid="risk-simulation" data-mode={sim()?.mode}>
      <Show when={sim()}>
        {(s) => (
          <p class="muted small" data-testid="risk-ran">
            Ran {MODE_NOTES[s().mode]}
            <Show when={s().pathsPerSecond}>
              {(r) => (
                <span data-testid="risk-paths-per-second">
                  {' '}
                  · {formatNumber(r(), 0)} paths/s per thread
                </span>
              )}
            </Show>
          </p>
        )}
      </Show>
      <Show when={a().plan.riskShares}>
        {(r) => (
          <dl class="case-figures" data-testid="risk-shares" aria-label="Share of paths hit">
            <div>
              <dt>Paths with a tenant default</dt>
              <dd data-testid="risk-share-tenantDefault">{formatPct(r().tenantDefault)}</dd>
            </div>
            <div>
              <dt>Paths with a slipped build</dt>
              <dd data-testid="risk-share-slip">{formatPct(r().slip)}</dd>
            </div>
            <div>
              <dt>Paths with a capex overrun</dt>
              <dd data-testid="risk-share-capexOverrun">{formatPct(r().capexOverrun)}</dd>
            </div>
          </dl>
        )}
      </Show>
      <Show when={held()}>
        {(b) => (
          <dl class="case-figures" data-testid="risk-treasury" aria-label="BTC treasury">
            <div>
              <dt>BTC held at the end, median (p5–p95)</dt>
              <dd data-testid="risk-btc-held">
                {btc(b().p50)} ({btc(b().p5)}–{btc(b().p95)})
              </dd>
            </div>
            <div>
              <dt>Paths with a margin call</dt>
              <dd data-testid="risk-margin-calls">{formatPct(a().plan.marginCallShare)}</dd>
            </div>
          </dl>
        )}
      </Show>
      <Show when={a().hashpriceFan}>{(f) => <HashpriceFanChart data={f()} />}</Show>
    </div>
  );
}
