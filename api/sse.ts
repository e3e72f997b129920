/**
 * @module sse — the one way a route streams a long job (Server-Sent Events): opening events,
 * throttled `progress` events ({ done, total, queued?, elapsedMs? }), then one `result` event or one
 * `error` event (the API's error envelope); the job is cancelled when the client goes away.
 */
import type { Context } from 'hono';
import { type SSEMessage, streamSSE } from 'hono/streaming';

/** Least time between two `progress` events, ms (the first and the last are always sent). */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * How far a streamed job has come; `queued` while none of its work computes yet (or again): the
 * work ahead of it and the threads busy.
 */
export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly queued?: { readonly ahead: number; readonly busy: number };
  /** The job's own clock, ms since it was taken up (a map's, for its time estimate). */
  readonly elapsedMs?: number;
}

/** What `streamJob` streams. */
export interface StreamedJob<T> {
  /** Aborted when the client goes away (see `clientGone`); the job should stop on it. */
  readonly cancel: AbortController;
  /** Events sent before any progress, e.g. the run's id. */
  readonly opening?: readonly SSEMessage[];
  /**
   * Starts the job, before the stream opens: work queued here is queued in the same turn of the
   * event loop as the caller's admission check. Progress it reports is throttled and sent.
   */
  start(onProgress: (p: Progress) => void): Promise<T>;
  /** The `result` event's data (JSON-encoded by the helper). */
  result(answer: T): unknown;
  /** True for the error a cancelled job ends with: nothing more is sent (nobody reads it). */
  isCancelled(e: unknown): boolean;
  /**
   * The error body of a failure the client should see as is (e.g. `busy`); undefined for any other,
   * which is logged under `label` and sent as `internal` with `failedMessage`.
   */
  knownError?(e: unknown): { code: string; message: string } | undefined;
  /** Log prefix, e.g. `[POST /api/map]`. */
  readonly label: string;
  /** Message of the `internal` error event, e.g. `the map failed; it has been logged`. */
  readonly failedMessage: string;
}

/**
 * An abort controller that fires when the client of `c` goes away (the request is aborted).
 * `streamJob` also fires it when the stream is closed by the client.
 */
export function clientGone(c: Context): AbortController {
  const cancel = new AbortController();
  c.req.raw.signal.addEventListener('abort', () => cancel.abort(), { once: true });
  return cancel;
}

/**
 * Streams `job` as Server-Sent Events: `opening`, then `progress` events at most every
 * `PROGRESS_INTERVAL_MS` (the first and the last always), then `result` or `error`.
 * @example
 * return streamJob(c, { cancel: clientGone(c), start: (onProgress) => work(onProgress), … });
 */
export function streamJob<T>(c: Context, job: StreamedJob<T>): Response {
  let out: { writeSSE(m: SSEMessage): Promise<void> } | undefined;
  // Progress reported before the opening events are out waits here; only its latest matters.
  let pending: Progress | undefined;
  let last = Number.NEGATIVE_INFINITY;
  let wasQueued = false;
  const onProgress = (p: Progress) => {
    if (!out) return void (pending = p);
    const { done, total, queued, elapsedMs } = p;
    const now = performance.now();
    // Queued or not is always sent at once: a client shows it within the poll.
    const turned = !!queued !== wasQueued;
    if (done < total && now - last < PROGRESS_INTERVAL_MS && !turned) return;
    last = now;
    wasQueued = !!queued;
    void out.writeSSE({
      event: 'progress',
      data: JSON.stringify({
        done,
        total,
        ...(queued && { queued }),
        ...(elapsedMs !== undefined && { elapsedMs: Math.round(elapsedMs * 10) / 10 }),
      }),
    });
  };
  const running = job.start(onProgress);
  // Awaited in the stream below; this keeps an early failure from counting as unhandled.
  running.catch(() => {});
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => job.cancel.abort());
    for (const m of job.opening ?? []) await stream.writeSSE(m);
    out = stream;
    if (pending) onProgress(pending);
    try {
      const answer = await running;
      await stream.writeSSE({ event: 'result', data: JSON.stringify(job.result(answer)) });
    } catch (e) {
      if (job.isCancelled(e)) return;
      const known = job.knownError?.(e);
      if (!known) console.error(job.label, e);
      const error = known ?? { code: 'internal', message: job.failedMessage };
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ error }) });
    }
  });
}
