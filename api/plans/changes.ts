/**
 * @module plans/changes — what a version of a saved plan changed from the version before: the
 * fields by path, with both values and, for numbers, the schema's description of the unit.
 */
import { parameterSpec, type Scenario } from '../../model';
import type { PlanChange, StoredVersion } from './schema';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
/** A list of numbers (a monthly series) is one value, not one field per month. */
const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The unit of a numeric scenario field (its schema description), if the path names one. */
function unitOf(scenario: Scenario, path: string): string | undefined {
  try {
    return parameterSpec(scenario, path).unit || undefined;
  } catch {
    return undefined; // not a numeric input an analysis could name (a month, a list, a setting)
  }
}

/**
 * The leaves that differ between two JSON values, depth first in `b`'s key order, then keys only
 * in `a`. A section or list item on one side only, and a list of numbers, is one change.
 */
function leaves(
  a: unknown,
  b: unknown,
  path: string,
): { path: string; from: unknown; to: unknown }[] {
  const walk =
    (isObject(a) && isObject(b)) ||
    (Array.isArray(a) && Array.isArray(b) && !isNumbers(a) && !isNumbers(b));
  if (walk) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = [...Object.keys(rb), ...Object.keys(ra).filter((k) => !(k in rb))];
    return keys.flatMap((k) => leaves(ra[k], rb[k], path ? `${path}.${k}` : k));
  }
  return same(a, b) ? [] : [{ path, from: a, to: b }];
}

/**
 * What `after` changed from `before` (the version saved just before it): `name`, `plan` (the fixed
 * capital plan, whole; null when optimised) and each scenario field as `scenario.<path>`.
 * @example
 * planChanges(v1, v2) // [{ path: 'scenario.site.energyUsdPerMWh', from: 30, to: 45,
 * //   unit: 'power price, USD per MWh' }]
 */
export function planChanges(before: StoredVersion, after: StoredVersion): PlanChange[] {
  const out: PlanChange[] = [];
  const change = (path: string, from: unknown, to: unknown, unit?: string): PlanChange => ({
    path,
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(unit && { unit }),
  });
  if (before.name !== after.name) out.push(change('name', before.name, after.name));
  for (const d of leaves(before.scenario, after.scenario, '')) {
    const numeric = typeof d.to === 'number' || typeof d.from === 'number';
    const unit = numeric
      ? unitOf(d.to === undefined ? before.scenario : after.scenario, d.path)
      : undefined;
    out.push(change(`scenario.${d.path}`, d.from, d.to, unit));
  }
  if (!same(before.plan, after.plan)) out.push(change('plan', before.plan, after.plan));
  return out;
}
