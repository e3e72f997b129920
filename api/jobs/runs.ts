/**
 * @module jobs/runs — Monte Carlo runs and batches over a store and an engine: create a run (its
 * input stored, its chunks queued), follow its progress, finish it once every item has a result,
 * resume the runs a restarted server finds unfinished. Any API process can answer for any run:
 * everything it needs is in the store.
 */
import { randomUUID } from 'node:crypto';
import { hashpriceFan, summarise, type MonteCarloSummary, type PathOutcome } from '../../model';
import type { BatchInput, BatchItem } from './batch';
import { batchItemsOf, batchRows } from './batch-blocks';
import { chunksOfRun, type MonteCarloInput } from './chunks';
import type { Engine } from './engine';
import { DEFAULT_RUN_DEADLINE_SECONDS, RUN_EXPIRY_SECONDS, RUN_POLL_MS } from '../limits';
import { admitRun, checkRunSize, type RunLimits } from './admission';
import type { JobStore, RunKind, RunStatus, StoredRun } from './store';
import type { QueuePlace } from '../worker-pool';

/** Progress of a run. */
export interface RunProgress {
  readonly id: string;
  readonly status: RunStatus;
  readonly done: number;
  readonly total: number;
  /**
   * While none of the run's work computes: the work ahead of it and the threads busy (reported by
   * `wait` where the engine can tell; docs/api.md).
   */
  readonly queued?: QueuePlace;
}

/** A run that was cancelled while it was being waited for. */
export class RunCancelledError extends Error {
  override name = 'RunCancelledError';
}

/** A run that failed while it was being waited for (past its deadline); the message says why. */
export class RunFailedError extends Error {
  override name = 'RunFailedError';
}

/**
 * A run refused for want of room (the routes answer 503 with Retry-After); the message says why.
 */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
}

/** Options of `runService`. */
export interface RunServiceOptions {
  /** How often a waiting request looks at the store, ms; default `RUN_POLL_MS`. */
  readonly pollMs?: number;
  /**
   * Admission limits (api/jobs/admission.ts); default none: every run is admitted (scripts, the
   * CLI). The server passes `runLimitsOf(process.env)`.
   */
  readonly limits?: RunLimits;
  /**
   * A run's deadline when its request names none, seconds; default `DEFAULT_RUN_DEADLINE_SECONDS`.
   */
  readonly deadlineSeconds?: number;
  /** How often runs past their deadline are failed, seconds; default `RUN_EXPIRY_SECONDS`. */
  readonly expirySeconds?: number;
}

/** Who asks for a run and how long it may take. */
export interface StartOptions {
  /** Counted by per-requester admission (`requesterOf`, api/requester.ts); default `''`. */
  readonly requester?: string;
  /** Seconds from now before the run is failed; default the service's `deadlineSeconds`. */
  readonly deadlineSeconds?: number;
}

/** The runs of one API process. */
export interface RunService {
  readonly store: JobStore;
  readonly engine: Engine;
  /**
   * Stores a Monte Carlo run and queues its chunks; returns its id.
   * @throws RunTooLargeError when the run alone is over a limit, RunRefusedError when it would not
   * fit now.
   */
  startMonteCarlo(input: MonteCarloInput, options?: StartOptions): Promise<string>;
  /** Stores a batch and queues its chunks; returns its id. Throws as `startMonteCarlo`. */
  startBatch(input: BatchInput, options?: StartOptions): Promise<string>;
  /**
   * A first look at whether a run of `total` items would be admitted now, before costly work (the
   * start decides, under the store's lock); resolves when it would.
   * @throws RunTooLargeError when the run alone is over a limit, RunRefusedError when it would not
   * fit now.
   */
  precheck(kind: RunKind, total: number, requester?: string): Promise<void>;
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
  /**
   * Marks the run cancelled (a run already finished keeps its status), drops its queued chunks and
   * stops its running ones; `why` is its stored error.
   */
  cancel(id: string, why?: string): Promise<void>;
  /** The batch's items in input order (those computed so far). */
  batchItems(id: string): Promise<BatchItem[]>;
  /** Stops the engine and closes the store. */
  close(): Promise<void>;
  /**
   * Fails the runs past their deadline, then requeues the missing chunks of the runs still running
   * (embedded engine: a restarted process has lost its queue); cancelled and failed runs stay as
   * they are. Resolves with the chunks requeued.
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
  const { limits } = options;
  const defaultDeadline = options.deadlineSeconds ?? DEFAULT_RUN_DEADLINE_SECONDS;

  const start = async (kind: RunKind, input: unknown, total: number, opts: StartOptions = {}) => {
    const id = randomUUID();
    const requester = opts.requester ?? '';
    const seconds = opts.deadlineSeconds ?? defaultDeadline;
    const deadlineAt = new Date(Date.now() + seconds * 1000).toISOString();
    if (limits) checkRunSize(limits, kind, total);
    const refused = await store.createRun(
      { id, kind, total, input, requester, deadlineAt },
      limits && admitRun(limits, requester, kind, total),
    );
    if (refused) throw new RunRefusedError(refused);
    await engine.submit(chunksOfRun({ id, kind, total, input }));
    return id;
  };

  /** Fails the runs past their deadline and stops their chunks. */
  const expire = async () => {
    for (const id of await store.expireRuns()) await engine.cancel(id);
  };
  const expiry = setInterval(
    () => void expire().catch((e) => console.error('[runs] failing expired runs:', e)),
    (options.expirySeconds ?? RUN_EXPIRY_SECONDS) * 1000,
  );
  expiry.unref();

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
    let run = await store.getRun(id);
    if (!run || run.kind !== kind) return undefined;
    if (run.status === 'running' && Date.now() >= Date.parse(run.deadlineAt)) {
      await expire();
      run = (await store.getRun(id))!;
    }
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
        : await batchAnswer(run.input as BatchInput, () => store.results(id));
    await store.finish(id, 'done', answer, null);
    const after = await store.getRun(id);
    return { id, status: after!.status, done, total: run.total };
  };

  return {
    store,
    engine,
    startMonteCarlo: (input, opts) => start('montecarlo', input, input.paths, opts),
    startBatch: (input, opts) => start('batch', input, batchRows(input), opts),
    async precheck(kind, total, requester = '') {
      if (!limits) return;
      checkRunSize(limits, kind, total);
      const refused = admitRun(limits, requester, kind, total)(await store.runLoad());
      if (refused) throw new RunRefusedError(refused);
    },
    progress,
    async wait(id, kind, { signal, onProgress } = {}) {
      let last = -1;
      let lastPlace = '';
      for (;;) {
        if (signal?.aborted) {
          await this.cancel(id);
          throw new RunCancelledError(`run ${id} cancelled`);
        }
        const now = await progress(id, kind);
        if (!now) throw new Error(`invalid run id: ${id}`);
        const place = now.status === 'running' ? engine.place?.(id) : undefined;
        const p = place ? { ...now, queued: place } : now;
        const where = JSON.stringify(place ?? null);
        if (p.done !== last || p.status !== 'running' || where !== lastPlace) onProgress?.(p);
        last = p.done;
        lastPlace = where;
        if (p.status === 'cancelled') throw new RunCancelledError(`run ${id} cancelled`);
        if (p.status === 'failed') {
          const run = (await store.getRun(id))!;
          throw new RunFailedError(run.error ?? 'the run failed');
        }
        if (p.status !== 'running') return (await store.getRun(id))!;
        await delay(pollMs);
      }
    },
    async cancel(id, why = 'cancelled: the client went away') {
      await store.finish(id, 'cancelled', null, why);
      await engine.cancel(id);
    },
    async batchItems(id) {
      const run = await store.getRun(id);
      if (!run) return [];
      if (run.status === 'done' && Array.isArray(run.answer)) return run.answer as BatchItem[];
      return batchItemsOf(run.input as BatchInput, await store.results(id));
    },
    async close() {
      clearInterval(expiry);
      await engine.close();
      await store.close();
    },
    async resume() {
      await expire();
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

/**
 * The answer of a finished batch: with a Monte Carlo per item, its items put together from their
 * blocks (kept, so that reading the batch does not summarise every path again); else none (the
 * items are the stored rows).
 */
async function batchAnswer(
  input: BatchInput,
  rows: () => Promise<readonly { index: number; data: unknown }[]>,
): Promise<BatchItem[] | null> {
  return input.montecarlo ? batchItemsOf(input, await rows()) : null;
}

/** The Monte Carlo answer of a finished run. */
export function monteCarloAnswer(run: StoredRun, outcomes: PathOutcome[]): MonteCarloSummary {
  const input = run.input as MonteCarloInput;
  return {
    ...summarise(input.seed, outcomes, input.mode ?? 'policy'),
    hashpriceFan: hashpriceFan(input.scenario, input.process, input.seed, input.paths),
  };
}
