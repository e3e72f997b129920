/**
 * @module montecarlo-stats — what a Monte Carlo run reports from its paths: percentiles, a shared
 * histogram, and the summary of the plan against the mining-only plan.
 */
import { z } from 'zod';
import { MonthSchema } from './schema-base';

/** The percentiles reported, in percent. */
export const PERCENTILES = [5, 10, 25, 50, 75, 90, 95] as const;

const usd = (what: string) => z.number().describe(`${what}, USD`);
export const PercentilesSchema = z
  .object({
    p5: usd('5th percentile'),
    p10: usd('10th'),
    p25: usd('25th'),
    p50: usd('median'),
    p75: usd('75th'),
    p90: usd('90th'),
    p95: usd('95th'),
  })
  .nullable()
  .describe('percentiles over the paths that have a value (null when none has)');
export type Percentiles = z.infer<typeof PercentilesSchema>;

/**
 * Percentiles p5 … p95 of `values` by linear interpolation between order statistics (the "type 7"
 * rule of R and numpy: p-th percentile at rank (n−1) × p/100); null for no values.
 *
 * @example percentiles([1, 2, 3, 4, 5])?.p50 === 3
 */
export function percentiles(values: readonly number[]): Percentiles {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const rank = ((sorted.length - 1) * p) / 100;
    const lo = Math.floor(rank);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  };
  const [p5, p10, p25, p50, p75, p90, p95] = PERCENTILES.map(at);
  return { p5, p10, p25, p50, p75, p90, p95 };
}

/** The fan of hashprice paths (computed by montecarlo-fan.ts). */
const fanLine = (p: string) =>
  z.array(z.number()).describe(`${p} of hashprice, month by month, USD per PH/s per day`);
export const HashpriceFanSchema = z
  .object({
    months: z.array(z.string()).describe('YYYY-MM of each month'),
    paths: z.number().int().describe('paths the fan is drawn from (the run’s first ones)'),
    p5: fanLine('5th percentile'),
    p10: fanLine('10th percentile'),
    p25: fanLine('25th percentile'),
    p50: fanLine('median'),
    p75: fanLine('75th percentile'),
    p90: fanLine('90th percentile'),
    p95: fanLine('95th percentile'),
  })
  .describe('the fan of the hashprice paths, month by month');
export type HashpriceFan = z.infer<typeof HashpriceFanSchema>;

const btc = (what: string) => z.number().describe(`${what}, BTC`);
const BtcPercentilesSchema = z
  .object({
    p5: btc('5th percentile'),
    p10: btc('10th'),
    p25: btc('25th'),
    p50: btc('median'),
    p75: btc('75th'),
    p90: btc('90th'),
    p95: btc('95th'),
  })
  .nullable();

export const HistogramSchema = z.object({
  edgesUsd: z
    .array(z.number())
    .describe('bin edges, USD: bin k is [edges[k], edges[k+1]), the last one closed'),
  plan: z.array(z.number().int()).describe('paths of the plan in each bin'),
  miningOnly: z.array(z.number().int()).describe('paths of the mining-only plan in each bin'),
});
export type Histogram = z.infer<typeof HistogramSchema>;

/** Bins of the NPV histogram. */
export const HISTOGRAM_BINS = 30;

/**
 * One histogram of two samples over the same bins (equal widths from the smaller minimum to the
 * larger maximum), so they can be drawn overlaid. All values equal: one bin of width 0 holds them
 * all. No values: no bins.
 */
export function histogram(
  plan: readonly number[],
  miningOnly: readonly number[],
  bins = HISTOGRAM_BINS,
): Histogram {
  const all = [...plan, ...miningOnly];
  if (!all.length) return { edgesUsd: [], plan: [], miningOnly: [] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of all) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const n = hi > lo ? bins : 1;
  const width = (hi - lo) / n;
  const edgesUsd = Array.from({ length: n + 1 }, (_, k) => (k === n ? hi : lo + k * width));
  const count = (values: readonly number[]) => {
    const out = new Array<number>(n).fill(0);
    for (const v of values) out[width > 0 ? Math.min(n - 1, Math.floor((v - lo) / width)) : 0]++;
    return out;
  };
  return { edgesUsd, plan: count(plan), miningOnly: count(miningOnly) };
}

/**
 * What one path gives: the plan's and the mining-only plan's answers reduced to the figures the
 * summary needs.
 */
export const PathOutcomeSchema = z.object({
  index: z.number().int().describe('path index, 0 … paths−1'),
  status: z
    .string()
    .describe("the plan's evaluate status on this path (infeasible = cannot be funded)"),
  npvUsd: z.number().nullable().describe("the plan's NPV, USD"),
  peakDebtUsd: z.number().nullable().describe('largest month-end debt, USD'),
  minCovenantHeadroomUsd: z
    .number()
    .nullable()
    .describe('smallest month-end cash − minCashUsd, USD'),
  minLiquidityUsd: z
    .number()
    .nullable()
    .optional()
    .describe('smallest month-end cash − minCashUsd + facility limit − facility balance, USD'),
  firstUnfundedMonth: MonthSchema.nullable().describe('the first diagnosed month when infeasible'),
  miningOnlyStatus: z.string(),
  miningOnlyNpvUsd: z.number().nullable().describe("the mining-only plan's NPV, USD"),
  btcHeld: z.number().optional().describe('BTC held at the end of the horizon (policy mode)'),
  marginCalls: z.number().int().optional().describe('margin calls on the path (policy mode)'),
  hits: z
    .object({ tenantDefault: z.boolean(), slip: z.boolean(), capexOverrun: z.boolean() })
    .optional()
    .describe('which risks hit the path (policy mode; docs/montecarlo.md, "Risks")'),
  ms: z.number().optional().describe('milliseconds the path took to compute'),
});
export type PathOutcome = z.infer<typeof PathOutcomeSchema>;

export const MonteCarloSummarySchema = z.object({
  paths: z.number().int(),
  seed: z.number().int(),
  plan: z.object({
    npvPercentilesUsd: PercentilesSchema,
    meanNpvUsd: z.number().nullable().describe('mean NPV over the paths that have one, USD'),
    peakDebtPercentilesUsd: PercentilesSchema,
    minCovenantHeadroomPercentilesUsd: PercentilesSchema,
    minLiquidityPercentilesUsd: PercentilesSchema.optional().describe(
      'percentiles of each path’s least liquidity (cash − minCashUsd + facility limit − ' +
        'facility balance), over the paths that have one',
    ),
    unfundedShare: z
      .number()
      .describe('share of paths on which the plan cannot be funded (evaluate answers infeasible)'),
    firstUnfundedMonths: z
      .record(z.string(), z.number().int())
      .describe('month (YYYY-MM) → paths first unfunded in it'),
    marginCallShare: z
      .number()
      .optional()
      .describe('share of paths with at least one margin call on the BTC-backed loan'),
    btcHeldPercentiles: BtcPercentilesSchema.optional().describe(
      'percentiles of the BTC held at the end of the horizon (with a treasury)',
    ),
    riskShares: z
      .object({
        tenantDefault: z
          .number()
          .describe('share of paths where a lease defaults within the horizon'),
        slip: z.number().describe('share of paths where a build commences late'),
        capexOverrun: z
          .number()
          .describe('share of paths where some cohort’s capex comes in above plan'),
      })
      .optional()
      .describe('share of paths hit by each risk (policy mode)'),
  }),
  miningOnly: z.object({ npvPercentilesUsd: PercentilesSchema, meanNpvUsd: z.number().nullable() }),
  probabilityConversionBeatsMining: z
    .number()
    .describe(
      'share of all paths where the plan has an NPV above the mining-only plan’s (or the mining-only plan has none)',
    ),
  histogram: HistogramSchema,
  hashpriceFan: HashpriceFanSchema.optional(),
  simulation: z
    .object({
      mode: z.enum(['policy', 'hindsight']),
      pathsPerSecond: z
        .number()
        .nullable()
        .describe('paths computed per second of one thread’s compute time (both plans)'),
    })
    .optional(),
});
export type MonteCarloSummary = z.infer<typeof MonteCarloSummarySchema>;

/** Paths per second of compute time, from each path's own `ms` (null when none has it). */
function rate(rows: readonly PathOutcome[]): number | null {
  let ms = 0;
  for (const r of rows) ms += r.ms ?? 0;
  return ms > 0 ? rows.length / (ms / 1000) : null;
}

const mean = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
const numbers = (v: readonly (number | null)[]) => v.filter((x): x is number => x !== null);

/**
 * The run's answer from its path outcomes (any order; sorted by index first so that sums are taken
 * in one order and the same paths give the same figures to the last bit, whichever worker computed
 * them). NPV figures are over the paths with an NPV; `unfundedShare` and the probability are over
 * all paths.
 */
export function summarise(
  seed: number,
  outcomes: readonly PathOutcome[],
  mode?: 'policy' | 'hindsight',
): MonteCarloSummary {
  const rows = [...outcomes].sort((a, b) => a.index - b.index);
  const planNpv = numbers(rows.map((r) => r.npvUsd));
  const miningNpv = numbers(rows.map((r) => r.miningOnlyNpvUsd));
  const firstUnfundedMonths: Record<string, number> = {};
  let unfunded = 0;
  let beats = 0;
  for (const r of rows) {
    if (r.status === 'infeasible') {
      unfunded++;
      const m = r.firstUnfundedMonth ?? 'unknown';
      firstUnfundedMonths[m] = (firstUnfundedMonths[m] ?? 0) + 1;
    }
    if (r.npvUsd !== null && (r.miningOnlyNpvUsd === null || r.npvUsd > r.miningOnlyNpvUsd))
      beats++;
  }
  const n = rows.length;
  const summary: MonteCarloSummary = {
    paths: n,
    seed,
    plan: {
      npvPercentilesUsd: percentiles(planNpv),
      meanNpvUsd: mean(planNpv),
      peakDebtPercentilesUsd: percentiles(numbers(rows.map((r) => r.peakDebtUsd))),
      minCovenantHeadroomPercentilesUsd: percentiles(
        numbers(rows.map((r) => r.minCovenantHeadroomUsd)),
      ),
      minLiquidityPercentilesUsd: percentiles(numbers(rows.map((r) => r.minLiquidityUsd ?? null))),
      unfundedShare: n ? unfunded / n : 0,
      firstUnfundedMonths,
    },
    miningOnly: { npvPercentilesUsd: percentiles(miningNpv), meanNpvUsd: mean(miningNpv) },
    probabilityConversionBeatsMining: n ? beats / n : 0,
    histogram: histogram(planNpv, miningNpv),
    ...(mode ? { simulation: { mode, pathsPerSecond: rate(rows) } } : {}),
  };
  if (mode === 'policy') {
    const share = (f: (r: PathOutcome) => boolean) => (n ? rows.filter(f).length / n : 0);
    Object.assign(summary.plan, {
      marginCallShare: share((r) => (r.marginCalls ?? 0) > 0),
      btcHeldPercentiles: percentiles(numbers(rows.map((r) => r.btcHeld ?? null))),
      riskShares: {
        tenantDefault: share((r) => r.hits?.tenantDefault ?? false),
        slip: share((r) => r.hits?.slip ?? false),
        capexOverrun: share((r) => r.hits?.capexOverrun ?? false),
      },
    });
  }
  return summary;
}
