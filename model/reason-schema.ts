/**
 * @module reason-schema — the zod schema of an answer's reason in plain words (model/reason.ts):
 * the decision, what decides it, and the facts of the months both rest on.
 */
import { z } from 'zod';
import { MonthSchema } from './schema-base';

/** What the months show about one site's mining, idle MW and conversion (read, never guessed). */
export const ReasonFactsSchema = z.object({
  siteId: z.string().optional().describe('a portfolio: the site these facts are of'),
  convertedMW: z.number().describe('grid MW whose conversion the plan starts'),
  firstBuildMonth: MonthSchema.nullable().describe('the first conversion start; null if none'),
  miningStopsMonth: MonthSchema.nullable().describe(
    'first month from which no MW mines to the end of the horizon; null when mining runs to the end',
  ),
  fleetSoldMonth: MonthSchema.nullable().describe(
    'first month from which no ASIC is held to the end of the horizon; null when some are kept',
  ),
  idleMW: z.number().describe('grid MW neither mining nor HPC in the last month'),
  idleFromMonth: MonthSchema.nullable().describe(
    'first month from which at least idleMW stand idle to the end; null when none is idle at the end',
  ),
  siteIdleFromMonth: MonthSchema.nullable().describe(
    'first month from which nothing mines and nothing converts to the end (the site idles); null if never',
  ),
});
export type ReasonFacts = z.infer<typeof ReasonFactsSchema>;

export const ReasonSchema = z.object({
  decision: z
    .string()
    .describe(
      'the plan in one sentence, as the months show it, e.g. "Convert nothing: the fleet is ' +
        'sold in Mar 2028 and the site stands idle from Mar 2028"',
    ),
  because: z
    .array(z.string())
    .describe(
      'what decides it, one sentence each, every figure read from the answer and the scenario ' +
        '(hashprice against the fleet breakeven, offer value against capex, caps, marginal values)',
    ),
  facts: z.array(ReasonFactsSchema).describe('the months behind the words: one entry per site'),
});
export type Reason = z.infer<typeof ReasonSchema>;
