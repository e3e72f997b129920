/** @module diff — what changed between two answers: inputs (by field) and the capital plan. */
import type { MonthRow, Plan, ScenarioInput } from '../../../model/schema';
import { isNumberList, isPlainObject, treeChanges } from '../../../model/tree-diff';
import { withoutConversion } from './headline';
import { fieldLabel, toDisplay } from './fields';
import { addMonths, formatMonth, formatMW, localeNumber } from './format';
import { sitesOf, toPortfolio } from './portfolio';

/** One input that differs: its label and both values, written for people. */
export interface InputChange {
  readonly path: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

const isObject = isPlainObject;
const isNumbers = isNumberList;

/** A name for a whole section or list item (`hpcOptions.1` → "HPC offer 2"). */
function sectionLabel(path: string, value: unknown): string {
  const offer = /^hpcOptions\.(\d+)$/.exec(path);
  if (offer) {
    const n = `HPC offer ${Number(offer[1]) + 1}`;
    const name = isObject(value) ? String(value.name ?? '') : '';
    return name && name !== n ? `${n} (${name})` : n;
  }
  const site = /^sites\.(\d+)$/.exec(path);
  if (site)
    return `Site ${Number(site[1]) + 1}${isObject(value) && value.name ? ` (${String(value.name)})` : ''}`;
  const grid = /^site\.gridAdditions\.(\d+)$/.exec(path);
  if (grid) return `Grid addition ${Number(grid[1]) + 1}`;
  return fieldLabel(path)?.label ?? path;
}

function show(path: string, v: unknown): string {
  if (v === undefined) return 'none';
  const f = fieldLabel(path);
  if (typeof v === 'number') {
    const d = toDisplay(v, f?.scale);
    return `${localeNumber(d, 4)}${f?.unit ? ` ${f.unit}` : ''}`;
  }
  if (isNumbers(v)) {
    const avg = v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
    return `avg ${avg.toFixed(1)} over ${v.length} months`;
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) return formatMonth(v);
  // A whole section or list (a refresh switched on, offers added): say what it is, never "[object
  // Object]".
  if (Array.isArray(v)) return `${v.length} ${v.length === 1 ? 'item' : 'items'}`;
  if (isObject(v))
    return typeof v.name === 'string' ? v.name : typeof v.kind === 'string' ? v.kind : 'on';
  const text = String(v);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * The inputs that differ between two scenarios, depth first in `b`'s key order, then keys only
 * in `a`. A section or list item present on one side only (an added offer, a facility switched
 * off) is one change, not one per field; a numeric series is one change, shown by its average.
 * @example
 * diffInputs({site:{gridMW:100}}, {site:{gridMW:120}})
 * // [{ label: 'Grid capacity', from: '100 MW', to: '120 MW', … }]
 */
export function diffInputs(a: unknown, b: unknown): InputChange[] {
  // A single site that became a portfolio (or back) is its site 1: the change is the site added,
  // not every input moved.
  if (isObject(a) && isObject(b) && !sitesOf(a) !== !sitesOf(b)) {
    return diffTree(
      toPortfolio(a as unknown as ScenarioInput),
      toPortfolio(b as unknown as ScenarioInput),
      '',
    );
  }
  return diffTree(a, b, '');
}

/** Each differing leaf written for people; a section on one side only is "added"/"removed". */
function diffTree(a: unknown, b: unknown, path: string): InputChange[] {
  return treeChanges(a, b, path).map(({ path: p, from, to }) => {
    if (from === undefined && (isObject(to) || Array.isArray(to)) && !isNumbers(to))
      return { path: p, label: sectionLabel(p, to), from: 'none', to: 'added' };
    if (to === undefined && (isObject(from) || Array.isArray(from)) && !isNumbers(from))
      return { path: p, label: sectionLabel(p, from), from: 'present', to: 'removed' };
    return { path: p, label: fieldLabel(p)?.label ?? p, from: show(p, from), to: show(p, to) };
  });
}

/**
 * Starts listed one by one up to this many; more are summed (`100 MW in 14 starts, Jan 2027 – Dec
 * 2031`).
 */
const MAX_LISTED = 3;

function describeStarts(starts: readonly { month: string; mw: number }[]): string {
  const real = starts.filter((s) => s.mw >= 1e-3);
  if (real.length <= MAX_LISTED)
    return real.map((s) => `${formatMW(s.mw)} ${formatMonth(s.month)}`).join(', ');
  const months = real.map((s) => s.month).sort();
  const total = real.reduce((sum, s) => sum + s.mw, 0);
  return (
    `${formatMW(total)} in ${real.length} starts, ` +
    `${formatMonth(months[0])} – ${formatMonth(months[months.length - 1])}`
  );
}

/**
 * A capital plan in one line: `ai-lease: 60 MW Apr 2027, 40 MW Jan 2028 · refresh 20 MW Jul 2027`.
 * @param offers when given, offers are named by their `name` instead of their id.
 */
export function describePlan(
  plan: Plan,
  offers: readonly { id: string; name: string }[] = [],
): string {
  const nameOf = (id: string) => offers.find((o) => o.id === id)?.name || id;
  const byOption = new Map<string, { month: string; mw: number }[]>();
  for (const b of plan.builds) byOption.set(b.optionId, [...(byOption.get(b.optionId) ?? []), b]);
  const parts = [...byOption]
    .map(([id, list]) => [id, describeStarts(list)] as const)
    .filter(([, text]) => text)
    .map(([id, text]) => `${nameOf(id)}: ${text}`);
  const refresh = describeStarts(plan.refreshes);
  if (refresh) parts.push(`refresh ${refresh}`);
  return parts.length ? parts.join(' · ') : 'no conversion, no refresh';
}

/** The scenario facts {@link planDecisions} needs about each offer. */
interface OfferTiming {
  readonly id: string;
  readonly name: string;
  readonly buildMonths: number;
  readonly switchoverMonths: number;
}

/**
 * The plan as decisions a CFO can act on, one sentence each, in time order: when each conversion
 * starts, when its MW stop mining and when the lease starts (docs/model.md: mining stops at start + build −
 * switch-over, rent from start + build); refresh purchases; or, when nothing is built, what the
 * `months` show of the site (kept mining, or its fleet sold and the site idle).
 * More than `MAX_LISTED` starts of one offer are summed into one sentence.
 */
export function planDecisions(
  plan: Plan,
  offers: readonly OfferTiming[],
  months?: readonly MonthRow[],
): string[] {
  const out: { month: string; text: string }[] = [];
  for (const o of offers) {
    const starts = plan.builds
      .filter((b) => b.optionId === o.id && b.mw >= 1e-3)
      .sort((a, b) => (a.month < b.month ? -1 : 1));
    if (!starts.length) continue;
    if (starts.length > MAX_LISTED) {
      const total = starts.reduce((s, b) => s + b.mw, 0);
      const first = starts[0].month;
      const last = starts[starts.length - 1].month;
      out.push({
        month: first,
        // Phases, not a count of monthly steps: the MW, the months they start in, and when the
        // leases start.
        text:
          `Convert ${formatMW(total)} to ${o.name} from ${formatMonth(first)} to ${formatMonth(last)}; ` +
          `the first lease starts ${formatMonth(addMonths(first, o.buildMonths))}, ` +
          `the last ${formatMonth(addMonths(last, o.buildMonths))}.`,
      });
      continue;
    }
    for (const b of starts) {
      const stop = addMonths(b.month, o.buildMonths - o.switchoverMonths);
      const live = addMonths(b.month, o.buildMonths);
      out.push({
        month: b.month,
        text:
          `Start converting ${formatMW(b.mw)} to ${o.name} in ${formatMonth(b.month)}: ` +
          `mining on it stops ${formatMonth(stop)}, the lease starts ${formatMonth(live)}.`,
      });
    }
  }
  const refresh = plan.refreshes.filter((r) => r.mw >= 1e-3);
  if (refresh.length) {
    const total = refresh.reduce((s, r) => s + r.mw, 0);
    const first = refresh.map((r) => r.month).sort()[0];
    out.push({
      month: first,
      text:
        refresh.length === 1
          ? `Buy ${formatMW(total)} of new ASICs in ${formatMonth(first)}.`
          : `Buy ${formatMW(total)} of new ASICs in ${refresh.length} purchases from ${formatMonth(first)}.`,
    });
  }
  if (!plan.builds.some((b) => b.mw >= 1e-3))
    out.unshift({
      month: '',
      text: `${months ? withoutConversion(months) : 'Keep the site mining'}: no conversion pays under these inputs.`,
    });
  return out
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
    .map((d) => d.text);
}

/**
 * One change of a saved plan's version as the API lists it (`GET /api/plans/:id/versions`: a path
 * in the plan, `scenario.<path>`, `name` or `plan`, and both stored values), written for people
 * like {@link diffInputs}' (display units, labels).
 */
export function describeChange(path: string, from: unknown, to: unknown): InputChange {
  if (path === 'name')
    return { path, label: 'Name', from: String(from ?? 'none'), to: String(to ?? 'none') };
  if (path === 'plan') {
    const plan = (p: unknown) => (p ? describePlan(p as Plan) : 'optimised');
    return { path, label: 'Capital plan', from: plan(from), to: plan(to) };
  }
  const inputPath = path.replace(/^scenario\./, '');
  return (
    diffTree(from, to, inputPath)[0] ?? { path: inputPath, label: inputPath, from: '—', to: '—' }
  );
}
