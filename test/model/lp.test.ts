/**
 * The LP container: rows are stored sorted by column, terms on one column merged, zeros dropped;
 * bad input throws.
 */
import { describe, expect, it } from 'vitest';
import { Lp, ModelError } from '../../model/lp';

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
