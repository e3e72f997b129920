/** @module stores/solve — the optimum for the scenario on screen: debounced, cancelled, never out of order. */
import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import { ApiRequestError, optimize, toApiError, type FieldIssue } from '../lib/api';
import { makeLatestRunner, type LatestOptions } from '../lib/latest';

/** How many answers are kept for inputs seen before. */
const CACHE_SIZE = 64;

/** An answer together with the inputs it answers. */
export interface Answer {
  readonly result: SolveResult;
  readonly scenario: ScenarioInput;
  /** JSON of `scenario`: equal to the store's key when the answer is current. */
  readonly key: string;
  /** When the answer arrived (performance.now(), ms). */
  readonly at: number;
}

/**
 * Re-optimises whenever the scenario changes. `answer` is the newest answer and `previous` the
 * one it replaced (for "what changed"); `current` says whether `answer` is for the inputs on
 * screen. A 400 fills `issues` (shown beside the fields), any other failure `error`.
 */
export function createSolveStore(
  scenario: Accessor<ScenarioInput | undefined>,
  key: Accessor<string>,
  options: LatestOptions & {
    solve?: typeof optimize;
    /** Problems found in the browser for the scenario on screen: while there are any, nothing is sent. */
    localIssues?: Accessor<readonly FieldIssue[]>;
  } = {},
) {
  const [answer, setAnswer] = createSignal<Answer>();
  const [previous, setPrevious] = createSignal<Answer>();
  const [pendingKey, setPendingKey] = createSignal<string>();
  const [error, setError] = createSignal<ApiRequestError>();
  const [issues, setIssues] = createSignal<readonly FieldIssue[]>([]);
  const [failedKey, setFailedKey] = createSignal<string>();
  const solve = options.solve ?? optimize;
  // After a new scenario (preset, shared link) the next answer has nothing to be compared with.
  let startingOver = false;

  // Answers by scenario key: moving a slider back to a value already solved shows it at once.
  const cache = new Map<string, SolveResult>();
  const remember = (k: string, r: SolveResult) => {
    if (r.status !== 'optimal' && r.status !== 'infeasible') return; // a time-out may succeed next time
    cache.delete(k);
    cache.set(k, r);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  };
  const show = (result: SolveResult, scenario: ScenarioInput, k: string) => {
    const prev = answer();
    if (startingOver) setPrevious(undefined);
    else if (prev && prev.key !== k) setPrevious(prev);
    startingOver = false;
    setAnswer({ result, scenario, key: k, at: performance.now() });
    setIssues([]);
    setError(undefined);
    setFailedKey(undefined);
    setPendingKey(undefined);
  };

  const runner = makeLatestRunner<{ scenario: ScenarioInput; key: string }, SolveResult>(
    (input, signal) => solve(input.scenario, signal),
    {
      onStart: (input) => setPendingKey(input.key),
      onResult: (result, input) => {
        remember(input.key, result);
        show(result, input.scenario, input.key);
      },
      onError: (e, input) => {
        setPendingKey(undefined);
        setFailedKey(input.key);
        const err = toApiError(e);
        if (err.issues.length) {
          setIssues(err.issues);
          setError(undefined);
        } else {
          setIssues([]);
          setError(err);
        }
        // A busy server says when to come back: try the same inputs again then, if still on screen.
        if (err.retryAfterSeconds !== undefined) {
          clearTimeout(retryTimer);
          retryTimer = setTimeout(() => key() === input.key && retry(), Math.min(err.retryAfterSeconds, 30) * 1000);
        }
      },
    },
    options,
  );
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    clearTimeout(retryTimer);
    runner.dispose();
  });
  /** Tries the inputs on screen again (after a network error or a busy server). */
  const retry = () => {
    const s = scenario();
    setFailedKey(undefined);
    if (s) {
      runner.push({ scenario: s, key: key() });
      runner.flush();
    }
  };

  createEffect(
    on(key, (k) => {
      const s = scenario();
      if (!s || !k) return;
      const local = options.localIssues?.() ?? [];
      if (local.length) {
        runner.cancel();
        setPendingKey(undefined);
        setIssues(local);
        setError(undefined);
        setFailedKey(k);
        return;
      }
      const hit = cache.get(k);
      if (hit) {
        runner.cancel();
        show(hit, s, k);
      } else runner.push({ scenario: s, key: k });
    }),
  );

  const current = createMemo(() => answer()?.key === key() && key() !== '');
  return {
    answer,
    previous,
    error,
    issues,
    current,
    /** A request for the inputs on screen is under way (or waiting for its debounce). */
    loading: createMemo(() => !current() && failedKey() !== key() && key() !== ''),
    /** The last request for the inputs on screen failed. */
    failed: createMemo(() => failedKey() === key() && key() !== ''),
    pendingKey,
    /** The next answer is for a different scenario, not an edit: show no changes against the last one. */
    startOver: () => {
      startingOver = true;
    },
    retry,
  };
}

/** The solve store's interface. */
export type SolveStore = ReturnType<typeof createSolveStore>;
