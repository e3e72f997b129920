/**
 * @module progress — what a long run says about where it stands: queued (with the work ahead),
 * running with its progress and an estimate of the time left.
 */
import { formatNumber } from './format';

/** How far a run has come, as its `progress` events say (api/sse.ts). */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
  /** While none of its work computes: the tasks queued before it and the threads busy. */
  readonly queued?: { readonly ahead: number; readonly busy: number };
}

/**
 * An estimate of the time left from the pace so far: `note` each progress with the time it came
 * (ms); it answers the seconds left, or undefined until some work is done while running.
 * @example
 * const eta = makeEstimate(); eta.note({ done: 0, total: 100 }, 0); eta.note({ done: 10, total:
 * 100 }, 2000) // 18
 */
export function makeEstimate() {
  let since: { at: number; done: number } | undefined;
  return {
    note(p: RunProgress, atMs: number): number | undefined {
      // The pace counts from the first report while running (time spent queued is not work).
      if (p.queued) return void (since = undefined);
      if (!since) return void (since = { at: atMs, done: p.done });
      const done = p.done - since.done;
      const ms = atMs - since.at;
      if (done <= 0 || ms <= 0) return undefined;
      return ((p.total - p.done) * ms) / done / 1000;
    },
  };
}

/** "about 40 s left", "about 3 min left". */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** The sentence for a run's state: queued with the work ahead, or its progress and estimate. */
export function progressText(what: string, p: RunProgress, secondsLeft?: number): string {
  if (p.queued) {
    const threads = p.queued.busy === 1 ? 'thread' : 'threads';
    return (
      `Queued: ${formatNumber(p.queued.ahead, 0)} tasks ahead of it, ` +
      `${p.queued.busy} analysis ${threads} busy with other work`
    );
  }
  const left = secondsLeft === undefined ? '' : ` · ${formatTimeLeft(secondsLeft)}`;
  return `${what}: ${formatNumber(p.done, 0)} of ${formatNumber(p.total, 0)}${left}`;
}
