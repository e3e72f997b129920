/**
 * @module routes/plans — saved plans: create (solving it), list, read, rename or update
 * (re-solving), delete.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { planError, type Plan, type Scenario } from '../../model';
import { engineErrorResponse, errorResponse } from '../errors';
import { documented, errorResponses, jsonBodyOf, jsonResponse, named } from '../openapi';
import { StaleVersionError, type PlanRepository } from '../plans/repository';
import {
  type SavedPlan,
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

/** The `If-Match` request header of a write, as documented. */
const ifMatchHeader = {
  headers: z.object({
    'if-match': z
      .string()
      .optional()
      .describe(
        'the plan\'s ETag as last read (`"3"`), or `*` for whatever version is stored when the ' +
          'request arrives; required (428 without)',
      ),
  }),
};

/** The `ETag` header of an answer that carries a saved plan. */
const etagHeader = {
  ETag: { description: 'the version of the saved plan, quoted: `"3"`', schema: { type: 'string' } },
} as const;

/** A saved plan's ETag: its version, quoted (a strong validator). */
export const etagOf = (version: number) => `"${version}"`;

/**
 * Whether an `If-Match` value names `version`: `*`, or a list of quoted entity tags one of which is
 * `"<version>"` (strong comparison: a weak `W/"3"` never matches, nor does anything unquoted).
 */
export function ifMatches(header: string, version: number): boolean {
  if (header.trim() === '*') return true;
  const tags = header.split(',').map((t) => t.trim());
  return tags.includes(etagOf(version));
}

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
  responses: {
    201: { ...jsonResponse(SavedPlanSchema, 'saved, at version 1'), headers: etagHeader },
    ...errorResponses(400, 413, 503),
  },
});

export const planGetRoute = createRoute({
  method: 'get',
  path: '/plans/{id}',
  operationId: 'getPlan',
  tags: ['plans'],
  summary: 'A saved plan',
  request: idParam,
  responses: {
    200: {
      ...jsonResponse(SavedPlanSchema, 'the plan, its scenario and its answer'),
      headers: etagHeader,
    },
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
    'scenario or plan is solved again; a rename alone keeps the stored answer. ' +
    'Only the fields sent are written, in one transaction with the check that the ' +
    'plan is still at the version `If-Match` names (412 when another write came first).',
  request: {
    ...idParam,
    ...ifMatchHeader,
    ...jsonBodyOf(UpdatePlanRequestSchema, 'any of { name, scenario, plan }'),
  },
  responses: {
    200: { ...jsonResponse(SavedPlanSchema, 'saved, one version up'), headers: etagHeader },
    ...errorResponses(400, 404, 412, 413, 428, 503),
  },
});

export const planDeleteRoute = createRoute({
  method: 'delete',
  path: '/plans/{id}',
  operationId: 'deletePlan',
  tags: ['plans'],
  summary: 'Delete a saved plan',
  description: 'Only if the plan is still at the version `If-Match` names (412 otherwise).',
  request: { ...idParam, ...ifMatchHeader },
  responses: { 204: { description: 'deleted' }, ...errorResponses(404, 412, 428) },
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
  const withTag = <S extends 200 | 201>(c: Context, saved: SavedPlan, status: S) => {
    c.header('ETag', etagOf(saved.version));
    return c.json(saved, status);
  };
  /**
   * The version a write may go to: the one `If-Match` names if the plan is at it (`*`: the one
   * stored); else the 428 (no If-Match) or 412 (another version) to answer.
   */
  const precondition = (c: Context, stored: SavedPlan) => {
    const header = c.req.header('if-match');
    if (header === undefined)
      return {
        ok: false as const,
        response: errorResponse(
          c,
          428,
          'precondition_required',
          "send If-Match with the plan's ETag as last read (or * to write whatever is stored)",
          [{ path: 'if-match', message: 'required' }],
        ),
      };
    if (ifMatches(header, stored.version)) return { ok: true as const, version: stored.version };
    return { ok: false as const, response: stale(c, stored.version) };
  };
  const stale = (c: Context, current: number) => {
    c.header('ETag', etagOf(current));
    return errorResponse(
      c,
      412,
      'precondition_failed',
      `the plan has changed: it is at version ${current}; reload it, or send If-Match: ` +
        `${etagOf(current)} to overwrite it`,
      [{ path: 'if-match', message: `the plan is at version ${current}` }],
    );
  };
  /** The write, or the 412 when another one reached the store first. */
  const written = async (c: Context, write: () => Promise<SavedPlan | boolean | undefined>) => {
    try {
      return { ok: true as const, value: await write() };
    } catch (e) {
      if (e instanceof StaleVersionError)
        return { ok: false as const, response: stale(c, e.current) };
      throw e;
    }
  };
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
        return withTag(c, await plans.create({ name, scenario, plan, answer, savedBy }), 201);
      },
    )
    .get('/plans/:id', async (c) => {
      const saved = await plans.get(c.req.param('id'));
      return saved ? withTag(c, saved, 200) : notFound(c, c.req.param('id'));
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
        // Only the fields sent are written (and the answer when it is solved again); the others
        // are those of the version checked, which the write requires to be still stored.
        const given = {
          ...(body.name !== undefined && { name: body.name }),
          ...(body.scenario !== undefined && { scenario }),
          ...(body.plan !== undefined && { plan }),
          savedBy: callerOf(c)?.name ?? null,
        };
        // Both sides are zod output, so equal inputs serialise equally; a rename alone keeps the
        // stored answer.
        const same =
          JSON.stringify(scenario) === JSON.stringify(stored.scenario) &&
          JSON.stringify(plan) === JSON.stringify(stored.plan);
        if (!same) {
          const bad = misfit(c, plan, scenario);
          if (bad) return bad;
        }
        // A body at fault is a 400 whatever the version; then the version, before any solve.
        const pre = precondition(c, stored);
        if (!pre.ok) return pre.response;
        const fields = same ? given : { ...given, answer: await solve(scenario, plan) };
        const out = await written(c, () => plans.update(id, fields, pre.version));
        if (!out.ok) return out.response;
        return out.value ? withTag(c, out.value as SavedPlan, 200) : notFound(c, id);
      },
    )
    .delete('/plans/:id', async (c) => {
      const id = c.req.param('id');
      const stored = await plans.get(id);
      if (!stored) return notFound(c, id);
      const pre = precondition(c, stored);
      if (!pre.ok) return pre.response;
      const out = await written(c, () => plans.delete(id, pre.version));
      if (!out.ok) return out.response;
      return out.value ? c.body(null, 204) : notFound(c, id);
    });
}
