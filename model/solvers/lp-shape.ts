/** @module solvers/lp-shape — the key by which warm starts and live models tell LPs apart. */
import type { Lp } from '../lp';

/**
 * The shape of an LP: sizes and the names at both ends (names encode horizon, options and start
 * months).
 */
export function shape(lp: Lp): string {
  return (
    `${lp.numCols}:${lp.numRows}:${lp.rowCols.length}:` +
    `${lp.colNames[0]}:${lp.colNames[lp.numCols - 1]}:${lp.rowNames[lp.numRows - 1]}`
  );
}
