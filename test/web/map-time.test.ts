/**
 * The decision map's time estimate while it runs (web/src/lib/map-time.ts): on a timeline of the
 * kind measured on the server (docs/solvers.md, "The map's time estimate"), every estimate within
 * 1.5× of the map's time. The timelines are given, not timed.
 */
import { describe, expect, it } from 'vitest';
import {
  firstCellsCount,
  type MapSample,
  mapTimeFromFirstCells,
  paceFrom,
} from '../../web/src/lib/map-time';

const TOTAL = 225; // the default 15 × 15 map

/**
 * A server map's clock at each cell done: `waitMs` before its first cell (the tornado's points
 * ahead of it on the same threads, each thread's first model build), then `msPerCell` per cell,
 * which becomes `laterMsPerCell` from cell `from` on (the machine gets busier, or the cells cross a
 * decision boundary and take more iterations).
 */
function timeline(waitMs: number, msPerCell: number, later?: { from: number; msPerCell: number }) {
  const clock = [0];
  for (let done = 1; done <= TOTAL; done++)
    clock.push(
      clock[done - 1] +
        (done === 1 ? waitMs : 0) +
        (later && done >= later.from ? later.msPerCell : msPerCell),
    );
  return clock;
}

/**
 * Every estimate the app makes of `clock`'s map, from the first cells on (`firstCellsCount` cells
 * after the first progress), progress coming every `every` cells (the server sends one at most
 * every 100 ms), each ÷ the map's time.
 */
function estimates(clock: readonly number[], every = 5): number[] {
  const samples: MapSample[] = [];
  const out: number[] = [];
  for (let done = 1; done < TOTAL; done = done === 1 && every > 1 ? every : done + every) {
    samples.push({ done, elapsedMs: clock[done] });
    if (done - 1 < firstCellsCount(TOTAL)) continue;
    const ms = mapTimeFromFirstCells({
      elapsedMs: clock[done],
      done,
      total: TOTAL,
      from: paceFrom(samples, TOTAL),
    });
    out.push(ms / clock[TOTAL]);
  }
  return out;
}

/** The estimate before: the first cells' pace from the first progress on the client's clock. */
function firstCellsPaceOnly(clock: readonly number[]): number {
  const done = 1 + firstCellsCount(TOTAL);
  return (
    mapTimeFromFirstCells({ elapsedMs: clock[done] - clock[1], done: done - 1, total: TOTAL }) /
    clock[TOTAL]
  );
}

const within = (ratios: readonly number[]) => ratios.every((r) => r >= 1 / 1.5 && r <= 1.5);

describe('the map’s time estimate while it runs', () => {
  it('counts the time before its first cell: the wait behind the tornado on the same threads', () => {
    // 1.2 s behind the tornado's points, then 225 cells at 7 ms (the ×0.46 measured at a load of
    // 4–10): the first cells' pace alone says 1.6 s of 2.8 s.
    const clock = timeline(1200, 7);
    expect(firstCellsPaceOnly(clock)).toBeLessThan(1 / 1.5);
    const now = estimates(clock);
    expect(now[0]).toBeGreaterThan(0.9);
    expect(within(now)).toBe(true);
  });

  it('follows the pace of the recent cells when the later cells come slower', () => {
    // A quiet start, then from the 60th cell on the threads get a third of the time they had
    // (nice 15 under the others' load).
    const clock = timeline(150, 5, { from: 60, msPerCell: 15 });
    expect(firstCellsPaceOnly(clock)).toBeLessThan(1 / 1.5);
    const now = estimates(clock);
    // The first figure cannot know of the slowdown to come; the later ones catch up with it, and
    // the last tenth's are within 5 %.
    expect(now[0]).toBeLessThan(1 / 1.5);
    expect(within(now.slice(Math.ceil(now.length / 2)))).toBe(true);
    expect(now.slice(-4).every((r) => Math.abs(r - 1) < 0.05)).toBe(true);
  });

  it('stays within 1.5× when the wait and a slowdown come together', () => {
    const clock = timeline(800, 6, { from: 120, msPerCell: 9 });
    expect(firstCellsPaceOnly(clock)).toBeLessThan(1 / 1.5);
    expect(within(estimates(clock))).toBe(true);
    // Progress every cell gives the same.
    expect(within(estimates(clock, 1))).toBe(true);
  });

  it('takes the pace from the latest progress half the cells done back, a tenth of the map at least', () => {
    const samples = [1, 6, 11, 30, 34, 60].map((done) => ({ done, elapsedMs: done * 10 }));
    expect(paceFrom(samples, TOTAL)).toEqual({ done: 30, elapsedMs: 300 }); // 60 − 60 / 2 = 30
    const later = [...samples, { done: 120, elapsedMs: 1200 }];
    expect(paceFrom(later, TOTAL)).toEqual({ done: 60, elapsedMs: 600 });
    expect(paceFrom(samples.slice(0, 4), TOTAL)).toEqual({ done: 6, elapsedMs: 60 }); // 30 − 23 = 7
    // None that far back yet: the first progress.
    expect(paceFrom(samples.slice(0, 3), TOTAL)).toEqual({ done: 1, elapsedMs: 10 });
    // 700 ms so far, 201 cells left at 200 ms over the 23 since the first progress.
    expect(
      mapTimeFromFirstCells({
        elapsedMs: 700,
        done: 24,
        total: TOTAL,
        from: { elapsedMs: 500, done: 1 },
      }),
    ).toBeCloseTo(700 + (201 * 200) / 23, 9);
    // Done: the time it took.
    expect(
      mapTimeFromFirstCells({ elapsedMs: 900, done: TOTAL, total: TOTAL, from: samples[0] }),
    ).toBe(900);
  });
});
