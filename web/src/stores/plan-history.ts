/**
 * @module stores/plan-history — one saved plan's versions (`GET /api/plans/:id/versions`): who saved
 * each, when, what it changed and its NPV; any two of them whole, for the comparison; and saving the
 * inputs on screen as the plan's next version.
 */
import { createSignal, untrack } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { type ApiRequestError, toApiError } from '../lib/api';
import {
  getPlanVersion,
  listPlanVersions,
  saveNewVersion,
  type PlanHistory,
} from '../lib/plans-api';
import type { LoadedPlan } from './saved-plans';

/**
 * What the comparison of saved plans (components/SavedPlansCompare.tsx) reads: the saved plans'
 * store, or the versions of one plan.
 */
export interface ComparedPlans {
  list(): readonly { readonly id: string; readonly name: string }[];
  loaded(id: string): LoadedPlan | undefined;
  load(ids: readonly string[]): void;
}

/** The requests the store makes (tests pass fakes). */
export interface PlanHistoryApi {
  readonly list: typeof listPlanVersions;
  readonly get: typeof getPlanVersion;
  readonly save: typeof saveNewVersion;
}

const DEFAULT_API: PlanHistoryApi = {
  list: listPlanVersions,
  get: getPlanVersion,
  save: saveNewVersion,
};

/** The key of version `n` in the comparison. */
export const versionKey = (n: number) => `v${n}`;

/** The history of saved plan `id`; call `refresh()` once to load it. */
export function createPlanHistory(id: string, call: PlanHistoryApi = DEFAULT_API) {
  const [history, setHistory] = createSignal<PlanHistory>();
  const [state, setState] = createSignal<'loading' | 'ok' | 'error'>('loading');
  const [error, setError] = createSignal<ApiRequestError>();
  const [saving, setSaving] = createSignal(false);
  const [loaded, setLoaded] = createSignal<ReadonlyMap<string, LoadedPlan>>(new Map());
  const put = (key: string, v: LoadedPlan) => setLoaded((m) => new Map(m).set(key, v));
  const refresh = async () => {
    setState('loading');
    setError(undefined);
    try {
      setHistory(await call.list(id));
      setState('ok');
    } catch (e) {
      setError(toApiError(e));
      setState('error');
    }
  };
  const compared: ComparedPlans = {
    list: () =>
      (history()?.versions ?? []).map((v) => ({
        id: versionKey(v.version),
        name: `Version ${v.version}`,
      })),
    loaded: (key) => loaded().get(key),
    load(keys) {
      // Read without tracking: the comparison calls this from an effect, which must not re-run on
      // the answers it starts.
      const missing = untrack(() => keys.filter((k) => !loaded().has(k)));
      if (!missing.length) return;
      setLoaded((m) => {
        const next = new Map(m);
        for (const k of missing) next.set(k, { state: 'loading' });
        return next;
      });
      for (const key of missing)
        call.get(id, Number(key.slice(1))).then(
          // The comparison tells its columns apart by id and names them: each version is one.
          (plan) =>
            put(key, { state: 'ok', plan: { ...plan, id: key, name: `Version ${key.slice(1)}` } }),
          (e) => put(key, { state: 'error', error: toApiError(e) }),
        );
    },
  };
  return {
    history,
    state,
    error,
    refresh,
    /** The versions as the comparison reads them (`versionKey` ids). */
    compared,
    saving,
    /**
     * Saves `scenario` as the plan's next version (solved on the server), over the newest version
     * listed (412 when someone saved meanwhile); reloads the history. Answers whether it was saved.
     */
    async saveInputs(scenario: ScenarioInput): Promise<boolean> {
      const newest = history()?.versions[0]?.version;
      if (newest === undefined) return false;
      setSaving(true);
      setError(undefined);
      try {
        await call.save(id, scenario, newest);
        await refresh();
        return true;
      } catch (e) {
        setError(toApiError(e));
        return false;
      } finally {
        setSaving(false);
      }
    },
  };
}

/** The history store's interface, for the component that shows it. */
export type PlanHistoryStore = ReturnType<typeof createPlanHistory>;
