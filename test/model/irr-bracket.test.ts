/**
 * @module test/model/irr-bracket — the conversion IRR's sign change found by a binary search where
 * the flows change sign once (Descartes' rule: one positive root) equals, bit for bit, the one the
 * full scan of the 2,001-point grid finds; flows that change sign more than once take the scan.
 */
import { describe, expect, it } from 'vitest';
import { gridSigns } from '../../model/irr-scan';
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

  it('knows the sign of f at every grid point from a tenth of the sums, as summing all gives it', () => {
    const grid = Array.from({ length: 2001 }, (_, n) => 0.01 * Math.pow(1100, n / 2000));
    const r = rng(11);
    let summed = 0;
    let roots = 0;
    for (let k = 0; k < 300; k++) {
      const flows = conversion(r);
      if (k % 2) flows[flows.length - 1] = -r.between(0, 3) * Math.abs(flows[0]) * flows.length;
      if (k % 3 === 0) flows[r.int(0, flows.length - 1)] *= -1;
      const D = Float64Array.from(flows);
      const full = grid.map((g) => {
        const x = Math.pow(g, -1 / 12);
        let factor = 1;
        let sum = 0;
        for (const d of D) {
          factor *= x;
          sum += d * factor;
        }
        return Math.sign(sum);
      });
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
