/** @module components/ResultCharts — the four charts of one answer, sharing the hovered month. */
import { createMemo } from 'solid-js';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import { AllocationChart } from '../charts/AllocationChart';
import { CashDebtChart } from '../charts/CashDebtChart';
import { CashFlowChart } from '../charts/CashFlowChart';
import { HashpriceChart, type HashpriceLevel } from '../charts/HashpriceChart';
import { COLORS, DASHES } from '../charts/scales';
import { useApp } from '../stores/context';
import { offersOf, sitesOf } from '../lib/portfolio';

/** Allocation, hashprice, cash/debt and cash-flow charts for `result` under `scenario`. */
export function ResultCharts(props: {
  result: SolveResult;
  scenario: ScenarioInput;
  answerKey?: string;
}) {
  const app = useApp();
  // The fleets' breakevens come with the answer (the browser recomputes no physics); none is drawn
  // without them.
  const levels = createMemo<HashpriceLevel[]>(() => {
    const sent = props.result.breakevens;
    // A portfolio's sites have their own power and fleets: one breakeven line would speak for none
    // of them.
    if (!sent || sitesOf(props.scenario)) return [];
    const out: HashpriceLevel[] = [
      {
        label: 'Breakeven, existing fleet',
        usdPerPhDay: sent.existingUsdPerPhDay,
        color: COLORS.breakeven,
        dash: DASHES.breakeven,
        key: 'breakeven:existing',
      },
    ];
    if (sent.refreshUsdPerPhDay != null) {
      out.push({
        label: 'Breakeven, refreshed fleet',
        usdPerPhDay: sent.refreshUsdPerPhDay,
        color: COLORS.breakevenRefresh,
        dash: DASHES.breakevenRefresh,
        key: 'breakeven:refresh',
      });
    }
    return out;
  });
  const halving = () =>
    props.scenario.market.hashprice.kind === 'projection'
      ? props.scenario.market.hashprice.halvingMonth
      : undefined;
  return (
    <div class="chart-grid">
      <div class="chart-wide">
        <AllocationChart
          data={props.result.months}
          offers={offersOf(props.scenario)}
          hover={app.hover()}
          onHover={app.setHover}
          testId="allocation-chart"
          answerKey={props.answerKey}
        />
      </div>
      <HashpriceChart
        data={props.result.months}
        halvingMonth={halving()}
        levels={levels()}
        hover={app.hover()}
        onHover={app.setHover}
      />
      <CashDebtChart
        data={props.result.months}
        minCashUsd={props.scenario.financing.minCashUsd}
        hover={app.hover()}
        onHover={app.setHover}
      />
      <div class="chart-wide">
        <CashFlowChart data={props.result.months} hover={app.hover()} onHover={app.setHover} />
      </div>
    </div>
  );
}
