/**
 * @module irr-scan — the signs of the conversion IRR's f on its grid (docs/model.md, "Baseline and
 * KPIs") without summing f at all 2,001 points: from a few sums where the flows' running sums bound
 * its roots (`runningSumsBracket`), else by the bound below (`gridSigns`).
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
 *
 * Walked level by level: an interval is halved when its ends do not bound it, whatever the order
 * it is looked at in, so the points summed are those a depth-first walk sums; a level's new points
 * are summed four at a time (`sums4`, four independent chains of products in one pass over D,
 * against one chain whose every step waits for the last).
 */
export function gridSigns(D: Float64Array, grid: readonly number[]): [number, number][] {
  const last = grid.length - 1;
  const f = new Float64Array(grid.length);
  const A = new Float64Array(grid.length);
  const sumAt = (indices: number[]) => {
    let k = 0;
    for (; k + 4 <= indices.length; k += 4) sums4(D, grid, indices, k, f, A);
    for (; k < indices.length; k++) {
      const [v, a] = sums(D, grid[indices[k]]);
      f[indices[k]] = v;
      A[indices[k]] = a;
    }
  };
  sumAt(last > 0 ? [0, last] : [0]);
  // Intervals [a, b] of this level, left to right, their ends summed and nothing inside them (so a
  // midpoint is new); the ends of those bounded are kept.
  let level: [number, number][] = last > 0 ? [[0, last]] : [];
  const ends: number[] = [];
  while (level.length) {
    const next: [number, number][] = [];
    const mids: number[] = [];
    for (const [a, b] of level) {
      if (b - a > 1 && !sameSignBetween(f[a], A[a], f[b], A[b])) {
        const m = (a + b) >> 1;
        next.push([a, m], [m, b]);
        mids.push(m);
      } else ends.push(b);
    }
    sumAt(mids);
    level = next;
  }
  ends.sort((x, y) => x - y);
  const out: [number, number][] = [[0, f[0]]];
  for (const b of ends) out.push([b, f[b]]);
  return out;
}

/** Whether every point between two grid points has their (one, non-zero) sign, by the bound. */
function sameSignBetween(fa: number, Aa: number, fb: number, Ab: number): boolean {
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

/**
 * `sums` at grid[indices[k … k + 3]], into f and A: each point's products and sums in the same
 * order as `sums` makes them (the same bits), the four chains side by side.
 */
function sums4(
  D: Float64Array,
  grid: readonly number[],
  indices: readonly number[],
  k: number,
  f: Float64Array,
  A: Float64Array,
): void {
  const [i0, i1, i2, i3] = [indices[k], indices[k + 1], indices[k + 2], indices[k + 3]];
  const r0 = Math.pow(grid[i0], -1 / 12);
  const r1 = Math.pow(grid[i1], -1 / 12);
  const r2 = Math.pow(grid[i2], -1 / 12);
  const r3 = Math.pow(grid[i3], -1 / 12);
  let x0 = 1;
  let x1 = 1;
  let x2 = 1;
  let x3 = 1;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  for (let t = 0; t < D.length; t++) {
    const d = D[t];
    const m = Math.abs(d);
    x0 *= r0;
    x1 *= r1;
    x2 *= r2;
    x3 *= r3;
    s0 += d * x0;
    s1 += d * x1;
    s2 += d * x2;
    s3 += d * x3;
    a0 += m * x0;
    a1 += m * x1;
    a2 += m * x2;
    a3 += m * x3;
  }
  f[i0] = s0;
  f[i1] = s1;
  f[i2] = s2;
  f[i3] = s3;
  A[i0] = a0;
  A[i1] = a1;
  A[i2] = a2;
  A[i3] = a3;
}

/**
 * A running sum within this share of the sum of the |D_t| in it counts as 0: its sign is not sure
 * (the sum's rounding is about 1e-16 of that a term). Treating it as 0 moves f by at most this share
 * of A(g) per such sum (docs/model.md, "Baseline and KPIs"), so `SIGN_SLACK` over this is how many
 * of them the bound allows.
 */
const RUNNING_SLACK = 1e-11;

/** A sum of f within this share of A(g) of 0 has a sign the running sums' bound does not trust. */
const SIGN_SLACK = 1e-9;

/**
 * Sign changes of D's running sums, from its first month (`fromEnd` false: S_t = D_0 + … + D_t) or
 * from its last (R_j = D_n + … + D_{n−j}), those too near 0 for a sign counted as 0 (Descartes'
 * rule skips zeros), and how many those were; the last running sum (the total) must have a sign.
 */
function runningSignChanges(
  D: Float64Array,
  fromEnd: boolean,
): { readonly changes: number; readonly unsure: number } | null {
  let changes = 0;
  let unsure = 0;
  let prev = 0;
  let sum = 0;
  let abs = 0;
  let last = 0;
  for (let k = 0; k < D.length; k++) {
    const d = D[fromEnd ? D.length - 1 - k : k];
    sum += d;
    abs += Math.abs(d);
    last = 0;
    if (abs === 0) continue;
    if (Math.abs(sum) <= RUNNING_SLACK * abs) {
      unsure++;
      continue;
    }
    last = Math.sign(sum);
    if (prev !== 0 && last !== prev) changes++;
    prev = last;
  }
  return last === 0 ? null : { changes, unsure };
}

/**
 * The scan's answer from a few sums, when D's running sums bound f's roots (docs/model.md,
 * "Baseline and KPIs"): with x = g^(−1/12), p(x) = Σ D_t x^t has at most as many roots in
 * 0 < x < 1 as its running sums S_t change sign (p(x)/(1 − x) = Σ S_t x^t with S_t = S_n beyond
 * the last month: Descartes' rule on that series, Norstrom's criterion), at most as many in x > 1
 * as the running sums from the end R_j do (the same for 1/x), and none at x = 1 where S_n ≠ 0. A
 * running sum too near 0 for its sign is taken as 0, which moves f by at most RUNNING_SLACK · A(g)
 * each; a sum of f further than SIGN_SLACK · A(g) from 0 then has the sign of the f so bounded.
 * When each way changes sign at most once, f has at most one root each side of 0 %: its signs at
 * the grid's two ends tell whether the grid holds one (the scan's IRR, found by a binary search,
 * each point the same sum as the scan's) or none or two (no IRR). The cell, or null; undefined when
 * the bound does not hold or a sum is too near 0 (the scan tells).
 */
export function runningSumsBracket(
  D: Float64Array,
  grid: readonly number[],
): [number, number] | null | undefined {
  const forward = runningSignChanges(D, false);
  const backward = runningSignChanges(D, true);
  if (forward === null || backward === null || forward.changes > 1 || backward.changes > 1)
    return undefined;
  if (RUNNING_SLACK * Math.max(forward.unsure, backward.unsure) > SIGN_SLACK / 2) return undefined;
  // The sign of f at grid[n] (summed as the scan sums it), or 0 when it is too near 0 to trust.
  const signAt = (n: number): number => {
    const [v, abs] = sums(D, grid[n]);
    return Number.isFinite(v) && Math.abs(v) > SIGN_SLACK * abs ? Math.sign(v) : 0;
  };
  // At most one root each side of 0 %: f's signs at the grid's two ends differ when there is one
  // root on the grid, and agree when there are none or two, where the scan finds no IRR either.
  const first = signAt(0);
  const end = signAt(grid.length - 1);
  if (first === 0 || end === 0) return undefined;
  if (first === end) return null;
  // One change: the last point with the first end's sign.
  let lo = 0;
  let hi = grid.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const sign = signAt(mid);
    if (sign === 0) return undefined;
    if (sign === first) lo = mid;
    else hi = mid;
  }
  return [grid[lo], grid[hi]];
}
