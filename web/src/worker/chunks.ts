/**
 * @module worker/chunks — how an analysis's points are dealt out to the pool's workers: each worker
 * owns a contiguous range (a map's cells come in snake order, so a range is a run of neighbours,
 * each warm-started from the last) and is handed it a chunk at a time, about {@link CHUNK_MS} of
 * solving each, so that one message carries several points each way. A worker whose range is
 * spent takes the back half of the largest range not yet handed out: the workers end together
 * however unevenly the points cost. See docs/web.md, "The pool".
 */

/** The solving time a chunk aims at, ms: long enough to carry its messages, short enough to share. */
export const CHUNK_MS = 20;

/** Points in a worker's first chunk, before its pace is known. */
export const FIRST_CHUNK = 4;

/** Most points in a chunk. */
export const MAX_CHUNK = 32;

/** A worker's range of points not yet handed out: `next` up to `end` (excluded). */
export interface Range {
  next: number;
  end: number;
}

/** `total` points cut into `workers` contiguous ranges, as even as they can be. */
export function ranges(total: number, workers: number): Range[] {
  const per = Math.ceil(total / Math.max(1, workers));
  return Array.from({ length: workers }, (_, s) => ({
    next: Math.min(total, s * per),
    end: Math.min(total, (s + 1) * per),
  }));
}

/**
 * Points in the next chunk at `msPerPoint` (the worker's last pace; undefined before any), the
 * worker having solved `solved` points of this run: at most a quarter of those (at least {@link
 * FIRST_CHUNK}). A chunk's points are counted as solved when it ends, so a map's estimate from its
 * first cells (lib/map-time.ts) would miss the points of the chunks under way: small chunks while
 * those first cells are solved keep what it misses small.
 */
export function chunkSize(
  msPerPoint: number | undefined,
  solved = Number.POSITIVE_INFINITY,
): number {
  const early = Math.max(FIRST_CHUNK, Math.floor(solved / 4));
  if (msPerPoint === undefined || !(msPerPoint > 0)) return Math.min(FIRST_CHUNK, early);
  return Math.max(1, Math.min(MAX_CHUNK, early, Math.floor(CHUNK_MS / msPerPoint)));
}

/**
 * The next chunk for worker `w`, `[from, to)`, taken off its range; when its range is spent, it
 * first takes the back half of the largest other range (moved to it, `stolen` says from which).
 * Undefined when no point is left to hand out.
 *
 * @example
 * const rs = ranges(10, 2); // [0, 5) and [5, 10)
 * nextChunk(rs, 0, 4); // { from: 0, to: 4 }
 */
export function nextChunk(
  rs: Range[],
  w: number,
  size: number,
): { from: number; to: number; stolen?: { from: number; points: number } } | undefined {
  const own = rs[w];
  let stolen: { from: number; points: number } | undefined;
  if (own.next >= own.end) {
    let victim = -1;
    for (let v = 0; v < rs.length; v++)
      if (v !== w && rs[v].end - rs[v].next > (victim < 0 ? 0 : rs[victim].end - rs[victim].next))
        victim = v;
    if (victim < 0) return undefined;
    const r = rs[victim];
    const mid = r.next + Math.floor((r.end - r.next) / 2);
    stolen = { from: victim, points: r.end - mid };
    own.next = mid;
    own.end = r.end;
    r.end = mid;
  }
  const from = own.next;
  own.next = Math.min(own.end, from + Math.max(1, size));
  return { from, to: own.next, ...(stolen && { stolen }) };
}
