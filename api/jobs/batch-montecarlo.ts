/**
 * @module jobs/batch-montecarlo — a Monte Carlo per batch item (docs/montecarlo.md, "POST
 * /api/batches"): the request's `montecarlo` block (POST /api/montecarlo's fields besides the
 * scenario and the plan, from that route's schema), the figures each item keeps, their columns in
 * the CSV and XLSX, and the blocks of paths an item's Monte Carlo is cut into.
 */
import { z } from '@hono/zod-openapi';
import {
  MonteCarloRequestSchema,
  MonteCarloSummarySchema,
  PercentilesSchema,
  summarise,
  type PathOutcome,
  type Percentiles,
} from '../../model';

const fields = MonteCarloRequestSchema.shape;

/** A refinement: `field` only in policy mode (only the simulator samples it). */
const policyOnly = (
  field: 'risks' | 'treasury',
): [
  (r: { mode: string; risks?: unknown; treasury?: unknown }) => boolean,
  z.core.$ZodCustomParams,
] => [
  (r) => r.mode !== 'hindsight' || r[field] === undefined,
  {
    path: [field],
    message: 'must be absent in hindsight mode: only the policy simulator samples it',
  },
];

export const BatchMonteCarloRequestSchema = z
  .strictObject({
    paths: fields.paths,
    seed: fields.seed,
    btc: fields.btc,
    network: fields.network,
    mode: fields.mode,
    policy: fields.policy,
    risks: fields.risks,
    treasury: fields.treasury,
  })
  // The one rule of POST /api/montecarlo that does not look at the scenario: a 400 for the batch,
  // not an error in every item.
  .refine(...policyOnly('risks'))
  .refine(...policyOnly('treasury'))
  .optional()
  .describe(
    'a Monte Carlo of each item’s optimum: the fields of POST /api/montecarlo besides the ' +
      'scenario and the plan (paths per item, seed, btc, network, mode, policy, risks, treasury)',
  );
/** A parsed `montecarlo` block. */
export type BatchMonteCarloRequest = NonNullable<z.output<typeof BatchMonteCarloRequestSchema>>;

/** What a batch with a Monte Carlo stores for its chunks: the block, and the paths of a block. */
export interface BatchMonteCarloInput {
  readonly request: BatchMonteCarloRequest;
  /** Paths simulated by one block (one unit of work: the item's optimum, then these paths). */
  readonly blockPaths: number;
}

/**
 * Paths of a block in policy mode: about a third of a second at the simulator's 30,000 paths per
 * second and thread on the 60-month default preset (docs/montecarlo.md, "Speed").
 */
export const POLICY_BLOCK_PATHS = 10_000;
/** Paths of a block in hindsight mode: 50 LP evaluations, about 0.4 s (as a run's chunk). */
export const HINDSIGHT_BLOCK_PATHS = 25;
/** Seconds a chunk of blocks aims at (docs/montecarlo.md, "Storage and chunks"). */
export const BLOCK_CHUNK_SECONDS = 1;
/** Estimated seconds of one item's optimum on the default preset (a warm-started solve). */
const OPTIMUM_SECONDS = 0.2;
/** Estimated seconds of one path, both plans, by mode. */
const PATH_SECONDS = { policy: 1 / 30_000, hindsight: 0.016 } as const;

/** The stored input of a `montecarlo` block: the block and its paths per block, by mode. */
export function batchMonteCarloInput(request: BatchMonteCarloRequest): BatchMonteCarloInput {
  const blockPaths = request.mode === 'hindsight' ? HINDSIGHT_BLOCK_PATHS : POLICY_BLOCK_PATHS;
  return { request, blockPaths };
}

/** Blocks of one item: its paths cut into blocks of `blockPaths`. */
export const blocksPerItem = (mc: BatchMonteCarloInput) =>
  Math.ceil(mc.request.paths / mc.blockPaths);

/**
 * Blocks per chunk: as many as fit in `BLOCK_CHUNK_SECONDS` by the estimates of an optimum and a
 * path on the default preset, at least one (a block is at most about 0.5 s).
 */
export function blocksPerChunk(mc: BatchMonteCarloInput): number {
  const paths = Math.min(mc.request.paths, mc.blockPaths);
  const seconds = OPTIMUM_SECONDS + paths * PATH_SECONDS[mc.request.mode];
  return Math.max(1, Math.floor(BLOCK_CHUNK_SECONDS / seconds));
}

const summary = MonteCarloSummarySchema.shape;
const NpvBandSchema = PercentilesSchema.unwrap()
  .pick({ p5: true, p50: true, p95: true })
  .nullable()
  .describe('5th, 50th and 95th percentiles of the NPV, USD, over the paths with one');

export const BatchMonteCarloSchema = z.object({
  paths: z.number().int().describe('paths simulated'),
  seed: z.number().int(),
  mode: z.enum(['policy', 'hindsight']),
  probabilityConversionBeatsMining: summary.probabilityConversionBeatsMining,
  plan: z.object({
    npvPercentilesUsd: NpvBandSchema,
    meanNpvUsd: summary.plan.shape.meanNpvUsd,
    unfundedShare: summary.plan.shape.unfundedShare,
    riskShares: summary.plan.shape.riskShares,
    marginCallShare: summary.plan.shape.marginCallShare.describe(
      'share of paths with at least one margin call (with a treasury)',
    ),
  }),
  miningOnly: z.object({
    npvPercentilesUsd: NpvBandSchema,
    meanNpvUsd: summary.miningOnly.shape.meanNpvUsd,
  }),
});
/** The Monte Carlo figures of one batch item: POST /api/montecarlo's, the ones compared. */
export type BatchMonteCarlo = z.infer<typeof BatchMonteCarloSchema>;

const band = (p: Percentiles) => p && { p5: p.p5, p50: p.p50, p95: p.p95 };

/**
 * An item's figures from the outcomes of all its paths: `summarise`'s (the answer of POST
 * /api/montecarlo for the same scenario, plan and request), cut to what a batch compares.
 */
export function batchMonteCarloOf(
  mc: BatchMonteCarloRequest,
  outcomes: readonly PathOutcome[],
): BatchMonteCarlo {
  const s = summarise(mc.seed, outcomes, mc.mode);
  return {
    paths: s.paths,
    seed: s.seed,
    mode: mc.mode,
    probabilityConversionBeatsMining: s.probabilityConversionBeatsMining,
    plan: {
      npvPercentilesUsd: band(s.plan.npvPercentilesUsd),
      meanNpvUsd: s.plan.meanNpvUsd,
      unfundedShare: s.plan.unfundedShare,
      ...(s.plan.riskShares && { riskShares: s.plan.riskShares }),
      ...(mc.treasury && { marginCallShare: s.plan.marginCallShare }),
    },
    miningOnly: {
      npvPercentilesUsd: band(s.miningOnly.npvPercentilesUsd),
      meanNpvUsd: s.miningOnly.meanNpvUsd,
    },
  };
}

/** A column of the results table: its header (unit last: Usd, or Share for 0–1) and its value. */
export interface MonteCarloColumn {
  readonly header: string;
  readonly value: (m: BatchMonteCarlo) => number | null | undefined;
}

/** The columns a Monte Carlo per item adds to the results table; empty where a figure is absent. */
export const monteCarloColumns: readonly MonteCarloColumn[] = [
  { header: 'mcPaths', value: (m) => m.paths },
  {
    header: 'mcProbabilityConversionBeatsMiningShare',
    value: (m) => m.probabilityConversionBeatsMining,
  },
  { header: 'mcPlanNpvP5Usd', value: (m) => m.plan.npvPercentilesUsd?.p5 },
  { header: 'mcPlanNpvP50Usd', value: (m) => m.plan.npvPercentilesUsd?.p50 },
  { header: 'mcPlanNpvP95Usd', value: (m) => m.plan.npvPercentilesUsd?.p95 },
  { header: 'mcMiningOnlyNpvP5Usd', value: (m) => m.miningOnly.npvPercentilesUsd?.p5 },
  { header: 'mcMiningOnlyNpvP50Usd', value: (m) => m.miningOnly.npvPercentilesUsd?.p50 },
  { header: 'mcMiningOnlyNpvP95Usd', value: (m) => m.miningOnly.npvPercentilesUsd?.p95 },
  { header: 'mcUnfundedShare', value: (m) => m.plan.unfundedShare },
  { header: 'mcTenantDefaultShare', value: (m) => m.plan.riskShares?.tenantDefault },
  { header: 'mcSlipShare', value: (m) => m.plan.riskShares?.slip },
  { header: 'mcCapexOverrunShare', value: (m) => m.plan.riskShares?.capexOverrun },
  { header: 'mcMarginCallShare', value: (m) => m.plan.marginCallShare },
];
