/** @module routes/plans — saved plans: create (solving it), list, read, rename or update (re-solving), delete. */
import { Hono, type Context } from 'hono';
import { planIssues, type Plan, type Scenario } from '../../model';
import { errorResponse } from '../errors';
import type { PlanRepository } from '../plans/repository';
import { CreatePlanRequestSchema, UpdatePlanRequestSchema } from '../plans/schema';
import type { SolveRunner } from '../runner';
import { jsonBody } from '../validate';
import { solveOrBusy } from './solve';

/**
 * The saved-plan routes. A plan is stored with its answer, solved through the app's runner: optimised when no
 * capital plan is given, evaluated when one is. A solve refused for lack of solvers (503) stores nothing.
 */
export function planRoutes(plans: PlanRepository, runner: SolveRunner) {
  const app = new Hono();
  const solve = (scenario: Scenario, plan: Plan | null) => (plan ? runner.evaluate(scenario, plan) : runner.optimize(scenario));
  const notFound = (c: Context, id: string) =>
    errorResponse(c, 404, 'not_found', `no saved plan "${id.slice(0, 100)}"`, [{ path: 'id', message: 'no saved plan has this id' }]);
  const misfit = (c: Context, plan: Plan | null, scenario: Scenario) => {
    const issues = plan ? planIssues(scenario, plan) : [];
    return issues.length ? errorResponse(c, 400, 'invalid_plan', 'the plan does not fit the scenario', issues) : null;
  };

  app.get('/plans', async (c) => c.json(await plans.list()));

  app.post('/plans', jsonBody(CreatePlanRequestSchema, 'invalid_request', 'the request is not valid: expected { name, scenario, plan? }'), async (c) => {
    const { name, scenario, plan = null } = c.req.valid('json');
    const bad = misfit(c, plan, scenario);
    if (bad) return bad;
    const answer = await solveOrBusy(c, () => solve(scenario, plan));
    if (!answer.ok) return answer.response;
    return c.json(await plans.create({ name, scenario, plan, answer: answer.value }), 201);
  });

  app.get('/plans/:id', async (c) => {
    const saved = await plans.get(c.req.param('id'));
    return saved ? c.json(saved) : notFound(c, c.req.param('id'));
  });

  app.put('/plans/:id', jsonBody(UpdatePlanRequestSchema, 'invalid_request', 'the request is not valid: expected any of { name, scenario, plan }'), async (c) => {
    const id = c.req.param('id');
    const body = c.req.valid('json');
    const stored = await plans.get(id);
    if (!stored) return notFound(c, id);
    const scenario = body.scenario ?? stored.scenario;
    const plan = body.plan === undefined ? stored.plan : body.plan;
    const name = body.name === undefined ? {} : { name: body.name };
    // Both sides are zod output, so equal inputs serialise equally; a rename alone keeps the stored answer.
    const same = JSON.stringify(scenario) === JSON.stringify(stored.scenario) && JSON.stringify(plan) === JSON.stringify(stored.plan);
    const saved = same ? await plans.update(id, name) : undefined;
    if (same) return saved ? c.json(saved) : notFound(c, id);
    const bad = misfit(c, plan, scenario);
    if (bad) return bad;
    const answer = await solveOrBusy(c, () => solve(scenario, plan));
    if (!answer.ok) return answer.response;
    const updated = await plans.update(id, { ...name, scenario, plan, answer: answer.value });
    return updated ? c.json(updated) : notFound(c, id);
  });

  app.delete('/plans/:id', async (c) => {
    const id = c.req.param('id');
    return (await plans.delete(id)) ? c.body(null, 204) : notFound(c, id);
  });
  return app;
}
