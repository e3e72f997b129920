/**
 * @module charts/TornadoChart — NPV at a low and a high value of each parameter, as bars from the
 * base NPV, largest swing on top.
 */
import { createElementSize } from '@solid-primitives/resize-observer';
import { createMemo, createSignal, For, Index, Show } from 'solid-js';
import { formatMW, formatUsd, formatUsdDelta, formatUsdMillions } from '../lib/format';
import { makeTornadoScale, TORNADO_COLORS, tornadoBar } from './analysis-scales';
import { Axis } from './Axis';
import { TipRow } from './ChartFrame';
import { ChartExport } from './ChartExport';
import { Legend } from './Legend';
import type { Margin } from './scales';

/** Chart defaults (px): a wide left margin holds each parameter's name and its two values. */
export const defaults = {
  rowHeight: 38,
  minWidth: 280,
  margin: { top: 30, right: 24, bottom: 30, left: 230 } as Margin,
  stroke: 'currentColor',
} as const;

/** One side of a row: the parameter value written with its unit, and the optimum there. */
export interface TornadoSide {
  readonly text: string;
  readonly npvUsd: number | null;
  readonly hpcMW: number | null;
  readonly status: string;
}

/** One parameter's row. */
export interface TornadoDatum {
  readonly key: string;
  /** Name with its unit, e.g. `Lease rate ($/kW-month)`. */
  readonly label: string;
  readonly low: TornadoSide;
  readonly high: TornadoSide;
  readonly note?: string;
}

/** Props of {@link TornadoChart}. */
export interface TornadoChartProps {
  readonly data: readonly TornadoDatum[];
  readonly baseNpvUsd: number;
  readonly baseHpcMW?: number | null;
  /** Legend names of the two sides, e.g. `20 % lower`. */
  readonly lowLabel?: string;
  readonly highLabel?: string;
  readonly rowHeight?: number;
  readonly margin?: Margin;
}

const sideText = (s: TornadoSide, base: number) =>
  s.npvUsd == null ? `no optimum (${s.status})` : formatUsdDelta(s.npvUsd - base);
/**
 * `text` cut to `max` characters with an ellipsis (the full text stays in the row's title, tooltip
 * and table).
 */
const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
const planChanged = (s: TornadoSide, baseMW: number | null | undefined) =>
  s.hpcMW != null && baseMW != null && Math.abs(s.hpcMW - baseMW) > 1e-3;

/**
 * The tornado. Each row has two bars from the base NPV: the parameter's low value (upper bar) and
 * its high value (lower bar), each ending in its NPV change; a ◆ marks a side where the optimum
 * commits different HPC MW. Pointer or arrow keys (Up/Down, Home/End) pick a row and show its
 * figures.
 */
export function TornadoChart(props: TornadoChartProps) {
  const [box, setBox] = createSignal<HTMLDivElement>();
  const size = createElementSize(box);
  const [picked, setPicked] = createSignal<number>();
  const [focused, setFocused] = createSignal(false);
  const width = () => Math.max(defaults.minWidth, Math.floor(size.width ?? 760));
  // On a narrow box (a phone) each row's name and values go on a line of their own above its bars,
  // so neither the bars nor their NPV changes run into them; the scale keeps more room either side
  // for the NPV changes written beyond the bars' ends.
  const narrow = () => !props.margin && width() < 560;
  const labelHeight = () => (narrow() ? 34 : 0);
  const margin = () =>
    props.margin ?? (narrow() ? { ...defaults.margin, left: 12, right: 12 } : defaults.margin);
  const rowHeight = () => props.rowHeight ?? defaults.rowHeight + labelHeight();
  const height = () =>
    margin().top + Math.max(1, props.data.length) * rowHeight() + margin().bottom;
  const x = createMemo(() =>
    makeTornadoScale(
      props.baseNpvUsd,
      props.data.flatMap((d) => [d.low.npvUsd, d.high.npvUsd]),
      width(),
      margin(),
      narrow() ? 0.4 : 0.2,
    ),
  );
  // About 6.6 px per character at the 12 px label size.
  const labelChars = () => Math.floor(((narrow() ? width() : margin().left) - 16) / 6.6);
  const rowY = (i: number) => margin().top + i * rowHeight();
  const bar = (npv: number | null) =>
    npv == null ? undefined : tornadoBar(x(), props.baseNpvUsd, npv);
  const span = () => Math.abs(x().domain()[1] - x().domain()[0]);

  const onKey = (e: KeyboardEvent) => {
    const n = props.data.length;
    if (!n) return;
    const cur = picked();
    let next: number | undefined;
    if (e.key === 'ArrowDown') next = Math.min(n - 1, (cur ?? -1) + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, (cur ?? n) - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Escape') next = undefined;
    else return;
    e.preventDefault();
    setPicked(next);
  };
  const pickAt = (e: PointerEvent) => {
    const rect = (e.currentTarget as SVGElement).ownerSVGElement!.getBoundingClientRect();
    const i = Math.floor((e.clientY - rect.top - margin().top) / rowHeight());
    setPicked(i >= 0 && i < props.data.length ? i : undefined);
  };
  const side = (s: TornadoSide, i: number, which: 'low' | 'high') => {
    const b = bar(s.npvUsd);
    const y = rowY(i) + labelHeight() + (which === 'low' ? 6 : 20);
    const color = TORNADO_COLORS[which];
    const left = s.npvUsd != null ? s.npvUsd < props.baseNpvUsd : which === 'low';
    const end = b ? (left ? b.x : b.x + b.width) : x()(props.baseNpvUsd);
    return (
      <g data-side={which}>
        <Show when={b}>
          {(r) => (
            <rect
              x={r().x}
              y={y}
              width={r().width}
              height={12}
              fill={color}
              rx="1.5"
              data-series={`tornado:${which}`}
            />
          )}
        </Show>
        <text
          class="bar-value"
          x={left ? end - 4 : end + 4}
          y={y + 10}
          text-anchor={left ? 'end' : 'start'}
        >
          {planChanged(s, props.baseHpcMW) ? '◆ ' : ''}
          {sideText(s, props.baseNpvUsd)}
        </text>
      </g>
    );
  };

  return (
    <figure class="chart tornado-chart" data-testid="tornado-chart" data-rows={props.data.length}>
      <figcaption>
        <h3>Which inputs move the NPV most</h3>
        <Legend
          items={[
            { label: `Parameter ${props.lowLabel ?? 'low'}`, color: TORNADO_COLORS.low },
            { label: `Parameter ${props.highLabel ?? 'high'}`, color: TORNADO_COLORS.high },
            {
              label: `Base NPV ${formatUsd(props.baseNpvUsd)}`,
              color: TORNADO_COLORS.base,
              kind: 'line',
            },
          ]}
        />
        <ChartExport name="tornado" title="Tornado chart" />
      </figcaption>
      <div
        class="chart-body"
        ref={setBox}
        tabindex="0"
        role="group"
        aria-label={
          'Tornado chart of NPV at a low and a high value of each input. ' +
          'Use the up and down arrow keys to read each input.'
        }
        onKeyDown={onKey}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setPicked(undefined);
        }}
      >
        <svg
          width={width()}
          height={height()}
          role="img"
          aria-label="Tornado chart: NPV change at each input's low and high value"
        >
          <text class="y-unit" x={width() - margin().right} y={height() - 2} text-anchor="end">
            NPV, $M
          </text>
          <Axis
            scale={x()}
            orient="bottom"
            offset={height() - margin().bottom}
            ticks={Math.max(3, Math.floor((width() - margin().left) / 70))}
            format={(d) => formatUsdMillions(Number(d), span() < 5e6 ? 1 : 0)}
            grid={height() - margin().top - margin().bottom}
          />
          <Show when={picked() !== undefined}>
            <rect
              class="hover-band"
              x={0}
              y={rowY(picked()!)}
              width={width()}
              height={rowHeight()}
            />
          </Show>
          <Index each={props.data}>
            {(d, i) => (
              <g class="tornado-row" data-key={d().key}>
                <title>{d().label}</title>
                <text class="row-label" x={8} y={rowY(i) + 15}>
                  {clip(d().label, labelChars())}
                </text>
                <text class="row-sub" x={8} y={rowY(i) + 30}>
                  {d().low.text} … {d().high.text}
                </text>
                {side(d().low, i, 'low')}
                {side(d().high, i, 'high')}
              </g>
            )}
          </Index>
          <line
            class="base-line"
            x1={x()(props.baseNpvUsd)}
            x2={x()(props.baseNpvUsd)}
            y1={margin().top - 6}
            y2={height() - margin().bottom}
            stroke={TORNADO_COLORS.base}
            stroke-width="1.5"
            data-series="tornado:base"
          />
          <text
            class="annotation"
            x={x()(props.baseNpvUsd)}
            y={margin().top - 10}
            text-anchor="middle"
          >
            Base {formatUsd(props.baseNpvUsd)}
          </text>
          <rect
            class="hover-target"
            x={0}
            y={margin().top}
            width={width()}
            height={Math.max(0, height() - margin().top - margin().bottom)}
            fill="transparent"
            onPointerMove={pickAt}
            onPointerDown={pickAt}
            onPointerLeave={() => !focused() && setPicked(undefined)}
          />
        </svg>
        <Show when={picked() !== undefined && props.data[picked()!]}>
          {(d) => (
            <div
              class="tooltip"
              role="status"
              style={{ left: `${margin().left}px`, top: `${rowY(picked()!) + rowHeight()}px` }}
            >
              <strong>{d().label}</strong>
              <TipRow
                color={TORNADO_COLORS.low}
                label={`At ${d().low.text}`}
                value={`${formatUsd(d().low.npvUsd)} · ${formatMW(d().low.hpcMW)} HPC`}
              />
              <TipRow
                color={TORNADO_COLORS.high}
                label={`At ${d().high.text}`}
                value={`${formatUsd(d().high.npvUsd)} · ${formatMW(d().high.hpcMW)} HPC`}
              />
              <TipRow
                color={TORNADO_COLORS.base}
                label="Base"
                value={`${formatUsd(props.baseNpvUsd)} · ${formatMW(props.baseHpcMW)} HPC`}
              />
              <Show when={d().note}>
                <div class="muted small">{d().note}</div>
              </Show>
            </div>
          )}
        </Show>
      </div>
      <details class="data-table">
        <summary>Tornado table</summary>
        <div class="table-scroll">
          <table data-testid="tornado-table">
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">Low value</th>
                <th scope="col">NPV at low</th>
                <th scope="col">HPC at low</th>
                <th scope="col">High value</th>
                <th scope="col">NPV at high</th>
                <th scope="col">HPC at high</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.data}>
                {(d) => (
                  <tr data-key={d.key}>
                    <th scope="row">{d.label}</th>
                    <td>{d.low.text}</td>
                    <td>{d.low.npvUsd == null ? d.low.status : formatUsd(d.low.npvUsd)}</td>
                    <td>{formatMW(d.low.hpcMW)}</td>
                    <td>{d.high.text}</td>
                    <td>{d.high.npvUsd == null ? d.high.status : formatUsd(d.high.npvUsd)}</td>
                    <td>{formatMW(d.high.hpcMW)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
