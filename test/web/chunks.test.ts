/**
 * How an analysis's points are dealt out to the browser's workers (web/src/worker/chunks.ts): every
 * point is handed out exactly once, each worker's chunks are runs of neighbours, a worker that is
 * done takes half of what another has left, and the chunks follow the workers' pace. The workers'
 * speeds are given (seeded), not timed.
 */
import { describe, expect, it } from 'vitest';
import { chunkSize, FIRST_CHUNK, MAX_CHUNK, nextChunk, ranges } from '../../web/src/worker/chunks';

/** A seeded generator of numbers in [0, 1) (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deals `total` points to workers solving a point in `msPerPoint[w]` ms (the pool's way: two chunks
 * out per worker, the next dealt when one ends); answers each worker's chunks and the time each ends.
 */
function simulate(total: number, msPerPoint: number[], seed = 1) {
  const rand = random(seed);
  const rs = ranges(total, msPerPoint.length);
  const chunks: { from: number; to: number }[][] = msPerPoint.map(() => []);
  const busyUntil = msPerPoint.map(() => 0);
  const events: { at: number; w: number }[] = [];
  const deal = (w: number, now: number) => {
    // Each point's time varies ±50 % around the worker's pace.
    const c = nextChunk(rs, w, chunkSize(msPerPoint[w]));
    if (!c) return;
    chunks[w].push(c);
    let ms = 0;
    for (let i = c.from; i < c.to; i++) ms += msPerPoint[w] * (0.5 + rand());
    busyUntil[w] = Math.max(busyUntil[w], now) + ms;
    events.push({ at: busyUntil[w], w });
  };
  for (let k = 0; k < 2; k++) msPerPoint.forEach((_, w) => deal(w, 0));
  while (events.length) {
    events.sort((a, b) => a.at - b.at);
    const e = events.shift()!;
    deal(e.w, e.at);
  }
  return { chunks, ends: busyUntil };
}

describe('dealing an analysis’s points to the workers', () => {
  it('cuts the points into contiguous ranges, one per worker', () => {
    expect(ranges(441, 2)).toEqual([
      { next: 0, end: 221 },
      { next: 221, end: 441 },
    ]);
    expect(ranges(3, 4).map((r) => r.end - r.next)).toEqual([1, 1, 1, 0]);
  });

  it('hands out every point exactly once, each chunk a run of neighbours', () => {
    for (const speeds of [[2, 2], [2, 5], [1, 3, 2, 8], [4]]) {
      const { chunks } = simulate(441, speeds, speeds.length);
      const seen = new Array(441).fill(0);
      for (const c of chunks.flat()) {
        expect(c.to).toBeGreaterThan(c.from);
        for (let i = c.from; i < c.to; i++) seen[i]++;
      }
      expect(seen.every((n) => n === 1)).toBe(true);
    }
  });

  it('lets a fast worker take over a slow one’s points, so that both end together', () => {
    // One worker solves a point in 2 ms, the other in 5 ms: contiguous halves alone would end at
    // about 441 / 2 × 5 = 1,100 ms; shared as they go, the map takes about 441 / (1/2 + 1/5) = 630.
    const { chunks, ends } = simulate(441, [2, 5]);
    const points = chunks.map((cs) => cs.reduce((t, c) => t + c.to - c.from, 0));
    expect(points[0]).toBeGreaterThan(points[1] * 2);
    expect(Math.max(...ends)).toBeLessThan(760);
    expect(Math.abs(ends[0] - ends[1])).toBeLessThan(2 * 20 * 1.5 + 5 * 1.5);
  });

  it('takes the back half of the largest range left when a worker’s own is spent', () => {
    const rs = ranges(10, 2);
    expect(nextChunk(rs, 0, 5)).toEqual({ from: 0, to: 5 });
    expect(nextChunk(rs, 1, 1)).toEqual({ from: 5, to: 6 });
    expect(nextChunk(rs, 0, 2)).toEqual({ from: 8, to: 10, stolen: { from: 1, points: 2 } });
    expect(rs[1]).toEqual({ next: 6, end: 8 });
    expect(nextChunk(rs, 1, 4)).toEqual({ from: 6, to: 8 });
    expect(nextChunk(rs, 0, 4)).toBeUndefined();
    expect(nextChunk(rs, 1, 4)).toBeUndefined();
  });

  it('sizes a chunk to about 20 ms of the worker’s pace', () => {
    expect(chunkSize(undefined)).toBe(FIRST_CHUNK);
    expect(chunkSize(2.5)).toBe(8);
    expect(chunkSize(0.1)).toBe(MAX_CHUNK);
    expect(chunkSize(50)).toBe(1);
  });

  it('keeps chunks small while a run’s first points are solved', () => {
    expect(chunkSize(undefined, 0)).toBe(FIRST_CHUNK);
    expect(chunkSize(0.5, 0)).toBe(FIRST_CHUNK);
    expect(chunkSize(0.5, 20)).toBe(5);
    expect(chunkSize(0.5, 100)).toBe(25);
    expect(chunkSize(2.5, 100)).toBe(8);
    expect(chunkSize(50, 0)).toBe(1);
  });
});
