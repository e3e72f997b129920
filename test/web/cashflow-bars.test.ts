/**
 * @module test/web/cashflow-bars — the cash-flow chart's next answer keeps the arrays of the bars
 * that did not move (so their rects are left alone) and still holds exactly the new answer's stack.
 */
import { describe, expect, it } from 'vitest';
import type { MonthRow } from '../../model/schema';
import { keepUnmoved } from '../../web/src/charts/unmoved-bars';
import { flowKeysFor, stackFlows } from '../../web/src/charts/scales';

/** `n` months with a margin, a cost and interest; `bump` raises the margin from month `from` on. */
function months(n: number, bump = 0, from = n): MonthRow[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({
        month: `2027-${String(i + 1).padStart(2, '0')}`,
        miningRevenueUsd: 2e6,
        miningCostUsd: 1e6,
        hpcMarginUsd: i >= from ? 5e5 + bump : 5e5,
        interestUsd: 1e5,
      }) as unknown as MonthRow,
  );
}

describe('keepUnmoved', () => {
  it('keeps the unmoved bars’ arrays and equals the fresh stack of the new months', () => {
    const a = months(12);
    const b = months(12, 2e5, 6);
    const keys = flowKeysFor(a);
    const before = stackFlows(a, keys);
    const after = keepUnmoved(before, stackFlows(b, keys));
    const fresh = stackFlows(b, keys);
    expect(after.map((s) => s.map((d) => [d[0], d[1]]))).toEqual(
      fresh.map((s) => s.map((d) => [d[0], d[1]])),
    );
    let kept = 0;
    let moved = 0;
    after.forEach((s, j) =>
      s.forEach((d, i) => {
        const same = before[j][i][0] === d[0] && before[j][i][1] === d[1];
        expect(d === before[j][i]).toBe(same);
        if (same) kept++;
        else moved++;
      }),
    );
    expect(kept).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0);
  });

  it('keeps nothing for the first answer or for other series', () => {
    const a = months(6);
    const keys = flowKeysFor(a);
    const first = stackFlows(a, keys);
    expect(keepUnmoved(undefined, first)).toBe(first);
    // The same months with the series in another order: no series is at its old place.
    const other = stackFlows(a, [...keys].reverse());
    const next = keepUnmoved(other, stackFlows(a, keys));
    const moved = next.filter((s, j) => s.key !== other[j].key);
    expect(moved.length).toBeGreaterThan(1);
    next.forEach((s, j) => {
      if (s.key !== other[j].key) s.forEach((d, i) => expect(d).not.toBe(other[j][i]));
    });
  });
});
