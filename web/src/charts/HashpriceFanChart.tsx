/**
 * @module charts/HashpriceFanChart — the fan of the Monte Carlo's hashprice paths, month by month:
 * the median, the 25th–75th and the 5th–95th percentiles (the answer's `hashpriceFan`).
 */
import { createMemo, For } from 'solid-js';
import { formatHashprice } from '../lib/format';
import type { MonteCarloAnswer } from '../lib/montecarlo-api';
import { YAxis } from './Axis';
import { ChartFrame, type PlotContext, TipRow } from './ChartFrame';
import { COLORS, DEFAULT_MARGIN, makeValueScale, monthStepPath } from './scales';

type HashpriceFan = NonNullable<MonteCarloAnswer['hashpriceFan']>;
type Line = 'p5' | 'p25' | 'p50' | 'p75' | 'p95';

/**
 * Each percentile drawn, one meaning (the hashprice's spread) in one colour: the outer pair dotted
 * and thin, the median thick.
 */
const LINES: readonly { p: Line; label: string; width: number; dash?: string }[] = [
  { p: 'p95', label: '95th percentile', width: 1, dash: '1 3' },
  { p: 'p75', label: '75th percentile', width: 1.5 },
  { p: 'p50', label: 'Median', width: 2.5 },
  { p: 'p25', label: '25th percentile', width: 1.5 },
  { p: 'p5', label: '5th percentile', width: 1, dash: '1 3' },
];

/** The y axis with its grid across the plot area. */
function FrameYAxis(props: { ctx: PlotContext; scale: ReturnType<typeof makeValueScale> }) {
  const width = () => props.ctx.width() - props.ctx.margin.left - props.ctx.margin.right;
  return <YAxis scale={props.scale} left={props.ctx.margin.left} gridWidth={width()} />;
}

/** Hashprice ($/PH/day) percentiles over the run's paths, as step lines. */
export function HashpriceFanChart(props: { data: HashpriceFan; height?: number }) {
  const height = () => props.height ?? 220;
  const rows = createMemo(() => props.data.months.map((month, i) => ({ month, i })));
  const y = createMemo(() =>
    makeValueScale(0, Math.max(0, ...props.data.p95) * 1.08, height(), DEFAULT_MARGIN),
  );

  return (
    <ChartFrame
      title={`Hashprice paths (${props.data.paths} paths)`}
      ariaLabel="Line chart of the hashprice percentiles over the sampled paths, month by month"
      months={props.data.months}
      yUnit="$/PH/day"
      height={height()}
      margin={DEFAULT_MARGIN}
      testId="hashprice-fan"
      legend={[
        { label: 'Median', color: COLORS.hashprice, kind: 'line' },
        { label: '25th–75th', color: COLORS.hashprice, kind: 'line' },
        { label: '5th–95th', color: COLORS.hashprice, kind: 'dash', dash: '1 3' },
      ]}
      tooltip={(i) => (
        <For each={LINES}>
          {(l) => (
            <TipRow
              color={COLORS.hashprice}
              label={l.label}
              value={formatHashprice(props.data[l.p][i])}
              dash={!!l.dash}
            />
          )}
        </For>
      )}
      plot={(ctx) => (
        <>
          <FrameYAxis ctx={ctx} scale={y()} />
          <For each={LINES}>
            {(l) => (
              <path
                d={monthStepPath(rows(), ctx.x(), y(), (r) => props.data[l.p][r.i])}
                fill="none"
                stroke={COLORS.hashprice}
                stroke-width={l.width}
                stroke-dasharray={l.dash}
                data-series="hashprice-fan"
                data-percentile={l.p}
              />
            )}
          </For>
        </>
      )}
    />
  );
}
