/**
 * @module stores/solve — the optimum for the scenario on screen: debounced, cancelled, never out of
 * order.
 */
import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import type { FieldIssue } from '../lib/api';
import type { SolvePlace, Solves } from '../lib/solves';
import type { LatestOptions } from '../lib/latest';
import { sameIssues } from '../lib/validate';
import { createLatest } from './latest';

/** How many answers are kept for inputs seen before. */
const CACHE_SIZE = 64;

/**
 * A change less than this after the last change or answer is part of a drag, ms; this long after a
 * drag's answer without a change, the inputs rest.
 */
export const REST_MS = 300;

/**
 * How long the answer for new inputs may take before the view marks the figures on screen stale
 * (dimmed, a spinner), ms: a slider's answers come within a frame or two, and dimming the whole
 * view and back on every step would cost more drawing than the answer itself.
 */
export const LATE_MS = 250;

/** The scenario without its marginal values (a drag's solve: about half the worker's time). */
const withoutMarginals = (s: ScenarioInput): ScenarioInput => ({
  ...s,
  solve: { ...s.solve, marginalValues: 'off' as const },
});

/** An answer together with the inputs it answers. */
export interface Answer {
  readonly result: SolveResult;
  readonly scenario: ScenarioInput;
  /** JSON of `scenario`: equal to the store's key when the answer is current. */
  readonly key: string;
  /** When the answer arrived (performance.now(), ms). */
  readonly at: number;
  /** Where it was solved: the browser's workers or the server (undefined for a test's fake). */
  readonly place?: SolvePlace;
  /**
   * Solved during a drag without its marginal values (the same verified optimum); the complete
   * answer follows once the inputs rest.
   */
  readonly marginalsPending?: boolean;
  /**
   * A drag's preview from the browser's workers (docs/web.md, "A slider's preview"): also without
   * the reason, which the complete answer brings.
   */
  readonly preview?: boolean;
}

/**
 * Timing of the browser's solves: no debounce (a slider's input events come at most once a frame);
 * a change while the worker solves waits for that answer, which is drawn, and then only the latest
 * value is solved — the values a drag passed meanwhile are dropped. The server's round trips are
 * debounced instead (lib/latest.ts).
 */
const LOCAL: LatestOptions = { afterRunning: true };

/**
 * Re-optimises whenever the scenario changes. `answer` is the newest answer and `previous` the
 * one it replaced (for "what changed"); `current` says whether `answer` is for the inputs on
 * screen. A 400 fills `issues` (shown beside the fields), any other failure `error`.
 */
export function createSolveStore(
  scenario: Accessor<ScenarioInput | undefined>,
  key: Accessor<string>,
  options: LatestOptions & {
    /** Optimises a scenario: the app's solves (lib/solves.ts), or a test's fake. */
    solve: Solves['optimize'];
    /** A drag's solve (default `solve`): the app's previews in the browser's workers. */
    preview?: Solves['optimizePreview'];
    /** Where an answer was solved (the app's solves know; a test's fake does not). */
    placeOf?: Solves['placeOf'];
    /** Where solves run: in the browser, a change while the worker solves waits for it. */
    place?: SolvePlace;
    /**
     * Problems found in the browser for the scenario on screen: while there are any, nothing is
     * sent.
     */
    localIssues?: Accessor<readonly FieldIssue[]>;
  },
) {
  const [answer, setAnswer] = createSignal<Answer>();
  const [previous, setPrevious] = createSignal<Answer>();
  const solve = options.solve;
  const localIssues = () => options.localIssues?.() ?? [];
  let startingOver = false;

  // In the browser, a slider's solve that starts within REST_MS of the last solve or answer (a
  // drag: the next value follows the last one's answer) leaves the marginal values out: the
  // worker's time halves and the optimum drawn is the same verified one. Such an answer is not
  // cached; once the inputs rest REST_MS after it, the complete answer is asked for and replaces it.
  // A typed value is never a drag's.
  const quick = new WeakSet<SolveResult>();
  let lastActivity = Number.NEGATIVE_INFINITY;
  let lastSlide = Number.NEGATIVE_INFINITY;
  let completing = false;
  let restTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(restTimer));
  const completeIfResting = () => {
    const a = answer();
    if (!a?.marginalsPending || a.key !== key()) return;
    completing = true;
    latest.retry();
    completing = false;
  };
  /** Whether a solve starting now is a drag's; notes the start. */
  const dragging = (scenario: ScenarioInput) => {
    const now = performance.now();
    const drag =
      options.place === 'browser' &&
      !completing &&
      now - lastSlide < REST_MS &&
      now - lastActivity < REST_MS &&
      scenario.solve?.marginalValues !== 'off';
    lastActivity = now;
    clearTimeout(restTimer);
    return drag;
  };

  const show = (result: SolveResult, scenario: ScenarioInput, k: string) => {
    const prev = answer();
    if (startingOver) setPrevious(undefined);
    else if (prev && prev.key !== k) setPrevious(prev);
    startingOver = false;
    setAnswer({
      result,
      scenario,
      key: k,
      at: performance.now(),
      place: options.placeOf?.(result),
      ...(quick.has(result) ? { marginalsPending: true } : {}),
      ...(quick.has(result) && !result.reason ? { preview: true } : {}),
    });
    lastActivity = performance.now();
    clearTimeout(restTimer);
    if (quick.has(result)) restTimer = setTimeout(completeIfResting, REST_MS);
  };

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(retryTimer));
  // The latest input with a cache (stores/latest.ts): answers by scenario key, so moving a slider
  // back to a value already solved shows it at once. A scenario that fails the browser's check is
  // not sent at all.
  const latest = createLatest<{ key: string; scenario: ScenarioInput }, SolveResult>(
    () => {
      const s = scenario();
      const k = key();
      return s && k && !localIssues().length ? { key: k, scenario: s } : undefined;
    },
    async (input, signal) => {
      const drag = dragging(input.scenario);
      const result = drag
        ? await (options.preview ?? solve)(withoutMarginals(input.scenario), signal)
        : await solve(input.scenario, signal);
      if (drag && result.status === 'optimal') quick.add(result);
      return result;
    },
    {
      debounceMs: options.debounceMs,
      maxWaitMs: options.maxWaitMs,
      afterRunning:
        options.afterRunning ?? (options.place === 'browser' ? LOCAL.afterRunning : undefined),
      cacheSize: CACHE_SIZE,
      eager: options.place === 'browser',
      // A time-out may succeed next time; a drag's answer is completed when the inputs rest.
      keep: (r) => (r.status === 'optimal' && !quick.has(r)) || r.status === 'infeasible',
      onAnswer: (result, input) => show(result, input.scenario, input.key),
      onFailure: (err, input) => {
        if (err.retryAfterSeconds !== undefined) {
          clearTimeout(retryTimer);
          retryTimer = setTimeout(
            () => key() === input.key && latest.retry(),
            Math.min(err.retryAfterSeconds, 30) * 1000,
          );
        }
      },
    },
  );
  /** Tries the inputs on screen again (after a network error or a busy server). */
  const retry = () => latest.retry();
  const failure = () => latest.error();
  const issues = createMemo<readonly FieldIssue[]>(
    () => (localIssues().length ? localIssues() : (failure()?.issues ?? [])),
    [],
    { equals: sameIssues },
  );
  const error = createMemo(() => (failure() && !failure()!.issues.length ? failure() : undefined));
  const failed = createMemo(() => key() !== '' && (localIssues().length > 0 || !!failure()));

  const current = createMemo(() => answer()?.key === key() && key() !== '');
  const loading = createMemo(() => !current() && !failed() && key() !== '');
  const [late, setLate] = createSignal(false);
  let lateTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(lateTimer));
  createEffect(
    on(loading, (waiting) => {
      clearTimeout(lateTimer);
      setLate(false);
      if (waiting) lateTimer = setTimeout(() => setLate(true), LATE_MS);
    }),
  );
  return {
    answer,
    previous,
    error,
    issues,
    current,
    /** A request for the inputs on screen is under way (or waiting for its debounce). */
    loading,
    /** The request for the inputs on screen has waited LATE_MS or more: show it as under way. */
    late,
    /** The last request for the inputs on screen failed (or the browser's check did). */
    failed,
    /**
     * The next answer is for a different scenario, not an edit: show no changes against the last
     * one.
     */
    startOver: () => {
      startingOver = true;
    },
    retry,
    /** A slider moved (before its change is written): its solve may be a drag's. */
    slide: () => {
      lastSlide = performance.now();
    },
  };
}

/** The solve store's interface. */
export type SolveStore = ReturnType<typeof createSolveStore>;
