/**
 * @module charts/NpvHistogramChart — the Monte Carlo NPV distributions of the plan and of mining
 * only, overlaid on the same bins.
 */
import { createElementSize } from '@solid-primitives/resize-observer';
import { max, scaleLinear } from 'd3';
import { createMemo, createSignal, Index } from 'solid-js';
import type { Histogram } from '../lib/montecarlo-api';
import { formatUsd, formatUsdMillions } from '../lib/format';
import { Axis } from './Axis';
import { ChartExport } from './ChartExport';
import { Legend } from './Legend';
import { COLORS, DEFAULT_MARGIN, type Margin } from './scales';

/** Chart defaults (px). */
export const defaults = {
  height: 240,
  minWidth: 240,
  margin: { ...DEFAULT_MARGIN, bottom: 36 } as Margin,
  stroke: 'currentColor',
  opacity: 0.55,
} as const;

/** Props of {@link NpvHistogramChart}. */
export interface NpvHistogramChartProps {
  readonly data: Histogram;
  readonly height?: number;
  readonly margin?: Margin;
}

const SERIES = [
  { key: 'plan', label: 'The plan', color: COLORS.optimum, counts: (h: Histogram) => h.plan },
  {
    key: 'miningOnly',
    label: 'Mining only',
    color: COLORS.miningOnly,
    counts: (h: Histogram) => h.miningOnly,
  },
] as const;

/**
 * Paths per NPV bin ($M) of the plan and of mining only, as see-through bars over the same bins.
 */
export function NpvHistogramChart(props: NpvHistogramChartProps) {
  const [box, setBox] = createSignal<HTMLDivElement>();
  const size = createElementSize(box);
  const width = () => Math.max(defaults.minWidth, Math.floor(size.width ?? 600));
  const height = () => props.height ?? defaults.height;
  const margin = () => props.margin ?? defaults.margin;
  const bins = createMemo(() =>
    props.data.edgesUsd.slice(0, -1).map((lo, k) => ({ lo, hi: props.data.edgesUsd[k + 1] })),
  );
  const x = createMemo(() => {
    const e = props.data.edgesUsd;
    const lo = e[0] ?? 0;
    const hi = e[e.length - 1] ?? 1;
    return scaleLinear()
      .domain(hi > lo ? [lo, hi] : [lo - 1, lo + 1])
      .range([margin().left, width() - margin().right]);
  });
  const y = createMemo(() =>
    scaleLinear()
      .domain([0, Math.max(1, max([...props.data.plan, ...props.data.miningOnly]) ?? 1)])
      .nice()
      .range([height() - margin().bottom, margin().top]),
  );
  // A bin of width 0 (every path the same NPV) is drawn 6 px wide so it shows.
  const barX = (k: number) =>
    bins()[k].hi > bins()[k].lo ? x()(bins()[k].lo) : x()(bins()[k].lo) - 3;
  const barWidth = (k: number) =>
    Math.max(1, bins()[k].hi > bins()[k].lo ? x()(bins()[k].hi) - x()(bins()[k].lo) - 1 : 6);

  return (
    <figure class="chart histogram-chart" data-testid="npv-histogram">
      <figcaption>
        <h3>NPV over the paths</h3>
        <Legend items={SERIES.map((s) => ({ label: s.label, color: s.color }))} />
        <ChartExport name="npv-histogram" title="NPV histogram" />
      </figcaption>
      <div class="chart-body" ref={setBox}>
        <svg
          width={width()}
          height={height()}
          role="img"
          aria-label={
            'Histogram of the number of paths per NPV bin in millions of dollars, ' +
            'the plan and mining only overlaid'
          }
          stroke={defaults.stroke}
        >
          <Axis
            scale={y()}
            orient="left"
            offset={margin().left}
            ticks={4}
            grid={width() - margin().left - margin().right}
          />
          <Axis
            scale={x()}
            orient="bottom"
            offset={height() - margin().bottom}
            ticks={Math.max(2, Math.floor(width() / 90))}
            format={(d) => formatUsdMillions(Number(d), 0)}
          />
          <text
            x={width() - margin().right}
            y={height() - 4}
            text-anchor="end"
            font-size="11"
            fill="currentColor"
            stroke="none"
          >
            NPV, $M
          </text>
          <text
            x={margin().left}
            y={margin().top - 8}
            font-size="11"
            fill="currentColor"
            stroke="none"
          >
            paths
          </text>
          {SERIES.map((s) => (
            <g data-series={s.key} fill={s.color} fill-opacity={defaults.opacity} stroke="none">
              <Index each={s.counts(props.data)}>
                {(n, k) => (
                  <rect
                    x={barX(k)}
                    width={barWidth(k)}
                    y={y()(n())}
                    height={Math.max(0, y()(0) - y()(n()))}
                    data-count={n()}
                  >
                    <title>
                      {s.label}: {n()} paths with NPV {formatUsd(bins()[k].lo)} to{' '}
                      {formatUsd(bins()[k].hi)}
                    </title>
                  </rect>
                )}
              </Index>
            </g>
          ))}
        </svg>
      </div>
    </figure>
  );
}
