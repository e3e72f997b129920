/**
 * @module test/model/irr-bracket — the conversion IRR's sign change found by a binary search where
 * the flows change sign once (Descartes' rule: one positive root) equals, bit for bit, the one the
 * full scan of the 2,001-point grid finds; so does the one found from a few sums where the flows change
 * sign more than once but their running sums, from either end, at most once; other flows take the
 * scan.
 */
import { describe, expect, it } from 'vitest';
import { gridSigns, runningSumsBracket } from '../../model/irr-scan';
import { conversionIrr } from '../../model/kpis';
import { rng } from '../helpers/rng';

/** A conversion's flows: capex for a while, then a margin growing or shrinking, with noise. */
function conversion(r: ReturnType<typeof rng>): number[] {
  const build = r.int(1, 30);
  const length = build + r.int(1, 400);
  const capex = -r.between(1e5, 1e9);
  const margin = r.between(1e3, 5e7);
  const growth = r.between(-0.01, 0.01);
  return Array.from({ length }, (_, t) =>
    t < build ? capex * r.between(0.5, 1.5) : margin * (1 + growth) ** t * r.between(0.8, 1.2),
  );
}

/** The IRR's grid of 1 + i (docs/model.md, "Baseline and KPIs"). */
const grid = Array.from({ length: 2001 }, (_, n) => 0.01 * Math.pow(1100, n / 2000));

/** f(g) = Σ D_t g^(−(t+1)/12), summed as the IRR's scan sums it. */
function fAt(D: Float64Array, g: number): number {
  const x = Math.pow(g, -1 / 12);
  let factor = 1;
  let sum = 0;
  for (const d of D) {
    factor *= x;
    sum += d * factor;
  }
  return sum;
}

describe('the conversion IRR', () => {
  it('is the same number, bit for bit, by the binary search and by the full scan', () => {
    const r = rng(20261207);
    let found = 0;
    for (let k = 0; k < 400; k++) {
      const flows = conversion(r);
      // Some with a zero month or tiny flows (counted as 0) inside, some the other way round.
      if (k % 5 === 0) flows[r.int(0, flows.length - 1)] = 0;
      if (k % 7 === 0) flows.forEach((v, t) => (flows[t] = -v));
      const fast = conversionIrr(flows);
      const scan = conversionIrr(flows, true);
      expect(Object.is(fast, scan), `case ${k}: ${fast} against ${scan}`).toBe(true);
      if (fast !== null) found++;
    }
    // Most have an IRR on the grid (−99 % … +1,000 %/yr); some have none.
    expect(found).toBeGreaterThan(200);
  });

  it('takes the full scan when the flows change sign more than once, and agrees with it', () => {
    const r = rng(7);
    for (let k = 0; k < 200; k++) {
      const flows = conversion(r);
      // A second outlay (a refresh, a residual's sale, a lease that ends in a loss) late in the life.
      flows[flows.length - 1] = -r.between(0, 3) * Math.abs(flows[0]) * flows.length;
      const fast = conversionIrr(flows);
      expect(Object.is(fast, conversionIrr(flows, true))).toBe(true);
    }
  });

  it('finds the sign changes from a few sums where the running sums change sign at most once, as the scan does', () => {
    const r = rng(20261208);
    let bounded = 0;
    let found = 0;
    let twice = 0;
    for (let k = 0; k < 300; k++) {
      const flows = conversion(r);
      // Taxes netted once a year after the flows (as a tax block's years after the horizon): eleven
      // months of relief, then the year's add-back, so that the running sums come back to about 0.
      for (let y = r.int(0, 8); y > 0; y--) {
        const x = r.between(1e3, 1e5);
        for (let m = 0; m < 11; m++) flows.push(-x);
        flows.push(11 * x);
      }
      // A few small outlays among the margins.
      for (let j = r.int(1, 4); j > 0; j--) {
        const t = r.int(0, flows.length - 1);
        if (flows[t] > 0) flows[t] *= -r.between(0.05, 0.5);
      }
      // A last outlay smaller than the total (the running sums still change sign once each way, f
      // has a root on each side of 0 %) or larger (they change twice: the scan tells).
      if (k % 3 === 0) flows.push(-r.between(0.1, 0.9) * flows.reduce((a, v) => a + v, 0));
      if (k % 10 === 1) flows.push(-r.between(1.1, 3) * flows.reduce((a, v) => a + v, 0));
      if (k % 7 === 0) flows.forEach((v, t) => (flows[t] = -v));
      const peak = Math.max(...flows.map(Math.abs));
      const D = Float64Array.from(flows, (d) => (Math.abs(d) < 1e-6 * peak ? 0 : d));
      const cell = runningSumsBracket(D, grid);
      if (cell !== undefined) {
        bounded++;
        // The scan's own cell: the one sign change over all 2,001 sums, or none.
        const signs = grid
          .map((g, n) => [n, Math.sign(fAt(D, g))] as const)
          .filter(([, v]) => v !== 0);
        const changes = signs.flatMap(([n, v], i) => (i > 0 && v !== signs[i - 1][1] ? [n] : []));
        if (changes.length === 1) {
          const at = signs.findIndex(([n]) => n === changes[0]);
          expect(cell, `case ${k}`).toEqual([grid[signs[at - 1][0]], grid[changes[0]]]);
          found++;
        } else {
          expect(cell, `case ${k}: ${changes.length} changes`).toBeNull();
          if (changes.length === 2) twice++;
        }
      }
      expect(Object.is(conversionIrr(flows), conversionIrr(flows, true)), `case ${k}`).toBe(true);
    }
    // Most of these take the bound; some have an IRR, some a root on each side of 0 %.
    expect(bounded).toBeGreaterThan(200);
    expect(found).toBeGreaterThan(150);
    expect(twice).toBeGreaterThan(20);
  });

  it('leaves flows with three roots on the grid to the scan: no IRR', () => {
    const r = rng(3);
    for (let k = 0; k < 50; k++) {
      // Yearly flows whose f has roots at three rates, 1+i = g1 < g2 < g3: with z = 1/(1+i),
      // f = z^(1/12) (z − z1)(z − z2)(z − z3) × scale.
      const [z1, z2, z3] = [r.between(0.3, 0.6), r.between(0.65, 0.9), r.between(0.95, 1.6)];
      const scale = r.between(1e6, 1e9);
      const yearly = [-z1 * z2 * z3, z1 * z2 + z1 * z3 + z2 * z3, -(z1 + z2 + z3), 1];
      const flows = yearly.flatMap((v, y) => [scale * v, ...new Array(y < 3 ? 11 : 0).fill(0)]);
      const D = Float64Array.from(flows);
      expect(runningSumsBracket(D, grid), `case ${k}`).toBeUndefined();
      expect(conversionIrr(flows), `case ${k}`).toBeNull();
      expect(conversionIrr(flows, true), `case ${k}`).toBeNull();
    }
  });

  it('knows the sign of f at every grid point from a tenth of the sums, as summing all gives it', () => {
    const r = rng(11);
    let summed = 0;
    let roots = 0;
    for (let k = 0; k < 300; k++) {
      const flows = conversion(r);
      if (k % 2) flows[flows.length - 1] = -r.between(0, 3) * Math.abs(flows[0]) * flows.length;
      if (k % 3 === 0) flows[r.int(0, flows.length - 1)] *= -1;
      const D = Float64Array.from(flows);
      const full = grid.map((g) => Math.sign(fAt(D, g)));
      const points = gridSigns(D, grid);
      summed += points.length;
      // Every grid point between two summed ones that are not neighbours has their sign.
      const signs = new Array<number>(grid.length);
      points.forEach(([n, v], i) => {
        signs[n] = Math.sign(v);
        const [m, u] = points[Math.max(0, i - 1)];
        if (n - m > 1) {
          expect(Math.sign(u), `case ${k}: ${m} … ${n}`).toBe(Math.sign(v));
          for (let j = m + 1; j < n; j++) signs[j] = Math.sign(v);
        }
      });
      expect(signs, `case ${k}`).toEqual(full);
      if (full.some((v, n) => n > 0 && v !== full[n - 1])) roots++;
      expect(Object.is(conversionIrr(flows), conversionIrr(flows, true)), `case ${k}`).toBe(true);
    }
    // Most cases have a root on the grid; the bound spares most of the sums.
    expect(roots).toBeGreaterThan(100);
    expect(summed / 300).toBeLessThan(0.3 * grid.length);
  });

  it('is the rate at which the flows are worth zero', () => {
    const flows = [-100, ...Array.from({ length: 120 }, () => 1.5)];
    const irr = conversionIrr(flows)!;
    const pv = flows.reduce((a, d, t) => a + d * (1 + irr) ** (-(t + 1) / 12), 0);
    expect(Math.abs(pv)).toBeLessThan(1e-9);
    expect(irr).toBeGreaterThan(0.1);
  });
});
