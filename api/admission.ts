/**
 * @module admission — refuse work at the door when a solve queue is full: the 503 with Retry-After
 * is answered before the body is read, parsed or validated, so clients that ignore Retry-After cost
 * the server almost nothing.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { errorResponse } from './errors';
import { RETRY_AFTER_SECONDS } from './limits';

/**
 * A queue's load as its pool's `stats()` reports it; `maxQueue` absent: no limit (solves run
 * in-process).
 */
export interface QueueLoad {
  readonly size: number;
  readonly busy: number;
  readonly queued: number;
  readonly maxQueue?: number;
}

/**
 * True when `jobs` more would be refused by the pool: every worker busy (an in-process runner has
 * none) and the queue would go past `maxQueue`. Mirrors the pools' own tests (pool.ts,
 * analysis-pool.ts), which stay the authority: a job admitted here may still be refused there.
 */
export function queueFull(load: QueueLoad, jobs = 1): boolean {
  if (load.maxQueue === undefined) return false;
  return load.busy >= load.size && load.queued + jobs > load.maxQueue;
}

/**
 * The 503 `busy` answer with Retry-After (every route that refuses for lack of solvers sends this
 * one).
 */
export function busyResponse(c: Context, what: string) {
  c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  return errorResponse(c, 503, 'busy', `${what}; retry in ${RETRY_AFTER_SECONDS} s`);
}

/**
 * Middleware for a POST route that queues solves: when `load()` says the queue is full, answers the
 * 503 at once, without reading the body. `name` words the message (`every solver is busy`).
 * @example app.post('/optimize', admission(() => runner.stats(), 'every solver is busy'), jsonBody(…), handler)
 */
export function admission(load: () => QueueLoad, name: string): MiddlewareHandler {
  return async (c, next) => {
    const now = load();
    if (queueFull(now))
      return busyResponse(c, `${name} (${now.busy} of ${now.size} busy, ${now.queued} queued)`);
    await next();
  };
}
