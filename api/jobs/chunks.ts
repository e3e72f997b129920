/**
 * @module jobs/chunks — the unit of queued work: items [from, to) of one run. A chunk reads its
 * run's input from the store, computes each item, and writes the chunk's results in one upsert
 * keyed by (run, index): a chunk that is retried after its worker died (or ran past its deadline)
 * rewrites the same rows, never adds new ones.
 */
import { createEngine, pathsOf, type Engine } from '../../model';
import type { MonteCarloInput } from './montecarlo-input';
import { runJslpThread } from '../jslp-thread';
import { runBatchItem, type BatchInput } from './batch';
import { runBatchBlock } from './batch-blocks';
import { blocksPerChunk } from './batch-montecarlo';
import { CHUNK_STOP_POLL_MS } from '../limits';
import type { JobStore, StoredRun } from './store';

export type { MonteCarloInput } from './montecarlo-input';

/** Items [from, to) of run `runId`. */
export interface Chunk {
  readonly runId: string;
  readonly from: number;
  readonly to: number;
}

/** Monte Carlo paths per chunk in hindsight mode (two LP evaluations each). */
export const MONTE_CARLO_CHUNK = 25;
/** Monte Carlo paths per chunk in policy mode (two simulations each, tens of microseconds). */
export const SIMULATED_CHUNK = 2000;
/**
 * Batch scenarios per chunk (one optimisation each); with a Monte Carlo per item, blocks per chunk
 * are `blocksPerChunk`'s (about a second).
 */
export const BATCH_CHUNK = 25;

/** Cuts `total` items into chunks of `size`. */
export function chunksOf(runId: string, total: number, size: number): Chunk[] {
  const out: Chunk[] = [];
  for (let from = 0; from < total; from += size)
    out.push({ runId, from, to: Math.min(total, from + size) });
  return out;
}

/** Chunks of a run, by its kind. */
export function chunksOfRun(
  run: Pick<StoredRun, 'id' | 'kind' | 'total'> & { readonly input?: unknown },
): Chunk[] {
  if (run.kind !== 'montecarlo') {
    const mc = (run.input as BatchInput | undefined)?.montecarlo;
    return chunksOf(run.id, run.total, mc ? blocksPerChunk(mc) : BATCH_CHUNK);
  }
  const hindsight = (run.input as MonteCarloInput | undefined)?.mode === 'hindsight';
  return chunksOf(run.id, run.total, hindsight ? MONTE_CARLO_CHUNK : SIMULATED_CHUNK);
}

/** Runs by id, read once per process (a run's input never changes). */
export type RunCache = Map<string, StoredRun>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A run's kind and stored input, and the items [from, to) to compute: what a chunk sends to a solve
 * thread.
 */
export interface ChunkWork {
  /** The run's id: where its chunks wait is asked by it (`AnalysisPool.waiting`). */
  readonly runId?: string;
  readonly kind: StoredRun['kind'];
  readonly input: unknown;
  readonly from: number;
  readonly to: number;
}

/**
 * Computes a chunk's items: each row `{ index, data }`. Once `signal` is aborted (the run was
 * cancelled or passed its deadline) no further item starts and the promise rejects.
 */
export type ComputeItems = (
  work: ChunkWork,
  signal?: AbortSignal,
) => Promise<{ index: number; data: unknown }[]>;

/** The rejection of a chunk stopped by its signal. */
export class ChunkStoppedError extends Error {
  override name = 'ChunkStoppedError';
}

/** How a chunk is computed: its owner's engine (warm starts, solvers), a turn between items. */
export interface ComputeOptions {
  /**
   * The engine of the thread computing (its warm starts and solvers, as its points use); default
   * none: each solve starts cold, javascript-lp-solver on the calling thread.
   */
  readonly engine?: Pick<Engine, 'runOptions'>;
  /** Awaited between two items (the event loop's turn on a server's main thread). */
  readonly between?: () => Promise<void>;
  /** Once aborted, no further item starts (`ChunkStoppedError`). */
  readonly signal?: AbortSignal;
  /** Called as each item starts (a count of the solves started). */
  readonly onItem?: (index: number) => void;
}

/**
 * Computes the items on this thread, one at a time (the analysis threads and the queue workers run
 * this).
 */
export async function computeItems(
  work: ChunkWork,
  { engine, between, signal, onItem }: ComputeOptions = {},
): Promise<{ index: number; data: unknown }[]> {
  const rows = [];
  // A Monte Carlo chunk's paths share one preparation (the policy simulator's plans).
  const path =
    work.kind === 'montecarlo'
      ? pathsOf(
          work.input as MonteCarloInput,
          engine?.runOptions((work.input as MonteCarloInput).scenario),
        )
      : null;
  const batch = work.input as BatchInput;
  for (let i = work.from; i < work.to; i++) {
    if (signal?.aborted)
      throw new ChunkStoppedError('the run was cancelled or passed its deadline');
    onItem?.(i);
    let data: unknown;
    if (path) data = await path(i);
    else if (batch.montecarlo)
      data = await runBatchBlock({ ...batch, montecarlo: batch.montecarlo }, i, engine);
    else data = await runBatchItem(batch, i, engine);
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
  return (work, signal) => computeItems(work, { engine, between: yieldToEventLoop, signal });
}

/**
 * Computes a chunk (by `compute`, default on this thread) and stores its results; skips a run that
 * is no longer running (cancelled, finished, failed) or past its deadline, or unknown. While it
 * computes, it looks at the run's status every `CHUNK_STOP_POLL_MS` (the run may be cancelled by
 * another process) and at its deadline, and stops the computation (no further item starts) when
 * either says so, as it does when `signal` is aborted. Throws when the store cannot be read or
 * written or the computation fails as a whole (the queue then retries the chunk); an item that
 * fails is its own error row.
 */
export async function runChunk(
  store: JobStore,
  chunk: Chunk,
  cache: RunCache = new Map(),
  compute: ComputeItems = computeHere(),
  signal?: AbortSignal,
): Promise<{ computed: number }> {
  if ((await store.runStatus(chunk.runId)) !== 'running') return { computed: 0 };
  let run = cache.get(chunk.runId);
  if (!run) {
    run = await store.getRun(chunk.runId);
    if (!run) return { computed: 0 };
    cache.set(run.id, run);
    if (cache.size > 32) cache.delete(cache.keys().next().value!);
  }
  const deadline = Date.parse(run.deadlineAt);
  if (Date.now() >= deadline || signal?.aborted) return { computed: 0 };
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const watch = setInterval(() => {
    if (Date.now() >= deadline) return stop.abort();
    store.runStatus(chunk.runId).then(
      (status) => status !== 'running' && stop.abort(),
      () => {}, // a store that cannot be read now is asked again at the next turn
    );
  }, CHUNK_STOP_POLL_MS);
  let rows: { index: number; data: unknown }[];
  try {
    rows = await compute(
      { runId: run.id, kind: run.kind, input: run.input, from: chunk.from, to: chunk.to },
      stop.signal,
    );
  } catch (e) {
    if (stop.signal.aborted) return { computed: 0 };
    throw e;
  } finally {
    clearInterval(watch);
    signal?.removeEventListener('abort', onAbort);
  }
  // A run cancelled (or finished by a retry elsewhere) while this chunk ran keeps what it has.
  if (stop.signal.aborted || (await store.runStatus(chunk.runId)) !== 'running')
    return { computed: 0 };
  await store.putResults(chunk.runId, rows);
  return { computed: rows.length };
}
