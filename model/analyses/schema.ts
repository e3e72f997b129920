/**
 * @module analyses/schema — request and answer schemas of the analyses: sensitivity (tornado),
 * breakeven, decision map.
 */
import { z } from 'zod';
import { LIMITS, offerPriceField, PlanSchema, ScenarioSchema } from '../schema';

/**
 * The virtual path of a hashprice series' level: a multiplier (1 = the series as given) of every
 * month's value. Only for `market.hashprice.kind = "series"`; a projection moves with
 * `market.hashprice.btcUsd`.
 */
export const HASHPRICE_MULTIPLIER = 'market.hashprice.multiplier';

/**
 * The default "decision-moving" parameters of a scenario, in this order: BTC price, network growth
 * and the floor's (a projection) or the hashprice level (a series), each site's power price and
 * each offer's price (a lease's rent, a cloud's compute price), capex and build months (a
 * portfolio's by site index), the facility limit (when there is a facility) and the discount rate.
 * The app's tornado and map offer the same (one definition for the API and the browser, which takes
 * it from here).
 */
export function defaultParameters(scenario: {
  readonly market: {
    readonly hashprice: {
      readonly kind: string;
      readonly floor?: { readonly otherCostUsdPerPhDay?: number };
    };
  };
  readonly hpcOptions?: readonly { readonly kind?: 'lease' | 'cloud' }[];
  readonly sites?: readonly {
    readonly hpcOptions: readonly { readonly kind?: 'lease' | 'cloud' }[];
  }[];
  readonly financing: { readonly facility?: unknown };
}): string[] {
  const hp = scenario.market.hashprice;
  const market =
    hp.kind === 'projection'
      ? ['market.hashprice.btcUsd', 'market.hashprice.networkGrowthPerYear', ...floorParameters(hp)]
      : [HASHPRICE_MULTIPLIER];
  // Each site's power price and offers (a portfolio's by index: sites.<i>.…).
  const sites = scenario.sites
    ? scenario.sites.map((v, k) => ({ base: `sites.${k}.`, offers: v.hpcOptions }))
    : [{ base: '', offers: scenario.hpcOptions ?? [] }];
  const perSite = sites.flatMap(({ base, offers }) => [
    `${base}site.energyUsdPerMWh`,
    ...offers.flatMap((o, i) =>
      [offerPriceField(o), 'capexUsdPerMWIt', 'buildMonths'].map(
        (f) => `${base}hpcOptions.${i}.${f}`,
      ),
    ),
  ]);
  const facility = scenario.financing.facility ? ['financing.facility.limitUsd'] : [];
  return [...market, ...perSite, ...facility, 'financing.discountRatePerYear'];
}

/**
 * A projection's floor parameters on the tornado (docs/model.md, "Hashprice floor (v3)"): its level
 * by the marginal machines' power price — marginalJPerTH moves the floor by the same factor, so it
 * would repeat that row — its fall a year, and its other cost when it is not 0; none without a
 * floor.
 */
function floorParameters(hp: { readonly floor?: { readonly otherCostUsdPerPhDay?: number } }) {
  if (!hp.floor) return [];
  const at = (f: string) => `market.hashprice.floor.${f}`;
  return [
    at('powerUsdPerMWh'),
    at('efficiencyGainPerYear'),
    ...(hp.floor.otherCostUsdPerPhDay ? [at('otherCostUsdPerPhDay')] : []),
  ];
}

/** Most parameters in one tornado. */
export const MAX_SENSITIVITY_PARAMETERS = 24;
/** Most values per axis of a decision map (41 × 41 = 1,681 solves at the most). */
export const MAX_MAP_STEPS = 41;
/** Most scan points of a breakeven search. */
export const MAX_BREAKEVEN_STEPS = 41;

/**
 * A dot path naming a numeric input, e.g. `hpcOptions.0.leaseUsdPerKwMonth` (see `analyses/paths`).
 */
export const ParameterPathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
    'must be a dot path such as hpcOptions.0.leaseUsdPerKwMonth',
  )
  .describe('dot path of a numeric scenario input');

const value = () => z.number().describe('parameter value, in the unit of the parameter');

/** How one solve of an analysis ended. */
export const PointStatusSchema = z.enum(['optimal', 'infeasible', 'timedout', 'error']);
export type PointStatus = z.infer<typeof PointStatusSchema>;

export const SensitivityRequestSchema = z.strictObject({
  scenario: ScenarioSchema,
  parameters: z
    .array(
      z.union([
        ParameterPathSchema,
        z.strictObject({ parameter: ParameterPathSchema, low: value(), high: value() }),
      ]),
    )
    .min(1)
    .max(MAX_SENSITIVITY_PARAMETERS)
    .optional()
    .describe(
      'paths, or { parameter, low, high } with absolute values; default: the decision-moving parameters',
    ),
  low: z
    .number()
    .min(-1, 'must be ≥ -1')
    .max(0, 'must be ≤ 0')
    .default(-0.2)
    .describe('relative change for the low case, -0.2 = 20 % lower'),
  high: z
    .number()
    .min(0, 'must be ≥ 0')
    .max(10, 'must be ≤ 10')
    .default(0.2)
    .describe('relative change for the high case, 0.2 = 20 % higher'),
});
export type SensitivityRequest = z.input<typeof SensitivityRequestSchema>;

export const SensitivitySideSchema = z.object({
  value: z.number(),
  status: PointStatusSchema,
  npvUsd: z.number().nullable(),
  hpcMW: z.number().nullable().describe('grid MW of HPC committed by the optimum'),
});
export type SensitivitySide = z.infer<typeof SensitivitySideSchema>;

export const SensitivityRowSchema = z.object({
  parameter: z.string(),
  label: z.string(),
  unit: z.string(),
  base: z.number(),
  low: SensitivitySideSchema,
  high: SensitivitySideSchema,
  swingUsd: z
    .number()
    .nullable()
    .describe('|NPV(high) − NPV(low)|; null when a side has no optimum (ranked first)'),
  note: z.string().optional().describe('e.g. that whole-month values were rounded'),
});
export type SensitivityRow = z.infer<typeof SensitivityRowSchema>;

export const SensitivityResponseSchema = z.object({
  baseNpvUsd: z.number().nullable(),
  baseHpcMW: z.number().nullable(),
  rows: z.array(SensitivityRowSchema).describe('ordered by NPV swing, largest first'),
  skipped: z
    .array(z.object({ parameter: z.string(), reason: z.string() }))
    .describe('default parameters left out, and why'),
  notes: z.array(z.string()),
});
export type SensitivityResponse = z.infer<typeof SensitivityResponseSchema>;

export const BreakevenRequestSchema = z.strictObject({
  scenario: ScenarioSchema,
  parameter: ParameterPathSchema,
  from: value()
    .optional()
    .describe('start of the range searched; default base ÷ 4 (within the field’s bounds)'),
  to: value()
    .optional()
    .describe('end of the range searched; default base × 4 (within the field’s bounds)'),
  tolerance: z
    .number()
    .positive('must be > 0')
    .optional()
    .describe(
      'width of the final bracket, parameter units; default 1e-4 of the range (1 for whole months)',
    ),
  steps: z
    .number()
    .int()
    .min(3)
    .max(MAX_BREAKEVEN_STEPS)
    .default(17)
    .describe('scan points before bisection'),
  thresholdMW: z
    .number()
    .min(0, 'must be ≥ 0')
    .max(LIMITS.maxMW, `must be ≤ ${LIMITS.maxMW} MW`)
    .optional()
    .describe(
      'HPC MW whose crossing is reported as `threshold`; default half of site.hpcEligibleMW',
    ),
});
export type BreakevenRequest = z.input<typeof BreakevenRequestSchema>;

export const BreakevenSideSchema = z.object({
  value: z.number(),
  status: PointStatusSchema,
  hpcMW: z.number().nullable(),
  npvUsd: z.number().nullable(),
  plan: PlanSchema,
});
export type BreakevenSide = z.infer<typeof BreakevenSideSchema>;

export const BreakevenResponseSchema = z.object({
  parameter: z.string(),
  label: z.string(),
  value: z
    .number()
    .nullable()
    .describe('midpoint of the final bracket; null when nothing changes in the range'),
  tolerance: z.number(),
  from: z.number(),
  to: z.number(),
  below: BreakevenSideSchema.optional().describe('the lower end of the final bracket'),
  above: BreakevenSideSchema.optional().describe('the upper end of the final bracket'),
  message: z.string(),
  threshold: z
    .object({
      thresholdMW: z.number(),
      value: z.number().nullable(),
      below: BreakevenSideSchema.optional(),
      above: BreakevenSideSchema.optional(),
      message: z.string(),
    })
    .optional()
    .describe(
      'where the optimum’s HPC MW crosses thresholdMW (the site flips), null value when it does not within the range',
    ),
  scan: z.array(
    z.object({
      value: z.number(),
      status: PointStatusSchema,
      hpcMW: z.number().nullable(),
      npvUsd: z.number().nullable(),
    }),
  ),
});
export type BreakevenResponse = z.infer<typeof BreakevenResponseSchema>;

export const MapAxisSchema = z.strictObject({
  parameter: ParameterPathSchema,
  from: value(),
  to: value(),
  steps: z
    .number()
    .int('must be a whole number')
    .min(2, 'must be ≥ 2')
    .max(MAX_MAP_STEPS, `must be ≤ ${MAX_MAP_STEPS}`)
    .describe('values on the axis, both ends included'),
});
export type MapAxis = z.infer<typeof MapAxisSchema>;

export const MapRequestSchema = z.strictObject({
  scenario: ScenarioSchema,
  x: MapAxisSchema,
  y: MapAxisSchema,
});
export type MapRequest = z.input<typeof MapRequestSchema>;

export const MapCellSchema = z.object({
  x: z.number(),
  y: z.number(),
  status: PointStatusSchema,
  hpcShare: z.number().nullable().describe('HPC MW committed ÷ hpcEligibleMW, 0–1'),
  hpcMW: z.number().nullable(),
  npvUsd: z.number().nullable(),
});
export type MapCell = z.infer<typeof MapCellSchema>;

const MapAxisOutSchema = z.object({
  parameter: z.string(),
  label: z.string(),
  unit: z.string(),
  values: z.array(z.number()),
  base: z.number(),
});

export const MapResponseSchema = z.object({
  x: MapAxisOutSchema,
  y: MapAxisOutSchema,
  cells: z
    .array(MapCellSchema)
    .describe('row by row: y outer, x inner, in the order of the axes’ values'),
  notes: z.array(z.string()),
  ms: z.number().describe('wall time of the solves, ms'),
});
export type MapResponse = z.infer<typeof MapResponseSchema>;

/**
 * The `progress` event of a streamed map: cells solved so far, and the map's own clock (`elapsedMs`:
 * since it was taken up, the start its `ms` counts from), which its time estimate reads.
 */
export const MapProgressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  elapsedMs: z.number().optional(),
});
export type MapProgress = z.infer<typeof MapProgressSchema>;
