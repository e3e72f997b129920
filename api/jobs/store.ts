/**
 * @module jobs/store — what a store of Monte Carlo runs and batches (with their per-item results)
 * does: one interface, two back ends (jobs/sqlite, jobs/postgres) on the storage of api/storage, so
 * that a restarted server finds its runs and workers on other machines write into the same place.
 */
/** What a run is. */
export type RunKind = 'montecarlo' | 'batch';
/**
 * Where a run stands: `failed` when it could not be carried out at all (its items' own errors do
 * not fail it).
 */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** A stored run: its request (what every chunk needs), its answer once done. */
export interface StoredRun {
  readonly id: string;
  readonly kind: RunKind;
  readonly status: RunStatus;
  /** Items (paths or scenarios) in the run. */
  readonly total: number;
  /** The run's input as the chunks read it (JSON-compatible). */
  readonly input: unknown;
  /** The summary once done (Monte Carlo), else null. */
  readonly answer: unknown;
  /** Why the run failed, else null. */
  readonly error: string | null;
  readonly createdAt: string;
  /** Who asked for it (`requesterOf` in api/requester.ts): what per-requester admission counts. */
  readonly requester: string;
  /** When it is failed if still running (ISO time). */
  readonly deadlineAt: string;
}

/** A run to store: its id, kind, items, input, requester and deadline. */
export type NewRun = Omit<StoredRun, 'createdAt' | 'answer' | 'error' | 'status'>;

/** The running runs of one kind and requester: how many, and their items not yet computed. */
export interface RunLoadRow {
  readonly kind: RunKind;
  readonly requester: string;
  readonly runs: number;
  readonly pending: number;
}

/**
 * Decides, from the running runs, whether a new run may start: undefined admits it, else the
 * reason it is refused (see api/jobs/admission.ts).
 */
export type AdmitRun = (load: readonly RunLoadRow[]) => string | undefined;

/** The error a run past its deadline is failed with. */
export const DEADLINE_ERROR = 'failed: the run passed its deadline';

/**
 * One item's result, keyed by (run, index): written with an upsert, so a retried chunk never counts
 * twice.
 */
export interface ItemResult {
  readonly index: number;
  readonly data: unknown;
}

/** Storage of runs and their results. Every write is one atomic statement or transaction. */
export interface JobStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Stores a running run. With `admit`, first fails the runs past their deadline, then asks `admit`
   * about the running ones and stores the run only if it agrees, all under one lock (one
   * transaction: concurrent requests on any server cannot both take the last place). Resolves with
   * `admit`'s refusal, or undefined once stored.
   */
  createRun(run: NewRun, admit?: AdmitRun): Promise<string | undefined>;
  /** The running runs by kind and requester (what admission reads; see `createRun`). */
  runLoad(): Promise<RunLoadRow[]>;
  /** Fails every running run whose deadline is before `now`; resolves with their ids. */
  expireRuns(now?: Date): Promise<string[]>;
  getRun(id: string): Promise<StoredRun | undefined>;
  /**
   * A run's status alone (cheap: a chunk asks before and after its work); undefined for an unknown
   * id.
   */
  runStatus(id: string): Promise<RunStatus | undefined>;
  /** Runs still `running`, oldest first (what a restarted server resumes). */
  runningRuns(): Promise<StoredRun[]>;
  /**
   * Sets the status (and the answer or error); a run already finished keeps its status (first
   * finisher wins).
   */
  finish(
    id: string,
    status: Exclude<RunStatus, 'running'>,
    answer: unknown,
    error: string | null,
  ): Promise<void>;
  /**
   * Upserts results; with `keepExisting` an item that already has a result keeps it (for fallback
   * error rows).
   */
  putResults(runId: string, rows: readonly ItemResult[], keepExisting?: boolean): Promise<void>;
  /** Results stored so far. */
  countResults(runId: string): Promise<number>;
  /** Results in index order; `from`/`to` (exclusive) select a range. */
  results(runId: string, from?: number, to?: number): Promise<ItemResult[]>;
  /** Releases what the store owns (the database, when it opened it alone: `openJobStore`). */
  close(): Promise<void>;
}
