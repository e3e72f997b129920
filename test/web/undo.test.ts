/**
 * @module test/web/undo — the undo history: steps in order, a run of changes to one field is one
 * step until sealed, redo cleared by a new change, the depth kept.
 */
import { describe, expect, it } from 'vitest';
import { makeUndoHistory } from '../../web/src/lib/undo';

describe('undo history', () => {
  it('undoes and redoes steps in order; one field typed is one step until sealed', () => {
    const h = makeUndoHistory<string>();
    h.record('a', 'x'); // a → ab (typing in x)
    h.record('ab', 'x'); // ab → abc, same step
    expect(h.sizes()).toEqual({ undo: 1, redo: 0 });
    h.seal();
    h.record('abc', 'x'); // a new step after the field was committed
    h.record('abcd', 'y'); // another field: another step
    expect(h.undo('abcde')).toBe('abcd');
    expect(h.undo('abcd')).toBe('abc');
    expect(h.undo('abc')).toBe('a');
    expect(h.undo('a')).toBeUndefined();
    expect(h.redo('a')).toBe('abc');
    expect(h.redo('abc')).toBe('abcd');
    h.record('abcd'); // a change after an undo: nothing to redo
    expect(h.redo('z')).toBeUndefined();
    expect(h.sizes()).toEqual({ undo: 3, redo: 0 });
  });

  it('keeps the newest `depth` steps', () => {
    const h = makeUndoHistory<number>(10);
    for (let i = 0; i < 25; i++) h.record(i);
    expect(h.sizes().undo).toBe(10);
    const back: number[] = [];
    for (let v = h.undo(25); v !== undefined; v = h.undo(v)) back.push(v);
    expect(back).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
  });
});
