/** @module routes/solve — POST /api/optimize and /api/evaluate: validate, run off the event loop, answer. */
import { Hono, type Context } from 'hono';
import { EvaluateRequestSchema, ScenarioSchema, planIssues, type SolveResult } from '../../model';
import { errorResponse, readJson, zodIssues } from '../errors';
import { PoolFullError } from '../pool';
import type { SolveRunner } from '../runner';

/** Seconds a client should wait before retrying when every solver is busy. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * Runs a solve; when every solver is busy and the queue is full, returns the 503 (with Retry-After) to send
 * instead. Any other failure propagates to the app's error handler.
 */
export async function solveOrBusy(c: Context, run: () => Promise<SolveResult>): Promise<{ ok: true; value: SolveResult } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (!(e instanceof PoolFullError)) throw e;
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return { ok: false, response: errorResponse(c, 503, 'busy', `every solver is busy (${e.message}); retry in ${RETRY_AFTER_SECONDS} s`) };
  }
}

/** The solve routes over a runner. */
export function solveRoutes(runner: SolveRunner) {
  const app = new Hono();

  app.post('/optimize', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = ScenarioSchema.safeParse(body.value);
    if (!parsed.success) return errorResponse(c, 400, 'invalid_scenario', 'the scenario is not valid', zodIssues(parsed.error));
    const answer = await solveOrBusy(c, () => runner.optimize(parsed.data));
    return answer.ok ? c.json(answer.value) : answer.response;
  });

  app.post('/evaluate', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = EvaluateRequestSchema.safeParse(body.value);
    if (!parsed.success) return errorResponse(c, 400, 'invalid_request', 'the request is not valid: expected { scenario, plan }', zodIssues(parsed.error));
    const { scenario, plan } = parsed.data;
    const issues = planIssues(scenario, plan);
    if (issues.length) return errorResponse(c, 400, 'invalid_plan', 'the plan does not fit the scenario', issues);
    const answer = await solveOrBusy(c, () => runner.evaluate(scenario, plan));
    return answer.ok ? c.json(answer.value) : answer.response;
  });
  return app;
}
