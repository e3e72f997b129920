/**
 * @module routes/plans — saved plans: create (solving it), list, read, rename or update
 * (re-solving), delete.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { planError, type Plan, type Scenario } from '../../model';
import { engineErrorResponse, errorResponse } from '../errors';
import { documented, errorResponses, jsonBodyOf, jsonResponse, named } from '../openapi';
import type { PlanRepository } from '../plans/repository';
import {
  CreatePlanRequestSchema,
  PlanIdSchema,
  PlanListQuerySchema,
  PlanSummarySchema,
  SavedPlanSchema,
  UpdatePlanRequestSchema,
  type PlanSummary,
} from '../plans/schema';
import type { SolveRunner } from '../runner';
import { callerOf } from '../auth';
import { jsonBody, queryOf } from '../validate';
import { solveAdmission } from './solve';

named(SavedPlanSchema, 'SavedPlan');
named(PlanSummarySchema, 'PlanSummary');
named(CreatePlanRequestSchema, 'CreatePlanRequest');
named(UpdatePlanRequestSchema, 'UpdatePlanRequest');

const idParam = { params: z.object({ id: PlanIdSchema }) };

/** Header of a list page that is not the last: the `cursor` of the next page. */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

export const planListRoute = createRoute({
  method: 'get',
  path: '/plans',
  operationId: 'listPlans',
  tags: ['plans'],
  summary: 'List saved plans',
  description:
    'Summaries without the scenario and the answer, most recently saved ' +
    `first, \`limit\` at a time. When more follow, the ` +
    `\`${NEXT_CURSOR_HEADER}\` header carries the \`cursor\` of the next ` +
    'page; the last page has none.',
  request: { query: PlanListQuerySchema },
  responses: {
    200: {
      ...jsonResponse(z.array(PlanSummarySchema), 'a page of the saved plans'),
      headers: {
        [NEXT_CURSOR_HEADER]: {
          description: 'cursor of the next page; absent on the last page',
          schema: { type: 'string' },
        },
      },
    },
    ...errorResponses(400),
  },
});

/** A page's cursor: the last summary's time and id, as base64url JSON (opaque to clients). */
function encodeCursor(last: PlanSummary): string {
  return Buffer.from(JSON.stringify([last.savedAt, last.id])).toString('base64url');
}

/** The plan a cursor points after, or undefined when it is not one `encodeCursor` made. */
function decodeCursor(cursor: string): { savedAt: string; id: string } | undefined {
  try {
    const [savedAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    const ok =
      PlanSummarySchema.shape.savedAt.safeParse(savedAt).success &&
      PlanIdSchema.safeParse(id).success;
    return ok ? { savedAt: savedAt as string, id: id as string } : undefined;
  } catch {
    return undefined;
  }
}

export const planCreateRoute = createRoute({
  method: 'post',
  path: '/plans',
  operationId: 'createPlan',
  tags: ['plans'],
  summary: 'Save a plan',
  description:
    'Solves, then stores the plan with its answer: without `plan` the ' +
    'scenario is optimised, with it that plan is evaluated.',
  request: jsonBodyOf(CreatePlanRequestSchema, '{ name, scenario, plan? }'),
  responses: { 201: jsonResponse(SavedPlanSchema, 'saved'), ...errorResponses(400, 413, 503) },
});

export const planGetRoute = createRoute({
  method: 'get',
  path: '/plans/{id}',
  operationId: 'getPlan',
  tags: ['plans'],
  summary: 'A saved plan',
  request: idParam,
  responses: {
    200: jsonResponse(SavedPlanSchema, 'the plan, its scenario and its answer'),
    ...errorResponses(404),
  },
});

export const planUpdateRoute = createRoute({
  method: 'put',
  path: '/plans/{id}',
  operationId: 'updatePlan',
  tags: ['plans'],
  summary: 'Rename or update a saved plan',
  description:
    'Any of name, scenario, plan (`null`: optimise instead). A changed ' +
    'scenario or plan is solved again; a rename alone keeps the stored answer.',
  request: {
    ...idParam,
    ...jsonBodyOf(UpdatePlanRequestSchema, 'any of { name, scenario, plan }'),
  },
  responses: { 200: jsonResponse(SavedPlanSchema, 'saved'), ...errorResponses(400, 404, 413, 503) },
});

export const planDeleteRoute = createRoute({
  method: 'delete',
  path: '/plans/{id}',
  operationId: 'deletePlan',
  tags: ['plans'],
  summary: 'Delete a saved plan',
  request: idParam,
  responses: { 204: { description: 'deleted' }, ...errorResponses(404) },
});

/**
 * The saved-plan routes. A plan is stored with its answer, solved through the app's runner:
 * optimised when no capital plan is given, evaluated when one is. A solve refused for lack of
 * solvers (503) stores nothing.
 */
export function planRoutes(plans: PlanRepository, runner: SolveRunner) {
  const solve = (scenario: Scenario, plan: Plan | null) =>
    plan ? runner.evaluate(scenario, plan) : runner.optimize(scenario);
  const notFound = (c: Context, id: string) =>
    errorResponse(c, 404, 'not_found', `no saved plan "${id.slice(0, 100)}"`, [
      { path: 'id', message: 'no saved plan has this id' },
    ]);
  const misfit = (c: Context, plan: Plan | null, scenario: Scenario) => {
    const misfit = plan ? planError(scenario, plan) : undefined;
    return misfit ? engineErrorResponse(c, misfit) : null;
  };

  return documented(
    new OpenAPIHono(),
    planListRoute,
    planCreateRoute,
    planGetRoute,
    planUpdateRoute,
    planDeleteRoute,
  )
    .get('/plans', async (c) => {
      const query = queryOf(c, PlanListQuerySchema);
      if (!query.ok) return query.response;
      const { limit, cursor, owner } = query.value;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && !after)
        return errorResponse(c, 400, 'invalid_query', 'the query string is not valid', [
          { path: 'cursor', message: `not a cursor from the ${NEXT_CURSOR_HEADER} header` },
        ]);
      // One more than asked for tells whether another page follows.
      const rows = await plans.list({ limit: limit + 1, after, owner });
      const page = rows.slice(0, limit);
      if (rows.length > limit) c.header(NEXT_CURSOR_HEADER, encodeCursor(page[page.length - 1]));
      return c.json(page, 200);
    })
    .post(
      '/plans',
      solveAdmission(runner),
      jsonBody(
        CreatePlanRequestSchema,
        'invalid_request',
        'the request is not valid: expected { name, scenario, plan? }',
      ),
      async (c) => {
        const { name, scenario, plan = null } = c.req.valid('json');
        const bad = misfit(c, plan, scenario);
        if (bad) return bad;
        const answer = await solve(scenario, plan);
        const savedBy = callerOf(c)?.name ?? null;
        return c.json(await plans.create({ name, scenario, plan, answer, savedBy }), 201);
      },
    )
    .get('/plans/:id', async (c) => {
      const saved = await plans.get(c.req.param('id'));
      return saved ? c.json(saved, 200) : notFound(c, c.req.param('id'));
    })
    .put(
      '/plans/:id',
      jsonBody(
        UpdatePlanRequestSchema,
        'invalid_request',
        'the request is not valid: expected any of { name, scenario, plan }',
      ),
      async (c) => {
        const id = c.req.param('id');
        const body = c.req.valid('json');
        const stored = await plans.get(id);
        if (!stored) return notFound(c, id);
        const scenario = body.scenario ?? stored.scenario;
        const plan = body.plan === undefined ? stored.plan : body.plan;
        const name = {
          ...(body.name === undefined ? {} : { name: body.name }),
          savedBy: callerOf(c)?.name ?? null,
        };
        // Both sides are zod output, so equal inputs serialise equally; a rename alone keeps the
        // stored answer.
        const same =
          JSON.stringify(scenario) === JSON.stringify(stored.scenario) &&
          JSON.stringify(plan) === JSON.stringify(stored.plan);
        const renamed = same ? await plans.update(id, name) : undefined;
        if (same) return renamed ? c.json(renamed, 200) : notFound(c, id);
        const bad = misfit(c, plan, scenario);
        if (bad) return bad;
        const answer = await solve(scenario, plan);
        const updated = await plans.update(id, { ...name, scenario, plan, answer });
        return updated ? c.json(updated, 200) : notFound(c, id);
      },
    )
    .delete('/plans/:id', async (c) => {
      const id = c.req.param('id');
      return (await plans.delete(id)) ? c.body(null, 204) : notFound(c, id);
    });
}
