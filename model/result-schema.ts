/**
 * @module result-schema — zod schemas of what the API answers: the monthly schedule, KPIs,
 * diagnosis, errors.
 */
import { z } from 'zod';
import { MonthSchema, PlanSchema } from './schema-base';
import { ReasonSchema } from './reason-schema';

export const MonthRowSchema = z.object({
  month: MonthSchema,
  gridMW: z.number().describe('grid MW available'),
  hashpriceUsdPerPhDay: z.number(),
  hashpriceFloorUsdPerPhDay: z
    .number()
    .optional()
    .describe("with market.hashprice.floor: the month's floor, USD/PH/day (docs/model.md)"),
  networkEhs: z
    .number()
    .optional()
    .describe(
      'with a projected hashprice: the network hashrate the month implies, EH/s — the ' +
        "network's revenue / hashprice (below the projection's where the floor binds); " +
        'absent for a series',
    ),
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
  freeCashFlowUsd: z
    .number()
    .optional()
    .describe(
      'FCF of the month: mining margin + ASIC sales − purchases + HPC margin − capex − overhead, USD (no financing)',
    ),
  covenantHeadroomUsd: z.number().describe('cash − minCashUsd'),
  miningMWByBin: z
    .array(z.number())
    .optional()
    .describe(
      "with price bins: grid MW hashing in each of the month's bins (both " +
        'fleets); miningMW is Σ_b hoursShare_b × these',
    ),
  powerCreditsUsd: z
    .number()
    .optional()
    .describe('with price bins: demand-response credit earned on MW mining in the first bin, USD'),
  transmissionUsd: z
    .number()
    .optional()
    .describe(
      'with price bins: transmission charge on MW mining in the last bin and ' +
        'on HPC MW earning on operator-paid power (inside hpcMarginUsd), USD',
    ),
  hpcTransmissionUsd: z
    .number()
    .optional()
    .describe(
      'with price bins: the part of transmissionUsd charged on HPC MW (already inside hpcMarginUsd), USD',
    ),
  contractHedgeUsd: z
    .number()
    .optional()
    .describe(
      "with a power contract: 730.5 × mw × (the month's average bin price − the contract price), USD",
    ),
  taxableIncomeUsd: z
    .number()
    .optional()
    .describe(
      'with a tax block: EBITDA − depreciation (− interest in "equity" value) of the month, USD ' +
        '(negative: a loss carried forward)',
    ),
  taxUsd: z
    .number()
    .optional()
    .describe('with a tax block: income tax paid in the month after loss carry-forwards, USD'),
});
export type MonthRow = z.infer<typeof MonthRowSchema>;

export const NpvBasisSchema = z.object({
  method: z.enum(['firm', 'equity']),
  discountRatePerYear: z.number(),
  asOfMonth: MonthSchema.describe(
    'flows of month t are discounted to the start of this month by (1+d)^(−(t+1)/12)',
  ),
  label: z.string().describe('e.g. "at 12 %/yr, as of 2027-01"'),
});
export type NpvBasis = z.infer<typeof NpvBasisSchema>;

export const KpisSchema = z.object({
  npvUsd: z.number(),
  npvVsMiningOnlyUsd: z
    .number()
    .nullable()
    .optional()
    .describe(
      'npvUsd − the mining-only plan’s npvUsd (same scenario, no builds, ' +
        'refreshes optimised), USD; null when that plan is infeasible',
    ),
  miningOnlyNpvUsd: z
    .number()
    .nullable()
    .optional()
    .describe('npvUsd of the mining-only plan, USD'),
  conversionIrrPerYear: z
    .number()
    .nullable()
    .optional()
    .describe(
      'IRR per year of the plan’s value flows minus the mining-only plan’s, each in its own ' +
        'month to the last flow after the horizon; null when not unique or none',
    ),
  valueBridge: z
    .object({
      inHorizonUsd: z.number().describe('operating flows of the horizon, each at its rate'),
      postHorizonContractedUsd: z
        .number()
        .describe(
          "HPC cohorts' flows after the horizon (lease term and extension, a cloud's tail)",
        ),
      residualUsd: z.number().describe("leased buildings' value when their contracts end"),
      asicTailUsd: z.number().describe('ASICs held at the end: sold, or kept mining for the tail'),
      financingFrictionsUsd: z
        .number()
        .describe('"firm": issuance cost and lender spreads saved (−: paid); "equity": the rest'),
      taxUsd: z
        .number()
        .optional()
        .describe(
          'with a tax block: the PV of tax the plan saves (−: pays more) against mining-only',
        ),
    })
    .nullable()
    .optional()
    .describe(
      'npvVsMiningOnlyUsd split by where it comes from, each part the plan’s less the ' +
        'mining-only plan’s, USD (they add up to it); null without a baseline',
    ),
  options: z
    .array(
      z.object({
        optionId: z.string(),
        mwIt: z.number().describe('MW of IT built (expected over cases)'),
        valuePerMWItUsd: z
          .number()
          .describe(
            'PV at the option’s rate, as of each cohort’s commencement, of its margins and ' +
              'residual, per MW of IT, USD',
          ),
      }),
    )
    .optional()
    .describe('each option built: its gross asset value per MW of IT'),
  conversionPaybackMonth: MonthSchema.nullable()
    .optional()
    .describe(
      'month from which the cumulative FCF difference to the mining-only plan stays ≥ 0; null if never',
    ),
  npvBasis: NpvBasisSchema.optional(),
  irrPerYear: z
    .number()
    .nullable()
    .describe('the same as conversionIrrPerYear (kept for older clients)'),
  paybackMonth: MonthSchema.nullable().describe(
    'first month cumulative HPC net cash turns ≥ 0; null if never',
  ),
  peakDebtUsd: z.number(),
  peakDebtMonth: MonthSchema.nullable(),
  minCovenantHeadroomUsd: z.number(),
  minCovenantHeadroomMonth: MonthSchema,
  minLiquidityUsd: z
    .number()
    .optional()
    .describe(
      'least month-end liquidity, cash − minCashUsd + facility limit − facility balance, USD: ' +
        'the headroom a CFO can draw on, not cash alone',
    ),
  minLiquidityMonth: MonthSchema.optional().describe('the (first) month of minLiquidityUsd'),
  taxPvUsd: z
    .number()
    .optional()
    .describe(
      'with a tax block: PV at the discount rate of every tax — the months’, after the horizon ' +
        'and on residuals — USD',
    ),
  nolAtHorizonUsd: z
    .number()
    .optional()
    .describe('with a tax block: loss carried forward at the end of the horizon, USD'),
  npvBeforeTaxUsd: z
    .number()
    .optional()
    .describe('with a tax block: npvUsd + taxPvUsd, the same plan before tax, USD'),
  minBuildCostUsd: z
    .number()
    .optional()
    .describe(
      'NPV given up so that no cohort is under solve.minBuildMW: the LP optimum’s npvUsd − ' +
        'this npvUsd, USD (0 when the LP optimum needed no MILP; always 0 when evaluating)',
    ),
  hpcCommittedMW: z.number().describe('grid MW whose conversion has started by the horizon'),
  hpcOnlineAtHorizonMW: z.number(),
  hpcShareByYear: z
    .array(z.object({ year: z.number(), share: z.number() }))
    .describe('average share of grid MW occupied by HPC, per calendar year'),
  terminalValueUsd: z
    .number()
    .describe(
      'value of the assets after the horizon (HPC margin still due, ASICs ' +
        'kept running or sold), at the end of the last month, USD',
    ),
  terminalValuePvUsd: z
    .number()
    .optional()
    .describe('the same, discounted to the start (TV_assets in npvUsd), USD'),
  merchantTailKeptMW: z
    .number()
    .optional()
    .describe('MW of ASICs kept running after the horizon for the merchant tail'),
  distributionsUsd: z.number(),
  equityRaisedUsd: z.number(),
  powerCreditsPvUsd: z
    .number()
    .optional()
    .describe(
      'with price bins: the demand-response credits over the horizon, discounted as npvUsd, USD',
    ),
  transmissionPvUsd: z
    .number()
    .optional()
    .describe(
      'with price bins: the transmission (4CP) charges over the horizon, on mining and HPC, discounted as npvUsd, USD',
    ),
  flexibilityGivenUpPvUsd: z
    .number()
    .nullable()
    .optional()
    .describe(
      "with price bins: the mining-only plan's credits less this plan's, plus " +
        "this plan's charges less that plan's, discounted as npvUsd, USD (the " +
        "flexible load's value the conversion gives up); null when the " +
        'mining-only plan is infeasible',
    ),
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
  maxViolation: z
    .number()
    .describe('largest constraint violation of the returned point, model units'),
  buildMs: z.number().describe('model build time, ms'),
});
export type SolverInfo = z.infer<typeof SolverInfoSchema>;

const MarginalMethodSchema = z.enum(['dual', 'resolve', 'not-computed', 'not-applicable']);

/**
 * Marginal values of an optimum, USD of equity NPV; null when not computed or not applicable (see
 * `methods`).
 */
export const MarginalValuesSchema = z.object({
  gridMWUsd: z
    .number()
    .nullable()
    .describe('NPV of one more MW of grid in every month, USD per MW'),
  facilityPerMillionUsd: z.number().nullable().describe('NPV of $1M more facility limit, USD'),
  earlierCommencementUsd: z
    .number()
    .nullable()
    .describe('NPV of every offer commencing one month earlier, USD'),
  methods: z.object({
    gridMWUsd: MarginalMethodSchema,
    facilityPerMillionUsd: MarginalMethodSchema,
    earlierCommencementUsd: MarginalMethodSchema,
  }),
});
export type MarginalValues = z.infer<typeof MarginalValuesSchema>;

export const PhaseSchema = z.object({
  optionId: z.string(),
  siteId: z.string().optional(),
  case: z.string().optional().describe('the uncertainty case of builds from the reveal month on'),
  startMonth: MonthSchema.describe('first build start of the phase'),
  endMonth: MonthSchema.describe('last build start of the phase'),
  mw: z.number().describe('grid MW converted in the phase'),
  commencementMonth: MonthSchema.describe('first commencement (planned)'),
  lastCommencementMonth: MonthSchema,
});
export type Phase = z.infer<typeof PhaseSchema>;

export const CaseResultSchema = z.object({
  name: z.string(),
  probability: z.number(),
  npvUsd: z.number().nullable(),
  months: z.array(MonthRowSchema).describe("this case's monthly rows"),
});

/**
 * The monthly fields of the shared balance sheet (cash, debt, equity): a site's rows leave them
 * out.
 */
export const FINANCE_FIELDS = [
  'cashUsd',
  'debtUsd',
  'facilityUsd',
  'projectDebtUsd',
  'existingDebtUsd',
  'distributionUsd',
  'equityRaisedUsd',
  'interestUsd',
  'cashYieldUsd',
  'covenantHeadroomUsd',
  'taxableIncomeUsd',
  'taxUsd',
] as const;

const FINANCE_ROW_FIELDS = Object.fromEntries(FINANCE_FIELDS.map((k) => [k, true])) as {
  readonly [K in (typeof FINANCE_FIELDS)[number]]: true;
};

export const SiteMonthRowSchema = MonthRowSchema.omit(FINANCE_ROW_FIELDS).describe(
  "a site's month: its MW by use and its operating cash (the cash and debt rows are the portfolio's)",
);

export const SiteKpisSchema = z.object({
  npvUsd: z
    .number()
    .describe("the site's FCF and TV_assets discounted at the portfolio's rate, USD"),
  terminalValuePvUsd: z.number().describe("the site's TV_assets (present value), USD"),
  hpcCommittedMW: z.number(),
  hpcOnlineAtHorizonMW: z.number(),
  firstBuildMonth: MonthSchema.nullable().describe(
    'first month a conversion starts on the site; null if none',
  ),
  firstCommencementMonth: MonthSchema.nullable(),
  hpcShareByYear: z.array(z.object({ year: z.number(), share: z.number() })),
});
export type SiteKpis = z.infer<typeof SiteKpisSchema>;

export const SiteResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  npvUsd: z
    .number()
    .describe(
      "the site's FCF and TV_assets discounted at the portfolio's rate (the sites sum to the total's operating part)",
    ),
  months: z.array(SiteMonthRowSchema),
  kpis: SiteKpisSchema,
});
export type SiteResult = z.infer<typeof SiteResultSchema>;

export const SequencingSchema = z.object({
  order: z
    .array(
      z.object({
        siteId: z.string(),
        firstBuildMonth: MonthSchema.nullable(),
        firstCommencementMonth: MonthSchema.nullable(),
        mw: z.number(),
      }),
    )
    .describe(
      'the sites in the order their first conversion starts (sites that do not convert last)',
    ),
  bindingMonths: z
    .array(
      z.object({
        month: MonthSchema,
        cashShadowUsdPerUsd: z
          .number()
          .nullable()
          .describe(
            'NPV of one more dollar of cash in that month, USD per USD (null without duals)',
          ),
      }),
    )
    .describe(
      'months where funding binds: cash at minCashUsd with every source (facility, project debt, equity) at its limit',
    ),
  facilityPerMillionUsd: z
    .number()
    .nullable()
    .describe('NPV of $1M more facility limit, USD (the marginal value; null when not computed)'),
  mustGoFirst: z
    .array(
      z.object({
        siteId: z.string(),
        startMonth: MonthSchema.nullable().describe(
          'the month the site starts converting when it goes first (its first ' +
            'start with no other site building); null when it does not convert even alone',
        ),
        npvUsd: z.number().nullable(),
        npvLostUsd: z
          .number()
          .nullable()
          .describe(
            'npvUsd − the NPV when this site starts first and no other site starts before it',
          ),
      }),
    )
    .describe('for each site named in solve.mustGoFirst'),
});
export type Sequencing = z.infer<typeof SequencingSchema>;

export const SolveResultSchema = z.object({
  status: z.enum(['optimal', 'infeasible', 'timedout', 'error']),
  npvUsd: z.number().nullable(),
  plan: PlanSchema,
  months: z.array(MonthRowSchema),
  kpis: KpisSchema.nullable(),
  diagnosis: z.array(DiagnosisSchema).optional(),
  expectedNpvUsd: z
    .number()
    .nullable()
    .optional()
    .describe('two-stage: probability-weighted NPV (= npvUsd)'),
  scenarios: z
    .array(CaseResultSchema)
    .optional()
    .describe('two-stage: each case with its NPV and monthly rows'),
  evpiUsd: z
    .number()
    .nullable()
    .optional()
    .describe(
      'two-stage: Σ_k p_k × case k’s own deterministic optimum − npvUsd (null with a CVaR limit)',
    ),
  cvar: z
    .object({ level: z.number(), npvUsd: z.number() })
    .nullable()
    .optional()
    .describe('two-stage: expected NPV over the worst `level` of probability'),
  vssUsd: z
    .number()
    .nullable()
    .optional()
    .describe(
      'two-stage: npvUsd − the expected NPV with the capital decisions before ' +
        'the reveal taken from the mean-path problem (null with a CVaR limit or ' +
        'when infeasible)',
    ),
  meanPathPlan: PlanSchema.optional().describe(
    'two-stage: the plan that is optimal on the mean path',
  ),
  phases: z.array(PhaseSchema).optional().describe('consecutive builds of one option as phases'),
  notes: z
    .array(z.string())
    .optional()
    .describe(
      'what the answer should be read with (e.g. an offer that cannot commence within the horizon)',
    ),
  valuation: z
    .object({
      method: z.enum(['firm', 'equity']),
      merchantTailMonths: z.number(),
      discountRates: z
        .object({ mining: z.number(), lease: z.number(), cloud: z.number() })
        .optional()
        .describe('the rates by class used, per year (each defaults to the discount rate)'),
    })
    .optional()
    .describe('the valuation used'),
  breakevens: z
    .object({ existingUsdPerPhDay: z.number(), refreshUsdPerPhDay: z.number().nullable() })
    .optional()
    .describe(
      'hashprice at which a running MW of each fleet just covers its power and opex, USD/PH/day',
    ),
  marginalValues: MarginalValuesSchema.optional().describe(
    'optimize: marginal values of the optimum (scenario.solve.marginalValues)',
  ),
  sites: z
    .array(SiteResultSchema)
    .optional()
    .describe("a portfolio: each site's NPV contribution, months and KPIs"),
  sequencing: SequencingSchema.optional().describe(
    'a portfolio: the order the sites convert in and why (the binding funding months)',
  ),
  reason: ReasonSchema.optional().describe(
    'the decision and what decides it in plain words, read from this answer (model/reason.ts)',
  ),
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
