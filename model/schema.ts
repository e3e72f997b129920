/** @module schema — zod schemas for the scenario, the plan, the answer and API errors (the SPEC's contract). */
import { z } from 'zod';

/** A calendar month, `YYYY-MM`. */
export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM, e.g. 2027-01')
  .describe('calendar month, YYYY-MM');
export type Month = z.infer<typeof MonthSchema>;

// zod 4 numbers already reject NaN and ±Infinity.
const finite = () => z.number();
const nonNegative = (unit: string) => finite().min(0, 'must be ≥ 0').describe(unit);
const share = (unit: string) =>
  finite().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1 (a share, not a percentage)').describe(unit);
const rate = (unit: string) =>
  finite().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1 (0.1 means 10 %/year)').describe(unit);
const months = (unit: string, min: number, max: number) =>
  z.number().int('must be a whole number of months').min(min, `must be ≥ ${min}`).max(max, `must be ≤ ${max}`).describe(unit);

/** Horizon limits (months). */
export const LIMITS = {
  horizonMinMonths: 12,
  horizonMaxMonths: 240,
  maxHpcOptions: 8,
  maxGridAdditions: 240,
  maxUncertaintyCases: 10,
  /** Upper bound on any MW figure: far above any real site, low enough to keep the LP well scaled. */
  maxMW: 100_000,
  /** Upper bound on any USD amount. */
  maxUsd: 1e12,
} as const;

const mw = (unit: string) => nonNegative(unit).max(LIMITS.maxMW, `must be ≤ ${LIMITS.maxMW} MW`);
const usd = (unit: string) => nonNegative(unit).max(LIMITS.maxUsd, `must be ≤ ${LIMITS.maxUsd} USD`);

export const GridAdditionSchema = z.strictObject({
  month: MonthSchema.describe('first month the added grid capacity is available, YYYY-MM'),
  mw: mw('grid MW added from that month on'),
});
export type GridAddition = z.infer<typeof GridAdditionSchema>;

export const SiteSchema = z.strictObject({
  gridMW: mw('grid (utility) MW available at the start'),
  gridAdditions: z
    .array(GridAdditionSchema)
    .max(LIMITS.maxGridAdditions)
    .default([])
    .describe('grid capacity added later; each adds MW from its month on'),
  hpcEligibleMW: mw('grid MW that may be converted to HPC, in total over all offers'),
  energyUsdPerMWh: nonNegative('all-in power price, USD per MWh').max(10_000, 'must be ≤ 10000 USD/MWh'),
  miningPue: finite().min(1, 'must be ≥ 1').max(3, 'must be ≤ 3').describe('mining PUE: grid MW per MW at the ASICs'),
  overheadUsdPerMonth: usd('site overhead, USD per month, paid every month'),
});
export type Site = z.infer<typeof SiteSchema>;

// A floor, not just > 0: 5e-324 J/TH passes > 0 but makes revenue per MW overflow to Infinity in the LP.
const efficiency = () =>
  finite().min(1, 'must be ≥ 1 J/TH').max(500, 'must be ≤ 500 J/TH').describe('ASIC efficiency, joules per terahash');

export const RefreshSchema = z.strictObject({
  efficiencyJPerTH: efficiency(),
  priceUsdPerTH: nonNegative('purchase price of new ASICs, USD per TH').max(10_000, 'must be ≤ 10000 USD/TH'),
  resaleUsdPerTH: nonNegative('resale value of the new ASICs, USD per TH').max(10_000, 'must be ≤ 10000 USD/TH'),
  maxMW: mw('most grid MW of new ASICs that may be bought over the horizon'),
});
export type Refresh = z.infer<typeof RefreshSchema>;

export const FleetSchema = z.strictObject({
  installedMW: mw('grid MW of ASICs installed at the start'),
  efficiencyJPerTH: efficiency(),
  uptime: share('share of hours the ASICs hash, 0–1'),
  poolFee: share('pool fee, share of revenue, 0–1'),
  opexUsdPerMWMonth: usd('mining opex per grid MW running, USD per month (beyond power)'),
  resaleUsdPerTH: nonNegative('resale value of the installed ASICs, USD per TH').max(10_000, 'must be ≤ 10000 USD/TH'),
  refresh: RefreshSchema.optional().describe('optional purchase of newer ASICs'),
});
export type Fleet = z.infer<typeof FleetSchema>;

export const HashpriceProjectionSchema = z.strictObject({
  kind: z.literal('projection'),
  btcUsd: finite().positive('must be > 0').max(1e8, 'must be ≤ 1e8 USD').describe('BTC price at the start, USD'),
  btcGrowthPerYear: finite().min(-0.99, 'must be ≥ -0.99').max(10, 'must be ≤ 10').describe('BTC price growth, per year (0.1 = 10 %)'),
  networkEhs: finite().min(1, 'must be ≥ 1 EH/s').max(1e7, 'must be ≤ 1e7 EH/s').describe('network hashrate at the start, EH/s'),
  networkGrowthPerYear: finite().min(-0.99, 'must be ≥ -0.99').max(10, 'must be ≤ 10').describe('network hashrate growth, per year'),
  feesBtcPerBlock: nonNegative('transaction fees, BTC per block').max(100, 'must be ≤ 100 BTC'),
  halvingMonth: MonthSchema.describe('first month with the 1.5625 BTC subsidy, YYYY-MM'),
});
export type HashpriceProjection = z.infer<typeof HashpriceProjectionSchema>;

export const HashpriceSeriesSchema = z.strictObject({
  kind: z.literal('series'),
  usdPerPhDay: z
    .array(nonNegative('hashprice, USD per PH/s per day').max(1e6, 'must be ≤ 1e6 USD/PH/day'))
    .min(1)
    .max(LIMITS.horizonMaxMonths)
    .describe('hashprice for each month of the horizon, USD per PH/s per day'),
});
export type HashpriceSeries = z.infer<typeof HashpriceSeriesSchema>;

export const HashpriceSchema = z.discriminatedUnion('kind', [HashpriceProjectionSchema, HashpriceSeriesSchema]);
export type Hashprice = z.infer<typeof HashpriceSchema>;

export const MarketSchema = z.strictObject({ hashprice: HashpriceSchema });
export type Market = z.infer<typeof MarketSchema>;

export const HpcOptionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1–40 characters: lower-case letters, digits and -, starting with a letter'),
    name: z.string().min(1).max(200),
    leaseUsdPerKwMonth: nonNegative('lease rent, USD per kW of critical IT per month').max(10_000, 'must be ≤ 10000'),
    escalatorPerYear: rate('rent escalator, per year, applied on each lease anniversary'),
    termMonths: months('lease term, months from commencement', 1, 600),
    itMWPerGridMW: finite().positive('must be > 0').max(1, 'must be ≤ 1').describe('MW of critical IT per grid MW'),
    capexUsdPerMWIt: usd('conversion capex, USD per MW of critical IT'),
    tenantCapexShare: share('share of capex the tenant funds, 0–1'),
    buildMonths: months('months of construction (capex is spread evenly over them)', 1, 120),
    switchoverMonths: months('months before commencement the MW stop mining', 0, 120),
    opexUsdPerMWItMonth: usd('HPC opex, USD per MW of IT per month'),
    tenantPaysPower: z.boolean().describe('true when the tenant pays for power (triple-net)'),
    blockMW: mw('build block size in grid MW; 0 means any size'),
    maxMW: mw('most grid MW this tenant takes'),
    earliestStartMonth: MonthSchema.optional().describe('first month a build may start; default startMonth'),
    renewalProbability: share('chance the tenant extends once for another term, 0–1').default(0),
    decisionIntervalMonths: months('block builds start every this many months, from month 0', 1, 24).default(3),
  })
  .refine((o) => o.switchoverMonths <= o.buildMonths, {
    message: 'must be ≤ buildMonths (the MW stop mining during the build, not before it starts)',
    path: ['switchoverMonths'],
  });
export type HpcOption = z.infer<typeof HpcOptionSchema>;

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
      amortizationMonths: months('months over which each advance falls to zero after commencement', 1, 600),
    })
    .optional()
    .describe('project debt against HPC capex; none if omitted'),
  equity: z
    .strictObject({
      limitUsd: usd('most equity that may be raised over the horizon, USD'),
      issuanceCost: finite().min(0, 'must be ≥ 0').max(0.5, 'must be ≤ 0.5').describe('share of equity raised lost to issuance costs'),
    })
    .optional()
    .describe('equity raises; none if omitted'),
});
export type Financing = z.infer<typeof FinancingSchema>;

export const SolveOptionsSchema = z.strictObject({
  solver: z.enum(['highs', 'jslp']).default('highs').describe('LP/MILP solver to use'),
  timeLimitSeconds: finite().positive('must be > 0').max(60, 'must be ≤ 60 s').default(20).describe('solve time limit, seconds'),
  mipRelGap: finite().min(0, 'must be ≥ 0').max(0.5, 'must be ≤ 0.5').default(1e-4).describe('relative MIP gap at which a block build is accepted as optimal'),
  marginalValues: z
    .enum(['fast', 'all', 'off'])
    .default('fast')
    .describe('marginal values in the answer: fast (from the optimal LP basis: grid and facility), all (also re-solves: commencement, MILPs) or off'),
});
export type SolveOptions = z.infer<typeof SolveOptionsSchema>;

export const UncertaintyCaseSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    probability: share('probability of this case, 0–1; all cases sum to 1'),
    hashpriceMultiplier: finite().positive('must be > 0').max(10, 'must be ≤ 10').optional().describe('multiplies the base hashprice path'),
    usdPerPhDay: z
      .array(nonNegative('hashprice, USD per PH/s per day').max(1e6, 'must be ≤ 1e6 USD/PH/day'))
      .max(LIMITS.horizonMaxMonths)
      .optional()
      .describe("this case's own hashprice path, one value per month"),
    extraBuildMonths: months('months every HPC build takes longer in this case (delivery slip)', 0, 60).default(0),
  })
  .refine((c) => !(c.hashpriceMultiplier !== undefined && c.usdPerPhDay !== undefined), {
    message: 'give hashpriceMultiplier or usdPerPhDay, not both',
    path: ['usdPerPhDay'],
  });
export type UncertaintyCase = z.infer<typeof UncertaintyCaseSchema>;

export const UncertaintySchema = z.strictObject({
  scenarios: z.array(UncertaintyCaseSchema).min(1).max(LIMITS.maxUncertaintyCases, `at most ${LIMITS.maxUncertaintyCases} cases`),
  cvar: z
    .strictObject({
      level: finite().gt(0, 'must be > 0').max(1, 'must be ≤ 1').describe('tail share: 0.1 = the worst 10 % of outcomes'),
      minNpvUsd: finite().min(-LIMITS.maxUsd).max(LIMITS.maxUsd).describe("the tail's expected NPV must be at least this, USD"),
    })
    .optional()
    .describe('optional limit on the conditional value at risk of NPV'),
});
export type Uncertainty = z.infer<typeof UncertaintySchema>;

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1, 'must not be empty').max(200),
    description: z.string().max(2000).optional(),
    startMonth: MonthSchema,
    horizonMonths: months('months modelled', LIMITS.horizonMinMonths, LIMITS.horizonMaxMonths),
    site: SiteSchema,
    fleet: FleetSchema,
    market: MarketSchema,
    hpcOptions: z.array(HpcOptionSchema).max(LIMITS.maxHpcOptions, `at most ${LIMITS.maxHpcOptions} HPC options`),
    financing: FinancingSchema,
    solve: SolveOptionsSchema.optional().describe('solver settings; defaults if omitted'),
    uncertainty: UncertaintySchema.optional().describe('hashprice cases and delivery slips: a two-stage plan (builds fixed, operations per case)'),
  })
  .superRefine((s, ctx) => {
    const hp = s.market.hashprice;
    if (hp.kind === 'series' && hp.usdPerPhDay.length !== s.horizonMonths) {
      ctx.addIssue({
        code: 'custom',
        path: ['market', 'hashprice', 'usdPerPhDay'],
        message: `must have one value per month: ${s.horizonMonths} (horizonMonths), got ${hp.usdPerPhDay.length}`,
      });
    }
    s.uncertainty?.scenarios.forEach((c, i) => {
      if (c.usdPerPhDay && c.usdPerPhDay.length !== s.horizonMonths) {
        ctx.addIssue({ code: 'custom', path: ['uncertainty', 'scenarios', i, 'usdPerPhDay'], message: `must have one value per month: ${s.horizonMonths} (horizonMonths), got ${c.usdPerPhDay.length}` });
      }
    });
    if (s.uncertainty) {
      const total = s.uncertainty.scenarios.reduce((a, c) => a + c.probability, 0);
      if (Math.abs(total - 1) > 1e-6) {
        ctx.addIssue({ code: 'custom', path: ['uncertainty', 'scenarios'], message: `probabilities must sum to 1, got ${+total.toFixed(9)}` });
      }
    }
    const seen = new Map<string, number>();
    s.hpcOptions.forEach((o, i) => {
      if (seen.has(o.id)) {
        ctx.addIssue({ code: 'custom', path: ['hpcOptions', i, 'id'], message: `duplicate id "${o.id}" (also hpcOptions.${seen.get(o.id)})` });
      }
      seen.set(o.id, i);
    });
    s.site.gridAdditions.forEach((a, i) => {
      if (a.month < s.startMonth) {
        ctx.addIssue({ code: 'custom', path: ['site', 'gridAdditions', i, 'month'], message: `must not be before startMonth ${s.startMonth}` });
      }
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
/** A parsed scenario (defaults filled in). */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** A scenario as posted (optional fields may be missing). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

export const BuildSchema = z.strictObject({
  optionId: z.string().min(1),
  month: MonthSchema,
  mw: mw('grid MW whose conversion starts in this month'),
});
export type Build = z.infer<typeof BuildSchema>;

export const RefreshBuySchema = z.strictObject({
  month: MonthSchema,
  mw: mw('grid MW of new ASICs bought in this month'),
});
export type RefreshBuy = z.infer<typeof RefreshBuySchema>;

export const PlanSchema = z.strictObject({
  builds: z.array(BuildSchema).max(LIMITS.maxHpcOptions * LIMITS.horizonMaxMonths).default([]),
  refreshes: z.array(RefreshBuySchema).max(LIMITS.horizonMaxMonths).default([]),
});
export type Plan = z.infer<typeof PlanSchema>;

export const EvaluateRequestSchema = z.strictObject({ scenario: ScenarioSchema, plan: PlanSchema });
export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;

export const MonthRowSchema = z.object({
  month: MonthSchema,
  gridMW: z.number().describe('grid MW available'),
  hashpriceUsdPerPhDay: z.number(),
  miningMW: z.number().describe('grid MW hashing, both fleets'),
  miningExistingMW: z.number(),
  miningRefreshMW: z.number(),
  hpcBuildingMW: z.number().describe('grid MW under construction (start ≤ month < commencement)'),
  hpcSwitchingMW: z.number().describe('grid MW taken off mining but not yet commenced'),
  hpcOnlineMW: z.number().describe('grid MW commenced (occupying power)'),
  hpcOnlineByOption: z.record(z.string(), z.number()),
  idleMW: z.number().describe('grid MW neither mining nor HPC'),
  fleetExistingHeldMW: z.number(),
  fleetRefreshHeldMW: z.number(),
  cashUsd: z.number(),
  debtUsd: z.number().describe('facility + project + existing debt at month end'),
  facilityUsd: z.number(),
  projectDebtUsd: z.number(),
  existingDebtUsd: z.number(),
  distributionUsd: z.number(),
  equityRaisedUsd: z.number(),
  miningRevenueUsd: z.number(),
  miningCostUsd: z.number(),
  hpcMarginUsd: z.number().describe('lease revenue − HPC opex − power paid by the owner'),
  hpcCapexUsd: z.number(),
  asicPurchaseUsd: z.number(),
  asicSaleUsd: z.number(),
  interestUsd: z.number().describe('interest and coupons paid'),
  cashYieldUsd: z.number(),
  overheadUsd: z.number(),
  covenantHeadroomUsd: z.number().describe('cash − minCashUsd'),
});
export type MonthRow = z.infer<typeof MonthRowSchema>;

export const KpisSchema = z.object({
  npvUsd: z.number(),
  irrPerYear: z.number().nullable().describe('IRR of the equity flows, per year; null when undefined'),
  paybackMonth: MonthSchema.nullable().describe('first month cumulative HPC net cash turns ≥ 0; null if never'),
  peakDebtUsd: z.number(),
  peakDebtMonth: MonthSchema.nullable(),
  minCovenantHeadroomUsd: z.number(),
  minCovenantHeadroomMonth: MonthSchema,
  hpcCommittedMW: z.number().describe('grid MW whose conversion has started by the horizon'),
  hpcOnlineAtHorizonMW: z.number(),
  hpcShareByYear: z.array(z.object({ year: z.number(), share: z.number() })).describe('average share of grid MW occupied by HPC, per calendar year'),
  terminalValueUsd: z.number().describe('terminal value, undiscounted, at the end of the last month'),
  distributionsUsd: z.number(),
  equityRaisedUsd: z.number(),
});
export type Kpis = z.infer<typeof KpisSchema>;

export const DiagnosisSchema = z.object({
  constraint: z.string().describe('the scenario field or rule that cannot be met'),
  month: MonthSchema.nullable(),
  shortfall: z.number().describe('by how much, in `unit`'),
  unit: z.enum(['USD', 'MW']),
  message: z.string(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

export const SolverInfoSchema = z.object({
  name: z.string(),
  ms: z.number(),
  variables: z.number(),
  constraints: z.number(),
  integers: z.number(),
  mipGap: z.number().nullable(),
  timeLimitHit: z.boolean(),
  maxViolation: z.number().describe('largest constraint violation of the returned point, model units'),
  buildMs: z.number().describe('model build time, ms'),
});
export type SolverInfo = z.infer<typeof SolverInfoSchema>;

const MarginalMethodSchema = z.enum(['dual', 'resolve', 'not-computed', 'not-applicable']);

/** Marginal values of an optimum, USD of equity NPV; null when not computed or not applicable (see `methods`). */
export const MarginalValuesSchema = z.object({
  gridMWUsd: z.number().nullable().describe('NPV of one more MW of grid in every month, USD per MW'),
  facilityPerMillionUsd: z.number().nullable().describe('NPV of $1M more facility limit, USD'),
  earlierCommencementUsd: z.number().nullable().describe('NPV of every offer commencing one month earlier, USD'),
  methods: z.object({ gridMWUsd: MarginalMethodSchema, facilityPerMillionUsd: MarginalMethodSchema, earlierCommencementUsd: MarginalMethodSchema }),
});
export type MarginalValues = z.infer<typeof MarginalValuesSchema>;

export const SolveResultSchema = z.object({
  status: z.enum(['optimal', 'infeasible', 'timedout', 'error']),
  npvUsd: z.number().nullable(),
  plan: PlanSchema,
  months: z.array(MonthRowSchema),
  kpis: KpisSchema.nullable(),
  diagnosis: z.array(DiagnosisSchema).optional(),
  expectedNpvUsd: z.number().nullable().optional().describe('two-stage: probability-weighted NPV (= npvUsd)'),
  scenarios: z
    .array(z.object({ name: z.string(), probability: z.number(), npvUsd: z.number().nullable() }))
    .optional()
    .describe('two-stage: each case with its NPV under the one capital plan'),
  cvar: z.object({ level: z.number(), npvUsd: z.number() }).nullable().optional().describe('two-stage: expected NPV over the worst `level` of probability'),
  vssUsd: z.number().nullable().optional().describe('two-stage: value of the stochastic solution — expected NPV minus that of the mean-path plan'),
  meanPathPlan: PlanSchema.optional().describe('two-stage: the plan that is optimal on the mean path'),
  marginalValues: MarginalValuesSchema.optional().describe('optimize: marginal values of the optimum (scenario.solve.marginalValues)'),
  message: z.string().optional(),
  solver: SolverInfoSchema,
});
export type SolveResult = z.infer<typeof SolveResultSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
