/**
 * @module stores/plans — the user's own capital plans, kept in localStorage, and their evaluation.
 */
import { createEffect, createSignal, on, type Accessor } from 'solid-js';
import { PlanSchema, type Plan, type ScenarioInput, type SolveResult } from '../../../model/schema';
import { type ApiRequestError, toApiError } from '../lib/api';
import type { Solves } from '../lib/solves';
import { createLatest } from './latest';
import { addMonths } from '../lib/format';
import { offersOf, siteOfOffer, sitePaths, siteScenario, sitesOf } from '../lib/portfolio';

/** A plan the user drew up: a fixed build schedule and refresh purchases. */
export interface UserPlan {
  readonly id: string;
  readonly name: string;
  readonly plan: Plan;
}

/** The localStorage key; bump the version if the stored shape changes. */
export const PLANS_STORAGE_KEY = 'switchyard.plans.v1';

/** The part of `Storage` the store uses (so tests can pass a Map-backed fake). */
export type PlanStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The valid plans in `list` (from storage or a shared link); anything else is skipped. */
export function parsePlans(list: unknown): UserPlan[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((p) => {
    const plan = PlanSchema.safeParse(p?.plan);
    return typeof p?.id === 'string' && typeof p?.name === 'string' && plan.success
      ? [{ id: p.id, name: p.name, plan: plan.data }]
      : [];
  });
}

/** Reads stored plans; anything unreadable is skipped rather than failing the page. */
export function loadPlans(storage: PlanStorage | undefined): UserPlan[] {
  try {
    const raw = storage?.getItem(PLANS_STORAGE_KEY);
    return raw ? parsePlans(JSON.parse(raw)) : [];
  } catch {
    return [];
  }
}

/** Writes plans; a full or blocked storage is ignored (the plans stay for this session). */
export function savePlans(storage: PlanStorage | undefined, plans: readonly UserPlan[]): void {
  try {
    storage?.setItem(PLANS_STORAGE_KEY, JSON.stringify(plans));
  } catch {
    /* storage full or disabled: keep the plans in memory only */
  }
}

/** Starting points for a new plan. */
export type PlanTemplate = 'optimum' | 'mining' | 'convert-50' | 'all-in';

/**
 * A plan from a template: a copy of the optimum; stay mining (no builds); convert 50 MW of the
 * first offer one quarter in; or all-in HPC (each offer up to its cap and the eligible MW, at its
 * earliest start).
 */
export function planFromTemplate(
  template: PlanTemplate,
  scenario: ScenarioInput,
  optimum?: Plan,
): Plan {
  const first = offersOf(scenario)[0];
  switch (template) {
    case 'optimum':
      return structuredClone(optimum ?? { builds: [], refreshes: [] });
    case 'mining':
      return { builds: [], refreshes: [] };
    case 'convert-50':
      return {
        builds: first
          ? [
              {
                optionId: first.id,
                siteId: siteOfOffer(scenario, first.id),
                month: addMonths(scenario.startMonth, 3),
                mw: Math.min(50, first.maxMW),
              },
            ]
          : [],
        refreshes: [],
      };
    case 'all-in': {
      // Each site converts what it may (its eligible MW, each offer up to its cap); a portfolio's
      // rows name their site.
      const builds = sitePaths(scenario).flatMap((_, k) => {
        const one = siteScenario(scenario, k);
        const siteId = sitesOf(scenario)?.[k].id;
        let left = one.site.hpcEligibleMW;
        return one.hpcOptions.flatMap((o) => {
          const mw = Math.min(o.maxMW, left);
          left -= mw;
          const month =
            o.earliestStartMonth && o.earliestStartMonth > scenario.startMonth
              ? o.earliestStartMonth
              : scenario.startMonth;
          return mw > 0 ? [{ optionId: o.id, ...(siteId ? { siteId } : {}), month, mw }] : [];
        });
      });
      return { builds, refreshes: [] };
    }
  }
}

/** The user's plans, saved on every change. */
export function createPlansStore(storage: PlanStorage | undefined = globalThis.localStorage) {
  const [plans, setPlans] = createSignal<readonly UserPlan[]>(loadPlans(storage));
  // Not deferred: a change made in the same tick as the store is created must be saved too.
  createEffect(on(plans, (p) => savePlans(storage, p)));
  return {
    plans,
    add(name: string, plan: Plan): string {
      const id = `plan-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
      setPlans((p) => [...p, { id, name, plan }]);
      return id;
    },
    update(id: string, patch: Partial<Omit<UserPlan, 'id'>>) {
      setPlans((p) => p.map((x) => (x.id === id ? { ...x, ...patch } : x)));
    },
    remove(id: string) {
      setPlans((p) => p.filter((x) => x.id !== id));
    },
    /** Adds plans from a shared link, keeping the ones already here (same id) as they are. */
    merge(incoming: readonly UserPlan[]) {
      setPlans((p) => [...p, ...incoming.filter((x) => !p.some((y) => y.id === x.id))]);
    },
  };
}

/** The plans store's interface. */
export type PlansStore = ReturnType<typeof createPlansStore>;

/** One plan's evaluation: an answer or an error, for the inputs it was asked with. */
export type Evaluation =
  | { readonly state: 'ok'; readonly result: SolveResult; readonly key: string }
  | { readonly state: 'error'; readonly error: ApiRequestError; readonly key: string };

/** Cache key of one evaluation. */
function evalKey(scenarioKey: string, plan: Plan): string {
  return `${scenarioKey}|${JSON.stringify(plan)}`;
}

/**
 * Evaluates every user plan against the scenario on screen with `evaluate` (the app's solves), while
 * `active` (the comparison is on screen): plans one after another, unchanged ones from a cache.
 */
export function createEvaluations(
  evaluate: Solves['evaluate'],
  scenario: Accessor<ScenarioInput | undefined>,
  scenarioKey: Accessor<string>,
  plans: Accessor<readonly UserPlan[]>,
  active: Accessor<boolean>,
) {
  const cache = new Map<string, Evaluation>();
  let shown: ReadonlyMap<string, Evaluation> = new Map();
  // One request per change of the inputs or the plans (the latest only, with a cache), plans one
  // after another; a plan unchanged since its last evaluation comes from `cache`, and evaluations
  // show as they arrive.
  const run = createLatest<
    { key: string; s: ScenarioInput; scenarioKey: string; plans: readonly UserPlan[] },
    ReadonlyMap<string, Evaluation>
  >(
    () => {
      const s = scenario();
      const key = scenarioKey();
      return s && key
        ? {
            key: `${key}|${JSON.stringify(plans().map((p) => [p.id, p.plan]))}`,
            s,
            scenarioKey: key,
            plans: plans(),
          }
        : undefined;
    },
    async ({ s, scenarioKey: key, plans: list }, signal, report) => {
      // Start from what is on screen, so plans not reached yet keep their last (now stale)
      // evaluation.
      const out = new Map<string, Evaluation>(shown);
      for (const p of list) {
        const k = evalKey(key, p.plan);
        let ev = cache.get(k);
        if (!ev) {
          try {
            ev = { state: 'ok', result: await evaluate(s, p.plan, signal), key: k };
          } catch (e) {
            if (signal.aborted) throw e;
            ev = { state: 'error', error: toApiError(e), key: k };
          }
          if (cache.size > 200) cache.clear();
          cache.set(k, ev);
        }
        out.set(p.id, ev);
        shown = new Map(out);
        report(shown);
      }
      shown = new Map(list.map((p) => [p.id, out.get(p.id)!]));
      return shown;
    },
    { debounceMs: 150, maxWaitMs: 600, paused: () => !active() },
  );
  const results = () => run.value() ?? new Map<string, Evaluation>();
  const busy = run.loading;

  return {
    results,
    busy,
    /** The evaluation of plan `id` if it is for the inputs on screen and the plan as it stands. */
    get(id: string): Evaluation | undefined {
      const p = plans().find((x) => x.id === id);
      const ev = results().get(id);
      return p && ev && ev.key === evalKey(scenarioKey(), p.plan) ? ev : undefined;
    },
  };
}
