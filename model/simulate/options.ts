/**
 * @module simulate/options — what a Monte Carlo request adds for the policy simulator
 * (docs/montecarlo.md): the mode, the policy's one parameter, the risks sampled per path and the
 * BTC treasury.
 */
import { z } from 'zod';

const share = (what: string) =>
  z.number().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1').describe(`${what}, 0–1`);

/** `mode`: "policy" simulates the rule of docs/montecarlo.md; "hindsight" solves an LP per path. */
export const MonteCarloModeSchema = z
  .enum(['policy', 'hindsight'])
  .default('policy')
  .describe(
    'policy (default): a rule that knows only the past, simulated; hindsight: an LP per path that ' +
      'sees the whole path (the perfect-foresight bound)',
  );
export type MonteCarloMode = z.infer<typeof MonteCarloModeSchema>;

export const PolicySchema = z
  .strictObject({
    sellAfterIdleMonths: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be ≥ 1')
      .max(240, 'must be ≤ 240')
      .default(6)
      .describe('months in a row a fleet’s MW may sit idle before they are sold (default 6)'),
  })
  .default({ sellAfterIdleMonths: 6 });
export type Policy = z.infer<typeof PolicySchema>;

export const RisksSchema = z.strictObject({
  tenantDefault: z
    .enum(['sampled', 'expected'])
    .default('sampled')
    .describe(
      'sampled (default): each lease with a defaultProbabilityPerYear defaults on a path at a ' +
        'sampled month; expected: every path carries the expected credit factor (no event)',
    ),
  slip: z
    .strictObject({
      probability: share('probability that a build commences late'),
      months: z
        .number()
        .int('must be a whole number')
        .min(0, 'must be ≥ 0')
        .max(60, 'must be ≤ 60')
        .describe('months a slipped build commences late'),
    })
    .optional()
    .describe('delivery slips, per build: commencement later by `months`, capex as planned'),
  capexOverrun: z
    .strictObject({
      volatility: z
        .number()
        .min(0, 'must be ≥ 0')
        .max(2, 'must be ≤ 2')
        .describe('σ of the log of each cohort’s capex factor (lognormal, mean 1)'),
    })
    .optional()
    .describe('capex overruns: each cohort’s building capex × a lognormal factor of mean 1'),
});
export type Risks = z.infer<typeof RisksSchema>;

export const TreasurySchema = z.strictObject({
  holdShare: share('share of each month’s mined BTC kept as BTC (the rest sold that month)'),
  loan: z
    .strictObject({
      maxLtv: share('most the BTC-backed loan may be, × the value of the BTC held'),
      ratePerYear: z
        .number()
        .min(0, 'must be ≥ 0')
        .max(1, 'must be ≤ 1')
        .describe('loan rate, per year'),
      marginCallLtv: share('loan ÷ BTC value above which BTC is sold to bring it back to maxLtv'),
    })
    .refine((l) => l.marginCallLtv >= l.maxLtv, {
      message: 'marginCallLtv must be ≥ maxLtv',
      path: ['marginCallLtv'],
    })
    .optional()
    .describe('a loan against the BTC held, drawn in the cash waterfall before the facility'),
});
export type Treasury = z.infer<typeof TreasurySchema>;
