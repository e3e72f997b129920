/**
 * @module charts/ValueBridgeChart — where the uplift over mining-only comes from: a small
 * waterfall of `kpis.valueBridge` (within the horizon, contracted after it, residuals, the ASICs'
 * tail, financing frictions, with a tax block the tax), its last bar the uplift (docs/web.md, "What
 * each number is").
 */
import { createElementSize } from '@solid-primitives/resize-observer';
import { createMemo, createSignal, Index } from 'solid-js';
import { formatUsd, formatUsdDelta } from '../lib/format';
import type { ValueBridge } from '../lib/kpis';
import { bridgeStep, bridgeSteps, bridgeSum, makeBridgeScale } from './bridge-scales';

/** Chart defaults (px): a row per bar, labels on the left. */
export const defaults = {
  width: 360,
  rowHeight: 22,
  labelWidth: 150,
  margin: { top: 6, right: 56, bottom: 6, left: 4 },
  stroke: 'currentColor',
  rise: '#2f9e44',
  fall: '#e8590c',
  total: '#495057',
} as const;

/** Props of {@link ValueBridgeChart}. */
export interface ValueBridgeChartProps {
  readonly data: ValueBridge;
  /** The answer's `npvVsMiningOnlyUsd`, drawn as the last bar. */
  readonly upliftUsd: number;
  readonly width?: number;
}

/** The value bridge as a horizontal waterfall; each bar is labelled with its signed amount. */
export function ValueBridgeChart(props: ValueBridgeChartProps) {
  const [box, setBox] = createSignal<HTMLElement>();
  const size = createElementSize(box);
  // Follows its box when narrower than the default (a phone), never wider.
  const width = () => {
    const w = props.width ?? defaults.width;
    return size.width ? Math.max(240, Math.min(w, Math.floor(size.width))) : w;
  };
  const m = defaults.margin;
  const steps = createMemo(() => bridgeSteps(props.data, props.upliftUsd));
  const height = () => m.top + m.bottom + steps().length * defaults.rowHeight;
  const x = createMemo(() =>
    makeBridgeScale(steps(), m.left + defaults.labelWidth, width() - m.right),
  );
  const fill = (s: ReturnType<typeof steps>[number]) =>
    s.total ? defaults.total : s.value >= 0 ? defaults.rise : defaults.fall;
  return (
    <figure
      class="chart bridge-chart"
      ref={setBox}
      data-testid="value-bridge"
      data-sum={bridgeSum(props.data)}
      data-uplift={props.upliftUsd}
    >
      <figcaption class="small">Where the uplift over mining only comes from (PV)</figcaption>
      <svg
        width={width()}
        height={height()}
        role="img"
        aria-label={
          'Waterfall of the NPV uplift over mining only: ' +
          steps()
            .map((s) => `${s.label} ${s.total ? formatUsd(s.value) : formatUsdDelta(s.value)}`)
            .join('; ')
        }
      >
        <line
          x1={x()(0)}
          x2={x()(0)}
          y1={m.top}
          y2={height() - m.bottom}
          stroke={defaults.stroke}
          stroke-width="1"
        />
        {/* By position: a new answer's bars update the same nodes. */}
        <Index each={steps()}>
          {(s, i) => {
            const bar = () =>
              bridgeStep(s(), x(), m.top + i * defaults.rowHeight, defaults.rowHeight);
            return (
              <g data-part={s().key} data-value={s().value}>
                <text class="bar-label" x={m.left} y={bar().textY}>
                  {s().label}
                </text>
                <rect
                  x={bar().x}
                  y={bar().y}
                  width={bar().width}
                  height={bar().height}
                  fill={fill(s())}
                />
                <text class="bar-value" x={bar().x + bar().width + 4} y={bar().textY}>
                  {s().total ? formatUsd(s().value) : formatUsdDelta(s().value)}
                </text>
              </g>
            );
          }}
        </Index>
      </svg>
    </figure>
  );
}
