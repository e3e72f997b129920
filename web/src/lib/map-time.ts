/**
 * @module map-time — how long a decision map takes: its estimate before it runs (the last map, the
 * analyses' measured points, the optimum's solve) and while it runs (from its first cells). See
 * docs/web.md, "The analyses' time estimate".
 */

/**
 * The cells of a map under way, counted from its first progress, after which its own pace (their
 * wall time over them) estimates it: a tenth of them, at least 8 (a few per thread), at most all.
 */
export function firstCellsCount(total: number): number {
  return Math.min(total - 1, Math.max(8, Math.ceil(total / 10)));
}

/** One progress of a map under way: its cells done at `elapsedMs` on the map's own clock. */
export interface MapSample {
  readonly done: number;
  readonly elapsedMs: number;
}

/**
 * A map's wall time, ms, estimated once its first cells are solved, and again at each progress
 * after. In the browser's workers (`lanes`, one per worker serving the map): the wall time since
 * its cells started (`elapsedMs`) × (1 + the points still queued on those workers ÷ the points they
 * solved meanwhile), the points of the tornado and breakevens that share them counted with the
 * map's: the workers' pace so far, carried over the work they have left. Taken over the workers
 * together, not the slowest: a worker held up once (an interactive solve) would otherwise stand for
 * the whole map. Without them (the server's progress): the time the map has taken on its own clock
 * (`elapsedMs`, since it was taken up, so what came before its first cell is in it: the wait
 * behind the other analyses' points on the same threads, each thread's first model build) + its
 * cells left × the wall time per cell since `from` (an earlier progress: the first, for the
 * estimate from its first cells; then the recent cells, {@link paceFrom}). Without `from` the pace
 * is that since the map started: `elapsedMs` × `total` ÷ `done`.
 * @example
 * mapTimeFromFirstCells({ elapsedMs: 600, done: 23, total: 225,
 *   lanes: [{ solved: 70, left: 78 }, { solved: 40, left: 108 }] }) // 600 × (1 + 186/110) ≈ 1615
 * mapTimeFromFirstCells({ elapsedMs: 700, done: 24, total: 225,
 *   from: { elapsedMs: 500, done: 1 } }) // 700 + 201 × 200/23 ≈ 2448
 */
export function mapTimeFromFirstCells(p: {
  readonly elapsedMs: number;
  readonly done: number;
  readonly total: number;
  readonly lanes?: readonly { readonly solved: number; readonly left: number }[];
  readonly from?: MapSample;
}): number {
  if (p.lanes?.length) {
    const sum = (k: 'solved' | 'left') => p.lanes!.reduce((t, l) => t + l[k], 0);
    return p.elapsedMs * (1 + sum('left') / Math.max(1, sum('solved')));
  }
  const from = p.from ?? { elapsedMs: 0, done: 0 };
  const pace = (p.elapsedMs - from.elapsedMs) / Math.max(1, p.done - from.done);
  return p.elapsedMs + Math.max(0, p.total - p.done) * pace;
}

/**
 * Where a server map's pace is taken from at its latest progress (the last of `samples`, in the
 * order they came): the latest earlier progress at least half its cells done back, and at least
 * {@link firstCellsCount} cells, so that the pace is that of its recent cells (a machine that gets
 * busier or quieter for good shows in it) without one slow or quick moment standing for the rest;
 * the first progress while none is that far back.
 */
export function paceFrom(samples: readonly MapSample[], total: number): MapSample {
  const last = samples[samples.length - 1];
  const back = Math.max(firstCellsCount(total), Math.floor(last.done / 2));
  for (let i = samples.length - 2; i > 0; i--)
    if (last.done - samples[i].done >= back) return samples[i];
  return samples[0];
}

/**
 * Measured wall time per map cell, ms, and where it comes from: the map under way's estimate from its
 * first cells (`firstCells`: {@link mapTimeFromFirstCells} over its cells, taken {@link
 * firstCellsCount} cells after its first progress); else the last map of the same kind (LP
 * or block-build MILP) when there is one (its `ms` over its cells); else the analysis points last
 * solved (`pointWallMs`: in the browser's workers their wall time per point across the pool, on the
 * server the tornado's time per point; warm started as the map's cells are); else the optimum's own
 * solve (`solver.ms + solver.buildMs`), which overstates a warm cell several times (the full
 * pipeline: tie-break, baseline, marginal values); `undefined` when nothing was measured.
 */
export function mapCellTime(
  lastMap: { ms: number; cells: number } | undefined,
  optimum: { ms: number; buildMs: number } | undefined,
  pointWallMs?: number,
  firstCells?: number,
):
  | { msPerCell: number; from: 'first cells' | 'last map' | 'analysis solves' | 'optimum' }
  | undefined {
  if (firstCells !== undefined && firstCells > 0)
    return { msPerCell: firstCells, from: 'first cells' };
  if (lastMap && lastMap.cells > 0)
    return { msPerCell: lastMap.ms / lastMap.cells, from: 'last map' };
  if (pointWallMs !== undefined && pointWallMs > 0)
    return { msPerCell: pointWallMs, from: 'analysis solves' };
  const opt = msPerSolve(optimum);
  return opt === undefined ? undefined : { msPerCell: opt, from: 'optimum' };
}

/** {@link mapCellTime}'s figure alone, ms per cell. */
export function msPerMapCell(
  lastMap: { ms: number; cells: number } | undefined,
  optimum: { ms: number; buildMs: number } | undefined,
  pointWallMs?: number,
): number | undefined {
  return mapCellTime(lastMap, optimum, pointWallMs)?.msPerCell;
}

/**
 * One optimisation's measured wall time, ms: the optimum's `solver.ms + solver.buildMs`
 * (`undefined` without one).
 */
export function msPerSolve(
  optimum: { ms: number; buildMs: number } | undefined,
): number | undefined {
  return optimum ? optimum.ms + optimum.buildMs : undefined;
}

/** The wall time of a map of `cells` solves at `msPerCell` (from {@link msPerMapCell}), seconds. */
export function mapSecondsEstimate(cells: number, msPerCell: number): number {
  return (cells * msPerCell) / 1000;
}
