/** @module charts/Axis — a d3 axis drawn into one `<g>` through a ref (d3-axis writes the DOM). */
import {
  axisBottom,
  axisLeft,
  select,
  type AxisDomain,
  type AxisScale,
  type NumberValue,
  type ScaleLinear,
} from 'd3';
import { formatUsdMillions } from '../lib/format';
import { createEffect } from 'solid-js';

/** Props of {@link Axis}. */
export interface AxisProps<D extends AxisDomain> {
  readonly scale: AxisScale<D>;
  readonly orient: 'bottom' | 'left';
  /** Where the axis sits: the plot's bottom edge (px from the top) or its left edge (px). */
  readonly offset: number;
  readonly ticks?: number;
  readonly format?: (d: D) => string;
  /** Length of grid lines across the plot, px (0: ticks only). */
  readonly grid?: number;
}

/** An axis; re-drawn whenever its scale, ticks or format change. */
export function Axis<D extends AxisDomain>(props: AxisProps<D>) {
  let g!: SVGGElement;
  createEffect(() => {
    const make = props.orient === 'bottom' ? axisBottom : axisLeft;
    const axis = make(props.scale)
      .ticks(props.ticks ?? 5)
      .tickSizeOuter(0)
      .tickPadding(6);
    if (props.format) axis.tickFormat(props.format as (d: D, i: number) => string);
    if (props.grid) axis.tickSizeInner(-props.grid);
    const sel = select(g).call(axis);
    sel
      .select('.domain')
      .attr('stroke', 'currentColor')
      .attr('stroke-opacity', props.orient === 'left' ? 0 : 0.5);
    sel
      .selectAll('.tick line')
      .attr('stroke', 'currentColor')
      .attr('stroke-opacity', props.grid ? 0.12 : 0.4);
  });
  return (
    <g
      ref={g}
      class={`axis axis-${props.orient}`}
      transform={
        props.orient === 'bottom' ? `translate(0,${props.offset})` : `translate(${props.offset},0)`
      }
    />
  );
}

/**
 * The y axis of a plot with grid lines across it; `usd` writes ticks in $M (decimals when the span
 * is small).
 */
export function YAxis(props: {
  scale: ScaleLinear<number, number>;
  left: number;
  gridWidth: number;
  usd?: boolean;
}) {
  const format = (d: NumberValue) => {
    const [lo, hi] = props.scale.domain();
    return props.usd
      ? formatUsdMillions(Number(d), Math.abs(hi - lo) < 5e6 ? 1 : 0)
      : String(Number(d));
  };
  return (
    <Axis
      scale={props.scale}
      orient="left"
      offset={props.left}
      ticks={5}
      format={format}
      grid={props.gridWidth}
    />
  );
}

/** A horizontal reference line across the plot (covenant floor, breakeven level). */
export function RefLine(props: {
  y: number;
  x1: number;
  x2: number;
  color: string;
  dash?: string;
  series?: string;
}) {
  return (
    <line
      x1={props.x1}
      x2={props.x2}
      y1={props.y}
      y2={props.y}
      stroke={props.color}
      stroke-width="1.5"
      stroke-dasharray={props.dash ?? '6 4'}
      data-series={props.series}
    />
  );
}
