/**
 * @module charts/CashCompareChart — month-end cash of several plans overlaid, with the covenant
 * floor.
 */
import { createMemo, For } from 'solid-js';
import type { MonthRow } from '../../../model/schema';
import { formatUsd } from '../lib/format';
import { RefLine, YAxis } from './Axis';
import { ChartFrame, TipRow } from './ChartFrame';
import {
  COLORS,
  DASHES,
  DEFAULT_MARGIN,
  makeValueScale,
  monthStepPath,
  type Margin,
} from './scales';

/** Chart defaults (px). */
export const defaults = { height: 260, margin: DEFAULT_MARGIN, stroke: 'currentColor' } as const;

/** One plan's line. */
export interface CashSeries {
  readonly name: string;
  readonly color: string;
  readonly data: readonly MonthRow[];
  /** Draw dashed (e.g. the optimum, as the reference). */
  readonly dashed?: boolean;
  /** What the line means (one key per plan), for the colour checks. */
  readonly key?: string;
}

/** Props of {@link CashCompareChart}. */
export interface CashCompareChartProps {
  readonly data: readonly CashSeries[];
  readonly minCashUsd: number;
  readonly height?: number;
  readonly margin?: Margin;
}

/**
 * Cash ($M) at each month's end, one step line per plan; all series share the first one's months.
 */
export function CashCompareChart(props: CashCompareChartProps) {
  const months = createMemo(() => (props.data[0]?.data ?? []).map((r) => r.month));
  const height = () => props.height ?? defaults.height;
  const margin = () => props.margin ?? defaults.margin;
  const y = createMemo(() => {
    const values = props.data.flatMap((s) => s.data.map((r) => r.cashUsd));
    return makeValueScale(
      Math.min(0, ...values),
      Math.max(props.minCashUsd, ...values) * 1.08,
      height(),
      margin(),
    );
  });

  return (
    <ChartFrame
      title="Cash by plan"
      ariaLabel={
        'Line chart comparing month-end cash of each plan in millions of dollars, ' +
        'with the minimum-cash covenant'
      }
      months={months()}
      yUnit="$M"
      height={height()}
      margin={margin()}
      testId="cash-compare-chart"
      legend={[
        ...props.data.map((s) => ({
          label: s.name,
          color: s.color,
          kind: s.dashed ? ('dash' as const) : ('line' as const),
          dash: DASHES.optimum,
        })),
        {
          label: 'Minimum cash (covenant)',
          color: COLORS.covenant,
          kind: 'dash' as const,
          dash: DASHES.covenant,
        },
      ]}
      tooltip={(i) => (
        <For each={props.data}>
          {(s) => <TipRow color={s.color} label={s.name} value={formatUsd(s.data[i]?.cashUsd)} />}
        </For>
      )}
      plot={(ctx) => (
        <>
          <YAxis
            scale={y()}
            left={ctx.margin.left}
            gridWidth={ctx.width() - ctx.margin.left - ctx.margin.right}
            usd
          />
          <RefLine
            y={y()(props.minCashUsd)}
            x1={ctx.margin.left}
            x2={ctx.width() - ctx.margin.right}
            color={COLORS.covenant}
            dash={DASHES.covenant}
            series="covenant"
          />
          <For each={props.data}>
            {(s) => (
              <path
                d={monthStepPath(s.data, ctx.x(), y(), (r) => r.cashUsd)}
                fill="none"
                stroke={s.color}
                stroke-width="2"
                stroke-dasharray={s.dashed ? DASHES.optimum : undefined}
                data-series={`plan:${s.key ?? s.name}`}
              />
            )}
          </For>
        </>
      )}
    />
  );
}
