/**
 * @module tree-diff — the leaves that differ between two JSON values (two scenarios, two versions
 * of a saved plan). Shared by the API's version history and the app's "what changed" lists, so
 * that both name the same changes by the same paths.
 */

/** One differing leaf: its dotted path (`site.gridMW`, `hpcOptions.1`) and both values. */
export interface TreeChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A list of numbers (a monthly series) is one value, not one field per month. */
export const isNumberList = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number');

/**
 * The leaves that differ between `a` and `b`, depth first in `b`'s key order, then keys only in
 * `a`. A section or list item on one side only, and a list of numbers, is one change.
 * @example
 * treeChanges({ site: { gridMW: 100 } }, { site: { gridMW: 120 } }, '')
 * // [{ path: 'site.gridMW', from: 100, to: 120 }]
 */
export function treeChanges(a: unknown, b: unknown, path: string): TreeChange[] {
  const walk =
    (isPlainObject(a) && isPlainObject(b)) ||
    (Array.isArray(a) && Array.isArray(b) && !isNumberList(a) && !isNumberList(b));
  if (walk) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = [...Object.keys(rb), ...Object.keys(ra).filter((k) => !(k in rb))];
    return keys.flatMap((k) => treeChanges(ra[k], rb[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, from: a, to: b }];
}
