/**
 * @module components/Headline — the answer in one sentence with the plan's phases, the NPV after
 * and before tax side by side when the scenario has a tax block, and the red flags under it.
 */
import { createMemo, For, Index, Show } from 'solid-js';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import { formatUsd } from '../lib/format';
import { afterTaxNpv, makeHeadline, riskFlags } from '../lib/headline';
import { v3Kpis } from '../lib/kpis';
import { ValueBridgeChart } from '../charts/ValueBridgeChart';
import { useApp } from '../stores/context';

/**
 * The headline of an optimal answer. The lease breakeven joins it once its search (run in the
 * background) is in.
 */
export function Headline(props: {
  result: SolveResult;
  scenario: ScenarioInput;
  /** A dragged slider's preview: no reason yet (the complete answer brings it). */
  preview?: boolean;
}) {
  const app = useApp();
  // A preview's reason is the last one, marked as being updated, so that the view does not jump
  // on every step of a drag.
  const reason = createMemo<SolveResult['reason']>(
    (last) => props.result.reason ?? (props.preview ? last : undefined),
  );
  const breakeven = () =>
    app.leaseBreakeven.current() ? app.leaseBreakeven.value()?.value : undefined;
  const h = () => makeHeadline(props.result, props.scenario, breakeven());
  const flags = () => riskFlags(props.result, props.scenario);
  const tax = () => afterTaxNpv(props.result, props.scenario);
  // The waterfall only when the answer has both the bridge and the uplift it adds up to.
  const bridge = () => {
    const k = props.result.kpis;
    const data = k ? v3Kpis(k).valueBridge : undefined;
    const upliftUsd = k?.npvVsMiningOnlyUsd;
    return data && upliftUsd != null ? { data, upliftUsd } : undefined;
  };
  // The lists are drawn by position: a slider's next answer rewrites their words in the same nodes.
  return (
    <section
      class="headline"
      aria-label="What to do"
      data-testid="headline"
      data-breakeven={breakeven() ?? ''}
      data-uplift={props.result.kpis?.npvVsMiningOnlyUsd ?? ''}
      data-irr={props.result.kpis?.conversionIrrPerYear ?? ''}
    >
      <div class="headline-row">
        <div class="headline-text">
          <h2 data-testid="verdict">{h().verdict}</h2>
          <Show when={tax()}>
            {(t) => (
              <dl
                class="tax-npv"
                data-testid="tax-npv"
                data-after-tax={t().afterTaxUsd}
                data-before-tax={t().beforeTaxUsd}
              >
                <div>
                  <dt>NPV after tax</dt>
                  <dd data-testid="npv-after-tax">{formatUsd(t().afterTaxUsd)}</dd>
                </div>
                <div>
                  <dt>Same plan before tax</dt>
                  <dd data-testid="npv-before-tax">{formatUsd(t().beforeTaxUsd)}</dd>
                </div>
              </dl>
            )}
          </Show>
          <Show when={reason()}>
            {(r) => (
              <div
                class="reason"
                classList={{ pending: !props.result.reason }}
                data-testid="reason"
                data-pending={props.result.reason ? undefined : ''}
              >
                <p data-testid="reason-decision">{r().decision}.</p>
                <ul class="reason-because" aria-label="Why">
                  <Index each={r().because}>{(b) => <li>{b()}.</li>}</Index>
                </ul>
              </div>
            )}
          </Show>
          <Show when={h().phases.length}>
            <ul class="phases" data-testid="phases">
              <Index each={h().phases}>{(p) => <li>{p()}</li>}</Index>
            </ul>
          </Show>
          <Show when={flags().length}>
            <ul class="red-flags" data-testid="red-flags" aria-label="Red flags">
              <Index each={flags()}>{(f) => <li data-flag={f().key}>{f().text}</li>}</Index>
            </ul>
          </Show>
          <For each={h().notes}>{(n) => <p class="muted small">{n}</p>}</For>
        </div>
        <Show when={bridge()}>
          {(b) => <ValueBridgeChart data={b().data} upliftUsd={b().upliftUsd} />}
        </Show>
      </div>
    </section>
  );
}
