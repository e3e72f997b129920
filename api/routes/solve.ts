/** @module routes/solve — POST /api/optimize and /api/evaluate: validate, run off the event loop, answer. */
import { Hono } from 'hono';
import { EvaluateRequestSchema, ScenarioSchema, planIssues } from '../../model';
import { errorResponse, readJson, zodIssues } from '../errors';
import { PoolFullError } from '../pool';
import type { SolveRunner } from '../runner';

/** Seconds a client should wait before retrying when every solver is busy. */
export const RETRY_AFTER_SECONDS = 2;

/** The solve routes over a runner. */
export function solveRoutes(runner: SolveRunner) {
  const app = new Hono();
  const busy = (c: Parameters<typeof errorResponse>[0], e: unknown) => {
    if (!(e instanceof PoolFullError)) throw e;
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return errorResponse(c, 503, 'busy', `every solver is busy (${e.message}); retry in ${RETRY_AFTER_SECONDS} s`);
  };

  app.post('/optimize', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = ScenarioSchema.safeParse(body.value);
    if (!parsed.success) return errorResponse(c, 400, 'invalid_scenario', 'the scenario is not valid', zodIssues(parsed.error));
    try {
      return c.json(await runner.optimize(parsed.data));
    } catch (e) {
      return busy(c, e);
    }
  });

  app.post('/evaluate', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = EvaluateRequestSchema.safeParse(body.value);
    if (!parsed.success) return errorResponse(c, 400, 'invalid_request', 'the request is not valid: expected { scenario, plan }', zodIssues(parsed.error));
    const { scenario, plan } = parsed.data;
    const issues = planIssues(scenario, plan);
    if (issues.length) return errorResponse(c, 400, 'invalid_plan', 'the plan does not fit the scenario', issues);
    try {
      return c.json(await runner.evaluate(scenario, plan));
    } catch (e) {
      return busy(c, e);
    }
  });
  return app;
}
