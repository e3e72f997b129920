/**
 * @module parameters — the inputs the analyses move, written for people: names, units, values, the
 * default choices and ranges, and breakeven answers as sentences ("converting stops paying below
 * …").
 */
import {
  defaultParameters,
  HASHPRICE_MULTIPLIER,
  type BreakevenResponse,
} from '../../../model/analyses/schema';
import type { ScenarioInput } from '../../../model/schema';
import { fieldLabel, OFFER_FIELDS, toDisplay, type DisplayScale } from './fields';
import { formatMW } from './format';
import { getIn, joinPath } from './paths';
import { offerPaths, offersOf, sitePaths } from './portfolio';

export { HASHPRICE_MULTIPLIER };
export {
  firstCellsCount,
  mapCellTime,
  mapSecondsEstimate,
  mapTimeFromFirstCells,
  msPerMapCell,
  msPerSolve,
  paceFrom,
  type MapSample,
} from './map-time';

const MINUS = '\u2212';

/**
 * How a parameter is named and shown. `unit` is in display units (`$k`, `%/yr`); `scale` maps
 * stored → display.
 */
export interface ParameterInfo {
  readonly path: string;
  /** Full name, with the offer's name when the scenario has several offers. */
  readonly label: string;
  /** Lower-case short name for sentences (`lease rate`, `BTC price`). */
  readonly short: string;
  readonly unit: string;
  readonly scale: DisplayScale;
  /** Whole numbers only (months). */
  readonly integer: boolean;
}

/**
 * Names shorter than the editor's, where the editor's carry their panel (`Revolving facility:
 * facility limit`).
 */
const LABEL: Record<string, string> = {
  'market.hashprice.btcUsd': 'BTC price',
  'financing.facility.limitUsd': 'Facility limit',
};

const SHORT: Record<string, string> = {
  'market.hashprice.btcUsd': 'BTC price',
  'market.hashprice.networkGrowthPerYear': 'network growth',
  'market.hashprice.floor.marginalJPerTH': 'floor J/TH',
  'market.hashprice.floor.powerUsdPerMWh': 'floor power price',
  'market.hashprice.floor.efficiencyGainPerYear': 'floor efficiency gain',
  'market.hashprice.floor.otherCostUsdPerPhDay': 'floor other cost',
  [HASHPRICE_MULTIPLIER]: 'hashprice level',
  'site.energyUsdPerMWh': 'power price',
  'financing.facility.limitUsd': 'facility limit',
  'financing.discountRatePerYear': 'discount rate',
  leaseUsdPerKwMonth: 'lease rate',
  capexUsdPerMWIt: 'capex',
  buildMonths: 'build time',
};

/**
 * Name, unit and display scale of a parameter path. Offer fields are named after the field, and
 * after the offer too when `scenario` has more than one; unknown paths are named by the path
 * itself.
 * @example parameterInfo('market.hashprice.btcUsd') // { label: 'BTC price', unit: '$k', scale: 'usdk', … }
 */
export function parameterInfo(path: string, scenario?: ScenarioInput): ParameterInfo {
  if (path === HASHPRICE_MULTIPLIER) {
    return {
      path,
      label: 'Hashprice level',
      short: SHORT[path],
      unit: '×',
      scale: 'none',
      integer: false,
    };
  }
  const offer = /^(?:sites\.\d+\.)?hpcOptions\.(\d+)\.(.+)$/.exec(path);
  if (offer) {
    const f = OFFER_FIELDS.find((x) => x.path === offer[2]);
    const all = scenario ? offerPaths(scenario) : [];
    const o = all.find((x) => path.startsWith(`${x.path}.`))?.offer;
    const several = (scenario ? all.length : 1) > 1;
    const base = path.endsWith('capexUsdPerMWIt') ? 'Capex' : (f?.label ?? offer[2]);
    const short = SHORT[offer[2]] ?? base.toLowerCase();
    const who = o ? o.name || o.id : `offer ${Number(offer[1]) + 1}`;
    return {
      path,
      label: several ? `${base} — ${who}` : base,
      short: several ? `${short} of ${who}` : short,
      unit: f?.unit ?? '',
      scale: f?.scale ?? 'none',
      integer: f?.kind === 'int',
    };
  }
  const f = fieldLabel(path);
  const label = LABEL[path] ?? f?.label ?? path;
  return {
    path,
    label,
    short: SHORT[path] ?? label.toLowerCase(),
    unit: f?.unit ?? '',
    scale: f?.scale ?? 'none',
    integer: false,
  };
}

/**
 * A display number: at most 4 significant digits, thousands separators, no trailing zeros (`96.41`,
 * `1,050`).
 */
export function formatSignificant(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const r = Number(Math.abs(x).toPrecision(4));
  const text = r.toLocaleString('en-US', { maximumFractionDigits: 6 });
  return r === 0 ? '0' : (x < 0 ? MINUS : '') + text;
}

/**
 * A parameter value in its display unit: money as `$90k`, `$10M/MW IT`, `$150/kW-month`; shares as
 * `12 %/yr`; months as `15 months`; the hashprice multiplier as `×1.2`.
 * @param value in the API's unit (USD, fraction, months).
 */
export function formatParameterValue(
  path: string,
  value: number | null | undefined,
  scenario?: ScenarioInput,
): string {
  if (value == null || !Number.isFinite(value)) return '—';
  const info = parameterInfo(path, scenario);
  const n = formatSignificant(toDisplay(value, info.scale));
  if (info.unit === '×') return `×${n}`;
  if (info.unit.startsWith('$'))
    return n.startsWith(MINUS)
      ? `${MINUS}$${n.slice(1)}${info.unit.slice(1)}`
      : `$${n}${info.unit.slice(1)}`;
  return info.unit ? `${n} ${info.unit}` : n;
}

/**
 * The value of a parameter in a scenario (1 for the hashprice multiplier); `undefined` when it is
 * not set.
 */
export function parameterValue(scenario: ScenarioInput, path: string): number | undefined {
  if (path === HASHPRICE_MULTIPLIER)
    return scenario.market.hashprice.kind === 'series' ? 1 : undefined;
  const v = getIn(scenario, path);
  return typeof v === 'number' ? v : undefined;
}

/**
 * The parameters that move decisions: the API's tornado defaults (`defaultParameters`, defined once
 * in the model's schema, a portfolio's per site).
 */
export const decisionParameters: (scenario: ScenarioInput) => string[] = defaultParameters;

/** Most offers whose lease rate and capex get a breakeven (each is a search of 0.2–0.4 s). */
const BREAKEVEN_OFFERS = 3;

/**
 * The main parameters for breakeven statements: BTC price (or hashprice level), power price, each
 * offer's lease rate and capex.
 */
export function breakevenParameters(scenario: ScenarioInput): string[] {
  const market =
    scenario.market.hashprice.kind === 'projection'
      ? 'market.hashprice.btcUsd'
      : HASHPRICE_MULTIPLIER;
  const offers = offerPaths(scenario)
    .slice(0, BREAKEVEN_OFFERS)
    .flatMap((o) => [`${o.path}.leaseUsdPerKwMonth`, `${o.path}.capexUsdPerMWIt`]);
  return [market, ...offers, ...powerPrices(scenario)];
}

/**
 * Each site's power price (`site.energyUsdPerMWh`, or `sites.<k>.site.energyUsdPerMWh` in a
 * portfolio).
 */
function powerPrices(scenario: ScenarioInput): string[] {
  return sitePaths(scenario).map((b) => joinPath(b, 'site.energyUsdPerMWh'));
}

/** One axis of a decision map, in the API's units. */
export interface MapAxisInput {
  readonly parameter: string;
  readonly from: number;
  readonly to: number;
  readonly steps: number;
}

/** Values per axis of a new map: 15 × 15 = 225 solves, about a second on two threads. */
export const DEFAULT_MAP_STEPS = 15;

/**
 * Whether the scenario is a MILP (an offer built in blocks): each of its solves takes tens of ms or
 * more.
 */
export function hasBlockBuilds(scenario: ScenarioInput): boolean {
  return offersOf(scenario).some((o) => (o.blockMW ?? 0) > 0);
}

/**
 * Values per axis of a new map for this scenario: 9 for a MILP (81 solves), else {@link
 * DEFAULT_MAP_STEPS}.
 */
export function defaultMapSteps(scenario: ScenarioInput): number {
  return hasBlockBuilds(scenario) ? 9 : DEFAULT_MAP_STEPS;
}

/**
 * A default range for a map axis around the scenario's value: half to one and a half times it
 * (whole months rounded, at least two values); a value of 0 gets 0 … 1 in display units (0 … 1 %
 * for a share).
 */
export function defaultAxis(
  path: string,
  scenario: ScenarioInput,
  steps = defaultMapSteps(scenario),
): MapAxisInput {
  const info = parameterInfo(path, scenario);
  const base = parameterValue(scenario, path) ?? 0;
  let from = base * 0.5;
  let to = base * 1.5;
  if (base === 0) [from, to] = [0, info.scale === 'pct' ? 0.01 : 1];
  if (info.integer) {
    from = Math.max(1, Math.floor(from));
    to = Math.max(from + 1, Math.ceil(to));
    return { parameter: path, from, to, steps: Math.min(steps, to - from + 1) };
  }
  return {
    parameter: path,
    from: Number(from.toPrecision(6)),
    to: Number(to.toPrecision(6)),
    steps,
  };
}

/** A breakeven answer as a sentence, with how far the scenario's value is from it. */
export interface BreakevenStatement {
  readonly kind: 'change' | 'none';
  /** The headline: `Converting stops paying below lease rate = $96.41/kW-month`. */
  readonly text: string;
  /**
   * The plans on each side and the scenario's value: `0 MW of HPC just below, 0.034 MW just above;
   * …`.
   */
  readonly detail: string;
}

const sameMW = (a: number, b: number) => Math.abs(a - b) <= 1e-6;

/**
 * Two HPC commitments as text that keeps them apart: 100 and 99.96 MW read "100.00 MW" and
 * "99.96 MW", never "100 MW" twice.
 */
export function distinctMW(a: number, b: number): [string, string] {
  const [x, y] = [formatMW(a), formatMW(b)];
  if (x !== y || sameMW(a, b)) return [x, y];
  let d = 0;
  while (d < 6 && a.toFixed(d) === b.toFixed(d)) d++;
  const w = (v: number) =>
    `${v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })} MW`;
  return [w(a), w(b)];
}

/**
 * Where the plan flips (crosses the threshold MW) when that is not the first change: `The plan
 * flips at capex = $14.79M/MW IT: 100 MW of HPC just below, 0 MW just above.`; '' otherwise.
 */
function flipSentence(b: BreakevenResponse, short: string, fmt: (v: number) => string): string {
  const t = b.threshold;
  const lo = t?.below?.hpcMW;
  const hi = t?.above?.hpcMW;
  if (t?.value == null || lo == null || hi == null) return '';
  if (b.below?.value === t.below?.value && b.above?.value === t.above?.value) return '';
  const [l, h] = distinctMW(lo, hi);
  return ` The plan flips at ${short} = ${fmt(t.value)}: ${l} of HPC just below, ${h} just above.`;
}

/**
 * States a breakeven answer. With a change: which way converting pays, at what value, the HPC MW on
 * each side, and where the scenario's own value (`base`) sits. Without: "no change within the range
 * …".
 * @example
 * breakevenStatement(answer, 150, scenario).text
 * // "Converting stops paying below lease rate = $96.41/kW-month"
 */
export function breakevenStatement(
  b: BreakevenResponse,
  base: number | undefined,
  scenario?: ScenarioInput,
): BreakevenStatement {
  const info = parameterInfo(b.parameter, scenario);
  const fmt = (v: number) => formatParameterValue(b.parameter, v, scenario);
  if (b.value == null || !b.below || !b.above) {
    const first = b.scan.find((p) => p.hpcMW != null);
    const what = first
      ? `the optimum commits ${formatMW(first.hpcMW)} of HPC throughout`
      : 'no point of the range has an optimum';
    return {
      kind: 'none',
      text: `No change for ${info.short} from ${fmt(b.from)} to ${fmt(b.to)}`,
      detail: `${what[0].toUpperCase()}${what.slice(1)}.`,
    };
  }
  const at = `${info.short} = ${fmt(b.value)}`;
  const lo = b.below.hpcMW;
  const hi = b.above.hpcMW;
  let text: string;
  let sides: string;
  if (lo == null || hi == null) {
    text = `The decision changes at ${at}`;
    const side = (mw: number | null | undefined, status: string) =>
      mw == null ? `no optimum (${status})` : `${formatMW(mw)} of HPC`;
    sides = `${side(lo, b.below.status)} just below, ${side(hi, b.above.status)} just above`;
  } else {
    if (hi > lo)
      text = sameMW(lo, 0)
        ? `Converting stops paying below ${at}`
        : `Below ${at} the optimum converts less`;
    else
      text = sameMW(hi, 0)
        ? `Converting stops paying above ${at}`
        : `Above ${at} the optimum converts less`;
    const [l, h] = distinctMW(lo, hi);
    sides = `${l} of HPC just below it, ${h} just above`;
  }
  let where = '';
  if (base !== undefined && Number.isFinite(base)) {
    const side = base > b.value ? 'above' : 'below';
    const ratio = Math.abs(base - b.value) / Math.abs(b.value);
    const pct =
      b.value !== 0 ? `${formatSignificant(Number((ratio * 100).toPrecision(3)))} % ${side}` : side;
    where = `; the scenario's ${fmt(base)} is ${Math.abs(base - b.value) <= b.tolerance / 2 ? 'at it' : `${pct} it`}`;
  }
  const flip = flipSentence(b, info.short, fmt);
  return {
    kind: 'change',
    text,
    detail: `${sides[0].toUpperCase()}${sides.slice(1)}${where}.${flip}`,
  };
}
