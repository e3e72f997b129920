/**
 * @module stores/risk — the Risk view's Monte Carlo run: started by the user (a run of hundreds of
 * paths is not something to send on every keystroke), streamed with its progress, cancelled by
 * Cancel or by leaving the view.
 */
import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { isAbort, toApiError, type ApiRequestError } from '../lib/api';
import { streamMonteCarlo, type MonteCarloAnswer, type RunProgress } from '../lib/montecarlo-api';
import { makeEstimate } from '../lib/progress';
import { DEFAULT_RISK_FORM, toMonteCarloRequest, type RiskForm } from '../lib/risk';

/**
 * The Risk view's state. `current` says whether the answer is for the request the inputs on screen
 * make.
 */
export function createRiskStore(
  scenario: Accessor<ScenarioInput | undefined>,
  options: { stream?: typeof streamMonteCarlo } = {},
) {
  const stream = options.stream ?? streamMonteCarlo;
  const [form, setForm] = createSignal<RiskForm>(DEFAULT_RISK_FORM);
  const [answer, setAnswer] = createSignal<{ key: string; value: MonteCarloAnswer }>();
  const [progress, setProgress] = createSignal<RunProgress>();
  const [secondsLeft, setSecondsLeft] = createSignal<number>();
  const [running, setRunning] = createSignal(false);
  const [cancelled, setCancelled] = createSignal(false);
  const [error, setError] = createSignal<ApiRequestError>();
  const [runId, setRunId] = createSignal<string>();
  const checked = createMemo(() => {
    const s = scenario();
    return s ? toMonteCarloRequest(form(), s) : { issues: [] };
  });
  const key = createMemo(() => (checked().request ? JSON.stringify(checked().request) : ''));
  let controller: AbortController | undefined;

  const cancel = () => {
    if (!controller) return;
    controller.abort();
    controller = undefined;
    setRunning(false);
    setCancelled(true);
  };
  const run = async () => {
    const request = checked().request;
    if (!request) return;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const k = key();
    setRunning(true);
    setCancelled(false);
    setError(undefined);
    setProgress({ done: 0, total: request.paths });
    setSecondsLeft(undefined);
    setRunId(undefined);
    const estimate = makeEstimate();
    try {
      const value = await stream(
        request,
        (p) => {
          if (mine.signal.aborted) return;
          setProgress(p);
          setSecondsLeft(estimate.note(p, performance.now()));
        },
        mine.signal,
        (r) => setRunId(r.id),
      );
      if (controller !== mine) return;
      setAnswer({ key: k, value });
    } catch (e) {
      if (isAbort(e) || controller !== mine) return;
      setError(toApiError(e));
    } finally {
      if (controller === mine) {
        controller = undefined;
        setRunning(false);
      }
    }
  };
  onCleanup(() => controller?.abort());

  return {
    form,
    setForm,
    /** The form's problems, by field. */
    issues: () => checked().issues,
    /** The request the inputs on screen make (undefined while they have problems). */
    request: () => checked().request,
    run,
    cancel,
    running,
    /** The last run was cancelled before its answer. */
    cancelled,
    progress,
    /** Seconds the run should still take at its pace so far (undefined until there is one). */
    secondsLeft,
    /** The server's id of the last run started (from its `run` event). */
    runId,
    error,
    answer: () => answer()?.value,
    current: createMemo(() => answer() !== undefined && answer()!.key === key()),
  };
}

/** The risk store's interface. */
export type RiskStore = ReturnType<typeof createRiskStore>;
