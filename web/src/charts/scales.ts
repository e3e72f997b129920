/**
 * @module charts/scales — pure d3 scale and layout helpers shared by the charts (unit-tested, no
 * DOM).
 */
import {
  curveStepAfter,
  line,
  max,
  min,
  scaleLinear,
  scaleUtc,
  stack,
  stackOffsetDiverging,
  type ScaleLinear,
  type ScaleTime,
} from 'd3';
import type { MonthRow } from '../../../model/schema';
import { monthNumber } from '../../../model/time';

/** Space around a chart's plot area, px. */
export interface Margin {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** Margins that leave room for a y axis label and month ticks. */
export const DEFAULT_MARGIN: Margin = { top: 24, right: 16, bottom: 28, left: 56 };

/** The first instant of month number `n` (years × 12 + month − 1), UTC. */
function monthNumberStart(n: number): Date {
  const y = Math.floor(n / 12);
  const d = new Date(Date.UTC(2000, n - y * 12, 1));
  d.setUTCFullYear(y); // Date.UTC reads years 0–99 as 1900–1999
  return d;
}

/** The first instant of a `YYYY-MM` month, UTC. */
export function monthStart(month: string): Date {
  return monthNumberStart(monthNumber(month));
}

/** The first instant of the month after `month`, UTC (where a month's bar or step ends). */
export function monthEnd(month: string): Date {
  return monthNumberStart(monthNumber(month) + 1);
}

/**
 * x scale over whole months: from the start of the first to the end of the last, so month t
 * spans [x(start_t), x(end_t)).
 */
export function makeMonthScale(
  months: readonly string[],
  width: number,
  margin: Margin = DEFAULT_MARGIN,
): ScaleTime<number, number> {
  const first = months[0] ?? '2000-01';
  const last = months[months.length - 1] ?? first;
  return scaleUtc()
    .domain([monthStart(first), monthEnd(last)])
    .range([margin.left, Math.max(margin.left + 1, width - margin.right)]);
}

/**
 * y scale over `[lo, hi]` (0 always included), niced, from the plot's bottom to its top.
 * An empty or flat domain becomes [0, 1] so axes still draw.
 */
export function makeValueScale(
  lo: number,
  hi: number,
  height: number,
  margin: Margin = DEFAULT_MARGIN,
): ScaleLinear<number, number> {
  const a = Math.min(0, Number.isFinite(lo) ? lo : 0);
  let b = Math.max(0, Number.isFinite(hi) ? hi : 0);
  if (a === b) b = a + 1;
  return scaleLinear()
    .domain([a, b])
    .nice(10)
    .range([Math.max(margin.top + 1, height - margin.bottom), margin.top]);
}

/** The month index under pixel `x`, clamped to the data; `undefined` when there are no months. */
export function monthIndexAt(
  x: number,
  scale: ScaleTime<number, number>,
  months: readonly string[],
): number | undefined {
  if (!months.length) return undefined;
  const t = scale.invert(x).getTime();
  let i = 0;
  while (i < months.length - 1 && monthEnd(months[i]).getTime() <= t) i++;
  return i;
}

/** How many x ticks fit: about one per 90 px, at most one per year for long horizons. */
export function tickCount(width: number): number {
  return Math.max(2, Math.min(12, Math.floor(width / 90)));
}

/** One band of the allocation stack. */
export interface AllocationKey {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly value: (row: MonthRow) => number;
}

/**
 * Colours: mining in Bitcoin amber, switching grey, HPC offers in blues/teals/violets, idle light.
 * One colour per meaning: no two series of one view share a colour (test/web/layout.browser.test.ts
 * checks the rendered charts), so e.g. the refreshed fleet's band is not the hashprice line's
 * colour and a fleet's breakeven is not the debt line's.
 */
export const COLORS = {
  miningExisting: '#e08a1e',
  miningRefresh: '#a85b00',
  switching: '#9aa3ad',
  idle: '#e6e8eb',
  grid: '#1f2933',
  hashprice: '#8c564b',
  hashpriceFloor: '#0ca678',
  halving: '#7b2cbf',
  breakeven: '#d6336c',
  breakevenRefresh: '#f783ac',
  cash: '#0b7285',
  debt: '#c0392b',
  covenant: '#6b7280',
  net: '#000000',
  optimum: '#364fc7',
  miningOnly: '#d9a400',
} as const;

/**
 * Dash patterns, one per dashed meaning (a covenant never looks like the optimum or the grid
 * limit).
 */
export const DASHES = {
  grid: '6 4',
  covenant: '2 3',
  breakeven: '10 4',
  breakevenRefresh: '10 3 2 3',
  halving: '3 3',
  hashpriceFloor: '6 2',
  optimum: '8 3',
} as const;

const OFFER_COLORS = [
  '#1f77b4',
  '#17a2a2',
  '#6a4fc2',
  '#3a9d4a',
  '#0b4f8a',
  '#b04ca0',
  '#5f7f1f',
  '#2f5f7f',
];
const PLAN_COLORS = ['#d9480f', '#2b8a3e', '#c2255c', '#8a6d00', '#5f3dc4', '#0c8599'];

/**
 * The colour of the user's (or a saved) plan number `i` in a comparison (none is an offer's or the
 * optimum's).
 */
export function planColor(i: number): string {
  return PLAN_COLORS[i % PLAN_COLORS.length];
}

/** Bear, base and bull by meaning (down is red, neutral grey, up green), then neutral hues. */
const CASE_COLORS = ['#9c1c1c', '#495057', '#66a80f', '#1098ad', '#f59f00', '#3b5bdb'];
const CASE_MEANINGS: readonly [RegExp, number][] = [
  [/\b(bear|down|low|worst|pessim|stress)/i, 0],
  [/\b(base|central|mid|expected)/i, 1],
  [/\b(bull|up|high|best|optim)/i, 2],
];

/**
 * The colour of uncertainty case number `i` named `name`: by what the name means (a bear case is
 * red, a base case grey, a bull case green, never the other way round), else a neutral hue by
 * position; none is a plan's or an offer's.
 */
export function caseColor(i: number, name = ''): string {
  const meant = CASE_MEANINGS.find(([re]) => re.test(name));
  if (meant) return CASE_COLORS[meant[1]];
  return name ? CASE_COLORS[3 + (i % 3)] : CASE_COLORS[i % CASE_COLORS.length];
}

/** The colour of HPC offer number `i` (stable by position). */
export function offerColor(i: number): string {
  return OFFER_COLORS[i % OFFER_COLORS.length];
}

// Values under a kW are solver noise; clamp them so stacks never show slivers or negative bands.
const clean = (v: number) => (Math.abs(v) < 1e-6 ? 0 : v);

/**
 * The bands of the MW allocation, bottom to top: mining (existing, refresh), switching, HPC per
 * offer, idle. An offer's `color` (a portfolio site's offers keep the colour of their place over
 * all sites) overrides its position's.
 */
export function allocationKeys(
  offers: readonly { id: string; name: string; color?: string }[],
): AllocationKey[] {
  return [
    {
      key: 'miningExisting',
      label: 'Mining — existing fleet',
      color: COLORS.miningExisting,
      value: (r) => clean(r.miningExistingMW),
    },
    {
      key: 'miningRefresh',
      label: 'Mining — refreshed fleet',
      color: COLORS.miningRefresh,
      value: (r) => clean(r.miningRefreshMW),
    },
    {
      key: 'switching',
      label: 'Switching over (off mining, not yet live)',
      color: COLORS.switching,
      value: (r) => clean(r.hpcSwitchingMW),
    },
    ...offers.map((o, i) => ({
      key: `hpc:${o.id}`,
      label: `HPC online — ${o.name}`,
      color: o.color ?? offerColor(i),
      value: (r: MonthRow) => clean(r.hpcOnlineByOption[o.id] ?? 0),
    })),
    { key: 'idle', label: 'Idle', color: COLORS.idle, value: (r) => clean(r.idleMW) },
  ];
}

/** Stacked series (d3.stack) of the allocation for `rows`, one per key, bottom to top. */
export function stackAllocation(rows: readonly MonthRow[], keys: readonly AllocationKey[]) {
  return stack<MonthRow, AllocationKey>()
    .keys(keys)
    .value((row, k) => Math.max(0, k.value(row)))(rows as MonthRow[]);
}

/**
 * Colours and dash patterns of mining MW in each price bin, by list position (the last is the
 * peak).
 */
const BIN_STYLES = [
  { color: '#0077ff', dash: '1 2' },
  { color: '#7700ff', dash: '4 2' },
  { color: '#ff0077', dash: '6 2 1 2' },
  { color: '#ff6600', dash: '12 3' },
  { color: '#00aaff', dash: '2 5' },
  { color: '#77ff00', dash: '5 5' },
  { color: '#00ffaa', dash: '7 2 2 2 2 2' },
  { color: '#00ff77', dash: '1 4 4 4' },
] as const;

/** One line of mining MW in price bin `b` (0-based, list order) of `count` bins. */
export function binStyle(
  b: number,
  count: number,
): { key: string; label: string; color: string; dash: string } {
  const at = BIN_STYLES[b % BIN_STYLES.length];
  const which =
    count === 1
      ? 'bin 1'
      : b === count - 1
        ? `bin ${b + 1} (last: the peak)`
        : b === 0
          ? 'bin 1 (first: demand response)'
          : `bin ${b + 1}`;
  return { key: `bin:${b}`, label: `Mining in price ${which}`, ...at };
}

/** Every bin line's style, for the colour registry's test. */
export const ALL_BIN_STYLES: readonly { color: string; dash: string }[] = BIN_STYLES;

/** How many price bins the rows carry (0 without a power market). */
export function binCount(rows: readonly MonthRow[]): number {
  return Math.max(0, ...rows.map((r) => r.miningMWByBin?.length ?? 0));
}

/** One component of a month's cash flow (positive = cash in). */
export interface FlowKey {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly value: (row: MonthRow) => number;
  /** Drawn only when some month has it (the power market's flows). */
  readonly optional?: boolean;
  /**
   * Drawn only when the rows carry this field, even where it is 0 in every month (the tax: a loss
   * carried forward may shelter the whole horizon, and that is worth seeing).
   */
  readonly field?: keyof MonthRow;
}

/** Cash-flow components of a month; they add up to the change in cash before financing. */
export const FLOW_KEYS: readonly FlowKey[] = [
  {
    key: 'mining',
    label: 'Mining margin',
    color: '#ffc078',
    value: (r) => r.miningRevenueUsd - r.miningCostUsd,
  },
  // Before its share of the transmission charge, which has its own bar with mining's.
  {
    key: 'hpc',
    label: 'HPC margin',
    color: '#74c0fc',
    value: (r) => r.hpcMarginUsd + (r.hpcTransmissionUsd ?? 0),
  },
  {
    key: 'credits',
    label: 'Power credits (demand response)',
    color: '#40c057',
    value: (r) => r.powerCreditsUsd ?? 0,
    optional: true,
  },
  {
    key: 'transmission',
    label: 'Transmission (4CP) charges',
    color: '#862e9c',
    value: (r) => -(r.transmissionUsd ?? 0),
    optional: true,
  },
  {
    key: 'contract',
    label: 'Power contract (hedge)',
    color: '#a9e34b',
    value: (r) => r.contractHedgeUsd ?? 0,
    optional: true,
  },
  {
    key: 'asics',
    label: 'ASIC sales − purchases',
    color: '#6f4518',
    value: (r) => r.asicSaleUsd - r.asicPurchaseUsd,
  },
  {
    key: 'capex',
    label: 'HPC capex (buildings, GPUs)',
    color: '#9775fa',
    value: (r) => -r.hpcCapexUsd,
  },
  {
    key: 'interest',
    label: 'Interest (net of cash yield)',
    color: '#ff8787',
    value: (r) => -r.interestUsd + r.cashYieldUsd,
  },
  { key: 'overhead', label: 'Site overhead', color: '#74526c', value: (r) => -r.overheadUsd },
  // Income tax paid in the month, after loss carry-forwards (docs/model.md "Tax").
  {
    key: 'tax',
    label: 'Tax',
    color: '#e03131',
    value: (r) => 0 - (r.taxUsd ?? 0),
    field: 'taxUsd',
  },
];

/**
 * A month's net cash flow before debt draws, equity and distributions (sum of {@link FLOW_KEYS}:
 * the answer's `freeCashFlowUsd` less interest net of the cash yield, and less the tax paid).
 */
export function netFlow(row: MonthRow): number {
  return FLOW_KEYS.reduce((s, k) => s + k.value(row), 0);
}

/**
 * The cash-flow components drawn for `rows`: every one but the power market's when no month has
 * them, and the tax only when the rows carry it (an answer with a tax block).
 */
export function flowKeysFor(rows: readonly MonthRow[]): FlowKey[] {
  return FLOW_KEYS.filter((k) =>
    k.field
      ? rows.some((r) => r[k.field!] !== undefined)
      : !k.optional || rows.some((r) => Math.abs(k.value(r)) >= 0.5),
  );
}

/** Diverging stack of the cash-flow components: inflows above zero, outflows below. */
export function stackFlows(rows: readonly MonthRow[], keys: readonly FlowKey[] = FLOW_KEYS) {
  return stack<MonthRow, FlowKey>()
    .keys(keys)
    .value((row, k) => k.value(row))
    .offset(stackOffsetDiverging)(rows as MonthRow[]);
}

/** [lowest, highest] over the given accessors and rows (0 if none). */
export function valueExtent(
  rows: readonly MonthRow[],
  accessors: readonly ((r: MonthRow) => number)[],
): [number, number] {
  const lo = min(rows, (r) => min(accessors, (f) => f(r))) ?? 0;
  const hi = max(rows, (r) => max(accessors, (f) => f(r))) ?? 0;
  return [lo, hi];
}

/**
 * x of every month boundary of `months` on `x`: the start of each month, then the end of the last
 * (step curves need that extra point so the last month has a width). The chart frame places them
 * once per scale: a slider step redraws every chart with new values over the same months, and
 * placing each bar's month anew (a label parsed, a Date made) cost more than drawing it.
 */
export function monthBoundaries(
  months: readonly string[],
  x: ScaleTime<number, number>,
): Float64Array {
  const n = months.length;
  const at = new Float64Array(n ? n + 1 : 0);
  for (let i = 0; i < n; i++) at[i] = x(monthStart(months[i]));
  if (n) at[n] = x(monthEnd(months[n - 1]));
  return at;
}

/**
 * x of month boundary `i` of `rows`: the start of month i, and for i = rows.length the end of
 * the last month.
 */
export function monthBoundaryX(
  rows: readonly { month: string }[],
  x: ScaleTime<number, number>,
): (i: number) => number {
  return (i) =>
    i < rows.length ? x(monthStart(rows[i].month)) : x(monthEnd(rows[rows.length - 1].month));
}

/**
 * Whether two lists of months are the same: a chart's months memo keeps its old list (and so its
 * x scale and axis) when an answer brings the same months again.
 */
export function sameMonths(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

/**
 * Whether two lists of series keys draw alike (same keys, labels and colours, in order): a keys memo
 * keeps its old list for a new answer of the same offers, so the legend, the table's header and
 * the bands keyed by them are not made again.
 */
export function sameSeriesKeys(
  a: readonly { key: string; label: string; color: string }[],
  b: readonly { key: string; label: string; color: string }[],
): boolean {
  return (
    a.length === b.length &&
    a.every((k, i) => k.key === b[i].key && k.label === b[i].label && k.color === b[i].color)
  );
}

/**
 * Whether two linear scales map alike (same domain and range): a y memo keeps its old scale (and
 * its axis is not redrawn) when a new answer's values fit the same niced domain.
 */
export function sameLinearScale(
  a: ScaleLinear<number, number>,
  b: ScaleLinear<number, number>,
): boolean {
  const [da, db, ra, rb] = [a.domain(), b.domain(), a.range(), b.range()];
  return da[0] === db[0] && da[1] === db[1] && ra[0] === rb[0] && ra[1] === rb[1];
}

/**
 * SVG path of `value` per month as a step line: each value holds until its month's end. Empty rows
 * give ''.
 */
export function monthStepPath<R extends { month: string }>(
  rows: readonly R[],
  x: ScaleTime<number, number> | ((i: number) => number),
  y: ScaleLinear<number, number>,
  value: (row: R) => number,
): string {
  if (!rows.length) return '';
  // A chart frame's placed boundaries (`PlotContext.at`) or a scale to place them on.
  const at = 'invert' in x ? monthBoundaryX(rows, x) : x;
  return (
    line<number>()
      .x((i) => at(i))
      .y((i) => y(value(rows[Math.min(i, rows.length - 1)])))
      .curve(curveStepAfter)(Array.from({ length: rows.length + 1 }, (_, i) => i)) ?? ''
  );
}
