/**
 * @module schema-base — zod building blocks shared by the scenario and the answer: months, limits,
 * units, the plan.
 */
import { z } from 'zod';

export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM, e.g. 2027-01')
  .describe('calendar month, YYYY-MM');
export type Month = z.infer<typeof MonthSchema>;

// zod 4 numbers already reject NaN and ±Infinity.
export const finite = () => z.number();
export const nonNegative = (unit: string) => finite().min(0, 'must be ≥ 0').describe(unit);
export const share = (unit: string) =>
  finite().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1 (a share, not a percentage)').describe(unit);
export const rate = (unit: string) =>
  finite().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1 (0.1 means 10 %/year)').describe(unit);
export const months = (unit: string, min: number, max: number) =>
  z
    .number()
    .int('must be a whole number of months')
    .min(min, `must be ≥ ${min}`)
    .max(max, `must be ≤ ${max}`)
    .describe(unit);

/** Horizon limits (months). */
export const LIMITS = {
  horizonMinMonths: 12,
  horizonMaxMonths: 240,
  maxHpcOptions: 8,
  /** Sites of a portfolio (`sites`). */
  maxSites: 20,
  /**
   * Sites × horizonMonths of one scenario, and offers (over every site) × horizonMonths: the
   * largest LP that answers within the default time limit with margin on a 2-core machine
   * (model/size-limits.ts, docs/solvers.md "The largest scenario").
   */
  maxSiteMonths: 2400,
  maxOfferMonths: 9600,
  maxGridAdditions: 240,
  maxUncertaintyCases: 10,
  /** Price bins in one month's list (`site.powerMarket.priceBins`). */
  maxPriceBins: 8,
  /**
   * Upper bound on any MW figure: far above any real site, low enough to keep the LP well scaled.
   */
  maxMW: 100_000,
  /** Upper bound on any USD amount. */
  maxUsd: 1e12,
  /**
   * Paths one Monte Carlo run may ask for (`paths` of the run's request, model/montecarlo-run.ts;
   * the app's Risk form checks it too).
   */
  maxMonteCarloPaths: 100_000,
} as const;

export const mw = (unit: string) =>
  nonNegative(unit).max(LIMITS.maxMW, `must be ≤ ${LIMITS.maxMW} MW`);
export const usd = (unit: string) =>
  nonNegative(unit).max(LIMITS.maxUsd, `must be ≤ ${LIMITS.maxUsd} USD`);

/**
 * The name of an uncertainty case a plan row belongs to (rows from the reveal month on); absent:
 * shared.
 */
const CaseNameSchema = z
  .string()
  .min(1)
  .max(100)
  .describe('uncertainty case this row belongs to (from revealMonth on); absent: every case');

export const BuildSchema = z.strictObject({
  optionId: z.string().min(1),
  month: MonthSchema,
  mw: mw('grid MW whose conversion starts in this month'),
  siteId: z.string().min(1).max(40).optional().describe('the site of a portfolio this build is on'),
  case: CaseNameSchema.optional(),
});
export type Build = z.infer<typeof BuildSchema>;

export const RefreshBuySchema = z.strictObject({
  month: MonthSchema,
  mw: mw('grid MW of new ASICs bought in this month'),
  siteId: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .describe('the site of a portfolio this purchase is for'),
  case: CaseNameSchema.optional(),
});
export type RefreshBuy = z.infer<typeof RefreshBuySchema>;

export const PlanSchema = z.strictObject({
  builds: z
    .array(BuildSchema)
    .max(LIMITS.maxHpcOptions * LIMITS.horizonMaxMonths)
    .default([]),
  refreshes: z.array(RefreshBuySchema).max(LIMITS.horizonMaxMonths).default([]),
});
export type Plan = z.infer<typeof PlanSchema>;
