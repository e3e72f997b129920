/** @module diff — what changed between two answers: inputs (by field) and the capital plan. */
import type { Plan } from '../../../model/schema';
import { fieldLabel, toDisplay } from './fields';
import { formatMonth, formatMW } from './format';

/** Every leaf of a JSON value by dot path (arrays of numbers count as one leaf). */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    out.set(prefix, JSON.stringify(value));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** One input that differs: its label and both values, written for people. */
export interface InputChange {
  readonly path: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

function show(path: string, v: unknown): string {
  if (v === undefined) return 'none';
  const f = fieldLabel(path);
  if (typeof v === 'number') {
    const d = toDisplay(v, f?.scale);
    return `${d.toLocaleString('en-US', { maximumFractionDigits: 4 })}${f?.unit ? ` ${f.unit}` : ''}`;
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) return formatMonth(v);
  return String(v);
}

/**
 * The inputs that differ between two scenarios, in the order of `b`'s keys, then removed ones.
 * @example diffInputs({site:{gridMW:100}}, {site:{gridMW:120}}) // [{ label: 'Grid capacity', from: '100 MW', to: '120 MW', … }]
 */
export function diffInputs(a: unknown, b: unknown): InputChange[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const paths = [...fb.keys(), ...[...fa.keys()].filter((k) => !fb.has(k))];
  return paths
    .filter((p) => fa.get(p) !== fb.get(p))
    .map((p) => ({ path: p, label: fieldLabel(p)?.label ?? p, from: show(p, fa.get(p)), to: show(p, fb.get(p)) }));
}

/** A capital plan in one line: `ai-lease: 60 MW Apr 2027, 40 MW Jan 2028 · refresh 20 MW Jul 2027`. */
export function describePlan(plan: Plan): string {
  const byOption = new Map<string, string[]>();
  for (const b of plan.builds) {
    if (b.mw < 1e-3) continue;
    const list = byOption.get(b.optionId) ?? [];
    list.push(`${formatMW(b.mw)} ${formatMonth(b.month)}`);
    byOption.set(b.optionId, list);
  }
  const parts = [...byOption].map(([id, list]) => `${id}: ${list.join(', ')}`);
  const refresh = plan.refreshes.filter((r) => r.mw >= 1e-3).map((r) => `${formatMW(r.mw)} ${formatMonth(r.month)}`);
  if (refresh.length) parts.push(`refresh ${refresh.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'no conversion, no refresh';
}
