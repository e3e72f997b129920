/**
 * @module plans-api — the browser's client for saved plans on the server: save, list, open, rename,
 * delete.
 */
import type { PlanHistory, PlanSummary, SavedPlan } from '../../../api/plans/schema';
import type { Plan, ScenarioInput } from '../../../model/schema';
import { call, client } from './api';

export type { PlanHistory, PlanSummary, SavedPlan };

// The API's NEXT_CURSOR_HEADER and PLAN_PAGE.maxLimit (api/routes/plans.ts, api/plans/schema.ts;
// web/ takes only the client's types from api/). test/web/saved-plans.browser.test.ts pages through
// the real server with them.
const NEXT_CURSOR = 'X-Next-Cursor';
const PAGE = 500;

/**
 * `GET /api/plans`: summaries of every saved plan, most recently saved first — page after page,
 * each asked for with the previous page's `X-Next-Cursor` until a page comes without one.
 */
export async function listSavedPlans(signal?: AbortSignal): Promise<PlanSummary[]> {
  const out: PlanSummary[] = [];
  let cursor: string | undefined;
  do {
    let next: string | null = null;
    const query = { limit: String(PAGE), ...(cursor === undefined ? {} : { cursor }) };
    const page = await call<PlanSummary[]>(async () => {
      // The route reads its query itself (no typed validator), so the client's type has no `query`.
      const res = await client.api.plans.$get({ query } as never, { init: { signal } });
      next = res.headers.get(NEXT_CURSOR);
      return res;
    });
    out.push(...page);
    cursor = next ?? undefined;
  } while (cursor !== undefined);
  return out;
}

/**
 * `POST /api/plans`: solves (optimises without `plan`, evaluates with it) and stores; answers the
 * saved plan.
 */
export function createSavedPlan(
  body: { name: string; scenario: ScenarioInput; plan?: Plan },
  signal?: AbortSignal,
): Promise<SavedPlan> {
  return call(() => client.api.plans.$post({ json: body }, { init: { signal } }));
}

/** `GET /api/plans/:id`: the plan with its scenario and stored answer. */
export function getSavedPlan(id: string, signal?: AbortSignal): Promise<SavedPlan> {
  return call(() => client.api.plans[':id'].$get({ param: { id } }, { init: { signal } }));
}

/** The `If-Match` header naming a plan's version (its ETag, api/routes/plans.ts). */
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/**
 * `PUT /api/plans/:id` with a new name only: the stored answer is kept. Only if the plan is still
 * at `version`: otherwise the server answers 412 (`precondition_failed`) and nothing is written.
 */
export function renameSavedPlan(
  id: string,
  name: string,
  version: number,
  signal?: AbortSignal,
): Promise<SavedPlan> {
  return call(() =>
    client.api.plans[':id'].$put(
      { param: { id }, json: { name } },
      { init: { signal }, headers: ifMatch(version) },
    ),
  );
}

/** `DELETE /api/plans/:id` (204), only if the plan is still at `version` (412 otherwise). */
export async function deleteSavedPlan(
  id: string,
  version: number,
  signal?: AbortSignal,
): Promise<void> {
  await call(() =>
    client.api.plans[':id'].$delete(
      { param: { id } },
      { init: { signal }, headers: ifMatch(version) },
    ),
  );
}

/**
 * `PUT /api/plans/:id` with a new scenario (solved again): the plan's next version. Only if the
 * plan is still at `version` (412 otherwise).
 */
export function saveNewVersion(
  id: string,
  scenario: ScenarioInput,
  version: number,
  signal?: AbortSignal,
): Promise<SavedPlan> {
  return call(() =>
    client.api.plans[':id'].$put(
      { param: { id }, json: { scenario } },
      { init: { signal }, headers: ifMatch(version) },
    ),
  );
}

/** `GET /api/plans/:id/versions`: every version kept, newest first, with what each changed. */
export function listPlanVersions(id: string, signal?: AbortSignal): Promise<PlanHistory> {
  return call(() => client.api.plans[':id'].versions.$get({ param: { id } }, { init: { signal } }));
}

/** `GET /api/plans/:id/versions/:version`: that version whole, as it was saved. */
export function getPlanVersion(
  id: string,
  version: number,
  signal?: AbortSignal,
): Promise<SavedPlan> {
  return call(() =>
    client.api.plans[':id'].versions[':version'].$get(
      { param: { id, version: String(version) } },
      { init: { signal } },
    ),
  );
}
