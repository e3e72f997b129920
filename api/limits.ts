/** @module limits — request limits shared by the app and its documentation. */

/**
 * Largest request body accepted, bytes (a 240-month series scenario with 8 offers is ~20 kB);
 * larger → 413.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Seconds a client should wait before retrying when every solver is busy (the 503's `Retry-After`).
 */
export const RETRY_AFTER_SECONDS = 2;
