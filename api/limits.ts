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
 * A chunk's deadline, seconds: past it a queued chunk counts as lost and is retried, and an
 * embedded one fails (CHUNK_DEADLINE_SECONDS' default).
 */
export const CHUNK_DEADLINE_SECONDS = 300;

/** How often the queue looks for expired chunks, seconds (QUEUE_MAINTENANCE_SECONDS' default). */
export const QUEUE_MAINTENANCE_SECONDS = 10;

/** How often a request waiting for a run looks at the run store, ms. */
export const RUN_POLL_MS = 100;
