/**
 * @module stores/latest — one primitive for "the answer for the latest input, with a cache":
 * debounced, the superseded request aborted, answers cached by the input's key, an older answer
 * kept (stale) until the new one.
 */
import {
  createComputed,
  createEffect,
  createMemo,
  createSignal,
  on,
  onCleanup,
  untrack,
  type Accessor,
} from 'solid-js';
import { toApiError, type ApiRequestError } from '../lib/api';
import { makeLatestRunner, type LatestOptions } from '../lib/latest';

/** How many answers each analysis keeps by input (a slider moved back shows them at once). */
const CACHE_SIZE = 16;

/**
 * The latest input, with a cache: a request that follows its input (the solve's, an analysis's, the
 * plan evaluations'): `value` is the newest answer (perhaps for older inputs: see `current`),
 * `loading` says a request for the input on screen is waiting or under way, `error` is its failure.
 * The task may `report` partial answers for its input before it ends. While `paused`, input changes
 * send nothing.
 */
export function createLatest<I extends { readonly key: string }, T>(
  input: Accessor<I | undefined>,
  task: (input: I, signal: AbortSignal, report: (partial: T) => void) => Promise<T>,
  options: LatestOptions & {
    paused?: Accessor<boolean>;
    /** Answers kept by input key (default 16). */
    cacheSize?: number;
    /**
     * Whether an answer may be reused for its input (default all; e.g. not a time-out, which may
     * succeed next time).
     */
    keep?: (value: T) => boolean;
    /**
     * Called with every answer shown for the input on screen, fresh or from the cache (not with
     * partial reports).
     */
    onAnswer?: (value: T, input: I) => void;
    /** Called when the request for the newest input fails. */
    onFailure?: (error: ApiRequestError, input: I) => void;
    /**
     * Sends a changed input at once, before the page's DOM updates for the same change (a
     * computation, not an effect): the browser's solve, whose worker then solves while the page
     * draws the input. Default false.
     */
    eager?: boolean;
  } = {},
) {
  const cacheSize = options.cacheSize ?? CACHE_SIZE;
  const [answer, setAnswer] = createSignal<{ key: string; value: T }>();
  const [pending, setPending] = createSignal<string>();
  const [failure, setFailure] = createSignal<{ key: string; error: ApiRequestError }>();
  const cache = new Map<string, T>();
  let seq = 0;

  const runner = makeLatestRunner<I, T>(
    (i, signal) => {
      const mine = seq;
      return task(i, signal, (partial) => {
        if (mine === seq && !signal.aborted) setAnswer({ key: i.key, value: partial });
      });
    },
    {
      onResult: (value, i) => {
        if (options.keep?.(value) ?? true) {
          cache.delete(i.key);
          cache.set(i.key, value);
          if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
        }
        setAnswer({ key: i.key, value });
        setFailure(undefined);
        setPending(undefined);
        options.onAnswer?.(value, i);
      },
      onError: (e, i) => {
        const error = toApiError(e);
        setFailure({ key: i.key, error });
        setPending(undefined);
        options.onFailure?.(error, i);
      },
    },
    options,
  );
  onCleanup(() => runner.dispose());

  const send = (i: I) => {
    const hit = cache.get(i.key);
    seq++;
    if (hit !== undefined) {
      runner.cancel();
      setAnswer({ key: i.key, value: hit });
      setFailure(undefined);
      setPending(undefined);
      options.onAnswer?.(hit, i);
      return;
    }
    setPending(i.key);
    runner.push(i);
  };
  // Keyed by the input's key (a memo: an equal key does not re-send) and the pause switch.
  const inputKey = createMemo(() => input()?.key);
  const paused = () => options.paused?.() ?? false;
  (options.eager ? createComputed : createEffect)(
    on([inputKey, paused], ([key, paused]) => {
      const i = untrack(input);
      if (!key || !i) return;
      if (paused) {
        if (pending()) runner.cancel();
        setPending(undefined);
        return;
      }
      send(i);
    }),
  );

  const key = inputKey;
  return {
    /** The newest answer; check `current` for whether it is for the inputs on screen. */
    value: () => answer()?.value,
    current: createMemo(() => answer() !== undefined && answer()!.key === key()),
    loading: createMemo(() => pending() !== undefined && pending() === key()),
    error: createMemo(() => (failure() && failure()!.key === key() ? failure()!.error : undefined)),
    /** Stops the request under way (the connection is closed, so the server stops its solves). */
    cancel: () => {
      seq++;
      runner.cancel();
      setPending(undefined);
    },
    /** Sends the input on screen again (after an error or a cancel). */
    retry: () => {
      const i = input();
      if (!i) return;
      setFailure(undefined);
      send(i);
      runner.flush();
    },
  };
}
