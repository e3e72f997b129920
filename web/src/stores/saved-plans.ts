/**
 * @module stores/saved-plans — plans saved on the server (`/api/plans`): the list, saving the
 * scenario on screen, opening, renaming, deleting, and the full plans picked for a comparison.
 * Every request has its own loading and error state.
 */
import { createMemo, createSignal } from 'solid-js';
import type { Plan, ScenarioInput } from '../../../model/schema';
import { type ApiRequestError, toApiError } from '../lib/api';
import {
  createSavedPlan,
  deleteSavedPlan,
  getSavedPlan,
  listSavedPlans,
  renameSavedPlan,
  type PlanSummary,
  type SavedPlan,
} from '../lib/plans-api';

/** The requests the store makes (tests pass fakes). */
export interface SavedPlansApi {
  readonly list: typeof listSavedPlans;
  readonly create: typeof createSavedPlan;
  readonly get: typeof getSavedPlan;
  readonly rename: typeof renameSavedPlan;
  readonly remove: typeof deleteSavedPlan;
}

const DEFAULT_API: SavedPlansApi = {
  list: listSavedPlans,
  create: createSavedPlan,
  get: getSavedPlan,
  rename: renameSavedPlan,
  remove: deleteSavedPlan,
};

/** A request under way on one saved plan. */
export type PlanAction = 'opening' | 'renaming' | 'deleting';

/** A write refused with 412: what was asked, to apply again over the newer version. */
export type Conflict =
  | { readonly action: 'renaming'; readonly name: string }
  | { readonly action: 'deleting' };

/** The list summary of a saved plan (what `GET /api/plans` answers for it). */
export function summaryOf(p: SavedPlan): PlanSummary {
  return {
    id: p.id,
    name: p.name,
    scenarioName: p.scenario.name,
    startMonth: p.scenario.startMonth,
    horizonMonths: p.scenario.horizonMonths,
    evaluated: p.plan !== null,
    status: p.answer.status,
    npvUsd: p.answer.npvUsd,
    savedAt: p.savedAt,
    version: p.version,
  };
}

/** `name`, or `name (2)`, `name (3)`… — the first not in `taken`. */
export function uniqueName(name: string, taken: readonly string[]): string {
  const set = new Set(taken);
  if (!set.has(name)) return name;
  let n = 2;
  while (set.has(`${name} (${n})`)) n++;
  return `${name} (${n})`;
}

/** Whether every plan covers the same months (their cash can share one month axis). */
export function sameMonths(plans: readonly SavedPlan[]): boolean {
  const key = (p: SavedPlan) => p.answer.months.map((m) => m.month).join();
  return plans.every((p) => key(p) === key(plans[0]));
}

/** NPV of each plan minus the reference's (the first), USD; null when either has no NPV. */
export function npvDifferences(plans: readonly SavedPlan[]): (number | null)[] {
  const ref = plans[0]?.answer.npvUsd ?? null;
  return plans.map((p) => (p.answer.npvUsd == null || ref == null ? null : p.answer.npvUsd - ref));
}

/** One full plan fetched for the comparison. */
export type LoadedPlan =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly plan: SavedPlan }
  | { readonly state: 'error'; readonly error: ApiRequestError };

/** The saved plans: call `refresh()` once to load the list. */
export function createSavedPlansStore(api: Partial<SavedPlansApi> = {}) {
  const call = { ...DEFAULT_API, ...api };
  const [list, setList] = createSignal<readonly PlanSummary[]>([]);
  const [listState, setListState] = createSignal<'idle' | 'loading' | 'ok' | 'error'>('idle');
  const [listError, setListError] = createSignal<ApiRequestError>();
  const [actions, setActions] = createSignal<ReadonlyMap<string, PlanAction>>(new Map());
  const [actionErrors, setActionErrors] = createSignal<ReadonlyMap<string, ApiRequestError>>(
    new Map(),
  );
  // A rename or delete refused because the plan changed on the server since it was listed (412):
  // what was asked, to do again over the newer version if the user chooses to overwrite.
  const [conflicts, setConflicts] = createSignal<ReadonlyMap<string, Conflict>>(new Map());
  const [saving, setSaving] = createSignal(false);
  const [saveError, setSaveError] = createSignal<ApiRequestError>();
  const [loaded, setLoaded] = createSignal<ReadonlyMap<string, LoadedPlan & { savedAt?: string }>>(
    new Map(),
  );

  const setIn = <V>(
    set: (f: (m: ReadonlyMap<string, V>) => ReadonlyMap<string, V>) => void,
    id: string,
    v: V | undefined,
  ) =>
    set((m) => {
      const next = new Map(m);
      if (v === undefined) next.delete(id);
      else next.set(id, v);
      return next;
    });
  const act = async <T>(
    id: string,
    action: PlanAction,
    run: () => Promise<T>,
  ): Promise<T | undefined> => {
    setIn(setActions, id, action);
    setIn(setActionErrors, id, undefined);
    try {
      return await run();
    } catch (e) {
      setIn(setActionErrors, id, toApiError(e));
      return undefined;
    } finally {
      setIn(setActions, id, undefined);
    }
  };
  const remember = (p: SavedPlan) =>
    setIn(setLoaded, p.id, { state: 'ok' as const, plan: p, savedAt: p.savedAt });
  const versionOf = (id: string) => list().find((x) => x.id === id)?.version ?? 1;
  /** Runs a write; on a 412 keeps it as a conflict to reload or overwrite. */
  const write = async <T>(id: string, conflict: Conflict, run: () => Promise<T>) => {
    setIn(setConflicts, id, undefined);
    let stale = false;
    const out = await act(id, conflict.action, async () => {
      try {
        return await run();
      } catch (e) {
        stale = toApiError(e).status === 412;
        throw e;
      }
    });
    if (stale) setIn(setConflicts, id, conflict);
    return out;
  };
  const renamed = (saved: SavedPlan) => {
    setList((l) => l.map((x) => (x.id === saved.id ? summaryOf(saved) : x)));
    remember(saved);
    return true;
  };
  const removed = (id: string) => {
    setList((l) => l.filter((x) => x.id !== id));
    setIn(setLoaded, id, undefined);
    return true;
  };
  /** Fetches plan `id` again and puts it in the list; answers it, or undefined on failure. */
  const reload = (id: string) =>
    act(id, 'opening', async () => {
      const p = await call.get(id);
      setList((l) => l.map((x) => (x.id === id ? summaryOf(p) : x)));
      remember(p);
      return p;
    });

  return {
    list,
    listState,
    listError,
    /** The request under way on plan `id`, if any. */
    action: (id: string) => actions().get(id),
    /** Why the last request on plan `id` failed. */
    actionError: (id: string) => actionErrors().get(id),
    saving,
    saveError,
    /** `GET /api/plans`: (re)loads the list. */
    async refresh(): Promise<void> {
      setListState('loading');
      setListError(undefined);
      try {
        setList(await call.list());
        setListState('ok');
      } catch (e) {
        setListError(toApiError(e));
        setListState('error');
      }
    },
    /**
     * Saves the scenario (optimised) or, with `plan`, that fixed plan (evaluated); answers the
     * saved plan or undefined.
     */
    async save(name: string, scenario: ScenarioInput, plan?: Plan): Promise<SavedPlan | undefined> {
      setSaving(true);
      setSaveError(undefined);
      try {
        const saved = await call.create(plan ? { name, scenario, plan } : { name, scenario });
        setList((l) => [summaryOf(saved), ...l.filter((x) => x.id !== saved.id)]);
        remember(saved);
        return saved;
      } catch (e) {
        setSaveError(toApiError(e));
        return undefined;
      } finally {
        setSaving(false);
      }
    },
    /**
     * The full plan (scenario, plan and answer), fetched unless already here at the same save time.
     */
    open(id: string): Promise<SavedPlan | undefined> {
      const have = loaded().get(id);
      const summary = list().find((x) => x.id === id);
      if (have?.state === 'ok' && summary && have.savedAt === summary.savedAt)
        return Promise.resolve(have.plan);
      return act(id, 'opening', async () => {
        const p = await call.get(id);
        remember(p);
        return p;
      });
    },
    /**
     * `PUT` the new name, if the plan is still at the version listed; a 412 leaves a conflict (see
     * `conflict`).
     */
    async rename(id: string, name: string): Promise<boolean> {
      const conflict: Conflict = { action: 'renaming', name };
      const saved = await write(id, conflict, () => call.rename(id, name, versionOf(id)));
      return saved ? renamed(saved) : false;
    },
    /** `DELETE`, if the plan is still at the version listed; a 412 leaves a conflict. */
    async remove(id: string): Promise<boolean> {
      const conflict: Conflict = { action: 'deleting' };
      const ok = await write(id, conflict, () => call.remove(id, versionOf(id)).then(() => true));
      return ok ? removed(id) : false;
    },
    /**
     * The rename or delete of plan `id` refused because someone changed the plan since it was
     * listed, if any: the user may reload it (`reload`) or apply it anyway (`overwrite`).
     */
    conflict: (id: string) => conflicts().get(id),
    /** Drops the conflict and shows the plan as it is stored now. */
    async reload(id: string): Promise<boolean> {
      setIn(setConflicts, id, undefined);
      return (await reload(id)) !== undefined;
    },
    /** Applies the refused rename or delete over the version stored now (read again first). */
    async overwrite(id: string): Promise<boolean> {
      const conflict = conflicts().get(id);
      if (!conflict) return false;
      const now = await reload(id);
      if (!now) return false;
      if (conflict.action === 'deleting') {
        const ok = await write(id, conflict, () => call.remove(id, now.version).then(() => true));
        return ok ? removed(id) : false;
      }
      const saved = await write(id, conflict, () => call.rename(id, conflict.name, now.version));
      return saved ? renamed(saved) : false;
    },
    /**
     * Fetches the full plans `ids` (for the comparison); each shows its own loading or error state.
     */
    load(ids: readonly string[]): void {
      for (const id of ids) {
        const have = loaded().get(id);
        const summary = list().find((x) => x.id === id);
        if (
          have &&
          (have.state === 'loading' || (have.state === 'ok' && have.savedAt === summary?.savedAt))
        )
          continue;
        setIn(setLoaded, id, { state: 'loading' as const });
        call
          .get(id)
          .then(remember, (e) =>
            setIn(setLoaded, id, { state: 'error' as const, error: toApiError(e) }),
          );
      }
    },
    /** What `load` has for plan `id`. */
    loaded: (id: string): LoadedPlan | undefined => loaded().get(id),
    /** The names in the list (to pick a name not yet taken). */
    names: createMemo(() => list().map((x) => x.name)),
  };
}

/** The saved-plans store's interface. */
export type SavedPlansStore = ReturnType<typeof createSavedPlansStore>;
