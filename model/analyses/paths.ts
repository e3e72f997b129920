/**
 * @module analyses/paths — parameter paths: any numeric input of a scenario named by a dot path
 * (`hpcOptions.0.leaseUsdPerKwMonth`, `market.hashprice.btcUsd`), read and set on a copy,
 * re-validated. A list entry with an id may be named by it (`hpcOptions.ai-lease.…`; a portfolio's
 * `sites.rockdale.hpcOptions.lease-a.…`).
 */
import type { z } from 'zod';
import { ScenarioSchema, ValuationSchema, type HpcOption, type Scenario } from '../schema';
import { optionRate, streamRates } from '../rates';
import { sitesOf } from '../sites';
import { HASHPRICE_MULTIPLIER, defaultParameters } from './schema';

/** A parameter path and the value to give it. */
export interface ParameterChange {
  readonly path: string;
  readonly value: number;
}

/**
 * What the schema says about a parameter: unit, whole numbers only, bounds (inclusive or
 * exclusive).
 */
export interface ParameterSpec {
  readonly path: string;
  readonly label: string;
  /** The field's own description from the schema (it states the unit). */
  readonly unit: string;
  /** True for whole-number fields (months): analyses round their values and say so. */
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
}

/** A path that does not name a numeric input of the scenario, or a value it cannot take. */
export class ParameterError extends Error {
  override name = 'ParameterError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Faults of an analysis request, each naming the request field (`parameters.2`, `x.from`): the API
 * answers 400.
 */
export class AnalysisInputError extends Error {
  override name = 'AnalysisInputError';
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
}

/**
 * Runs `f`; a `ParameterError` it throws becomes an `AnalysisInputError` naming `field` of the
 * request.
 */
export function forField<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ParameterError)
      throw new AnalysisInputError([{ path: field, message: e.message }]);
    throw e;
  }
}

export { HASHPRICE_MULTIPLIER, defaultParameters };

const LABELS: Record<string, string> = {
  'market.hashprice.btcUsd': 'BTC price',
  'market.hashprice.networkGrowthPerYear': 'Network hashrate growth',
  'market.hashprice.floor.marginalJPerTH': 'Hashprice floor: marginal J/TH',
  'market.hashprice.floor.powerUsdPerMWh': 'Hashprice floor: power price',
  'market.hashprice.floor.efficiencyGainPerYear': 'Hashprice floor: efficiency gain',
  'market.hashprice.floor.otherCostUsdPerPhDay': 'Hashprice floor: other cost',
  [HASHPRICE_MULTIPLIER]: 'Hashprice level',
  'site.energyUsdPerMWh': 'Power price',
  'financing.facility.limitUsd': 'Facility limit',
  'financing.discountRatePerYear': 'Discount rate',
  leaseUsdPerKwMonth: 'lease rate',
  computeUsdPerMWItMonth: 'compute price',
  capexUsdPerMWIt: 'capex',
  buildMonths: 'build months',
};

type AnySchema = z.ZodType & { def: { type: string; innerType?: AnySchema }; [k: string]: unknown };

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (s.def.type === 'optional' || s.def.type === 'default' || s.def.type === 'nullable')
    s = s.def.innerType!;
  return s;
}

/**
 * The schema and current value of a path in a parsed scenario. Throws `ParameterError` naming the
 * path when a segment does not exist, an array index is out of range, an optional block is not set,
 * or the leaf is not a number.
 */
export function parameterSpec(
  scenario: Scenario,
  path: string,
): ParameterSpec & { readonly value: number } {
  if (path === HASHPRICE_MULTIPLIER) {
    if (scenario.market.hashprice.kind !== 'series') {
      throw new ParameterError(
        path,
        `${path} scales a hashprice series; this scenario projects hashprice (use market.hashprice.btcUsd)`,
      );
    }
    return {
      path,
      label: LABELS[path],
      unit: 'multiplier of every month of the hashprice series (1 = as given)',
      integer: false,
      min: 0,
      max: 1e6,
      value: 1,
    };
  }
  const segments = canonicalSegments(scenario, path);
  const classRate = classRateSpec(scenario, path, segments);
  if (classRate) return classRate;
  if (segments[0] === 'solve' || segments[0] === 'valuation')
    throw new ParameterError(
      path,
      `unknown parameter ${path}: ${segments[0]} settings are not a scenario input to vary`,
    );
  if (!path || segments.some((p) => p === ''))
    throw new ParameterError(
      path,
      `invalid parameter path "${path}": expected dot-separated names, e.g. site.energyUsdPerMWh`,
    );
  let schema = ScenarioSchema as unknown as AnySchema;
  let value: unknown = scenario;
  segments.forEach((seg, i) => {
    const here = segments.slice(0, i + 1).join('.');
    const parent = segments.slice(0, i).join('.') || '(scenario)';
    schema = unwrap(schema);
    if (value === undefined || value === null)
      throw new ParameterError(
        path,
        `unknown parameter ${path}: ${parent} is not set in this scenario`,
      );
    if (schema.def.type === 'union') {
      const kind = (value as { kind?: string }).kind;
      const options = schema.options as AnySchema[];
      // A union tagged by `kind` (hashprice), or one told apart by the value's shape (price bins:
      // one list or 12).
      schema =
        options.find(
          (o) => (o.shape as Record<string, AnySchema> | undefined)?.kind?.safeParse(kind).success,
        ) ?? options.find((o) => o.safeParse(value).success)!;
    }
    if (schema.def.type === 'array') {
      const n = (value as unknown[]).length;
      if (!/^\d+$/.test(seg) || Number(seg) >= n) {
        throw new ParameterError(
          path,
          `unknown parameter ${path}: ${parent} ` +
            `${n === 0 ? 'is empty' : `has ${n} entr${n === 1 ? 'y' : 'ies'}; use an index 0–${n - 1}`}`,
        );
      }
      schema = schema.element as AnySchema;
      value = (value as unknown[])[Number(seg)];
    } else if (schema.def.type === 'object') {
      const shape = schema.shape as Record<string, AnySchema>;
      if (!Object.hasOwn(shape, seg))
        throw new ParameterError(
          path,
          `unknown parameter ${path}: ${parent} has no field "${seg}"`,
        );
      schema = shape[seg];
      const parentValue = value as Record<string, unknown>;
      value = parentValue[seg];
      // An option's own rate left unset reads as the rate it defaults to: its class's.
      if (value === undefined && seg === 'discountRatePerYear' && 'kind' in parentValue)
        value = optionRate(scenario, parentValue as unknown as HpcOption);
    } else {
      throw new ParameterError(
        path,
        `unknown parameter ${path}: ${parent} is a ${schema.def.type}, not an object or a list`,
      );
    }
    if (i === segments.length - 1 && typeof value !== 'number') {
      throw new ParameterError(
        path,
        `${here} is not a number` +
          (value === undefined
            ? ' (it is not set in this scenario)'
            : ` (it is ${Array.isArray(value) ? 'a list' : typeof value})`),
      );
    }
  });
  const leaf = unwrap(schema) as AnySchema & {
    minValue: number | null;
    maxValue: number | null;
    isInt: boolean;
    description?: string;
  };
  return {
    path,
    label: labelOf(scenario, segments),
    unit: leaf.description ?? schema.description ?? '',
    integer: leaf.isInt === true,
    min: leaf.minValue ?? -Infinity,
    max: leaf.maxValue ?? Infinity,
    value: value as number,
  };
}

const RATE_CLASSES = ['mining', 'lease', 'cloud'] as const;

/**
 * `valuation.discountRates.<class>`, the one valuation input an analysis may vary (docs/model.md,
 * "Rates by risk class"): its value is the rate it resolves to (d when unset); undefined for any
 * other path.
 */
function classRateSpec(
  scenario: Scenario,
  path: string,
  segments: readonly string[],
): (ParameterSpec & { readonly value: number }) | undefined {
  const kind = RATE_CLASSES.find((k) => k === segments[2]);
  if (segments[0] !== 'valuation' || segments[1] !== 'discountRates' || segments.length !== 3)
    return undefined;
  if (!kind)
    throw new ParameterError(
      path,
      `unknown parameter ${path}: valuation.discountRates has ${RATE_CLASSES.join(', ')}`,
    );
  const rates = unwrap(ValuationSchema.shape.discountRates as unknown as AnySchema);
  const leaf = unwrap((rates.shape as Record<string, AnySchema>)[kind]) as AnySchema & {
    description?: string;
  };
  return {
    path,
    label: `Discount rate, ${kind}`,
    unit: leaf.description ?? '',
    integer: false,
    min: 0,
    max: 1,
    value: streamRates(scenario)[kind],
  };
}

/**
 * The path's segments with every list entry named by its id (`sites.rockdale`,
 * `hpcOptions.ai-lease`) replaced by its index; other segments as given (a bad one is reported by
 * the walk that follows).
 */
function canonicalSegments(scenario: Scenario, path: string): string[] {
  const segments = path.split('.');
  let value: unknown = scenario;
  return segments.map((seg) => {
    let out = seg;
    if (Array.isArray(value) && !/^\d+$/.test(seg)) {
      const i = value.findIndex((e) => (e as { id?: unknown } | null)?.id === seg);
      if (i >= 0) out = String(i);
    }
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[out]
        : undefined;
    return out;
  });
}

function labelOf(scenario: Scenario, segments: readonly string[]): string {
  const path = segments.join('.');
  if (LABELS[path]) return LABELS[path];
  // A portfolio's site: "<site id>: <the single-site label>".
  if (segments[0] === 'sites' && segments.length > 2 && scenario.sites) {
    const site = scenario.sites[Number(segments[1])];
    const own = labelOf(sitesOf(scenario)[Number(segments[1])].scenario, segments.slice(2));
    return `${site.id}: ${own}`;
  }
  if (segments[0] === 'hpcOptions' && segments.length === 3 && scenario.hpcOptions) {
    const option = scenario.hpcOptions[Number(segments[1])];
    return `${option.id}: ${LABELS[segments[2]] ?? segments[2]}`;
  }
  return path;
}

/**
 * The current value of a parameter (1 for the hashprice multiplier). Throws `ParameterError` for a
 * bad path.
 */
export function readParameter(scenario: Scenario, path: string): number {
  return parameterSpec(scenario, path).value;
}

/**
 * A deep copy of the scenario with the changes applied, without validation: for the points inside a
 * range whose ends were checked by `setParameters` (every bound and cross-field rule of the schema
 * is convex in each value).
 */
export function applyParameters(scenario: Scenario, changes: readonly ParameterChange[]): Scenario {
  const copy = structuredClone(scenario) as Scenario;
  for (const { path, value } of changes) {
    if (path === HASHPRICE_MULTIPLIER) {
      const hp = copy.market.hashprice;
      if (hp.kind === 'series') hp.usdPerPhDay = hp.usdPerPhDay.map((v) => v * value);
      continue;
    }
    const segments = canonicalSegments(copy, path);
    let target = copy as unknown as Record<string, unknown>;
    // A block left unset (valuation.discountRates) is created for the value set in it.
    for (const seg of segments.slice(0, -1))
      target = (target[seg] ??= {}) as Record<string, unknown>;
    target[segments[segments.length - 1]] = value;
  }
  return copy;
}

/**
 * A deep copy of the scenario with the changes applied and re-validated by `ScenarioSchema`. A
 * value that breaks a bound or a rule is an error naming the path — never clamped or rounded.
 *
 * @example
 * const cheaper = setParameters(scenario, [{ path: 'site.energyUsdPerMWh', value: 38 }]);
 */
export function setParameters(scenario: Scenario, changes: readonly ParameterChange[]): Scenario {
  for (const c of changes) {
    parameterSpec(scenario, c.path);
    if (!Number.isFinite(c.value))
      throw new ParameterError(c.path, `${c.path} = ${c.value}: must be a finite number`);
  }
  const parsed = ScenarioSchema.safeParse(applyParameters(scenario, changes));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue.path.join('.');
  const what = changes.map((c) => `${c.path} = ${c.value}`).join(', ');
  const culprit =
    changes.find((c) =>
      at.startsWith(c.path === HASHPRICE_MULTIPLIER ? 'market.hashprice' : c.path),
    ) ?? changes[0];
  throw new ParameterError(
    culprit.path,
    `${what}: ${at === culprit.path ? '' : `${at} `}${issue.message}`,
  );
}
