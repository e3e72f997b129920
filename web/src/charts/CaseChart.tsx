/**
 * @module charts/CaseChart — one line per uncertainty case over months: HPC MW online or month-end
 * cash.
 */
import { createMemo, For } from 'solid-js';
import type { MonthRow } from '../../../model/schema';
import { formatMW, formatUsd } from '../lib/format';
import { YAxis } from './Axis';
import { ChartFrame, TipRow } from './ChartFrame';
import { caseColor, DEFAULT_MARGIN, makeValueScale, monthStepPath, type Margin } from './scales';

/** Chart defaults (px). */
export const defaults = { height: 220, margin: DEFAULT_MARGIN, stroke: 'currentColor' } as const;

/** What the chart draws for each case. */
export type CaseMeasure = 'hpcOnlineMW' | 'cashUsd';

/** Props of {@link CaseChart}. */
export interface CaseChartProps {
  /** Each case's name and monthly rows, in the panel's order (which sets its colour). */
  readonly data: readonly { readonly name: string; readonly months: readonly MonthRow[] }[];
  readonly measure: CaseMeasure;
  readonly height?: number;
  readonly margin?: Margin;
}

/** Each case's HPC MW online (or cash, $M) as a step line, one colour per case. */
export function CaseChart(props: CaseChartProps) {
  const months = createMemo(() => (props.data[0]?.months ?? []).map((r) => r.month));
  const height = () => props.height ?? defaults.height;
  const margin = () => props.margin ?? defaults.margin;
  const value = (r: MonthRow) => (props.measure === 'cashUsd' ? r.cashUsd : r.hpcOnlineMW);
  const show = (v: number) => (props.measure === 'cashUsd' ? formatUsd(v) : formatMW(v));
  const y = createMemo(() => {
    const values = props.data.flatMap((c) => c.months.map(value));
    return makeValueScale(
      Math.min(0, ...values),
      Math.max(0, ...values) * 1.08,
      height(),
      margin(),
    );
  });
  const usd = () => props.measure === 'cashUsd';

  return (
    <ChartFrame
      title={usd() ? 'Cash in each case' : 'HPC online in each case'}
      ariaLabel={
        usd()
          ? 'Line chart of month-end cash in millions of dollars, one line per uncertainty case'
          : 'Line chart of grid MW of HPC online, one line per uncertainty case'
      }
      months={months()}
      yUnit={usd() ? '$M' : 'MW'}
      height={height()}
      margin={margin()}
      testId="case-chart"
      legend={props.data.map((c, i) => ({
        label: c.name,
        color: caseColor(i, c.name),
        kind: 'line' as const,
      }))}
      tooltip={(i) => (
        <For each={props.data}>
          {(c, k) => (
            <TipRow
              color={caseColor(k(), c.name)}
              label={c.name}
              value={show(value(c.months[i]))}
            />
          )}
        </For>
      )}
      plot={(ctx) => (
        <>
          <YAxis
            scale={y()}
            left={ctx.margin.left}
            gridWidth={ctx.width() - ctx.margin.left - ctx.margin.right}
            usd={usd()}
          />
          <For each={props.data}>
            {(c, i) => (
              <path
                d={monthStepPath(c.months, ctx.x(), y(), value)}
                fill="none"
                stroke={caseColor(i(), c.name)}
                stroke-width="2.25"
                data-key={c.name}
                data-series={`case:${c.name}`}
              />
            )}
          </For>
        </>
      )}
    />
  );
}
