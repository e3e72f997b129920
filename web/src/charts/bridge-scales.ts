/**
 * @module charts/bridge-scales — the value bridge as steps of a waterfall (pure; the chart draws
 * them): each part of the uplift over mining-only from where the last one ended (with a tax block
 * the tax too), then the uplift.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { ValueBridge } from '../lib/kpis';

/** One bar of the waterfall: it runs from `start` to `end` (USD); `value` = end − start. */
export interface BridgeStep {
  readonly key: keyof ValueBridge | 'uplift';
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly value: number;
  /** The last bar: the uplift itself, from 0. */
  readonly total: boolean;
}

/** One part of the bridge: its key in `kpis.valueBridge` and its label. */
export interface BridgePart {
  readonly key: keyof ValueBridge;
  readonly label: string;
}

/** The parts every bridge has, in the order they are drawn, with their labels. */
export const BRIDGE_PARTS: readonly BridgePart[] = [
  { key: 'inHorizonUsd', label: 'Within the horizon' },
  { key: 'postHorizonContractedUsd', label: 'Contracted after it' },
  { key: 'residualUsd', label: 'Buildings’ residual' },
  { key: 'asicTailUsd', label: 'ASICs’ tail' },
  { key: 'financingFrictionsUsd', label: 'Financing frictions' },
];

/** The tax part, drawn last and only when the answer has it (a scenario with a tax block). */
export const TAX_BRIDGE_PART: BridgePart = { key: 'taxUsd', label: 'Tax' };

/** The parts `bridge` has, in order: the five, then the tax when present. */
export function bridgeParts(bridge: ValueBridge): readonly BridgePart[] {
  return bridge.taxUsd == null ? BRIDGE_PARTS : [...BRIDGE_PARTS, TAX_BRIDGE_PART];
}

/**
 * The waterfall's bars: the parts (the tax too when present), each from the running sum, then the
 * uplift (from 0).
 * @param upliftUsd the answer's `npvVsMiningOnlyUsd`; the parts add up to it (to 1e-6, the SPEC).
 * @example bridgeSteps({ inHorizonUsd: 5, postHorizonContractedUsd: 3, residualUsd: 2,
 *   asicTailUsd: -1, financingFrictionsUsd: 0 }, 9).at(-1) // { start: 0, end: 9, total: true, … }
 */
export function bridgeSteps(bridge: ValueBridge, upliftUsd: number): BridgeStep[] {
  let at = 0;
  const steps: BridgeStep[] = bridgeParts(bridge).map(({ key, label }) => {
    const value = bridge[key] ?? 0;
    const step = { key, label, start: at, end: at + value, value, total: false };
    at += value;
    return step;
  });
  steps.push({
    key: 'uplift',
    label: 'Uplift vs mining only',
    start: 0,
    end: upliftUsd,
    value: upliftUsd,
    total: true,
  });
  return steps;
}

/** Sum of the parts (without the uplift bar; with the tax when present), USD. */
export function bridgeSum(bridge: ValueBridge): number {
  return bridgeParts(bridge).reduce((s, p) => s + (bridge[p.key] ?? 0), 0);
}

/**
 * x scale of the waterfall over every bar's ends (0 included), niced, from `left` to `right` px.
 */
export function makeBridgeScale(
  steps: readonly BridgeStep[],
  left: number,
  right: number,
): ScaleLinear<number, number> {
  const ends = steps.flatMap((s) => [s.start, s.end]).filter(Number.isFinite);
  const lo = Math.min(0, ...ends);
  let hi = Math.max(0, ...ends);
  if (lo === hi) hi = lo + 1;
  return scaleLinear()
    .domain([lo, hi])
    .nice(4)
    .range([left, Math.max(left + 1, right)]);
}

/** A bar's rectangle (px) in its row: at least 1 px wide, so a zero part still shows. */
export function bridgeStep(
  step: BridgeStep,
  x: ScaleLinear<number, number>,
  rowTop: number,
  rowHeight: number,
): { x: number; y: number; width: number; height: number; textY: number } {
  const a = x(Math.min(step.start, step.end));
  const b = x(Math.max(step.start, step.end));
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    x: round(a),
    y: round(rowTop + 3),
    width: round(Math.max(1, b - a)),
    height: rowHeight - 6,
    textY: round(rowTop + rowHeight / 2 + 4),
  };
}
