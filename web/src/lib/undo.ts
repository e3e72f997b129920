/**
 * @module undo — an undo/redo history of immutable values: each change records the value it
 * replaced; a run of changes to one field (typing, a slider dragged) is one step until `seal()`.
 */

/** Steps kept by default: the oldest is dropped beyond it. */
export const UNDO_DEPTH = 100;

/**
 * The history of one value. Not reactive: its owner (stores/scenario.ts) mirrors `canUndo` and
 * `canRedo` into signals.
 * @example
 * const h = makeUndoHistory<number>();
 * h.record(1, 'x'); // the value was 1 before the change
 * h.undo(2); // 1 (and 2 can be redone)
 */
export function makeUndoHistory<T>(depth = UNDO_DEPTH) {
  let past: T[] = [];
  let future: T[] = [];
  /** The field of the open step (`undefined`: none open, the next change starts a step). */
  let open: string | undefined;
  return {
    /**
     * Records `before`, the value a change replaces. With `field`, a change to the same field as
     * the open step joins that step (its `before` stays the one at the step's start); without, the
     * change is a step of its own. Any change clears what could be redone.
     */
    record(before: T, field?: string) {
      future = [];
      if (field !== undefined && field === open) return;
      past.push(before);
      if (past.length > depth) past = past.slice(past.length - depth);
      open = field;
    },
    /** Closes the open step: the next change is a new step even to the same field. */
    seal() {
      open = undefined;
    },
    /** The value before the last step (and `current` kept for redo); undefined when none. */
    undo(current: T): T | undefined {
      open = undefined;
      const before = past.pop();
      if (before !== undefined) future.push(current);
      return before;
    },
    /** The value the last undo left (and `current` kept for undo); undefined when none. */
    redo(current: T): T | undefined {
      open = undefined;
      const after = future.pop();
      if (after !== undefined) past.push(current);
      return after;
    },
    /** Steps that can be undone and redone. */
    sizes: () => ({ undo: past.length, redo: future.length }),
  };
}
