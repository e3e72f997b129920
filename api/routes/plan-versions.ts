/**
 * @module routes/plan-versions — a saved plan's history: every version with who saved it, when,
 * what it changed and its NPV; and one version whole, to compare two side by side.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { errorResponse } from '../errors';
import { documented, errorResponses, jsonResponse, named } from '../openapi';
import { planChanges } from '../plans/changes';
import type { PlanRepository } from '../plans/repository';
import {
  PlanHistorySchema,
  PlanIdSchema,
  PlanVersionSchema,
  PlanVersionSummarySchema,
  SavedPlanSchema,
} from '../plans/schema';

named(PlanHistorySchema, 'PlanHistory');
named(PlanVersionSummarySchema, 'PlanVersionSummary');

export const planVersionsRoute = createRoute({
  method: 'get',
  path: '/plans/{id}/versions',
  operationId: 'listPlanVersions',
  tags: ['plans'],
  summary: "A saved plan's versions: who, when, what changed, the NPV",
  description:
    'Every version kept, newest first (each write keeps one; a plan saved before ' +
    'the history existed starts with the version it had then). `changes` lists the ' +
    'fields a version changed from the one before, by path (`scenario.site.energyUsdPerMWh`, ' +
    '`name`, `plan`), with both values as stored and the unit of a number.',
  request: { params: z.object({ id: PlanIdSchema }) },
  responses: {
    200: jsonResponse(PlanHistorySchema, 'the versions, newest first'),
    ...errorResponses(404),
  },
});

export const planVersionGetRoute = createRoute({
  method: 'get',
  path: '/plans/{id}/versions/{version}',
  operationId: 'getPlanVersion',
  tags: ['plans'],
  summary: 'One version of a saved plan, whole, as it was saved',
  request: {
    params: z.object({ id: PlanIdSchema, version: z.coerce.number().pipe(PlanVersionSchema) }),
  },
  responses: {
    200: jsonResponse(SavedPlanSchema, 'the version: its name, scenario, plan and answer'),
    ...errorResponses(404),
  },
});

/** The history routes over the plan repository. */
export function planVersionRoutes(plans: PlanRepository) {
  return documented(new OpenAPIHono(), planVersionsRoute, planVersionGetRoute)
    .get('/plans/:id/versions', async (c) => {
      const id = c.req.param('id');
      const kept = await plans.versions(id);
      if (!kept)
        return errorResponse(c, 404, 'not_found', `no saved plan "${id.slice(0, 100)}"`, [
          { path: 'id', message: 'no saved plan has this id' },
        ]);
      const versions = kept.map((v, i) => ({
        version: v.version,
        name: v.name,
        savedAt: v.savedAt,
        ...(v.savedBy !== undefined && { savedBy: v.savedBy }),
        evaluated: v.plan !== null,
        status: v.status,
        npvUsd: v.npvUsd,
        // Newest first: the version before this one is the next in the list.
        changes: kept[i + 1] ? planChanges(kept[i + 1], v) : [],
      }));
      return c.json({ id, versions }, 200);
    })
    .get('/plans/:id/versions/:version', async (c) => {
      const id = c.req.param('id');
      const n = Number(c.req.param('version'));
      const found = Number.isInteger(n) && n >= 1 ? await plans.version(id, n) : undefined;
      if (!found)
        return errorResponse(
          c,
          404,
          'not_found',
          `no version ${c.req.param('version')} of "${id.slice(0, 100)}"`,
          [{ path: 'version', message: 'the plan has no such version' }],
        );
      return c.json(found, 200);
    });
}
