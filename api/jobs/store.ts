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
}

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
  createRun(run: Omit<StoredRun, 'createdAt' | 'answer' | 'error' | 'status'>): Promise<void>;
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
