/**
 * @module paths — read and update nested scenario values by the API's dot-joined paths
 * (`site.gridMW`, `hpcOptions.0.maxMW`).
 */

/** A path as the API writes it in error issues: keys and array indices joined by dots. */
export type DotPath = string;

function keys(path: DotPath): string[] {
  return path === '' ? [] : path.split('.');
}

/**
 * The value at `path` in `obj`, or `undefined` when any step is missing.
 * @example getIn({ site: { gridMW: 100 } }, 'site.gridMW') // 100
 */
export function getIn(obj: unknown, path: DotPath): unknown {
  let cur: unknown = obj;
  for (const k of keys(path)) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * A copy of `obj` with `value` at `path`; only the objects along the path are copied, so
 * unchanged branches keep their identity. `value === undefined` removes the key (optional
 * sections such as `financing.facility`). Missing steps are created as objects.
 */
export function setIn<T>(obj: T, path: DotPath, value: unknown): T {
  const [head, ...rest] = keys(path);
  if (head === undefined) return value as T;
  const isArray = Array.isArray(obj);
  const base = (obj ?? {}) as Record<string, unknown>;
  const copy: Record<string, unknown> = isArray ? ([...(obj as unknown[])] as never) : { ...base };
  const next = rest.length === 0 ? value : setIn(base[head], rest.join('.'), value);
  if (next === undefined && !isArray) delete copy[head];
  else copy[head] = next;
  return copy as T;
}

/**
 * Whether an issue at `issuePath` belongs to the field at `fieldPath` (the same path, or inside
 * it).
 */
export function pathMatches(issuePath: DotPath, fieldPath: DotPath): boolean {
  return issuePath === fieldPath || issuePath.startsWith(fieldPath + '.');
}

/**
 * `rel` under `base` (`joinPath('sites.1', 'site.gridMW')` → `sites.1.site.gridMW`; an empty base
 * leaves `rel`).
 */
export function joinPath(base: DotPath, rel: DotPath): DotPath {
  return base ? (rel ? `${base}.${rel}` : base) : rel;
}
