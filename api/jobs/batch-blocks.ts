/**
 * @module jobs/batch-blocks — a batch with a Monte Carlo per item runs in blocks: block b of item k
 * finds k's optimum and simulates paths [b × blockPaths, (b+1) × blockPaths) of its Monte Carlo
 * (stored row k × blocks + b); an item is put back together from its blocks once all of them are
 * stored. A path is the same in any block, chunk or thread (its own seeded stream), and the
 * figures are taken over the paths in index order, so the answer does not depend on the blocks.
 */
import {
  MonteCarloRequestSchema,
  pathsOf,
  type Engine,
  type PathOutcome,
  type Plan,
} from '../../model';
import {
  batchItemScenario,
  batchTotal,
  cutMessage,
  failedItem,
  issuesMessage,
  runBatchItem,
  type BatchInput,
  type BatchItem,
} from './batch';
import { batchMonteCarloOf, blocksPerItem, type BatchMonteCarloInput } from './batch-montecarlo';
import { monteCarloInputOf } from './montecarlo-input';

/**
 * What a block stores: the paths' outcomes (null when the item has no Monte Carlo) and, in an
 * item's first block, the item itself (its optimum, or why it failed).
 */
export interface BlockRow {
  readonly item?: BatchItem;
  readonly outcomes: PathOutcome[] | null;
}

/** Stored rows of a batch: one per item, or per block with a Monte Carlo. */
export const batchRows = (input: BatchInput) =>
  batchTotal(input) * (input.montecarlo ? blocksPerItem(input.montecarlo) : 1);

/**
 * Item `index`'s Monte Carlo request: `montecarlo` with the item's scenario, checked by POST
 * /api/montecarlo's schema (a scenario it refuses, a series hashprice say, is the message).
 */
function itemRequest(input: BatchInput, mc: BatchMonteCarloInput, index: number) {
  const scenario = batchItemScenario(input, index);
  if ('error' in scenario) return { error: scenario.error };
  const parsed = MonteCarloRequestSchema.safeParse({ ...mc.request, scenario });
  return parsed.success
    ? parsed.data
    : { error: issuesMessage('the Monte Carlo cannot run', parsed.error) };
}

/**
 * Computes block `row` of a batch with a Monte Carlo: the item's optimum, then the block's paths
 * of its Monte Carlo. Never throws: an item that fails, or whose Monte Carlo cannot run, says why
 * in its first block.
 */
export async function runBatchBlock(
  input: BatchInput & { readonly montecarlo: BatchMonteCarloInput },
  row: number,
  engine?: Pick<Engine, 'runOptions'>,
): Promise<BlockRow> {
  const mc = input.montecarlo;
  const blocks = blocksPerItem(mc);
  const index = Math.floor(row / blocks);
  const block = row % blocks;
  const item = await runBatchItem(input, index, engine);
  const first = (it: BatchItem, outcomes: PathOutcome[] | null): BlockRow =>
    block === 0 ? { item: it, outcomes } : { outcomes };
  if (item.status !== 'optimal' || !item.plan) return first(item, null);
  const req = itemRequest(input, mc, index);
  if ('error' in req) return first({ ...item, message: req.error }, null);
  try {
    const job = monteCarloInputOf(req, item.plan as Plan);
    const path = pathsOf(job, engine?.runOptions(job.scenario));
    const outcomes: PathOutcome[] = [];
    const end = Math.min(mc.request.paths, (block + 1) * mc.blockPaths);
    for (let i = block * mc.blockPaths; i < end; i++) outcomes.push(await path(i));
    return first(item, outcomes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return first({ ...item, message: cutMessage(`the Monte Carlo failed: ${why}`) }, null);
  }
}

/**
 * The items of a batch from its stored rows (`{ index, data }`, any order), in input order: each
 * row as it is, or, with a Monte Carlo, each item whose blocks are all stored, with its figures.
 * A block without outcomes (the row a chunk that failed for good leaves) fails its item.
 */
export function batchItemsOf(
  input: BatchInput,
  rows: readonly { index: number; data: unknown }[],
): BatchItem[] {
  const mc = input.montecarlo;
  const sorted = [...rows].sort((a, b) => a.index - b.index);
  if (!mc) return sorted.map((r) => r.data as BatchItem);
  const blocks = blocksPerItem(mc);
  const byItem = new Map<number, (BlockRow | BatchItem)[]>();
  for (const r of sorted) {
    const k = Math.floor(r.index / blocks);
    const list = byItem.get(k) ?? [];
    list.push(r.data as BlockRow | BatchItem);
    byItem.set(k, list);
  }
  const items: BatchItem[] = [];
  for (const [k, got] of byItem) {
    if (got.length < blocks) continue;
    const lost = got.find((b): b is BatchItem => !('outcomes' in b));
    if (lost) {
      items.push({ ...failedItem(input, k, lost.message ?? 'the block failed'), montecarlo: null });
      continue;
    }
    const stored = got as BlockRow[];
    const item = stored[0].item!;
    const outcomes = stored.every((b) => b.outcomes) ? stored.flatMap((b) => b.outcomes!) : null;
    items.push({
      ...item,
      montecarlo: outcomes ? batchMonteCarloOf(mc.request, outcomes) : null,
    });
  }
  return items;
}
