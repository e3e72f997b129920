/**
 * @module charts/HeatmapChart — the decision map: the optimal HPC share on a grid of two inputs,
 * NPV in the tooltip, the current scenario marked.
 */
import { createElementSize } from '@solid-primitives/resize-observer';
import { createMemo, createSignal, For, Index, Show } from 'solid-js';
import type { MapResponse } from '../../../model/analyses/schema';
import { formatMW, formatPct, formatUsd } from '../lib/format';
import { gridIndexAt, makeGridScale, SHARE_COLORS, shareColor } from './analysis-scales';
import { ChartExport } from './ChartExport';
import { Axis } from './Axis';
import { TipRow } from './ChartFrame';
import type { Margin } from './scales';

/** Chart defaults (px). */
export const defaults = {
  height: 380,
  minWidth: 280,
  margin: { top: 12, right: 16, bottom: 46, left: 84 } as Margin,
  stroke: 'currentColor',
} as const;

/** Props of {@link HeatmapChart}. */
export interface HeatmapChartProps {
  /** The API's map: axes (label, unit, values, base) and cells row by row (y outer, x inner). */
  readonly data: MapResponse;
  /** Axis titles with units, e.g. `Lease rate ($/kW-month)`. */
  readonly xTitle: string;
  readonly yTitle: string;
  /** A value of each axis with its unit (`$150/kW-month`), for the tooltip, the table and notes. */
  readonly formatX: (v: number) => string;
  readonly formatY: (v: number) => string;
  /** Names of the inputs in the tooltip and table; default the API's labels. */
  readonly xName?: string;
  readonly yName?: string;
  /** Tick labels (the unit is in the axis title); default the formats above. */
  readonly tickX?: (v: number) => string;
  readonly tickY?: (v: number) => string;
  readonly height?: number;
  readonly margin?: Margin;
}

/**
 * The heatmap. Cells are coloured from amber (keep mining: 0 % of the eligible MW to HPC) to blue
 * (100 %); a cell without an optimum is grey. A ring marks the scenario's own values. Pointer or
 * arrow keys pick a cell; the tooltip gives both values, the HPC share and MW and the NPV.
 */
export function HeatmapChart(props: HeatmapChartProps) {
  const [box, setBox] = createSignal<HTMLDivElement>();
  const size = createElementSize(box);
  const [cursor, setCursor] = createSignal<{ i: number; j: number }>();
  const [focused, setFocused] = createSignal(false);
  const [tableOpen, setTableOpen] = createSignal(false);
  const margin = () => props.margin ?? defaults.margin;
  const height = () => props.height ?? defaults.height;
  const width = () => Math.max(defaults.minWidth, Math.floor(size.width ?? 640));
  const xName = () => props.xName ?? props.data.x.label;
  const yName = () => props.yName ?? props.data.y.label;
  const nx = () => props.data.x.values.length;
  const ny = () => props.data.y.values.length;
  const gx = createMemo(() =>
    makeGridScale(props.data.x.values, margin().left, width() - margin().right),
  );
  const gy = createMemo(() =>
    makeGridScale(props.data.y.values, height() - margin().bottom, margin().top),
  );
  const cell = (i: number, j: number) => props.data.cells[j * nx() + i];
  const inside = (v: number, scale: ReturnType<typeof makeGridScale>['scale']) => {
    const [a, b] = scale.domain();
    return v >= Math.min(a, b) && v <= Math.max(a, b);
  };
  const baseShown = () =>
    inside(props.data.x.base, gx().scale) && inside(props.data.y.base, gy().scale);
  const notOptimal = createMemo(() => props.data.cells.some((c) => c.status !== 'optimal'));

  const pick = (e: PointerEvent) => {
    const rect = (e.currentTarget as SVGElement).ownerSVGElement!.getBoundingClientRect();
    setCursor({
      i: gridIndexAt(e.clientX - rect.left, gx().scale, props.data.x.values),
      j: gridIndexAt(e.clientY - rect.top, gy().scale, props.data.y.values),
    });
  };
  const onKey = (e: KeyboardEvent) => {
    const c = cursor() ?? { i: 0, j: 0 };
    const clampI = (i: number) => Math.min(nx() - 1, Math.max(0, i));
    const clampJ = (j: number) => Math.min(ny() - 1, Math.max(0, j));
    let next: { i: number; j: number } | undefined;
    if (e.key === 'ArrowRight') next = { i: clampI(c.i + (cursor() ? 1 : 0)), j: c.j };
    else if (e.key === 'ArrowLeft') next = { i: clampI(c.i - 1), j: c.j };
    else if (e.key === 'ArrowUp') next = { i: c.i, j: clampJ(c.j + (cursor() ? 1 : 0)) };
    else if (e.key === 'ArrowDown') next = { i: c.i, j: clampJ(c.j - 1) };
    else if (e.key === 'Home') next = { i: 0, j: 0 };
    else if (e.key === 'End') next = { i: nx() - 1, j: ny() - 1 };
    else if (e.key === 'Escape') next = undefined;
    else return;
    e.preventDefault();
    setCursor(next);
  };
  const picked = () => {
    const c = cursor();
    return c && cell(c.i, c.j) ? { ...c, cell: cell(c.i, c.j) } : undefined;
  };
  const tipLeft = () => gx().scale(props.data.x.values[picked()!.i]);

  return (
    <figure
      class="chart heatmap-chart"
      data-testid="heatmap-chart"
      data-cells={props.data.cells.length}
    >
      <figcaption>
        <h3>Decision map: share of the eligible MW the optimum converts to HPC</h3>
        <div class="share-legend" aria-label="Legend">
          <span>0 % (keep mining)</span>
          <svg width="120" height="10" aria-hidden="true">
            <defs>
              <linearGradient id="share-gradient">
                <stop offset="0%" stop-color={SHARE_COLORS.mining} />
                <stop offset="50%" stop-color={SHARE_COLORS.mid} />
                <stop offset="100%" stop-color={SHARE_COLORS.hpc} />
              </linearGradient>
            </defs>
            <rect width="120" height="10" rx="2" fill="url(#share-gradient)" />
          </svg>
          <span>100 % HPC</span>
          <Show when={notOptimal()}>
            <span>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" fill="url(#map-no-optimum)" />
              </svg>{' '}
              no optimum
            </span>
          </Show>
          <span>
            <svg width="14" height="14" aria-hidden="true">
              <circle cx="7" cy="7" r="5" fill="none" stroke="#111827" stroke-width="2" />
            </svg>{' '}
            current scenario
          </span>
        </div>
        <ChartExport name="decision-map" title="Decision map" />
      </figcaption>
      <div
        class="chart-body"
        ref={setBox}
        tabindex="0"
        role="group"
        aria-label={
          `Heatmap of the optimal HPC share by ${props.xTitle} (across) and ${props.yTitle} (up). ` +
          'Use the arrow keys to read each cell.'
        }
        onKeyDown={onKey}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setCursor(undefined);
        }}
      >
        <svg
          width={width()}
          height={height()}
          role="img"
          aria-label={`Decision map: HPC share by ${props.xTitle} and ${props.yTitle}`}
        >
          <defs>
            <pattern
              id="map-no-optimum"
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect width="6" height="6" fill={SHARE_COLORS.none} />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#6b7280" stroke-width="2" />
            </pattern>
          </defs>
          <g class="cells">
            <Index each={props.data.cells}>
              {(c, k) => {
                const i = () => k % nx();
                const j = () => Math.floor(k / nx());
                return (
                  <rect
                    x={gx().scale(props.data.x.values[i()]) - gx().cell / 2}
                    y={gy().scale(props.data.y.values[j()]) - gy().cell / 2}
                    width={gx().cell + 0.5}
                    height={gy().cell + 0.5}
                    fill={
                      c().status === 'optimal' ? shareColor(c().hpcShare) : 'url(#map-no-optimum)'
                    }
                    data-share={c().hpcShare ?? ''}
                  />
                );
              }}
            </Index>
          </g>
          <Axis
            scale={gx().scale}
            orient="bottom"
            offset={height() - margin().bottom}
            ticks={Math.max(2, Math.min(nx(), Math.floor((width() - margin().left) / 80)))}
            format={(d) => (props.tickX ?? props.formatX)(Number(d))}
          />
          <Axis
            scale={gy().scale}
            orient="left"
            offset={margin().left}
            ticks={Math.max(2, Math.min(ny(), 6))}
            format={(d) => (props.tickY ?? props.formatY)(Number(d))}
          />
          <text
            class="axis-title"
            x={(margin().left + width() - margin().right) / 2}
            y={height() - 6}
            text-anchor="middle"
          >
            {props.xTitle}
          </text>
          <text
            class="axis-title"
            transform={`translate(14,${(margin().top + height() - margin().bottom) / 2}) rotate(-90)`}
            text-anchor="middle"
          >
            {props.yTitle}
          </text>
          <Show when={picked()}>
            {(p) => (
              <rect
                class="cell-cursor"
                x={gx().scale(props.data.x.values[p().i]) - gx().cell / 2}
                y={gy().scale(props.data.y.values[p().j]) - gy().cell / 2}
                width={gx().cell}
                height={gy().cell}
                fill="none"
                stroke="#111827"
                stroke-width="2"
              />
            )}
          </Show>
          <Show when={baseShown()}>
            <g class="current-marker" data-testid="map-current">
              <circle
                cx={gx().scale(props.data.x.base)}
                cy={gy().scale(props.data.y.base)}
                r="7"
                fill="none"
                stroke="#ffffff"
                stroke-width="4"
              />
              <circle
                cx={gx().scale(props.data.x.base)}
                cy={gy().scale(props.data.y.base)}
                r="7"
                fill="none"
                stroke="#111827"
                stroke-width="2"
              />
            </g>
          </Show>
          <rect
            class="hover-target"
            x={margin().left}
            y={margin().top}
            width={Math.max(0, width() - margin().left - margin().right)}
            height={Math.max(0, height() - margin().top - margin().bottom)}
            fill="transparent"
            onPointerMove={pick}
            onPointerDown={pick}
            onPointerLeave={() => !focused() && setCursor(undefined)}
          />
        </svg>
        <Show when={picked()}>
          {(p) => (
            <div
              class="tooltip"
              role="status"
              classList={{ flip: tipLeft() > width() / 2 }}
              style={{
                left: `${tipLeft() > width() / 2 ? tipLeft() - 14 : tipLeft() + 14}px`,
                top: `${Math.max(0, gy().scale(props.data.y.values[p().j]) - 40)}px`,
              }}
            >
              <TipRow label={xName()} value={props.formatX(p().cell.x)} />
              <TipRow label={yName()} value={props.formatY(p().cell.y)} />
              <Show
                when={p().cell.status === 'optimal'}
                fallback={<TipRow label="Optimum" value={`none (${p().cell.status})`} />}
              >
                <TipRow
                  color={shareColor(p().cell.hpcShare)}
                  label="HPC share of eligible MW"
                  value={`${formatPct(p().cell.hpcShare, 0)} (${formatMW(p().cell.hpcMW)})`}
                />
                <TipRow label="NPV" value={formatUsd(p().cell.npvUsd)} />
              </Show>
            </div>
          )}
        </Show>
      </div>
      <Show when={!baseShown()}>
        <p class="muted small" data-testid="map-current-outside">
          The current scenario ({props.formatX(props.data.x.base)},{' '}
          {props.formatY(props.data.y.base)}) is outside the map's ranges.
        </p>
      </Show>
      <details class="data-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>Map table (HPC share, %)</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">
                  {yName()} ↓ · {xName()} →
                </th>
                <For each={props.data.x.values}>
                  {(v) => <th scope="col">{props.formatX(v)}</th>}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={tableOpen() ? [...props.data.y.values.keys()].reverse() : []}>
                {(j) => (
                  <tr>
                    <th scope="row">{props.formatY(props.data.y.values[j])}</th>
                    <For each={props.data.x.values}>
                      {(_, i) => {
                        const c = cell(i(), j);
                        return (
                          <td title={`NPV ${formatUsd(c?.npvUsd)}`}>
                            {c?.status === 'optimal'
                              ? formatPct(c.hpcShare, 0)
                              : (c?.status ?? '—')}
                          </td>
                        );
                      }}
                    </For>
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
