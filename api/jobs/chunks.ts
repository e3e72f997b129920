/**
 * @module jobs/chunks — the unit of queued work: items [from, to) of one run. A chunk reads its
 * run's input from the store, computes each item, and writes the chunk's results in one upsert
 * keyed by (run, index): a chunk that is retried after its worker died (or ran past its deadline)
 * rewrites the same rows, never adds new ones.
 */
import { createEngine, evaluatePath, type Engine, type MonteCarloJob } from '../../model';
import { runJslpThread } from '../jslp-thread';
import { runBatchItem, type BatchInput } from './batch';
import type { JobStore, StoredRun } from './store';

/** Items [from, to) of run `runId`. */
export interface Chunk {
  readonly runId: string;
  readonly from: number;
  readonly to: number;
}

/** Monte Carlo paths per chunk (two evaluations each: the plan and the mining-only plan). */
export const MONTE_CARLO_CHUNK = 25;
/** Batch scenarios per chunk (one optimisation each). */
export const BATCH_CHUNK = 25;

/** A Monte Carlo run's stored input: the job every path shares and the number of paths. */
export interface MonteCarloInput extends MonteCarloJob {
  readonly paths: number;
}

/** Cuts `total` items into chunks of `size`. */
export function chunksOf(runId: string, total: number, size: number): Chunk[] {
  const out: Chunk[] = [];
  for (let from = 0; from < total; from += size)
    out.push({ runId, from, to: Math.min(total, from + size) });
  return out;
}

/** Chunks of a run, by its kind. */
export function chunksOfRun(run: Pick<StoredRun, 'id' | 'kind' | 'total'>): Chunk[] {
  return chunksOf(run.id, run.total, run.kind === 'montecarlo' ? MONTE_CARLO_CHUNK : BATCH_CHUNK);
}

/** Runs by id, read once per process (a run's input never changes). */
export type RunCache = Map<string, StoredRun>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A run's kind and stored input, and the items [from, to) to compute: what a chunk sends to a solve
 * thread.
 */
export interface ChunkWork {
  readonly kind: StoredRun['kind'];
  readonly input: unknown;
  readonly from: number;
  readonly to: number;
}

/** Computes a chunk's items: each row `{ index, data }`. */
export type ComputeItems = (work: ChunkWork) => Promise<{ index: number; data: unknown }[]>;

/** How a chunk is computed: its owner's engine (warm starts, solvers), a turn between items. */
export interface ComputeOptions {
  /**
   * The engine of the thread computing (its warm starts and solvers, as its points use); default
   * none: each solve starts cold, javascript-lp-solver on the calling thread.
   */
  readonly engine?: Pick<Engine, 'runOptions'>;
  /** Awaited between two items (the event loop's turn on a server's main thread). */
  readonly between?: () => Promise<void>;
}

/**
 * Computes the items on this thread, one at a time (the analysis threads and the queue workers run
 * this).
 */
export async function computeItems(
  work: ChunkWork,
  { engine, between }: ComputeOptions = {},
): Promise<{ index: number; data: unknown }[]> {
  const rows = [];
  for (let i = work.from; i < work.to; i++) {
    let data: unknown;
    if (work.kind === 'montecarlo') {
      const job = work.input as MonteCarloInput;
      data = await evaluatePath(job, i, engine?.runOptions(job.scenario));
    } else data = await runBatchItem(work.input as BatchInput, i, engine);
    rows.push({ index: i, data });
    await between?.();
  }
  return rows;
}

/**
 * Computes on this thread with one engine of its own (its warm starts across chunks;
 * javascript-lp-solver in a thread stopped at the time limit), giving the event loop a turn
 * between items: solves are synchronous WebAssembly.
 */
export function computeHere(): ComputeItems {
  const engine = createEngine({ jslp: runJslpThread });
  return (work) => computeItems(work, { engine, between: yieldToEventLoop });
}

/**
 * Computes a chunk (by `compute`, default on this thread) and stores its results; skips a run that
 * is no longer running (cancelled, finished) or unknown. Throws when the store cannot be read or
 * written or the computation fails as a whole (the queue then retries the chunk); an item that
 * fails is its own error row.
 */
export async function runChunk(
  store: JobStore,
  chunk: Chunk,
  cache: RunCache = new Map(),
  compute: ComputeItems = computeHere(),
): Promise<{ computed: number }> {
  if ((await store.runStatus(chunk.runId)) !== 'running') return { computed: 0 };
  let run = cache.get(chunk.runId);
  if (!run) {
    run = await store.getRun(chunk.runId);
    if (!run) return { computed: 0 };
    cache.set(run.id, run);
    if (cache.size > 32) cache.delete(cache.keys().next().value!);
  }
  const rows = await compute({ kind: run.kind, input: run.input, from: chunk.from, to: chunk.to });
  // A run cancelled (or finished by a retry elsewhere) while this chunk ran keeps what it has.
  if ((await store.runStatus(chunk.runId)) !== 'running') return { computed: 0 };
  await store.putResults(chunk.runId, rows);
  return { computed: rows.length };
}
