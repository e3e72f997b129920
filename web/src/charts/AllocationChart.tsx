/**
 * @module charts/AllocationChart — where each grid MW goes, month by month: a stacked area with the
 * grid limit and, with price bins, a line of the MW mining in each bin (the mining band is their
 * hours-weighted average).
 */
import { area, curveStepAfter, type Series, type SeriesPoint } from 'd3';
import { createMemo, createSignal, For, Index, Show } from 'solid-js';
import type { MonthRow } from '../../../model/schema';
import { formatMonth, formatMW } from '../lib/format';
import { YAxis } from './Axis';
import { ChartFrame, TipRow } from './ChartFrame';
import {
  allocationKeys,
  binCount,
  binStyle,
  COLORS,
  DASHES,
  DEFAULT_MARGIN,
  makeValueScale,
  sameLinearScale,
  sameSeriesKeys,
  monthStepPath,
  stackAllocation,
  type AllocationKey,
  type Margin,
} from './scales';

/** Chart defaults (px). */
export const defaults = { height: 280, margin: DEFAULT_MARGIN, stroke: 'currentColor' } as const;

/** Props of {@link AllocationChart}. */
export interface AllocationChartProps {
  readonly data: readonly MonthRow[];
  /** HPC offers, in scenario order (their colours follow it). */
  readonly offers: readonly { id: string; name: string; color?: string }[];
  readonly title?: string;
  readonly height?: number;
  readonly margin?: Margin;
  /** Small-multiple mode: no legend, no data table. */
  readonly compact?: boolean;
  readonly hover?: number;
  readonly onHover?: (i: number | undefined) => void;
  readonly testId?: string;
  /** Marks the figure with the answer it draws (tests and the benchmark wait on it). */
  readonly answerKey?: string;
}

/**
 * Stacked MW allocation (mining existing/refresh, switching, HPC per offer, idle) with the grid
 * limit as a step line.
 */
export function AllocationChart(props: AllocationChartProps) {
  const keys = createMemo(() => allocationKeys(props.offers), undefined, {
    equals: sameSeriesKeys,
  });
  const months = createMemo(() => props.data.map((r) => r.month));
  // Step curves need one more x than months: each value holds until its month's end.
  const points = createMemo(() =>
    [...props.data, props.data[props.data.length - 1]].filter(Boolean),
  );
  const height = () => props.height ?? defaults.height;
  const margin = () => props.margin ?? defaults.margin;
  const y = createMemo(
    () => {
      const top = Math.max(
        0,
        ...props.data.map((r) =>
          Math.max(
            r.gridMW,
            keys().reduce((s, k) => s + Math.max(0, k.value(r)), 0),
          ),
        ),
      );
      return makeValueScale(0, top * 1.05, height(), margin());
    },
    undefined,
    { equals: sameLinearScale },
  );
  // The table is built only while open: 60+ rows redrawn on every slider step would cost more than
  // the chart.
  const [tableOpen, setTableOpen] = createSignal(false);
  const stacked = createMemo(() => stackAllocation(points(), keys()));
  // With price bins: mining MW in each bin, by list position (the answer's miningMWByBin).
  const bins = createMemo(() =>
    Array.from({ length: binCount(props.data) }, (_, b) => ({
      ...binStyle(b, binCount(props.data)),
      value: (r: MonthRow) => r.miningMWByBin?.[b] ?? 0,
    })),
  );

  return (
    <ChartFrame
      title={props.title ?? 'Where the grid MW go'}
      ariaLabel={
        'Stacked area chart of grid MW by use each month: mining, switching over, ' +
        'HPC online per offer and idle, with the grid limit'
      }
      months={months()}
      yUnit="MW"
      height={height()}
      margin={margin()}
      hover={props.hover}
      onHover={props.onHover}
      testId={props.testId}
      data={{ 'data-answer': props.answerKey }}
      legend={
        props.compact
          ? undefined
          : [
              ...keys().map((k) => ({ label: k.label, color: k.color })),
              ...bins().map((b) => ({
                label: b.label,
                color: b.color,
                kind: 'dash' as const,
                dash: b.dash,
              })),
              { label: 'Grid limit', color: COLORS.grid, kind: 'dash' as const, dash: DASHES.grid },
            ]
      }
      tooltip={(i) => {
        const r = props.data[i];
        return (
          <>
            <For each={keys().filter((k) => k.value(r) > 1e-3)}>
              {(k) => <TipRow color={k.color} label={k.label} value={formatMW(k.value(r))} />}
            </For>
            <For each={bins()}>
              {(b) => <TipRow color={b.color} label={b.label} value={formatMW(b.value(r))} dash />}
            </For>
            <Show when={r.hpcBuildingMW > 1e-3}>
              <TipRow label="Under construction" value={formatMW(r.hpcBuildingMW)} />
            </Show>
            <TipRow color={COLORS.grid} label="Grid limit" value={formatMW(r.gridMW)} dash />
          </>
        );
      }}
      plot={(ctx) => {
        const x = ctx.at;
        const path = (band: Series<MonthRow, AllocationKey>) =>
          area<SeriesPoint<MonthRow>>()
            .x((_, i) => x(i))
            .y0((d) => y()(d[0]))
            .y1((d) => y()(d[1]))
            .curve(curveStepAfter)(band) ?? '';
        return (
          <>
            <YAxis
              scale={y()}
              left={ctx.margin.left}
              gridWidth={ctx.width() - ctx.margin.left - ctx.margin.right}
            />
            <g class="layers">
              <Index each={stacked()}>
                {(band) => (
                  <path
                    d={path(band())}
                    fill={band().key.color}
                    data-key={band().key.key}
                    data-series={band().key.key}
                  />
                )}
              </Index>
            </g>
            <Show when={bins().length}>
              <g class="bins" fill="none" stroke-width="2">
                <For each={bins()}>
                  {(b) => (
                    <path
                      d={monthStepPath(props.data, ctx.at, y(), b.value)}
                      stroke={b.color}
                      stroke-dasharray={b.dash}
                      data-series={b.key}
                      data-bin={b.key}
                    />
                  )}
                </For>
              </g>
            </Show>
            <path
              class="grid-limit"
              d={monthStepPath(props.data, ctx.at, y(), (r) => r.gridMW)}
              fill="none"
              stroke={COLORS.grid}
              stroke-width="2"
              stroke-dasharray={DASHES.grid}
              data-series="grid"
            />
          </>
        );
      }}
      footer={
        <Show when={!props.compact}>
          <details class="data-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
            <summary>Monthly MW table</summary>
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <For each={keys()}>{(k) => <th scope="col">{k.label} (MW)</th>}</For>
                    <For each={bins()}>{(b) => <th scope="col">{b.label} (MW)</th>}</For>
                    <th scope="col">Grid (MW)</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={tableOpen() ? props.data : []}>
                    {(r) => (
                      <tr>
                        <th scope="row">{formatMonth(r.month)}</th>
                        <For each={keys()}>{(k) => <td>{k.value(r).toFixed(2)}</td>}</For>
                        <For each={bins()}>{(b) => <td>{b.value(r).toFixed(2)}</td>}</For>
                        <td>{r.gridMW.toFixed(2)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </details>
        </Show>
      }
    />
  );
}
