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
