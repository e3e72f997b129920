/**
 * @module routes/report — GET /api/report: the board report of a preset (optimised here) or of a
 * saved plan (its stored answer), as one HTML page for print (api/report/page.ts).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { loadMarketCalibrationDates, loadPreset } from '../../data/load';
import {
  ScenarioSchema,
  type MonteCarloSummary,
  type Scenario,
  type SolveResult,
} from '../../model';
import { errorResponse } from '../errors';
import type { RunService } from '../jobs';
import { documented, errorResponses } from '../openapi';
import type { PlanRepository } from '../plans';
import { PlanIdSchema } from '../plans/schema';
import { reportDay } from '../../model/report';
import { reportPage } from '../report/page';
import type { SolveRunner } from '../runner';
import { queryOf } from '../validate';
import { unknownPreset } from './presets';
import { solveAdmission } from './solve';

export const ReportQuerySchema = z.object({
  preset: z
    .string()
    .max(100)
    .optional()
    .describe('a preset id (GET /api/presets): its optimum is reported; give this or `plan`'),
  plan: PlanIdSchema.optional().describe('a saved plan id: its stored answer is reported'),
  montecarlo: z
    .string()
    .max(100)
    .optional()
    .describe(
      'a finished Monte Carlo run (POST /api/montecarlo) of the same scenario and plan: its ' +
        'risk figures are added',
    ),
});

export const reportRoute = createRoute({
  method: 'get',
  path: '/report',
  operationId: 'getReport',
  tags: ['plans'],
  summary: 'A board report to print',
  description:
    'One page with the decision, the key figures, the value bridge and the charts (and the ' +
    'risk figures of a Monte Carlo run when `montecarlo` names one), then the assumptions with ' +
    'their units, dates and sources, the valuation basis and the solver status: HTML with print ' +
    'CSS (A4). Exactly one of `preset` and `plan`.',
  request: { query: ReportQuerySchema },
  responses: {
    200: { description: 'HTML, self-contained', content: { 'text/html': { schema: z.string() } } },
    ...errorResponses(400, 404, 503),
  },
});

/** What a report is made of, or the error response to send instead. */
type Subject = { scenario: Scenario; result: SolveResult; subject: string } | Response;

/** The report routes over the saved plans, the solve runner (for presets) and the runs. */
export function reportRoutes(plans: PlanRepository, runner: SolveRunner, runs: RunService) {
  const fromPreset = async (c: Context, id: string): Promise<Subject> => {
    const preset = loadPreset(id);
    if (!preset) return unknownPreset(c, id, 'preset');
    const scenario = ScenarioSchema.parse(preset);
    return { scenario, result: await runner.optimize(scenario), subject: `Preset ${id}` };
  };
  const fromPlan = async (c: Context, id: string): Promise<Subject> => {
    const saved = await plans.get(id);
    if (!saved)
      return errorResponse(c, 404, 'not_found', `no saved plan "${id}"`, [
        { path: 'plan', message: 'no saved plan has this id' },
      ]);
    const by = saved.savedBy ? ` by ${saved.savedBy}` : '';
    return {
      scenario: saved.scenario,
      result: saved.answer,
      subject:
        `Saved plan “${saved.name}”, version ${saved.version}, ` +
        `saved ${reportDay(saved.savedAt.slice(0, 10))}${by}`,
    };
  };
  /** The run's summary when it is a finished Monte Carlo of this scenario and plan. */
  const monteCarloOf = async (c: Context, id: string, s: Exclude<Subject, Response>) => {
    const run = await runs.store.getRun(id);
    const input = run?.input as { scenario?: unknown; plan?: unknown } | undefined;
    if (run?.kind !== 'montecarlo')
      return errorResponse(c, 404, 'not_found', `no Monte Carlo run ${id}`, [
        { path: 'montecarlo', message: 'unknown run id' },
      ]);
    const same =
      JSON.stringify(input?.scenario) === JSON.stringify(s.scenario) &&
      JSON.stringify(input?.plan) === JSON.stringify(s.result.plan);
    if (run.status !== 'done' || !same)
      return errorResponse(c, 400, 'invalid_query', 'the query string is not valid', [
        {
          path: 'montecarlo',
          message:
            run.status !== 'done'
              ? `the run is ${run.status}, not done`
              : "the run is of another scenario or plan than the report's",
        },
      ]);
    return { id, summary: run.answer as MonteCarloSummary };
  };

  return documented(new OpenAPIHono(), reportRoute).get(
    '/report',
    solveAdmission(runner),
    async (c) => {
      const query = queryOf(c, ReportQuerySchema);
      if (!query.ok) return query.response;
      const { preset, plan, montecarlo } = query.value;
      if ((preset === undefined) === (plan === undefined))
        return errorResponse(c, 400, 'invalid_query', 'the query string is not valid', [
          { path: 'preset', message: 'give exactly one of preset and plan' },
        ]);
      const s = plan !== undefined ? await fromPlan(c, plan) : await fromPreset(c, preset!);
      if (s instanceof Response) return s;
      const mc = montecarlo === undefined ? undefined : await monteCarloOf(c, montecarlo, s);
      if (mc instanceof Response) return mc;
      const page = reportPage({
        ...s,
        calibration: loadMarketCalibrationDates(),
        monteCarlo: mc,
        preparedOn: new Date().toISOString().slice(0, 10),
      });
      return c.html(page, 200);
    },
  );
}
