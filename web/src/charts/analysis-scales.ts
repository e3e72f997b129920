/**
 * @module charts/analysis-scales — pure d3 scales of the analysis charts: tornado NPV axis, map
 * grid and HPC-share colours (unit-tested, no DOM).
 */
import { interpolateLab, piecewise, scaleLinear, type ScaleLinear } from 'd3';
import type { Margin } from './scales';

/** Tornado colours: the parameter's low value and its high value. */
export const TORNADO_COLORS = { low: '#c2410c', high: '#1b6fb5', base: '#1f2933' } as const;

/**
 * Map colours: all mining (share 0), half and half, all HPC (share 1), and a cell without an
 * optimum.
 */
export const SHARE_COLORS = {
  mining: '#e08a1e',
  mid: '#f4efe4',
  hpc: '#1f77b4',
  none: '#c9ced6',
} as const;

/**
 * x scale of a tornado: NPV in USD over the base and every side's NPV (nulls skipped), widened by
 * `pad` of the span on each side so the figures written at the bar ends fit, then niced. A flat or
 * empty domain becomes base ± $1M.
 */
export function makeTornadoScale(
  baseNpvUsd: number,
  npvs: readonly (number | null)[],
  width: number,
  margin: Margin,
  pad = 0.2,
): ScaleLinear<number, number> {
  const values = [baseNpvUsd, ...npvs.filter((v): v is number => v != null && Number.isFinite(v))];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo;
  if (!(span > 0)) [lo, hi] = [baseNpvUsd - 1e6, baseNpvUsd + 1e6];
  else [lo, hi] = [lo - span * pad, hi + span * pad];
  return scaleLinear()
    .domain([lo, hi])
    .nice(6)
    .range([margin.left, Math.max(margin.left + 1, width - margin.right)]);
}

/**
 * A tornado bar from the base to one side's NPV, px: `x` its left edge, `width` ≥ 1 so a zero swing
 * still shows.
 */
export function tornadoBar(
  scale: ScaleLinear<number, number>,
  baseNpvUsd: number,
  npvUsd: number,
): { x: number; width: number } {
  const a = scale(baseNpvUsd);
  const b = scale(npvUsd);
  return { x: Math.min(a, b), width: Math.max(1, Math.abs(b - a)) };
}

/**
 * Scale of a map axis whose `values` are evenly spaced cell centres: each value gets a cell of
 * equal width, the first cell's outer edge at `start`, the last's at `end` (for y, pass start > end
 * to go upwards). A single value spans the whole range. `cell` is the cell size in px (always
 * positive).
 */
export function makeGridScale(
  values: readonly number[],
  start: number,
  end: number,
): { scale: ScaleLinear<number, number>; cell: number } {
  const n = values.length;
  const first = values[0] ?? 0;
  const last = values[n - 1] ?? first;
  const half = n > 1 ? (last - first) / (n - 1) / 2 : 0.5;
  const scale = scaleLinear()
    .domain([first - half, last + half])
    .range([start, end]);
  return { scale, cell: Math.abs(end - start) / Math.max(1, n) };
}

/**
 * Colour of an HPC share in [0, 1] (clamped): amber for mining through a light middle to HPC blue;
 * grey for null (the heatmap hatches it too).
 */
export function shareColor(share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return SHARE_COLORS.none;
  return shareInterpolator(Math.min(1, Math.max(0, share)));
}

// Through Lab, so partial shares stay visibly amber or blue rather than greying out like a cell
// without an optimum.
const shareInterpolator = piecewise(interpolateLab, [
  SHARE_COLORS.mining,
  SHARE_COLORS.mid,
  SHARE_COLORS.hpc,
]);

/** The index of the value whose cell holds pixel `px` (clamped to the grid), for pointer → cell. */
export function gridIndexAt(
  px: number,
  scale: ScaleLinear<number, number>,
  values: readonly number[],
): number {
  if (values.length <= 1) return 0;
  const v = scale.invert(px);
  const step = (values[values.length - 1] - values[0]) / (values.length - 1);
  if (step === 0) return 0;
  const i = Math.round((v - values[0]) / step);
  return Math.min(values.length - 1, Math.max(0, i));
}
