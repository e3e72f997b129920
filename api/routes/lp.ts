/** @module routes/lp — POST /api/lp: the scenario's model in CPLEX LP format ($M and MW). */
import { Hono } from 'hono';
import { ScenarioSchema, buildModel, toLpText } from '../../model';
import { errorResponse, readJson, zodIssues } from '../errors';

/** The LP export route. Its optimal objective equals the optimum's `npvUsd` / 1e6. */
export function lpRoutes() {
  const app = new Hono();
  app.post('/lp', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = ScenarioSchema.safeParse(body.value);
    if (!parsed.success) return errorResponse(c, 400, 'invalid_scenario', 'the scenario is not valid', zodIssues(parsed.error));
    const text = toLpText(buildModel(parsed.data).lp);
    return c.text(text, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
  });
  return app;
}
