/**
 * @module charts/HashpriceChart — the hashprice path the answer assumes, its floor (when the
 * projection has one), the halving, and the fleets' cash breakeven.
 */
import { createMemo, For, Show } from 'solid-js';
import type { MonthRow } from '../../../model/schema';
import { formatHashprice, formatMonth } from '../lib/format';
import { RefLine, YAxis } from './Axis';
import { ChartFrame, TipRow } from './ChartFrame';
import {
  COLORS,
  DASHES,
  DEFAULT_MARGIN,
  makeValueScale,
  sameLinearScale,
  monthStart,
  monthStepPath,
  type Margin,
} from './scales';

/** Chart defaults (px). */
export const defaults = { height: 240, margin: DEFAULT_MARGIN, stroke: 'currentColor' } as const;

/** A horizontal reference level (e.g. a fleet's breakeven hashprice). */
export interface HashpriceLevel {
  readonly label: string;
  readonly usdPerPhDay: number;
  readonly color: string;
  /** Its dash pattern (one per level). */
  readonly dash: string;
  /** What it means (e.g. `breakeven:existing`), for the colour checks. */
  readonly key: string;
}

/** Props of {@link HashpriceChart}. */
export interface HashpriceChartProps {
  readonly data: readonly MonthRow[];
  /** First month on the halved subsidy, `YYYY-MM` (marked if inside the horizon). */
  readonly halvingMonth?: string;
  readonly levels?: readonly HashpriceLevel[];
  readonly height?: number;
  readonly margin?: Margin;
  readonly hover?: number;
  readonly onHover?: (i: number | undefined) => void;
}

/**
 * Hashprice ($/PH/day) month by month as a step line, with its floor (the answer's
 * `hashpriceFloorUsdPerPhDay`, drawn when every month has one), the halving and breakeven levels
 * marked.
 */
export function HashpriceChart(props: HashpriceChartProps) {
  const months = createMemo(() => props.data.map((r) => r.month));
  const height = () => props.height ?? defaults.height;
  const margin = () => props.margin ?? defaults.margin;
  const levels = () => (props.levels ?? []).filter((l) => Number.isFinite(l.usdPerPhDay));
  const hasFloor = createMemo(
    () =>
      props.data.length > 0 &&
      props.data.every((r) => Number.isFinite(r.hashpriceFloorUsdPerPhDay)),
  );
  const y = createMemo(
    () =>
      makeValueScale(
        0,
        Math.max(
          ...props.data.map((r) => r.hashpriceUsdPerPhDay),
          ...levels().map((l) => l.usdPerPhDay),
        ) * 1.08,
        height(),
        margin(),
      ),
    undefined,
    { equals: sameLinearScale },
  );
  const halvingInRange = () =>
    props.halvingMonth && months().includes(props.halvingMonth) ? props.halvingMonth : undefined;

  return (
    <ChartFrame
      title="Hashprice"
      ariaLabel={
        'Line chart of the hashprice in dollars per petahash per second per day, ' +
        (hasFloor() ? 'with its floor, ' : 'with ') +
        "the halving marked and the fleets' cash breakeven"
      }
      months={months()}
      yUnit="$/PH/day"
      height={height()}
      margin={margin()}
      hover={props.hover}
      onHover={props.onHover}
      testId="hashprice-chart"
      legend={[
        { label: 'Hashprice', color: COLORS.hashprice, kind: 'line' },
        ...(hasFloor()
          ? [
              {
                label: 'Floor (marginal cash cost)',
                color: COLORS.hashpriceFloor,
                kind: 'dash' as const,
                dash: DASHES.hashpriceFloor,
              },
            ]
          : []),
        ...levels().map((l) => ({
          label: l.label,
          color: l.color,
          kind: 'dash' as const,
          dash: l.dash,
        })),
        ...(halvingInRange()
          ? [
              {
                label: `Halving (${formatMonth(halvingInRange())})`,
                color: COLORS.halving,
                kind: 'dash' as const,
                dash: DASHES.halving,
              },
            ]
          : []),
      ]}
      tooltip={(i) => (
        <>
          <TipRow
            color={COLORS.hashprice}
            label="Hashprice"
            value={formatHashprice(props.data[i].hashpriceUsdPerPhDay)}
          />
          <Show when={hasFloor()}>
            <TipRow
              color={COLORS.hashpriceFloor}
              label="Floor"
              value={formatHashprice(props.data[i].hashpriceFloorUsdPerPhDay!)}
              dash
            />
          </Show>
          <For each={levels()}>
            {(l) => (
              <TipRow color={l.color} label={l.label} value={formatHashprice(l.usdPerPhDay)} dash />
            )}
          </For>
        </>
      )}
      plot={(ctx) => {
        return (
          <>
            <YAxis
              scale={y()}
              left={ctx.margin.left}
              gridWidth={ctx.width() - ctx.margin.left - ctx.margin.right}
            />
            <For each={levels()}>
              {(l) => (
                <RefLine
                  y={y()(l.usdPerPhDay)}
                  x1={ctx.margin.left}
                  x2={ctx.width() - ctx.margin.right}
                  color={l.color}
                  dash={l.dash}
                  series={l.key}
                />
              )}
            </For>
            <Show when={halvingInRange()}>
              {(m) => (
                <g class="halving" aria-label={`Halving in ${formatMonth(m())}`}>
                  <line
                    x1={ctx.x()(monthStart(m()))}
                    x2={ctx.x()(monthStart(m()))}
                    y1={ctx.margin.top}
                    y2={ctx.height - ctx.margin.bottom}
                    stroke={COLORS.halving}
                    stroke-width="1.5"
                    stroke-dasharray={DASHES.halving}
                    data-series="halving"
                  />
                  <text
                    x={ctx.x()(monthStart(m())) + 4}
                    y={ctx.margin.top + 10}
                    fill={COLORS.halving}
                    class="annotation"
                  >
                    Halving
                  </text>
                </g>
              )}
            </Show>
            <Show when={hasFloor()}>
              <path
                d={monthStepPath(props.data, ctx.at, y(), (r) => r.hashpriceFloorUsdPerPhDay!)}
                fill="none"
                stroke={COLORS.hashpriceFloor}
                stroke-width="1.5"
                stroke-dasharray={DASHES.hashpriceFloor}
                data-series="hashprice-floor"
              />
            </Show>
            <path
              d={monthStepPath(props.data, ctx.at, y(), (r) => r.hashpriceUsdPerPhDay)}
              fill="none"
              stroke={COLORS.hashprice}
              stroke-width="2.25"
              data-series="hashprice"
            />
          </>
        );
      }}
    />
  );
}
