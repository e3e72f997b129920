/**
 * What the build's fast paths stand for (docs/solvers.md, "The build"): an ordered row stored as
 * the general path would, names checked in full, month numbers and discount factors as their
 * formulas give them, and an option's values after the horizon equal to their sums month by month —
 * every comparison exact, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import { economics } from '../../model/economics';
import { Lp, ModelError, key, type Term } from '../../model/lp';
import { ScenarioSchema, type ScenarioInput, type SiteScenario } from '../../model/schema';
import { discountFactor, monthLabel, monthNumber } from '../../model/time';

const csr = (lp: Lp) => ({
  start: [...lp.rowStart],
  cols: [...lp.rowCols],
  coefs: [...lp.rowCoefs],
});

/** A seeded generator of numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Lp rows, ordered or not', () => {
  it('stores a row given in column order as the same row given out of order with repeats and zeros', () => {
    const rand = random(7);
    const ordered = new Lp();
    const shuffled = new Lp();
    for (let j = 0; j < 40; j++) {
      ordered.addColumn(`x${j}`);
      shuffled.addColumn(`x${j}`);
    }
    for (let i = 0; i < 200; i++) {
      const terms: Term[] = [];
      for (let j = 0; j < 40; j++)
        if (rand() < 0.2) terms.push([j, Math.round(rand() * 200) - 100]);
      ordered.addRow(
        `r${i}`,
        terms.filter(([, v]) => v !== 0),
        0,
        1,
      );
      // The same row reversed, each coefficient split into two terms, a zero and a −0 added.
      const mixed: Term[] = [
        [terms[0]?.[0] ?? 0, 0],
        [39, -0],
      ];
      for (const [c, v] of [...terms].reverse()) mixed.push([c, v - 1], [c, 1]);
      shuffled.addRow(`r${i}`, mixed, 0, 1);
    }
    expect(csr(shuffled)).toEqual(csr(ordered));
    expect(ordered.rowCoefs.every((v) => v !== 0)).toBe(true);
  });

  it('drops a column whose terms cancel, first, in the middle or last', () => {
    const lp = new Lp();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => lp.addColumn(n));
    const terms: Term[] = [
      [d, 1],
      [a, 2],
      [d, -1],
      [b, 0],
      [c, 3],
      [a, -2],
    ];
    lp.addRow('cancel', terms, 0, 0);
    lp.addRow(
      'all',
      [
        [a, 1],
        [a, -1],
      ],
      0,
      0,
    );
    lp.addRow(
      'last',
      [
        [b, 4],
        [c, 1],
        [c, -1],
      ],
      0,
      0,
    );
    expect(csr(lp)).toEqual({ start: [0, 1, 1, 2], cols: [c, b], coefs: [3, 4] });
  });
});

describe('names', () => {
  it('builds LP-safe keys, numbers and repeated parts included', () => {
    for (let round = 0; round < 2; round++) {
      expect(key('hpc.build', 'ai-lease', '2027-03')).toBe('hpc_build.ai_lease.2027_03');
      expect(key('u1', 'na', 'facility', 12)).toBe('u1.na.facility.12');
      expect(key('a b', -1, 1.5, 4095, 4096)).toBe('a_b._1.1_5.4095.4096');
    }
  });

  it('checks every name in full, whatever key built just before', () => {
    const lp = new Lp();
    expect(lp.addColumn(key('x', 1))).toBe(0);
    expect(() => lp.addColumn(key('9lives'))).toThrow(ModelError);
    expect(() => lp.addColumn(key('ok'), {})).not.toThrow();
    key('y', 2);
    expect(() => lp.addColumn('y-2')).toThrow(/invalid name/);
    expect(() => lp.addRow('bad name', [], 0, 0)).toThrow(/invalid name/);
    expect(() => lp.addColumn(key('x', 1))).toThrow(/duplicate/);
  });
});

describe('months and discount factors', () => {
  it('reads a label as its year × 12 + month − 1, the same as splitting it', () => {
    const split = (label: string) => {
      const [y, m] = label.split('-').map(Number);
      return y * 12 + (m - 1);
    };
    for (let n = 0; n < 12 * 3000; n += 7) expect(monthNumber(monthLabel(n))).toBe(n);
    for (const label of ['2027-03', '0999-12', '2027-3', '12027-03', '2027-1a', 'abcd-ef', ''])
      expect(monthNumber(label)).toBe(split(label));
  });

  it('gives (1 + d)^(−(t+1)/12) bit for bit, the first time and every time after', () => {
    const rand = random(11);
    const rates = Array.from({ length: 50 }, () => rand() * 0.3 - 0.05);
    for (let round = 0; round < 3; round++)
      for (const d of [...rates, 0, -0, 0.12])
        for (const t of [0, 1, 59, 383, 1023, 1024, 5000, -1, 2.5])
          expect(discountFactor(d, t)).toBe(Math.pow(1 + d, -(t + 1) / 12));
  });
});

/** A preset with every option given a hazard, a ramp, its own rate, a residual and paid power. */
function rich(id: string): ScenarioInput {
  const s = structuredClone(loadPreset(id)) as Record<string, any>;
  for (const o of s.hpcOptions) {
    o.discountRatePerYear = 0.15;
    o.rampMonths = 6;
    if (o.kind === 'cloud') continue;
    o.residual = { capRatePerYear: 0.08, refitCapexUsdPerMWIt: 100000 };
    o.tenantPaysPower = false;
    o.defaultProbabilityPerYear = 0.03;
    o.backstopShare = 0.5;
  }
  return s as ScenarioInput;
}

describe("an option's values after the horizon", () => {
  const scenarios: [string, ScenarioInput][] = [
    ['texas-100mw', loadPreset('texas-100mw')!],
    ['ercot-flex', loadPreset('ercot-flex')!],
    ['texas-100mw, rich', rich('texas-100mw')],
    ['ercot-flex, rich', rich('ercot-flex')],
  ];
  it.each(scenarios)('%s: are the sums of its flows, month by month', (_, input) => {
    const s = ScenarioSchema.parse(input);
    const e = economics(s as SiteScenario);
    const T = e.T;
    for (const oe of e.options) {
      for (let start = 0; start < T; start++) {
        let v = 0;
        for (let t = T; t < oe.valueEnd(start); t++) {
          const flow = oe.flowAfterHorizon(start, t);
          const j = t - start;
          if (oe.option.kind === 'lease')
            expect(flow).toBe(
              e.market ? oe.netAt(j) - oe.poweredAt(j) * e.market.hpcPowerAt(t) : oe.netAt(j),
            );
          v += flow * oe.dfAt(t);
        }
        expect(oe.postHorizonValue(start)).toBe(v);
        let r = 0;
        for (const [t, amount] of oe.residualFlows(start)) r += amount * oe.dfAt(t);
        expect(oe.residualValue(start)).toBe(r);
        let k = 0;
        if (oe.rate !== s.financing.discountRatePerYear)
          for (let t = start; t < T; t++) {
            const j = t - start;
            const charged = e.market ? oe.poweredAt(j) * e.market.hpcPowerAt(t) : 0;
            k += (oe.dfAt(t) - e.df[t]) * (oe.netAt(j) - charged);
          }
        expect(oe.rateCorrection(start)).toBe(k);
      }
      expect(oe.flowAfterHorizon(0, T - 1)).toBe(0);
      expect(oe.flowAfterHorizon(0, oe.valueEnd(0))).toBe(0);
    }
  });
});
