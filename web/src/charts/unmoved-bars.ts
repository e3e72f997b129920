/**
 * @module charts/unmoved-bars — the cash-flow chart's next stack with the arrays of the bars that did
 * not move kept: its rects are drawn by position (`Index`), so a kept array leaves its rect alone,
 * and a slider's step moves about a third of the bars (docs/web.md, "A slider's preview").
 */
import type { stackFlows } from './scales';

/** The cash-flow chart's stacked series (`stackFlows`). */
export type StackedFlows = ReturnType<typeof stackFlows>;

/**
 * `next` with each bar whose two ends equal those of the same series' bar in `prev` replaced by
 * that bar's array (the same series key object, the same month index). `next` is changed in place
 * and returned; without `prev` it is returned as it is.
 */
export function keepUnmoved(prev: StackedFlows | undefined, next: StackedFlows): StackedFlows {
  if (!prev) return next;
  for (const [j, s] of next.entries()) {
    const before = prev[j];
    if (before?.key !== s.key) continue;
    for (const [i, d] of s.entries()) {
      const p = before[i];
      if (p && p[0] === d[0] && p[1] === d[1]) s[i] = p;
    }
  }
  return next;
}
