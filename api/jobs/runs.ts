/**
 * @module jobs/runs — Monte Carlo runs and batches over a store and an engine: create a run (its
 * input stored, its chunks queued), follow its progress, finish it once every item has a result,
 * resume the runs a restarted server finds unfinished. Any API process can answer for any run:
 * everything it needs is in the store.
 */
import { randomUUID } from 'node:crypto';
import { summarise, type MonteCarloSummary, type PathOutcome } from '../../model';
import type { BatchInput, BatchItem } from './batch';
import { batchTotal } from './batch';
import { chunksOfRun, type MonteCarloInput } from './chunks';
import type { Engine } from './engine';
import { RUN_POLL_MS } from '../limits';
import type { JobStore, RunStatus, StoredRun } from './store';

/** Progress of a run. */
export interface RunProgress {
  readonly id: string;
  readonly status: RunStatus;
  readonly done: number;
  readonly total: number;
}

/** A run that was cancelled while it was being waited for. */
export class RunCancelledError extends Error {
  override name = 'RunCancelledError';
}

/** Options of `runService`. */
export interface RunServiceOptions {
  /** How often a waiting request looks at the store, ms; default `RUN_POLL_MS`. */
  readonly pollMs?: number;
}

/** The runs of one API process. */
export interface RunService {
  readonly store: JobStore;
  readonly engine: Engine;
  /** Stores a Monte Carlo run and queues its chunks; returns its id. */
  startMonteCarlo(input: MonteCarloInput): Promise<string>;
  /** Stores a batch and queues its chunks; returns its id. */
  startBatch(input: BatchInput): Promise<string>;
  /**
   * Progress, finishing the run first when every item has a result; undefined for an unknown id.
   */
  progress(id: string, kind: StoredRun['kind']): Promise<RunProgress | undefined>;
  /** Waits until the run is finished, reporting progress; aborting the signal cancels the run. */
  wait(
    id: string,
    kind: StoredRun['kind'],
    options?: { signal?: AbortSignal; onProgress?: (p: RunProgress) => void },
  ): Promise<StoredRun>;
  /** Marks the run cancelled and drops its queued chunks. */
  cancel(id: string): Promise<void>;
  /** The batch's items in input order (those computed so far). */
  batchItems(id: string): Promise<BatchItem[]>;
  /** Stops the engine and closes the store. */
  close(): Promise<void>;
  /**
   * Requeues the missing chunks of unfinished runs (embedded engine: a restarted process has lost
   * its queue).
   */
  resume(): Promise<number>;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A run service over `store` and `engine`. */
export function runService(
  store: JobStore,
  engine: Engine,
  options: RunServiceOptions = {},
): RunService {
  const pollMs = options.pollMs ?? RUN_POLL_MS;

  const start = async (kind: StoredRun['kind'], input: unknown, total: number) => {
    const id = randomUUID();
    await store.createRun({ id, kind, total, input });
    await engine.submit(chunksOfRun({ id, kind, total }));
    return id;
  };

  /**
   * Writes an error row for every item of a chunk that failed for good, so that the run can finish.
   */
  const settleFailedChunks = async (run: StoredRun) => {
    for (const { chunk, message } of await engine.failedChunks(run.id)) {
      const rows = [];
      for (let i = chunk.from; i < chunk.to; i++) {
        const data: BatchItem | PathOutcome =
          run.kind === 'batch'
            ? {
                index: i,
                status: 'error',
                npvUsd: null,
                plan: null,
                kpis: null,
                message: `the chunk failed: ${message}`,
              }
            : {
                index: i,
                status: 'error',
                npvUsd: null,
                peakDebtUsd: null,
                minCovenantHeadroomUsd: null,
                minLiquidityUsd: null,
                firstUnfundedMonth: null,
                miningOnlyStatus: 'error',
                miningOnlyNpvUsd: null,
              };
        rows.push({ index: i, data });
      }
      await store.putResults(run.id, rows, true);
    }
  };

  const progress = async (
    id: string,
    kind: StoredRun['kind'],
  ): Promise<RunProgress | undefined> => {
    const run = await store.getRun(id);
    if (!run || run.kind !== kind) return undefined;
    if (run.status !== 'running')
      return {
        id,
        status: run.status,
        done: run.status === 'done' ? run.total : await store.countResults(id),
        total: run.total,
      };
    await settleFailedChunks(run);
    const done = await store.countResults(id);
    if (done < run.total) return { id, status: 'running', done, total: run.total };
    const answer =
      run.kind === 'montecarlo'
        ? monteCarloAnswer(
            run,
            (await store.results(id)).map((r) => r.data as PathOutcome),
          )
        : null;
    await store.finish(id, 'done', answer, null);
    const after = await store.getRun(id);
    return { id, status: after!.status, done, total: run.total };
  };

  return {
    store,
    engine,
    startMonteCarlo: (input) => start('montecarlo', input, input.paths),
    startBatch: (input) => start('batch', input, batchTotal(input)),
    progress,
    async wait(id, kind, { signal, onProgress } = {}) {
      let last = -1;
      for (;;) {
        if (signal?.aborted) {
          await this.cancel(id);
          throw new RunCancelledError(`run ${id} cancelled`);
        }
        const p = await progress(id, kind);
        if (!p) throw new Error(`invalid run id: ${id}`);
        if (p.done !== last || p.status !== 'running') onProgress?.(p);
        last = p.done;
        if (p.status === 'cancelled') throw new RunCancelledError(`run ${id} cancelled`);
        if (p.status !== 'running') return (await store.getRun(id))!;
        await delay(pollMs);
      }
    },
    async cancel(id) {
      await store.finish(id, 'cancelled', null, 'cancelled: the client went away');
      await engine.cancel(id);
    },
    async batchItems(id) {
      return (await store.results(id)).map((r) => r.data as BatchItem);
    },
    async close() {
      await engine.close();
      await store.close();
    },
    async resume() {
      if (engine.kind !== 'embedded') return 0;
      let n = 0;
      for (const run of await store.runningRuns()) {
        const have = new Set((await store.results(run.id)).map((r) => r.index));
        const missing = chunksOfRun(run).filter((c) =>
          Array.from({ length: c.to - c.from }, (_, k) => c.from + k).some((i) => !have.has(i)),
        );
        await engine.submit(missing);
        n += missing.length;
      }
      return n;
    },
  };
}

/** The Monte Carlo answer of a finished run. */
export function monteCarloAnswer(run: StoredRun, outcomes: PathOutcome[]): MonteCarloSummary {
  return summarise((run.input as MonteCarloInput).seed, outcomes);
}
