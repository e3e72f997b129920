/**
 * @module charts/ChartFrame — what every monthly chart shares: sizing, the month axis,
 * hover/keyboard focus and the tooltip.
 */
import { createElementSize } from '@solid-primitives/resize-observer';
import type { ScaleTime } from 'd3';
import { createMemo, createSignal, Show, type JSX } from 'solid-js';
import { formatMonth } from '../lib/format';
import { Axis } from './Axis';
import { ChartExport } from './ChartExport';
import { Legend, type LegendItem } from './Legend';
import {
  DEFAULT_MARGIN,
  makeMonthScale,
  monthBoundaries,
  monthEnd,
  monthIndexAt,
  monthStart,
  sameMonths,
  tickCount,
  type Margin,
} from './scales';

/** What the frame hands to a chart's plot: the live size and the month scale. */
export interface PlotContext {
  readonly width: () => number;
  readonly height: number;
  readonly margin: Margin;
  readonly x: () => ScaleTime<number, number>;
  /**
   * x of month boundary i (the start of month i; for i = months the end of the last), placed once
   * per scale.
   */
  readonly at: (i: number) => number;
}

/** Props of {@link ChartFrame}. */
export interface ChartFrameProps {
  readonly title: string;
  /** What the chart shows, for screen readers (`aria-label`). */
  readonly ariaLabel: string;
  readonly months: readonly string[];
  readonly legend?: readonly LegendItem[];
  readonly height?: number;
  readonly margin?: Margin;
  /** y axis unit, written above the axis (`MW`, `$M`). */
  readonly yUnit: string;
  /** The hovered month index, shared between charts; the frame keeps its own if absent. */
  readonly hover?: number;
  readonly onHover?: (i: number | undefined) => void;
  /** The month's figures for the tooltip. */
  readonly tooltip: (i: number) => JSX.Element;
  readonly plot: (ctx: PlotContext) => JSX.Element;
  /** Below the figure: e.g. a data table. */
  readonly footer?: JSX.Element;
  readonly testId?: string;
  /** Extra attributes for tests and benchmarks (`data-*`). */
  readonly data?: Record<string, string | number | undefined>;
}

/**
 * A titled, legended figure over months. Pointer or arrow keys pick a month; the tooltip shows
 * its figures. Width follows the container; height is fixed (default 260 px).
 */
export function ChartFrame(props: ChartFrameProps) {
  const [box, setBox] = createSignal<HTMLDivElement>();
  const size = createElementSize(box);
  const [ownHover, setOwnHover] = createSignal<number>();
  // The month band shows in every chart sharing `hover`; the tooltip only in the one being read,
  // by pointer or by keyboard focus (a pointer leaving must not hide what the keyboard is reading).
  const [focused, setFocused] = createSignal(false);
  const [pointed, setPointed] = createSignal(false);
  const active = () => focused() || pointed();
  const hover = () => (props.onHover ? props.hover : ownHover());
  const setHover = (i: number | undefined) => (props.onHover ? props.onHover(i) : setOwnHover(i));
  const margin = () => props.margin ?? DEFAULT_MARGIN;
  const height = () => props.height ?? 260;
  const width = () => Math.max(240, Math.floor(size.width ?? 600));
  // The same months (a new answer for the same horizon) keep the same scale: nothing placed on it
  // is placed again and the month axis is not redrawn.
  const months = createMemo(() => props.months, undefined, { equals: sameMonths });
  const x = createMemo(() => makeMonthScale(months(), width(), margin()));
  const bounds = createMemo(() => monthBoundaries(months(), x()));
  const at = (i: number) => bounds()[i];
  const hoverMonth = () => {
    const i = hover();
    return i === undefined ? undefined : props.months[i];
  };

  const onPointer = (e: PointerEvent) => {
    const svg = e.currentTarget as SVGRectElement;
    const rect = svg.ownerSVGElement!.getBoundingClientRect();
    setHover(monthIndexAt(e.clientX - rect.left, x(), props.months));
  };
  const onKey = (e: KeyboardEvent) => {
    const n = props.months.length;
    if (!n) return;
    const cur = hover();
    const step = e.shiftKey ? 12 : 1;
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = Math.min(n - 1, (cur ?? -1) + step);
    else if (e.key === 'ArrowLeft') next = Math.max(0, (cur ?? n) - step);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Escape') {
      setHover(undefined);
      return;
    } else return;
    e.preventDefault();
    setHover(next);
  };
  const tooltipLeft = () => {
    const m = hoverMonth();
    if (!m) return 0;
    return (x()(monthStart(m)) + x()(monthEnd(m))) / 2;
  };

  return (
    <figure class="chart" data-testid={props.testId} {...props.data}>
      <figcaption>
        <h3>{props.title}</h3>
        <Show when={props.legend}>{(items) => <Legend items={items()} />}</Show>
        <ChartExport name={props.title} title={props.title} />
      </figcaption>
      <div
        class="chart-body"
        ref={setBox}
        tabindex="0"
        role="group"
        aria-label={`${props.ariaLabel}. Use the arrow keys to read each month.`}
        onKeyDown={onKey}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          if (!pointed()) setHover(undefined);
        }}
      >
        <svg width={width()} height={height()} role="img" aria-label={props.ariaLabel}>
          <text class="y-unit" x={margin().left - 4} y={margin().top - 12} text-anchor="end">
            {props.yUnit}
          </text>
          {props.plot({ width, height: height(), margin: margin(), x, at })}
          <Axis
            scale={x()}
            orient="bottom"
            offset={height() - margin().bottom}
            ticks={tickCount(width())}
            format={(d: Date | { valueOf(): number }) => {
              const dt = new Date(d.valueOf());
              return dt.getUTCMonth() === 0
                ? String(dt.getUTCFullYear())
                : formatMonth(dt.toISOString().slice(0, 7)).slice(0, 3);
            }}
          />
          <Show when={hoverMonth()}>
            {(m) => (
              <rect
                class="hover-band"
                x={x()(monthStart(m()))}
                width={Math.max(1, x()(monthEnd(m())) - x()(monthStart(m())))}
                y={margin().top}
                height={height() - margin().top - margin().bottom}
              />
            )}
          </Show>
          <rect
            class="hover-target"
            x={margin().left}
            y={margin().top}
            width={Math.max(0, width() - margin().left - margin().right)}
            height={Math.max(0, height() - margin().top - margin().bottom)}
            fill="transparent"
            onPointerMove={(e) => {
              setPointed(true);
              onPointer(e);
            }}
            onPointerDown={onPointer}
            onPointerLeave={() => {
              setPointed(false);
              if (!focused()) setHover(undefined);
            }}
          />
        </svg>
        <Show when={active() && hover() !== undefined && hoverMonth()}>
          <div
            class="tooltip"
            role="status"
            classList={{ flip: tooltipLeft() > width() / 2 }}
            style={{
              left: `${tooltipLeft() > width() / 2 ? tooltipLeft() - 12 : tooltipLeft() + 12}px`,
              top: `${margin().top}px`,
            }}
          >
            <strong>{formatMonth(hoverMonth())}</strong>
            {props.tooltip(hover()!)}
          </div>
        </Show>
      </div>
      {props.footer}
    </figure>
  );
}

/** A tooltip row: swatch, label, value. */
export function TipRow(props: { color?: string; label: string; value: string; dash?: boolean }) {
  return (
    <div class="tip-row">
      <span
        class="swatch"
        style={{ background: props.color ?? 'transparent' }}
        classList={{ dash: props.dash }}
      />
      <span class="tip-label">{props.label}</span>
      <span class="tip-value">{props.value}</span>
    </div>
  );
}
