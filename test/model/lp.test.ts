/**
 * The LP container: rows are stored sorted by column, terms on one column merged, zeros dropped;
 * bad input throws.
 */
import { describe, expect, it } from 'vitest';
import { key, Lp, ModelError } from '../../model/lp';

const row = (lp: Lp, i: number) => {
  const out: [number, number][] = [];
  for (let k = lp.rowStart[i]; k < lp.rowStart[i + 1]; k++)
    out.push([lp.rowCols[k], lp.rowCoefs[k]]);
  return out;
};

describe('Lp rows', () => {
  it('sorts terms by column, sums repeated columns in the order given and drops zero sums', () => {
    const lp = new Lp();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => lp.addColumn(n));
    lp.addRow(
      'r0',
      [
        [d, 1],
        [b, 2],
        [a, 3],
        [b, 0.1],
        [c, 5],
        [c, -5],
        [b, 0.2],
      ],
      0,
      1,
    );
    lp.addRow(
      'r1',
      [
        [a, 1],
        [b, 2],
      ],
      -Infinity,
      4,
    );
    lp.addRow('empty', [], 0, 0);
    expect(row(lp, 0)).toEqual([
      [a, 3],
      [b, 2 + 0.1 + 0.2],
      [d, 1],
    ]);
    expect(row(lp, 1)).toEqual([
      [a, 1],
      [b, 2],
    ]);
    expect(row(lp, 2)).toEqual([]);
    expect(lp.rowStart).toEqual([0, 3, 5, 5]);
  });

  it('rejects a non-finite coefficient, an unknown column and a duplicate name, leaving the rows as they were', () => {
    const lp = new Lp();
    const x = lp.addColumn('x');
    lp.addRow('ok', [[x, 1]], 0, 1);
    expect(() =>
      lp.addRow(
        'nan',
        [
          [x, 1],
          [x, Number.NaN],
        ],
        0,
        1,
      ),
    ).toThrow(ModelError);
    expect(() =>
      lp.addRow(
        'far',
        [
          [x, 1],
          [7, 1],
        ],
        0,
        1,
      ),
    ).toThrow(/column index/);
    expect(() => lp.addRow('ok', [[x, 1]], 0, 1)).toThrow(/duplicate/);
    expect(lp.numRows).toBe(1);
    expect(lp.rowCols).toEqual([x]);
    expect(lp.rowStart).toEqual([0, 1]);
  });
});

describe('Lp clone', () => {
  it('is a copy: names, arrays and rows added to either leave the other as it was', () => {
    const lp = new Lp();
    const [a, b] = ['a', 'b'].map((n) => lp.addColumn(n, { ub: 5, obj: 1 }));
    lp.addRow(
      'r0',
      [
        [a, 1],
        [b, 2],
      ],
      0,
      4,
    );
    const copy = lp.clone();
    expect(copy.col('b')).toBe(b);
    expect(copy.row('r0')).toBe(0);
    // The tie-break's use: bounds and costs changed, a row added to the copy.
    copy.colUb[a] = 1;
    copy.colObj.fill(0);
    copy.addRow('value', [[a, 1]], 1, Infinity);
    expect([lp.colUb[a], lp.colObj[a], lp.numRows, lp.row('value')]).toEqual([5, 1, 1, undefined]);
    expect([copy.numRows, copy.row('value'), copy.rowCols.length]).toEqual([2, 1, 3]);
    expect(lp.rowCols).toEqual([a, b]);
    // And the other way round: a column added to the original is not in the copy.
    lp.addColumn('c');
    expect([lp.col('c'), copy.col('c'), copy.numCols]).toEqual([2, undefined, 2]);
    expect(() => copy.addColumn('a')).toThrow(ModelError);
    expect(copy.addColumn('c')).toBe(2);
  });
});

describe('Lp restrict', () => {
  it('holds the marked columns at the point: their terms in the bounds, rows of them alone dropped', () => {
    const lp = new Lp();
    const [a, b, c] = ['a', 'b', 'c'].map((n, j) => lp.addColumn(n, { ub: 9, obj: j + 1 }));
    lp.objectiveConstant = 0.5;
    lp.addRow(
      'ab',
      [
        [a, 2],
        [b, 1],
      ],
      1,
      8,
    );
    lp.addRow('a', [[a, 1]], 0, 3);
    lp.addRow(
      'bc',
      [
        [b, 1],
        [c, -1],
      ],
      -Infinity,
      4,
    );
    const { lp: small, cols } = lp.restrict(Uint8Array.from([1, 0, 0]), [3, 0, 0]);
    expect([...cols]).toEqual([b, c]);
    expect(small.colNames).toEqual(['b', 'c']);
    expect(small.colObj).toEqual([2, 3]);
    // The objective's constant takes a's term: 0.5 + 1 × 3.
    expect(small.objectiveConstant).toBe(3.5);
    // Row 'a' had a alone: dropped. Row 'ab' keeps b, its bounds less 2 × 3.
    expect(small.rowNames).toEqual(['ab', 'bc']);
    expect([small.rowLb, small.rowUb]).toEqual([
      [-5, -Infinity],
      [2, 4],
    ]);
    expect([small.rowStart, small.rowCols, small.rowCoefs]).toEqual([
      [0, 1, 3],
      [0, 0, 1],
      [1, 1, -1],
    ]);
    // Its names can be looked up, and a row added to it.
    expect(small.row('bc')).toBe(1);
    expect(small.addRow('v', [[1, 1]], 0, 1)).toBe(2);
    expect(lp.numRows).toBe(3);
  });

  it('on random LPs: a free point is feasible and valued alike in both, row by row', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 50; n++) {
      const lp = new Lp();
      const m = 2 + Math.floor(rand() * 6);
      for (let j = 0; j < m; j++) lp.addColumn(`x${j}`, { ub: 10, obj: rand() - 0.5 });
      const rows = 1 + Math.floor(rand() * 6);
      for (let i = 0; i < rows; i++) {
        const terms: [number, number][] = [];
        for (let j = 0; j < m; j++)
          if (rand() < 0.5) terms.push([j, Math.round((rand() - 0.5) * 8)]);
        lp.addRow(`r${i}`, terms, rand() < 0.3 ? -Infinity : -5 * rand(), 5 * rand());
      }
      const mask = Uint8Array.from({ length: m }, () => (rand() < 0.5 ? 1 : 0));
      const x = Array.from({ length: m }, () => Math.round(rand() * 10));
      const { lp: small, cols } = lp.restrict(mask, x);
      expect([...cols]).toEqual([...mask.keys()].filter((j) => !mask[j]));
      // Any point of the free columns, with the marked ones at x.
      const y = Array.from({ length: small.numCols }, () => Math.round(rand() * 10));
      const full = [...x];
      cols.forEach((j, k) => {
        full[j] = y[k];
      });
      expect(small.objectiveAt(y)).toBeCloseTo(lp.objectiveAt(full), 12);
      const act = lp.activities(full);
      const kept = small.activities(y);
      let r = 0;
      for (let i = 0; i < lp.numRows; i++) {
        const free = lp.rowCols.slice(lp.rowStart[i], lp.rowStart[i + 1]).some((j) => !mask[j]);
        if (!free) continue;
        expect(small.rowNames[r]).toBe(lp.rowNames[i]);
        // Integer coefficients and points: the activities are exact.
        expect(kept[r] >= small.rowLb[r]).toBe(act[i] >= lp.rowLb[i]);
        expect(kept[r] <= small.rowUb[r]).toBe(act[i] <= lp.rowUb[i]);
        r++;
      }
      expect(r).toBe(small.numRows);
    }
  });
});

describe('Lp names built by key', () => {
  // A build's names are told apart by a stamp on their key until the LP needs its maps: these
  // check that a duplicate is refused and every name found however the two ways mix.
  const names = (lp: Lp) => lp.colNames.map((n) => lp.col(n));

  it("refuses a duplicate column or row, and a row may share a column's name", () => {
    const lp = new Lp();
    const x = lp.addColumn(key('x', 1));
    lp.addColumn(key('x', 2));
    expect(() => lp.addColumn(key('x', 1))).toThrow(/duplicate/);
    lp.addRow(key('x', 1), [[x, 1]], 0, 1);
    expect(() => lp.addRow(key('x', 1), [[x, 1]], 0, 1)).toThrow(/duplicate/);
    // Two lists of parts that make one key are one name.
    expect(() => lp.addColumn(key('x', '2'))).toThrow(/duplicate/);
    expect([lp.numCols, lp.numRows, lp.col('x.2'), lp.row('x.1')]).toEqual([2, 1, 1, 0]);
  });

  it('a name refused for its bounds is not taken: it can be added after', () => {
    const lp = new Lp();
    expect(() => lp.addColumn(key('y', 1), { lb: 2, ub: 1 })).toThrow(/bounds/);
    expect(lp.addColumn(key('y', 1))).toBe(0);
    expect(() => lp.addRow(key('y', 1), [[5, 1]], 0, 1)).toThrow(/column index/);
    expect(lp.addRow(key('y', 1), [[0, 1]], 0, 1)).toBe(0);
  });

  it('two LPs built in turn, with the same names, each refuse their own duplicates only', () => {
    const a = new Lp();
    const b = new Lp();
    for (let t = 0; t < 3; t++) {
      a.addColumn(key('z', t));
      b.addColumn(key('z', t));
      a.addRow(key('z', t), [[t, 1]], 0, 1);
      b.addRow(key('z', t), [[t, 1]], 0, 1);
    }
    for (const lp of [a, b]) {
      expect(() => lp.addColumn(key('z', 1))).toThrow(/duplicate/);
      expect(() => lp.addRow(key('z', 2), [[0, 1]], 0, 1)).toThrow(/duplicate/);
      expect(names(lp)).toEqual([0, 1, 2]);
      expect(lp.addColumn(key('z', 3))).toBe(3);
    }
  });

  it("an LP built after another, then added to, still refuses the first one's names", () => {
    const a = new Lp();
    a.addColumn(key('w', 0));
    a.addColumn(key('w', 1));
    const b = new Lp();
    b.addColumn(key('w', 1));
    b.addColumn(key('w', 0));
    expect(() => a.addColumn(key('w', 0))).toThrow(/duplicate/);
    expect(() => b.addColumn(key('w', 1))).toThrow(/duplicate/);
    expect([a.col('w.1'), b.col('w.1')]).toEqual([1, 0]);
  });

  it('a literal name, a lookup and a copy mix with stamped names', () => {
    const lp = new Lp();
    lp.addColumn(key('v', 0));
    expect(lp.col('v.0')).toBe(0);
    lp.addColumn(key('v', 1));
    lp.addColumn('v_literal');
    expect(() => lp.addColumn(key('v', 0))).toThrow(/duplicate/);
    expect(() => lp.addColumn('v.1')).toThrow(/duplicate/);
    const copy = lp.clone();
    expect(() => copy.addColumn(key('v', 1))).toThrow(/duplicate/);
    expect(copy.addColumn(key('v', 2))).toBe(3);
    expect(lp.addColumn(key('v', 2))).toBe(3);
    expect([names(lp), names(copy)]).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
  });

  it('refuses a duplicate after the key cache is cleared mid-build', () => {
    const lp = new Lp();
    lp.addColumn(key('u', 0));
    // More keys than the cache keeps (65,536): it is cleared on the way.
    for (let i = 0; i < 70_000; i++) key('filler', i);
    lp.addColumn(key('u', 1));
    expect(() => lp.addColumn(key('u', 0))).toThrow(/duplicate/);
    expect(() => lp.addColumn(key('u', 1))).toThrow(/duplicate/);
    expect(names(lp)).toEqual([0, 1]);
  });
});
