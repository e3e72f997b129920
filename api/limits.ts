/**
 * @module limits — request limits shared by the app and its documentation, and the defaults of the
 * server's settings, each settled here once.
 */

/**
 * Largest request body accepted, bytes (a 240-month series scenario with 8 offers is ~20 kB);
 * larger → 413.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Deepest nesting of arrays and objects a JSON body may have (a scenario in a batch is about 8
 * deep); deeper → 400 before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Seconds a client should wait before retrying when every solver is busy (the 503's `Retry-After`).
 */
export const RETRY_AFTER_SECONDS = 2;

/**
 * Seconds a solve may run beyond its scenario's `solve.timeLimitSeconds` before its worker thread
 * is stopped (the solver checks its clock only now and then); the default of `graceSeconds` in the
 * solve and analysis pools.
 */
export const SOLVE_GRACE_SECONDS = 10;

/**
 * Solves the analysis threads run at start-up to warm up (the server's WARM_UP default, and
 * `AnalysisPool.warmUp`'s).
 */
export const WARM_UP_SOLVES = 200;

/**
 * The power price factor of warm-up solve `i`: −10 … +10 % in 20 steps, so that each solve moves a
 * coefficient as a slider does (the analysis threads' warm-up and each solve thread's).
 */
export const warmUpPowerFactor = (i: number): number => 0.9 + (0.2 * (i % 20)) / 19;

/**
 * A chunk's deadline, seconds: past it a queued chunk counts as lost and is retried, and an
 * embedded one fails (CHUNK_DEADLINE_SECONDS' default).
 */
export const CHUNK_DEADLINE_SECONDS = 300;

/** How often the queue looks for expired chunks, seconds (QUEUE_MAINTENANCE_SECONDS' default). */
export const QUEUE_MAINTENANCE_SECONDS = 10;

/** How often a request waiting for a run looks at the run store, ms. */
export const RUN_POLL_MS = 100;

/**
 * A batch's or Monte Carlo run's deadline when its request names none, seconds
 * (RUN_DEADLINE_SECONDS' default); past it the run is failed and its chunks dropped. The most a
 * request may ask for is `MAX_RUN_DEADLINE_SECONDS` (model/montecarlo-run.ts).
 */
export const DEFAULT_RUN_DEADLINE_SECONDS = 3600;

/** Seconds a client should wait before asking again when a run is refused for want of room. */
export const RUN_RETRY_AFTER_SECONDS = 30;

/**
 * What batches and Monte Carlo runs may hold at once, per requester and in total (see
 * docs/security-work.md): runs still running, batch items not yet computed, Monte Carlo paths not
 * yet evaluated. Each is overridden by the environment variable named in `RUN_LIMIT_ENV`.
 */
export const RUN_LIMITS = {
  perRequester: { runs: 4, items: 10_000, paths: 100_000 },
  total: { runs: 16, items: 20_000, paths: 200_000 },
} as const;

/** How often a running chunk looks whether its run was cancelled or expired, ms. */
export const CHUNK_STOP_POLL_MS = 250;

/** How often the run service fails the runs past their deadline, seconds. */
export const RUN_EXPIRY_SECONDS = 5;
