/**
 * @module irr-scan — the signs of the conversion IRR's f on its grid (docs/model.md, "Baseline and
 * KPIs") without summing f at all 2,001 points, for flows that change sign more than once (where
 * Descartes' rule does not bound the roots).
 *
 * With x = g^(−1/12), f(g) = Σ_t D_t x^(t+1) and A(g) = Σ_t |D_t| x^(t+1). For g between two grid
 * points a < b (so x_a > x_b), |f(g) − f(g_a)| ≤ Σ_t |D_t| (x_a^(t+1) − x_b^(t+1)) = A(g_a) − A(g_b),
 * and the same from b. So when f has one sign at a and b and |f| at both ends exceeds that bound
 * (plus 1e-9 · A(g_a), far above the sums' rounding, about 1e-12 · A), every grid point between
 * has that sign and is not 0, as summed by the scan too: the interval needs no more sums. Else it
 * is halved. f at each point is summed exactly as the full scan sums it (same terms, same order,
 * so the same bits), so the signs, and the bracket taken from them, are the scan's.
 */

/** Slack on the bound, relative to A(g_a): well above the sums' rounding errors. */
const SLACK = 1e-9;

/**
 * The grid points whose f was summed, in index order, as [index, f]: between two consecutive ones
 * every grid point has their sign (the same, not 0). Non-finite sums are never taken as a bound, so
 * they end in every point summed, as the scan does.
 */
export function gridSigns(D: Float64Array, grid: readonly number[]): [number, number][] {
  const known = new Map<number, readonly [number, number]>();
  const at = (i: number) => {
    let v = known.get(i);
    if (!v) {
      v = sums(D, grid[i]);
      known.set(i, v);
    }
    return v;
  };
  const out: [number, number][] = [[0, at(0)[0]]];
  // Intervals [a, b] still to walk, the leftmost on top; a is already in `out`.
  const stack: [number, number][] = [[0, grid.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    if (b - a > 1 && !sameSignBetween(at(a), at(b))) {
      const m = (a + b) >> 1;
      stack.push([m, b], [a, m]);
      continue;
    }
    out.push([b, at(b)[0]]);
  }
  return out;
}

/** Whether every point between two grid points has their (one, non-zero) sign, by the bound. */
function sameSignBetween(
  [fa, Aa]: readonly [number, number],
  [fb, Ab]: readonly [number, number],
): boolean {
  const sign = Math.sign(fa);
  if (sign === 0 || Number.isNaN(sign) || Math.sign(fb) !== sign) return false;
  const bound = Aa - Ab + SLACK * Aa;
  return Number.isFinite(bound) && Math.abs(fa) > bound && Math.abs(fb) > bound;
}

/** f(g) (summed as the scan sums it) and A(g). */
function sums(D: Float64Array, g: number): readonly [number, number] {
  const r = Math.pow(g, -1 / 12);
  let factor = 1;
  let sum = 0;
  let abs = 0;
  for (let t = 0; t < D.length; t++) {
    factor *= r;
    const d = D[t];
    sum += d * factor;
    abs += Math.abs(d) * factor;
  }
  return [sum, abs];
}
