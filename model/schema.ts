/**
 * @module schema — zod schemas for the scenario, the plan, the answer and API errors (the API's
 * contract, docs/api.md and docs/model.md).
 */
import { z } from 'zod';
import { formatIssues, type FieldIssue, type IssueWording } from './issues';
import { labelAt, monthIndex } from './time';
import { sizeIssues } from './size-limits';
import {
  LIMITS,
  MonthSchema,
  PlanSchema,
  finite,
  months,
  mw,
  nonNegative,
  rate,
  share,
  usd,
} from './schema-base';

export * from './schema-base';
export * from './result-schema';
// The Monte Carlo answer's types (types only: the app takes them from here, the one schema module
// it may import).
export type { Histogram, MonteCarloSummary, Percentiles } from './montecarlo-stats';

/** Lower-case letters, digits and -, starting with a letter: an option's or a site's id. */
const idSchema = () =>
  z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,39}$/,
      'must be 1–40 characters: lower-case letters, digits and -, starting with a letter',
    );

export const GridAdditionSchema = z.strictObject({
  month: MonthSchema.describe('first month the added grid capacity is available, YYYY-MM'),
  mw: mw('grid MW added from that month on'),
});
export type GridAddition = z.infer<typeof GridAdditionSchema>;

export const PriceBinSchema = z.strictObject({
  hoursShare: share("share of the month's hours in this bin, 0–1 (a month's bins sum to 1)"),
  priceUsdPerMWh: finite()
    .min(-10_000, 'must be ≥ -10000 USD/MWh')
    .max(10_000, 'must be ≤ 10000 USD/MWh')
    .describe('power price in this bin, USD per MWh (may be negative)'),
});
export type PriceBin = z.infer<typeof PriceBinSchema>;

const priceBinList = () =>
  z
    .array(PriceBinSchema)
    .min(1, `must have 1–${LIMITS.maxPriceBins} bins`)
    .max(LIMITS.maxPriceBins, `must have 1–${LIMITS.maxPriceBins} bins`);

export const PowerMarketSchema = z.strictObject({
  priceBins: z
    .union([
      priceBinList(),
      z
        .array(priceBinList())
        .length(
          12,
          'must be one list of bins, or 12 lists (one per calendar month, January first)',
        ),
    ])
    .describe(
      "each month's hours in 1–8 price bins (shares sum to 1), or 12 such " +
        'lists, one per calendar month (January first); the price replaces ' +
        'energyUsdPerMWh',
    ),
  contract: z
    .strictObject({
      mw: mw(
        'MW of fixed-price supply, paid for every hour and sold back at the bin price when not drawn',
      ),
      priceUsdPerMWh: finite()
        .min(-10_000, 'must be ≥ -10000 USD/MWh')
        .max(10_000, 'must be ≤ 10000 USD/MWh')
        .describe('contract price, USD per MWh'),
    })
    .optional()
    .describe('a fixed-price power contract (a hedge); none if omitted'),
  demandResponseUsdPerMWMonth: usd(
    'demand-response credit, USD per MW mining in the first bin per month',
  ).default(0),
  transmissionUsdPerKwYear: usd(
    '4CP-style transmission charge, USD per kW-year, on MW mining in the ' +
      'last bin and on HPC MW earning whose power the operator pays',
  ).default(0),
});
export type PowerMarket = z.infer<typeof PowerMarketSchema>;

export const SiteSchema = z.strictObject({
  gridMW: mw('grid (utility) MW available at the start'),
  gridAdditions: z
    .array(GridAdditionSchema)
    .max(LIMITS.maxGridAdditions)
    .default([])
    .describe('grid capacity added later; each adds MW from its month on'),
  hpcEligibleMW: mw('grid MW that may be converted to HPC, in total over all offers'),
  energyUsdPerMWh: nonNegative('all-in power price, USD per MWh').max(
    10_000,
    'must be ≤ 10000 USD/MWh',
  ),
  miningPue: finite()
    .min(1, 'must be ≥ 1')
    .max(3, 'must be ≤ 3')
    .describe('mining PUE: grid MW per MW at the ASICs'),
  overheadUsdPerMonth: usd('site overhead, USD per month, paid every month'),
  maxMWUnderConstruction: mw(
    'most grid MW of all HPC cohorts under construction (months s … ' +
      's+buildMonths−1 of each build) in any month; no limit if omitted',
  ).optional(),
  powerMarket: PowerMarketSchema.optional().describe(
    'price bins, a contract, demand response and transmission charges; without it every MWh costs energyUsdPerMWh',
  ),
});
export type Site = z.infer<typeof SiteSchema>;

// A floor, not just > 0: 5e-324 J/TH passes > 0 but makes revenue per MW overflow to Infinity in
// the LP.
const efficiency = () =>
  finite()
    .min(1, 'must be ≥ 1 J/TH')
    .max(500, 'must be ≤ 500 J/TH')
    .describe('ASIC efficiency, joules per terahash');

export const RefreshSchema = z.strictObject({
  efficiencyJPerTH: efficiency(),
  priceUsdPerTH: nonNegative('purchase price of new ASICs, USD per TH').max(
    10_000,
    'must be ≤ 10000 USD/TH',
  ),
  resaleUsdPerTH: nonNegative('resale value of the new ASICs, USD per TH').max(
    10_000,
    'must be ≤ 10000 USD/TH',
  ),
  maxMW: mw('most grid MW of new ASICs that may be bought over the horizon'),
});
export type Refresh = z.infer<typeof RefreshSchema>;

export const FleetSchema = z.strictObject({
  installedMW: mw('grid MW of ASICs installed at the start'),
  efficiencyJPerTH: efficiency(),
  uptime: share('share of hours the ASICs hash, 0–1'),
  poolFee: share('pool fee, share of revenue, 0–1'),
  opexUsdPerMWMonth: usd('mining opex per grid MW running, USD per month (beyond power)'),
  resaleUsdPerTH: nonNegative('resale value of the installed ASICs, USD per TH').max(
    10_000,
    'must be ≤ 10000 USD/TH',
  ),
  refresh: RefreshSchema.optional().describe('optional purchase of newer ASICs'),
});
export type Fleet = z.infer<typeof FleetSchema>;

/**
 * The hashprice floor (v3, docs/model.md "Hashprice floor (v3)"): the cash cost of the marginal
 * machines, floor_t = 0.024 × marginalJPerTH × (1 − efficiencyGainPerYear)^(t/12) × powerUsdPerMWh
 * + otherCostUsdPerPhDay, $/PH/day.
 */
export const HashpriceFloorSchema = z.strictObject({
  marginalJPerTH: finite()
    .min(1, 'must be ≥ 1 J/TH')
    .max(500, 'must be ≤ 500 J/TH')
    .describe('efficiency of the marginal (least efficient running) machines at the start, J/TH'),
  powerUsdPerMWh: nonNegative("the marginal machines' power price, USD per MWh").max(
    10_000,
    'must be ≤ 10000 USD/MWh',
  ),
  efficiencyGainPerYear: finite()
    .min(0, 'must be ≥ 0')
    .max(0.9, 'must be ≤ 0.9 (0.17 means the marginal J/TH falls 17 % a year)')
    .describe("fall of the marginal machines' J/TH, per year (0.17 = 17 %/yr)")
    .default(0),
  otherCostUsdPerPhDay: nonNegative(
    'cash cost of the marginal machines beyond power, USD per PH/s per day',
  )
    .max(1e6, 'must be ≤ 1e6 USD/PH/day')
    .default(0),
});
export type HashpriceFloor = z.infer<typeof HashpriceFloorSchema>;

export const HashpriceProjectionSchema = z.strictObject({
  kind: z.literal('projection'),
  btcUsd: finite()
    .positive('must be > 0')
    .max(1e8, 'must be ≤ 1e8 USD')
    .describe('BTC price at the start, USD'),
  btcGrowthPerYear: finite()
    .min(-0.99, 'must be ≥ -0.99')
    .max(10, 'must be ≤ 10')
    .describe('BTC price growth, per year (0.1 = 10 %)'),
  networkEhs: finite()
    .min(1, 'must be ≥ 1 EH/s')
    .max(1e7, 'must be ≤ 1e7 EH/s')
    .describe('network hashrate at the start, EH/s'),
  networkGrowthPerYear: finite()
    .min(-0.99, 'must be ≥ -0.99')
    .max(10, 'must be ≤ 10')
    .describe('network hashrate growth, per year'),
  feesBtcPerBlock: nonNegative('transaction fees, BTC per block').max(100, 'must be ≤ 100 BTC'),
  halvingMonth: MonthSchema.describe(
    'a halving month, YYYY-MM (may lie before startMonth): the subsidy is ' +
      '3.125 BTC before it and halves from it on and every 48 months after',
  ),
  floor: HashpriceFloorSchema.optional().describe(
    "a floor under the projected hashprice: the marginal machines' cash cost, below which " +
      'they switch off and the network shrinks (hashprice_t = max(projected_t, floor_t)); none ' +
      'if omitted',
  ),
});
export type HashpriceProjection = z.infer<typeof HashpriceProjectionSchema>;

export const HashpriceSeriesSchema = z.strictObject({
  kind: z.literal('series'),
  usdPerPhDay: z
    .array(nonNegative('hashprice, USD per PH/s per day').max(1e6, 'must be ≤ 1e6 USD/PH/day'))
    .min(1)
    .max(LIMITS.horizonMaxMonths)
    .describe(
      'hashprice for each month of the horizon (at least horizonMonths ' +
        'values; later ones are ignored; past the horizon the last value holds), ' +
        'USD per PH/s per day',
    ),
});
export type HashpriceSeries = z.infer<typeof HashpriceSeriesSchema>;

export const HashpriceSchema = z.discriminatedUnion('kind', [
  HashpriceProjectionSchema,
  HashpriceSeriesSchema,
]);
export type Hashprice = z.infer<typeof HashpriceSchema>;

export const MarketSchema = z.strictObject({
  hashprice: HashpriceSchema,
  asicPriceIndex: z
    .enum(['hashprice', 'flat'])
    .default('hashprice')
    .describe(
      '"hashprice": every ASIC price of month t (resale and purchase) is the ' +
        'given price × hashprice_t / hashprice_0; "flat": the given prices',
    ),
});
export type Market = z.infer<typeof MarketSchema>;

/** Fields every HPC option has, whatever its kind. */
const hpcCommon = {
  id: idSchema(),
  name: z.string().min(1).max(200),
  itMWPerGridMW: finite()
    .positive('must be > 0')
    .max(1, 'must be ≤ 1')
    .describe('MW of critical IT per grid MW'),
  capexUsdPerMWIt: usd('conversion capex, USD per MW of critical IT'),
  buildMonths: months('months of construction (capex is spread evenly over them)', 1, 120),
  switchoverMonths: months('months before commencement the MW stop mining', 0, 120),
  opexUsdPerMWItMonth: usd('HPC opex, USD per MW of IT per month'),
  opexEscalatorPerYear: rate(
    'opex escalator, per year: opex of month k after commencement × (1 + e)^floor(k/12)',
  ).default(0),
  blockMW: mw('build block size in grid MW; 0 means any size, else at least 0.1 MW').refine(
    (v) => v === 0 || v >= 0.1,
    'must be 0 (any size) or at least 0.1 MW',
  ),
  maxMW: mw('most grid MW this offer takes (a lease: its tenant; a cloud: its own build-out)'),
  earliestStartMonth: MonthSchema.optional().describe(
    'first month a build may start; default startMonth',
  ),
  latestStartMonth: MonthSchema.optional().describe(
    "last month a build may start (the offer's expiry), inclusive; default: no expiry",
  ),
  rampMonths: months(
    'months over which the halls come online after commencement: share ' +
      'min(1, (k+1)/rampMonths) of IT earns and pays opex and power; 0 = all at once',
    0,
    120,
  ).default(0),
  decisionIntervalMonths: months(
    'block builds start every this many months, from month 0',
    1,
    24,
  ).default(3),
  discountRatePerYear: rate(
    "this option's discount rate, per year: its capex, GPUs, margins, flows after the horizon " +
      'and residual are discounted at it (beats valuation.discountRates of its kind)',
  ).optional(),
};

/** Fields only a lease has (a tenant, a term): a cloud option given one is a 400 naming it. */
const leaseFields = {
  leaseUsdPerKwMonth: nonNegative('lease rent, USD per kW of critical IT per month').max(
    10_000,
    'must be ≤ 10000',
  ),
  escalatorPerYear: rate('rent escalator, per year, applied on each lease anniversary'),
  termMonths: months('lease term, months from commencement', 1, 600),
  tenantCapexShare: share('share of capex the tenant funds, 0–1'),
  tenantPaysPower: z.boolean().describe('true when the tenant pays for power (triple-net)'),
  renewalProbability: share('chance the tenant extends once for another term, 0–1').default(0),
  defaultProbabilityPerYear: share(
    "tenant's chance of default per year, 0–1: the lease margin of month k " +
      'is × S_k + (1 − S_k) × backstopShare, S_k = (1 − d)^(k/12)',
  ).default(0),
  backstopShare: share(
    "share of the lease margin a backstop (e.g. a guarantor) still pays after the tenant's default, 0–1",
  ).default(0),
  residual: z
    .strictObject({
      capRatePerYear: finite()
        .positive('must be > 0')
        .max(1, 'must be ≤ 1 (0.07 means 7 %/year)')
        .describe('exit cap rate, per year: the building is worth 12 × its monthly margin / this'),
      refitCapexUsdPerMWIt: usd('refit before re-letting, USD per MW of IT').default(0),
    })
    .optional()
    .describe(
      "the building's value when its contract ends (end of term × (1 − renewalProbability), " +
        'end of extension × renewalProbability); absent: worth nothing after the contract',
    ),
};
/** The lease's field names, in the order the schema lists them. */
export const LEASE_FIELDS = Object.keys(leaseFields) as (keyof typeof leaseFields)[];

/** Fields only a GPU cloud option has. */
const cloudFields = {
  computeUsdPerMWItMonth: usd(
    'compute revenue of new GPUs, USD per MW of IT per month at full utilisation',
  ),
  utilisation: share('share of the IT capacity billed, 0–1'),
  gpuCapexUsdPerMWIt: usd(
    'GPU purchase, USD per MW of IT, at commencement and again every gpuLifeMonths',
  ),
  gpuLifeMonths: months('months a GPU generation lasts before it is bought again', 1, 240),
  computePriceChangePerYear: finite()
    .min(-0.99, 'must be ≥ -0.99')
    .max(1, 'must be ≤ 1')
    .describe(
      "change of a GPU generation's compute price per year of its age (-0.36 = falls 36 % a year)",
    )
    .default(0),
};
/** The cloud's field names. */
export const CLOUD_FIELDS = Object.keys(cloudFields) as (keyof typeof cloudFields)[];

const cross = <
  T extends z.ZodType<{
    switchoverMonths: number;
    buildMonths: number;
    earliestStartMonth?: string;
    latestStartMonth?: string;
  }>,
>(
  schema: T,
) =>
  schema
    .refine((o) => o.switchoverMonths <= o.buildMonths, {
      message: 'must be ≤ buildMonths (the MW stop mining during the build, not before it starts)',
      path: ['switchoverMonths'],
    })
    .refine(
      (o) =>
        !(o.latestStartMonth && o.earliestStartMonth && o.latestStartMonth < o.earliestStartMonth),
      {
        message: 'must not be before earliestStartMonth (the start window would be empty)',
        path: ['latestStartMonth'],
      },
    );

/** A lease to a tenant (the default kind: a v1 option, without `kind`, is a lease). */
export const LeaseOptionSchema = cross(
  z.strictObject({
    kind: z
      .literal('lease')
      .default('lease')
      .describe(
        '"lease" (default): a tenant rents the IT; "cloud": the operator owns GPUs and sells compute',
      ),
    ...hpcCommon,
    ...leaseFields,
  }),
);
export type LeaseOption = z.infer<typeof LeaseOptionSchema>;

/**
 * A GPU cloud: the operator buys GPUs at commencement and every gpuLifeMonths and sells compute
 * (docs/model.md, "GPU cloud").
 */
export const CloudOptionSchema = cross(
  z.strictObject({
    kind: z.literal('cloud'),
    ...hpcCommon,
    ...cloudFields,
  }),
);
export type CloudOption = z.infer<typeof CloudOptionSchema>;

export const HpcOptionSchema = z.discriminatedUnion('kind', [LeaseOptionSchema, CloudOptionSchema]);
export type HpcOption = z.infer<typeof HpcOptionSchema>;

/**
 * Why `key` is not a field of an HPC option when it is a field of the other kind (a lease's on a
 * cloud option, a cloud's on a lease), else undefined: the API names it so, instead of "unknown
 * field".
 */
export function otherKindField(key: string): string | undefined {
  if ((LEASE_FIELDS as string[]).includes(key))
    return `a cloud option has no ${key} (a lease field: a cloud has no tenant and no term)`;
  if ((CLOUD_FIELDS as string[]).includes(key))
    return `a lease has no ${key} (a field of kind "cloud"; set kind: "cloud" for a GPU cloud)`;
  return undefined;
}

/**
 * Zod issues of a scenario or a request as the API answers them (`formatIssues` with the
 * scenario's wording: a field of the other option kind is named as such). The API, the engine and
 * the browser's editor all call this one.
 *
 * @example
 * const r = ScenarioSchema.safeParse(body); if (!r.success) return zodIssues(r.error);
 */
export function zodIssues(
  error: z.ZodError,
  wording: Omit<IssueWording, 'optionKey'> = {},
): FieldIssue[] {
  return formatIssues(error, { ...wording, optionKey: otherKindField });
}
export { ROOT_PATH, type FieldIssue } from './issues';

/** Whether an option (parsed or as posted: no `kind` is a lease) is a lease, narrowing its type. */
export function isLease<O extends { readonly kind?: 'lease' | 'cloud' }>(
  o: O,
): o is Exclude<O, { readonly kind: 'cloud' }> {
  return o.kind !== 'cloud';
}

/**
 * The field that prices an offer: a lease's rent or a cloud's compute price (per MW of IT a month).
 */
export function offerPriceField(o: {
  readonly kind?: 'lease' | 'cloud';
}): 'leaseUsdPerKwMonth' | 'computeUsdPerMWItMonth' {
  return isLease(o) ? 'leaseUsdPerKwMonth' : 'computeUsdPerMWItMonth';
}

const ratePerYear = (unit: string) => rate(unit);

export const FinancingSchema = z.strictObject({
  cashUsd: usd('cash at the start, USD'),
  minCashUsd: usd('covenant: cash never below this, USD'),
  cashYieldPerYear: ratePerYear('yield on cash, per year'),
  discountRatePerYear: ratePerYear('equity discount rate, per year'),
  existingDebt: z
    .strictObject({
      balanceUsd: usd('existing debt balance, USD'),
      couponPerYear: ratePerYear('coupon, per year, paid monthly'),
      maturityMonth: MonthSchema.describe('month at whose end the balance falls due'),
    })
    .optional()
    .describe('debt outstanding at the start; none if omitted'),
  facility: z
    .strictObject({
      limitUsd: usd('revolving facility limit, USD'),
      ratePerYear: ratePerYear('facility interest, per year'),
    })
    .optional()
    .describe('corporate revolving facility; none if omitted'),
  projectDebt: z
    .strictObject({
      advanceRate: share('project debt as a share of HPC capex paid, 0–1'),
      ratePerYear: ratePerYear('project debt interest, per year'),
      amortizationMonths: months(
        'months over which each advance falls to zero after commencement',
        1,
        600,
      ),
    })
    .optional()
    .describe('project debt against HPC capex; none if omitted'),
  equity: z
    .strictObject({
      limitUsd: usd('most equity that may be raised over the horizon, USD'),
      issuanceCost: finite()
        .min(0, 'must be ≥ 0')
        .max(0.5, 'must be ≤ 0.5')
        .describe('share of equity raised lost to issuance costs'),
    })
    .optional()
    .describe('equity raises; none if omitted'),
});
export type Financing = z.infer<typeof FinancingSchema>;

export const SolveOptionsSchema = z.strictObject({
  solver: z.enum(['highs', 'jslp']).default('highs').describe('LP/MILP solver to use'),
  timeLimitSeconds: finite()
    .positive('must be > 0')
    .max(60, 'must be ≤ 60 s')
    .default(20)
    .describe('solve time limit, seconds'),
  mipRelGap: finite()
    .min(0, 'must be ≥ 0')
    .max(0.5, 'must be ≤ 0.5')
    .default(1e-4)
    .describe('relative MIP gap at which a block build is accepted as optimal'),
  minBuildMW: mw(
    'smallest cohort in an optimum, grid MW: a build is 0 or at least this (0 turns the rule ' +
      'off); a MILP is solved only when the LP optimum has a cohort under it',
  ).default(1),
  marginalValues: z
    .enum(['fast', 'all', 'off'])
    .default('fast')
    .describe(
      'marginal values in the answer: fast (all three for an LP, from its ' +
        'optimal basis; none for a MILP), all (also MILPs and jslp, by ' +
        're-solving from scratch) or off',
    ),
  mustGoFirst: z
    .array(z.string())
    .max(LIMITS.maxSites)
    .default([])
    .describe(
      'a portfolio: site ids whose "must go first" cost the answer gives ' +
        '(sequencing.mustGoFirst), two more solves each',
    ),
});
export type SolveOptions = z.infer<typeof SolveOptionsSchema>;

export const UncertaintyCaseSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    probability: share('probability of this case, 0–1; all cases sum to 1'),
    hashpriceMultiplier: finite()
      .positive('must be > 0')
      .max(10, 'must be ≤ 10')
      .optional()
      .describe('multiplies the base hashprice path'),
    usdPerPhDay: z
      .array(nonNegative('hashprice, USD per PH/s per day').max(1e6, 'must be ≤ 1e6 USD/PH/day'))
      .max(LIMITS.horizonMaxMonths)
      .optional()
      .describe("this case's own hashprice path, one value per month"),
    extraBuildMonths: months(
      'months every HPC build takes longer in this case (delivery slip)',
      0,
      60,
    ).default(0),
  })
  .refine((c) => !(c.hashpriceMultiplier !== undefined && c.usdPerPhDay !== undefined), {
    message: 'give hashpriceMultiplier or usdPerPhDay, not both',
    path: ['usdPerPhDay'],
  });
export type UncertaintyCase = z.infer<typeof UncertaintyCaseSchema>;

export const UncertaintySchema = z.strictObject({
  revealMonth: MonthSchema.optional().describe(
    'first month whose hashprice differs between the cases and from which ' +
      'each case decides on its own; default startMonth + 12 months',
  ),
  scenarios: z
    .array(UncertaintyCaseSchema)
    .min(1)
    .max(LIMITS.maxUncertaintyCases, `at most ${LIMITS.maxUncertaintyCases} cases`),
  cvar: z
    .strictObject({
      level: finite()
        .gt(0, 'must be > 0')
        .max(1, 'must be ≤ 1')
        .describe('tail share: 0.1 = the worst 10 % of outcomes'),
      minNpvUsd: finite()
        .min(-LIMITS.maxUsd)
        .max(LIMITS.maxUsd)
        .describe("the tail's expected NPV must be at least this, USD"),
    })
    .optional()
    .describe('optional limit on the conditional value at risk of NPV'),
});
export type Uncertainty = z.infer<typeof UncertaintySchema>;

export const ValuationSchema = z.strictObject({
  method: z
    .enum(['firm', 'equity'])
    .default('firm')
    .describe(
      '"firm": free cash flows and the assets after the horizon, financing at ' +
        'its own rate (only issuance cost and a lender spread above the discount ' +
        'rate cost value); "equity": discounted distributions − equity raised + ' +
        "the last month's net cash (leverage valued at the discount rate)",
    ),
  merchantTailMonths: months(
    'months after the horizon that ASICs still held may keep mining (their ' +
      'positive margin counts); 0 sells them all at the end',
    0,
    120,
  ).default(24),
  discountRates: z
    .strictObject({
      mining: rate(
        'discount rate of mining flows (margins, ASIC sales and purchases, the tail), per year',
      ).optional(),
      lease: rate('discount rate of lease options, per year').optional(),
      cloud: rate('discount rate of GPU cloud options, per year').optional(),
    })
    .optional()
    .describe(
      'rates by risk class (docs/model.md, "Rates by risk class"); each defaults to ' +
        'financing.discountRatePerYear, which still discounts everything else',
    ),
});
export type Valuation = z.infer<typeof ValuationSchema>;

/** The optional tax block (docs/model.md, "Tax"): absent, every answer is pre-tax. */
export const TaxSchema = z.strictObject({
  ratePerYear: rate(
    'income tax rate on taxable income, federal and state combined (0.25 means 25 %)',
  ),
  bonusShare: share(
    'share of an eligible purchase deducted in its first month (bonus depreciation); ' +
      'the rest straight line (1 = 100 % bonus)',
  ).default(1),
  hpcShortLifeShare: share(
    "share of a building's capex that is 15-year site and electrical work (eligible for " +
      'bonus); the rest is the 39-year shell',
  ).default(0.5),
  openingNolUsd: usd('net operating loss carried forward at the start, USD').default(0),
  nolLimitShare: share(
    "most of a month's taxable income a carried-forward loss may offset, 0–1 (0.8: post-2017 NOLs)",
  ).default(0.8),
});
export type Tax = z.infer<typeof TaxSchema>;

const hpcOptionList = () =>
  z.array(HpcOptionSchema).max(LIMITS.maxHpcOptions, `at most ${LIMITS.maxHpcOptions} HPC options`);

/** One site of a portfolio: its power, fleet and offers (docs/model.md, "Portfolio"). */
export const PortfolioSiteSchema = z.strictObject({
  id: idSchema().describe('site id, unique in the portfolio; plan rows name it as siteId'),
  name: z.string().min(1, 'must not be empty').max(200),
  site: SiteSchema,
  fleet: FleetSchema,
  hpcOptions: hpcOptionList().describe(
    `this site's offers, at most ${LIMITS.maxHpcOptions}; option ids are unique over all sites`,
  ),
});
export type PortfolioSite = z.infer<typeof PortfolioSiteSchema>;

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1, 'must not be empty').max(200),
    description: z.string().max(2000).optional(),
    startMonth: MonthSchema,
    horizonMonths: months('months modelled', LIMITS.horizonMinMonths, LIMITS.horizonMaxMonths),
    site: SiteSchema.optional().describe(
      'the site (single-site form; a portfolio gives sites instead)',
    ),
    fleet: FleetSchema.optional().describe('the fleet (single-site form)'),
    market: MarketSchema,
    hpcOptions: hpcOptionList().optional().describe('the offers (single-site form)'),
    sites: z
      .array(PortfolioSiteSchema)
      .min(1, 'must have at least one site')
      .max(LIMITS.maxSites, `at most ${LIMITS.maxSites} sites`)
      .optional()
      .describe(
        'a portfolio: several sites on one balance sheet, in place of site, fleet and hpcOptions',
      ),
    financing: FinancingSchema,
    solve: SolveOptionsSchema.prefault({}).describe('solver settings; defaults if omitted'),
    valuation: ValuationSchema.prefault({}).describe(
      'how npvUsd values the plan; defaults if omitted',
    ),
    tax: TaxSchema.optional().describe(
      'income tax, depreciation and loss carry-forwards (one tax payer for every site); ' +
        'pre-tax if omitted',
    ),
    uncertainty: UncertaintySchema.optional().describe(
      'hashprice cases and delivery slips: a two-stage plan (builds fixed, operations per case)',
    ),
  })
  .superRefine((s, ctx) => {
    const hp = s.market.hashprice;
    if (hp.kind === 'series' && hp.usdPerPhDay.length < s.horizonMonths) {
      ctx.addIssue({
        code: 'custom',
        path: ['market', 'hashprice', 'usdPerPhDay'],
        message:
          `must have at least one value per month: ${s.horizonMonths} ` +
          `(horizonMonths), got ${hp.usdPerPhDay.length}`,
      });
    }
    s.uncertainty?.scenarios.forEach((c, i) => {
      if (c.usdPerPhDay && c.usdPerPhDay.length < s.horizonMonths) {
        ctx.addIssue({
          code: 'custom',
          path: ['uncertainty', 'scenarios', i, 'usdPerPhDay'],
          message:
            `must have at least one value per month: ${s.horizonMonths} ` +
            `(horizonMonths), got ${c.usdPerPhDay.length}`,
        });
      }
    });
    const reveal = s.uncertainty?.revealMonth;
    if (reveal !== undefined) {
      const r = monthIndex(s.startMonth, reveal);
      if (r < 1 || r > s.horizonMonths - 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['uncertainty', 'revealMonth'],
          message:
            `must lie in months 1 … ${s.horizonMonths - 1} of the horizon ` +
            `(${labelAt(s.startMonth, 1)} … ${labelAt(s.startMonth, s.horizonMonths - 1)})`,
        });
      }
    }
    if (s.uncertainty) {
      const names = new Set<string>();
      s.uncertainty.scenarios.forEach((c, i) => {
        if (names.has(c.name))
          ctx.addIssue({
            code: 'custom',
            path: ['uncertainty', 'scenarios', i, 'name'],
            message: `duplicate case name "${c.name}"`,
          });
        names.add(c.name);
      });
    }
    if (s.uncertainty) {
      const total = s.uncertainty.scenarios.reduce((a, c) => a + c.probability, 0);
      if (Math.abs(total - 1) > 1e-6) {
        ctx.addIssue({
          code: 'custom',
          path: ['uncertainty', 'scenarios'],
          message: `probabilities must sum to 1, got ${+total.toFixed(9)}`,
        });
      }
    }
    // One form or the other: the portfolio's sites, or the single site's site, fleet and
    // hpcOptions.
    const single = (['site', 'fleet', 'hpcOptions'] as const).filter((k) => s[k] !== undefined);
    if (s.sites) {
      for (const k of single)
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `must not be given with sites (a portfolio gives each site's ${k} inside sites)`,
        });
    } else {
      for (const k of ['site', 'fleet', 'hpcOptions'] as const) {
        if (s[k] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message:
              'required (or give sites: a portfolio of sites, each with its site, fleet and hpcOptions)',
          });
      }
    }
    const offers = s.sites
      ? s.sites.reduce((a, e) => a + e.hpcOptions.length, 0)
      : (s.hpcOptions?.length ?? 0);
    const size = { sites: s.sites?.length ?? 1, offers, months: s.horizonMonths };
    for (const issue of sizeIssues(size, s.sites !== undefined))
      ctx.addIssue({ code: 'custom', ...issue });
    const optionIds = new Map<string, string>();
    const siteIds = new Map<string, number>();
    const entries: {
      prefix: (string | number)[];
      site?: Site;
      hpcOptions?: readonly HpcOption[];
    }[] = s.sites
      ? s.sites.map((e, i) => ({ prefix: ['sites', i], site: e.site, hpcOptions: e.hpcOptions }))
      : [{ prefix: [], site: s.site, hpcOptions: s.hpcOptions }];
    s.sites?.forEach((e, i) => {
      if (siteIds.has(e.id))
        ctx.addIssue({
          code: 'custom',
          path: ['sites', i, 'id'],
          message: `duplicate site id "${e.id}" (also sites.${siteIds.get(e.id)})`,
        });
      siteIds.set(e.id, i);
    });
    for (const { prefix, site, hpcOptions } of entries) {
      hpcOptions?.forEach((o, i) => {
        const where = [...prefix, 'hpcOptions', i].join('.');
        const other = optionIds.get(o.id);
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [...prefix, 'hpcOptions', i, 'id'],
            message: `duplicate id "${o.id}" (also ${other}; option ids are unique over all sites)`,
          });
        else optionIds.set(o.id, where);
      });
      if (site) siteIssues(s.startMonth, site, prefix, ctx);
    }
    s.solve.mustGoFirst.forEach((id, i) => {
      if (!siteIds.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['solve', 'mustGoFirst', i],
          message: s.sites
            ? `unknown site "${id}"; the portfolio has: ${[...siteIds.keys()].join(', ')}`
            : 'only a portfolio (sites) has sites to put first',
        });
    });
    const debt = s.financing.existingDebt;
    if (debt && debt.balanceUsd > 0 && debt.maturityMonth < s.startMonth) {
      ctx.addIssue({
        code: 'custom',
        path: ['financing', 'existingDebt', 'maturityMonth'],
        message: `must not be before startMonth ${s.startMonth} while balanceUsd > 0`,
      });
    }
  });

/**
 * A site's own checks: grid additions within the horizon's start, price-bin shares summing to 1.
 */
function siteIssues(
  startMonth: string,
  site: Site,
  prefix: readonly (string | number)[],
  ctx: z.RefinementCtx,
): void {
  site.gridAdditions.forEach((a, i) => {
    if (a.month < startMonth) {
      ctx.addIssue({
        code: 'custom',
        path: [...prefix, 'site', 'gridAdditions', i, 'month'],
        message: `must not be before startMonth ${startMonth}`,
      });
    }
  });
  const bins = site.powerMarket?.priceBins;
  if (!bins) return;
  const lists = Array.isArray(bins[0]) ? (bins as PriceBin[][]) : [bins as PriceBin[]];
  lists.forEach((list, m) => {
    const total = list.reduce((a, b) => a + b.hoursShare, 0);
    if (Math.abs(total - 1) > 1e-6) {
      const which = lists.length > 1 ? ` (list ${m}, calendar month ${m + 1})` : '';
      ctx.addIssue({
        code: 'custom',
        path: [...prefix, 'site', 'powerMarket', 'priceBins'],
        message: `hoursShare must sum to 1${which}, got ${+total.toFixed(9)}`,
      });
    }
  });
}
/**
 * A parsed scenario (defaults filled in), of either form: `sites`, or `site`, `fleet` and
 * `hpcOptions`.
 */
export type Scenario = z.infer<typeof ScenarioSchema>;
/**
 * A single site's scenario: the single-site form, or one site of a portfolio seen on its own
 * (model/sites.ts).
 */
export type SiteScenario = Scenario & { site: Site; fleet: Fleet; hpcOptions: HpcOption[] };
type CommonInput = Omit<z.input<typeof ScenarioSchema>, 'site' | 'fleet' | 'hpcOptions' | 'sites'>;
/** A single-site scenario as posted (optional fields may be missing): the form the app edits. */
export type ScenarioInput = CommonInput & {
  site: z.input<typeof SiteSchema>;
  fleet: z.input<typeof FleetSchema>;
  hpcOptions: z.input<typeof HpcOptionSchema>[];
  sites?: z.input<typeof PortfolioSiteSchema>[];
};
/** A portfolio as posted. */
export type PortfolioInput = CommonInput & {
  sites: z.input<typeof PortfolioSiteSchema>[];
  site?: undefined;
  fleet?: undefined;
  hpcOptions?: undefined;
};
/** A scenario of either form as posted. */
export type AnyScenarioInput = ScenarioInput | PortfolioInput;

export const EvaluateRequestSchema = z.strictObject({ scenario: ScenarioSchema, plan: PlanSchema });
export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;
