/**
 * @module test/web/progress — what a long run says: queued with the work ahead, then its progress
 * and an estimate from its pace while running (time spent queued is not counted).
 */
import { describe, expect, it } from 'vitest';
import { makeEstimate, progressText } from '../../web/src/lib/progress';

describe('run progress', () => {
  it('says queued with the work ahead, then the paths done and the time left', () => {
    expect(
      progressText('Evaluating paths', { done: 0, total: 500, queued: { ahead: 1681, busy: 2 } }),
    ).toBe('Queued: 1,681 tasks ahead of it, 2 analysis threads busy with other work');
    expect(progressText('Evaluating paths', { done: 50, total: 500 }, 42)).toBe(
      'Evaluating paths: 50 of 500 · about 42 s left',
    );
    expect(progressText('Evaluating paths', { done: 50, total: 500 }, 600)).toBe(
      'Evaluating paths: 50 of 500 · about 10 min left',
    );
  });

  it('estimates from the pace while running, not from the time queued', () => {
    const eta = makeEstimate();
    expect(eta.note({ done: 0, total: 100, queued: { ahead: 10, busy: 2 } }, 0)).toBeUndefined();
    expect(eta.note({ done: 0, total: 100 }, 60_000)).toBeUndefined();
    // 20 paths in 4 s: 80 left take 16 s.
    expect(eta.note({ done: 20, total: 100 }, 64_000)).toBeCloseTo(16, 9);
  });
});
