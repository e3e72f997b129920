/**
 * @module latest — debounced, cancellable requests where only the answer for the newest input
 * counts.
 */

/** Timing of {@link makeLatestRunner}. */
export interface LatestOptions {
  /** Quiet time after the last change before a trailing request, ms (default 60). */
  readonly debounceMs?: number;
  /** Longest a burst of changes may hold back a request, ms (default 250). */
  readonly maxWaitMs?: number;
  /**
   * Start a change at once when nothing is under way (default true: one slider step pays no
   * debounce). False for costly requests (the analyses): every change waits for the quiet time, so
   * typing "120" sends one request, not one for "1" and another for "120".
   */
  readonly leading?: boolean;
  /**
   * A change while a request runs waits for that answer (which is shown), then the newest input
   * starts at once: for a solver in the browser's own worker, which cannot be interrupted, so that
   * a drag shows an answer per solve instead of aborting each one (default false: the newest change
   * aborts the request under way).
   */
  readonly afterRunning?: boolean;
}

/** What {@link makeLatestRunner} reports. */
export interface LatestHandlers<I, O> {
  /** A request for `input` started. */
  readonly onStart?: (input: I, seq: number) => void;
  /** The answer for the newest input (never for a superseded one). */
  readonly onResult: (output: O, input: I, seq: number) => void;
  /** The request for the newest input failed (aborts of superseded requests are not reported). */
  readonly onError: (error: unknown, input: I, seq: number) => void;
}

/**
 * Runs `task` for the newest input only. A change while nothing is under way starts at once
 * (so a single slider step pays no debounce); changes while a request runs are merged,
 * but never held back longer than `maxWaitMs`, so a dragged slider still shows answers as it
 * moves. Starting a request aborts the one before it, and a late answer for an old input is
 * dropped. Non-reactive; `dispose()` aborts and stops everything.
 */
export function makeLatestRunner<I, O>(
  task: (input: I, signal: AbortSignal) => Promise<O>,
  handlers: LatestHandlers<I, O>,
  options: LatestOptions = {},
): { push: (input: I) => void; flush: () => void; cancel: () => void; dispose: () => void } {
  const debounceMs = options.debounceMs ?? 60;
  const maxWaitMs = options.maxWaitMs ?? 250;
  let pending: { input: I } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let burstStart: number | undefined;
  let inFlight = 0;
  let controller: AbortController | undefined;
  let seq = 0;
  let disposed = false;

  const start = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    burstStart = undefined;
    if (!pending || disposed) return;
    const { input } = pending;
    pending = undefined;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const id = ++seq;
    inFlight = id;
    handlers.onStart?.(input, id);
    task(input, mine.signal)
      .then(
        (out) => {
          if (id === seq && !disposed) handlers.onResult(out, input, id);
        },
        (err) => {
          if (id === seq && !disposed && !mine.signal.aborted) handlers.onError(err, input, id);
        },
      )
      .finally(() => {
        if (inFlight === id) inFlight = 0;
        if (options.afterRunning && !inFlight && pending && timer === undefined && !disposed)
          start();
      });
  };

  return {
    push(input: I) {
      if (disposed) return;
      pending = { input };
      const now = Date.now();
      // Nothing under way: answer at once. Otherwise merge the burst (debounce, capped by maxWait).
      if (timer === undefined && !inFlight && (options.leading ?? true)) {
        start();
        return;
      }
      if (options.afterRunning && inFlight && timer === undefined) return; // started when the answer comes
      burstStart ??= now;
      if (timer !== undefined) clearTimeout(timer);
      const wait = Math.max(0, Math.min(debounceMs, burstStart + maxWaitMs - now));
      timer = setTimeout(start, wait);
    },
    flush: start,
    /** Drops what is waiting and aborts what runs: nothing is reported until the next push. */
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      burstStart = undefined;
      pending = undefined;
      seq++;
      inFlight = 0;
      controller?.abort();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      controller?.abort();
    },
  };
}
