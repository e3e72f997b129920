/**
 * @module plans/changes — what a version of a saved plan changed from the version before: the
 * fields by path, with both values and, for numbers, the schema's description of the unit.
 */
import { parameterSpec, type Scenario, treeChanges } from '../../model';
import type { PlanChange, StoredVersion } from './schema';

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
  for (const d of treeChanges(before.scenario, after.scenario, '')) {
    const numeric = typeof d.to === 'number' || typeof d.from === 'number';
    const unit = numeric
      ? unitOf(d.to === undefined ? before.scenario : after.scenario, d.path)
      : undefined;
    out.push(change(`scenario.${d.path}`, d.from, d.to, unit));
  }
  if (!same(before.plan, after.plan)) out.push(change('plan', before.plan, after.plan));
  return out;
}
