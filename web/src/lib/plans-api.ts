/** @module plans-api — the browser's client for saved plans on the server: save, list, open, rename, delete. */
import type { PlanSummary, SavedPlan } from '../../../api/plans/schema';
import type { Plan, ScenarioInput } from '../../../model/schema';
import { call, client } from './api';

export type { PlanSummary, SavedPlan };

/** `GET /api/plans`: summaries of every saved plan, most recently saved first. */
export function listSavedPlans(signal?: AbortSignal): Promise<PlanSummary[]> {
  return call(() => client.api.plans.$get(undefined, { init: { signal } }));
}

/** `POST /api/plans`: solves (optimises without `plan`, evaluates with it) and stores; answers the saved plan. */
export function createSavedPlan(body: { name: string; scenario: ScenarioInput; plan?: Plan }, signal?: AbortSignal): Promise<SavedPlan> {
  return call(() => client.api.plans.$post({ json: body }, { init: { signal } }));
}

/** `GET /api/plans/:id`: the plan with its scenario and stored answer. */
export function getSavedPlan(id: string, signal?: AbortSignal): Promise<SavedPlan> {
  return call(() => client.api.plans[':id'].$get({ param: { id } }, { init: { signal } }));
}

/** `PUT /api/plans/:id` with a new name only: the stored answer is kept. */
export function renameSavedPlan(id: string, name: string, signal?: AbortSignal): Promise<SavedPlan> {
  return call(() => client.api.plans[':id'].$put({ param: { id }, json: { name } }, { init: { signal } }));
}

/** `DELETE /api/plans/:id` (204). */
export async function deleteSavedPlan(id: string, signal?: AbortSignal): Promise<void> {
  await call(() => client.api.plans[':id'].$delete({ param: { id } }, { init: { signal } }));
}
