/**
 * @module charts/CashFlowChart — each month's cash flow by source: inflows stacked up, outflows
 * down, net marked; with a power market also the demand-response credits, the transmission (4CP)
 * charges and the contract's hedge; with a tax block the tax paid.
 */
import { createMemo, For, Index } from 'solid-js';
import type { MonthRow } from '../../../model/schema';
import { formatUsd } from '../lib/format';
import { RefLine, YAxis } from './Axis';
import { keepUnmoved, type StackedFlows } from './unmoved-bars';
import { ChartFrame, TipRow } from './ChartFrame';
import {
  COLORS,
  DEFAULT_MARGIN,
  flowKeysFor,
  makeValueScale,
  netFlow,
  sameLinearScale,
  sameSeriesKeys,
  stackFlows,
  type Margin,
} from './scales';

/** Chart defaults (px): bars leave `barGap` of each month's width empty. */
export const defaults = {
  height: 240,
  margin: DEFAULT_MARGIN,
  barGap: 0.18,
  stroke: 'currentColor',
} as const;

/** Props of {@link CashFlowChart}. */
export interface CashFlowChartProps {
  readonly data: readonly MonthRow[];
  readonly height?: number;
  readonly margin?: Margin;
  readonly hover?: number;
  readonly onHover?: (i: number | undefined) => void;
}

/** Monthly cash-flow bars ($M), diverging around zero, with the net flow as a marker per month. */
export function CashFlowChart(props: CashFlowChartProps) {
  const months = createMemo(() => props.data.map((r) => r.month));
  const height = () => props.height ?? defaults.height;
  const margin = () => props.margin ?? defaults.margin;
  const keys = createMemo(() => flowKeysFor(props.data), undefined, { equals: sameSeriesKeys });
  // A bar whose ends did not move keeps its array, so that <Index> leaves its rect alone: a slider's
  // step moves about a third of the bars.
  const series = createMemo<StackedFlows>((prev) =>
    keepUnmoved(prev, stackFlows(props.data, keys())),
  );
  const nets = createMemo(() => props.data.map(netFlow));
  const y = createMemo(
    () => {
      const lows = series().flatMap((s) => s.map((d) => d[0]));
      const highs = series().flatMap((s) => s.map((d) => d[1]));
      return makeValueScale(
        Math.min(0, ...lows) * 1.05,
        Math.max(0, ...highs) * 1.05,
        height(),
        margin(),
      );
    },
    undefined,
    { equals: sameLinearScale },
  );

  return (
    <ChartFrame
      title="Monthly cash flow"
      ariaLabel={
        "Bar chart of each month's cash flow in millions of dollars by source, " +
        'inflows above zero and outflows below, with the net flow'
      }
      months={months()}
      yUnit="$M"
      height={height()}
      margin={margin()}
      hover={props.hover}
      onHover={props.onHover}
      testId="cashflow-chart"
      legend={[
        ...keys().map((k) => ({ label: k.label, color: k.color })),
        { label: 'Net (before financing)', color: COLORS.net, kind: 'line' as const },
      ]}
      tooltip={(i) => {
        const r = props.data[i];
        return (
          <>
            <For each={keys().filter((k) => k.field || Math.abs(k.value(r)) >= 0.5)}>
              {(k) => <TipRow color={k.color} label={k.label} value={formatUsd(k.value(r))} />}
            </For>
            <TipRow
              color={COLORS.net}
              label="Net (before financing)"
              value={formatUsd(netFlow(r))}
            />
          </>
        );
      }}
      plot={(ctx) => {
        const band = (i: number) => {
          const x0 = ctx.at(i);
          const w = ctx.at(i + 1) - x0;
          return { x: x0 + (w * defaults.barGap) / 2, w: Math.max(0.5, w * (1 - defaults.barGap)) };
        };
        return (
          <>
            <YAxis
              scale={y()}
              left={ctx.margin.left}
              gridWidth={ctx.width() - ctx.margin.left - ctx.margin.right}
              usd
            />
            <Index each={series()}>
              {(s) => (
                <g fill={s().key.color} data-key={s().key.key} data-series={`flow:${s().key.key}`}>
                  <Index each={s()}>
                    {(d, i) => {
                      const b = () => band(i);
                      return (
                        <rect
                          x={b().x}
                          width={b().w}
                          y={y()(Math.max(d()[0], d()[1]))}
                          height={Math.abs(y()(d()[0]) - y()(d()[1]))}
                        />
                      );
                    }}
                  </Index>
                </g>
              )}
            </Index>
            <RefLine
              y={y()(0)}
              x1={ctx.margin.left}
              x2={ctx.width() - ctx.margin.right}
              color="currentColor"
              dash="none"
            />
            <g class="net" fill={COLORS.net} data-series="flow:net">
              <Index each={nets()}>
                {(net, i) => {
                  const b = () => band(i);
                  return <rect x={b().x} width={b().w} y={y()(net()) - 1} height="2" />;
                }}
              </Index>
            </g>
          </>
        );
      }}
    />
  );
}
