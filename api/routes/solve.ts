/**
 * @module routes/solve — POST /api/optimize and /api/evaluate: validate, run off the event loop,
 * answer.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import {
  EvaluateRequestSchema,
  REQUESTS,
  ScenarioSchema,
  SolveResultSchema,
  planError,
  type SolveResult,
} from '../../model';
import { admission } from '../admission';
import { engineErrorResponse } from '../errors';
import { documented, errorResponses, jsonBodyOf, jsonResponse } from '../openapi';
import type { SolveRunner } from '../runner';
import { requestBody } from '../validate';

const ANSWER =
  'The answer, HTTP 200 whatever its `status`: `optimal`; `infeasible` ' +
  'with a `diagnosis` naming what cannot be met, when and by how much; ' +
  '`timedout` when the solve time limit stopped it; `error` when the ' +
  'solver failed.';

export const optimizeRoute = createRoute({
  method: 'post',
  path: '/optimize',
  operationId: 'optimize',
  tags: ['solve'],
  summary: 'Optimise a scenario',
  description:
    'The capital plan (builds, ASIC refreshes) and the month-by-month operations that maximise ' +
    'the NPV under `valuation.method`: firm value by default (the unlevered flows at the ' +
    'discount rate, plus the assets after the horizon), equity value when asked for.',
  request: jsonBodyOf(ScenarioSchema, 'a scenario'),
  responses: { 200: jsonResponse(SolveResultSchema, ANSWER), ...errorResponses(400, 413, 503) },
});

export const evaluateRoute = createRoute({
  method: 'post',
  path: '/evaluate',
  operationId: 'evaluate',
  tags: ['solve'],
  summary: 'Evaluate a fixed capital plan',
  description:
    'The plan is fixed; mining, debt and distributions are still optimised. ' +
    'A plan naming an unknown offer or a month outside the horizon is a 400 ' +
    '(`invalid_plan`); one over a cap is an `infeasible` answer.',
  request: jsonBodyOf(EvaluateRequestSchema, '{ scenario, plan }'),
  responses: { 200: jsonResponse(SolveResultSchema, ANSWER), ...errorResponses(400, 413, 503) },
});

/**
 * A 200 whose body is `text`, JSON already written, typed as `c.json` of a `T` would be (for the
 * typed client).
 */
function jsonText<T>(c: Context, text: string) {
  return c.body(text, 200, { 'content-type': 'application/json' }) as unknown as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>;
}

/**
 * Refuses a solve before its body is read when the runner's queue is full (see api/admission.ts).
 */
export function solveAdmission(runner: SolveRunner) {
  return admission(() => runner.stats(), 'every solver is busy');
}

/** The solve routes over a runner. */
export function solveRoutes(runner: SolveRunner) {
  const admit = solveAdmission(runner);
  return documented(new OpenAPIHono(), optimizeRoute, evaluateRoute)
    .post('/optimize', admit, requestBody(REQUESTS.optimize), async (c) => {
      const scenario = c.req.valid('json');
      if (runner.optimizeJson) return jsonText<SolveResult>(c, await runner.optimizeJson(scenario));
      return c.json(await runner.optimize(scenario), 200);
    })
    .post('/evaluate', admit, requestBody(REQUESTS.evaluate), async (c) => {
      const { scenario, plan } = c.req.valid('json');
      const misfit = planError(scenario, plan);
      if (misfit) return engineErrorResponse(c, misfit);
      if (runner.evaluateJson)
        return jsonText<SolveResult>(c, await runner.evaluateJson(scenario, plan));
      return c.json(await runner.evaluate(scenario, plan), 200);
    });
}
