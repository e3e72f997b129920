/**
 * @module routes/montecarlo — POST /api/montecarlo: the plan (default the optimum) and the
 * mining-only plan evaluated on seeded BTC-price and hashrate paths; streams progress with `Accept:
 * text/event-stream`, cancelled when the client goes away; GET /api/montecarlo/:id reads a run back
 * (kept in the run store).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  MonteCarloRequestSchema,
  MonteCarloSummarySchema,
  planError,
  type MonteCarloRequest,
  type Plan,
} from '../../model';
import { engineErrorResponse, errorResponse } from '../errors';
import {
  ApiErrorBodySchema,
  documented,
  errorResponses,
  jsonBodyOf,
  jsonResponse,
} from '../openapi';
import type { SolveRunner } from '../runner';
import { jsonBody } from '../validate';
import { RunCancelledError, RunFailedError, type RunService } from '../jobs';
import { requesterOf } from '../requester';
import { admitted, cancelRouteOf, cancelRun } from './run-control';
import { monteCarloInputOf } from '../jobs/montecarlo-input';
import { clientGone, streamJob } from '../sse';

const RunAnswerSchema = MonteCarloSummarySchema.extend({
  id: z.string().describe('run id, for GET /api/montecarlo/{id}'),
});
const RunStateSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int().describe('paths evaluated'),
  total: z.number().int(),
  answer: MonteCarloSummarySchema.nullable().describe('the answer once done'),
  error: z.string().nullable(),
});

export const monteCarloRoute = createRoute({
  method: 'post',
  path: '/montecarlo',
  operationId: 'runMonteCarlo',
  tags: ['analyses'],
  summary:
    'Monte Carlo: NPV distributions of the plan and of mining only over seeded hashprice paths',
  description:
    'Samples `paths` monthly paths of BTC price and network hashrate ' +
    "(correlated geometric Brownian motion whose means are the scenario's " +
    'projection, see docs/montecarlo.md), turns each into a hashprice series ' +
    "and simulates the plan (default: the scenario's optimum, found first) " +
    'and the mining-only plan (no builds, the same refreshes) on it by a rule ' +
    'that knows only the past (`mode: "policy"`, the default: run where the ' +
    'margin is positive, sell idle or displaced ASICs, a cash waterfall; with ' +
    '`risks` and `treasury`), or evaluates both by an LP that sees the whole ' +
    'path (`mode: "hindsight"`, the perfect-foresight bound). The ' +
    'same seed gives the same answer. With `Accept: text/event-stream` the ' +
    'answer streams a `run` event ({ id }), `progress` events ({ done, total, ' +
    'and `queued`: { ahead, busy } while none of its paths is computing: the work ' +
    'queued before it and the threads busy }) and one `result` event, or an `error` event; closing the connection ' +
    'cancels the run, as does `DELETE /api/montecarlo/{id}`. Admitted only while ' +
    'the runs of this client and of the server fit their limits (503 with ' +
    'Retry-After beyond, before any solve; 400 `too_large` for `paths` over a ' +
    'limit by itself); failed past `deadlineSeconds` (504; see docs/api.md).',
  request: jsonBodyOf(
    MonteCarloRequestSchema,
    '{ scenario, plan?, paths, seed, btc: { volatilityPerYear }, ' +
      'network: { volatilityPerYear, correlation }, mode?, policy?, risks?, treasury? }',
  ),
  responses: {
    200: {
      description: 'the distributions (JSON), or their event stream',
      content: {
        'application/json': { schema: RunAnswerSchema },
        'text/event-stream': { schema: z.string() },
      },
    },
    ...errorResponses(400, 413, 503),
    504: jsonResponse(ApiErrorBodySchema, 'The run passed its deadline and was failed.'),
  },
});

export const monteCarloCancelRoute = cancelRouteOf(
  '/montecarlo/{id}',
  'cancelMonteCarlo',
  'a Monte Carlo run',
);

export const monteCarloGetRoute = createRoute({
  method: 'get',
  path: '/montecarlo/{id}',
  operationId: 'getMonteCarlo',
  tags: ['analyses'],
  summary: 'A Monte Carlo run: progress, then its answer',
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: { description: 'the run', content: { 'application/json': { schema: RunStateSchema } } },
    ...errorResponses(404),
  },
});

/**
 * The plan to test: the request's (checked against the scenario), else the optimum; a 400 response
 * when neither.
 */
async function settlePlan(
  c: Context,
  req: MonteCarloRequest,
  runner: SolveRunner,
): Promise<Plan | Response> {
  if (req.plan) {
    const misfit = planError(req.scenario, req.plan);
    return misfit ? engineErrorResponse(c, misfit) : req.plan;
  }
  const best = await runner.optimize(req.scenario);
  if (best.status !== 'optimal')
    return errorResponse(
      c,
      400,
      'no_plan',
      `the scenario has no optimal plan to test (status ${best.status}); pass a plan`,
      [{ path: 'scenario', message: `optimize answers ${best.status}` }],
    );
  return best.plan;
}

/** The Monte Carlo routes over a run service and a solve runner (for the default plan). */
export function monteCarloRoutes(runs: RunService, runner: SolveRunner) {
  return documented(new OpenAPIHono(), monteCarloRoute, monteCarloGetRoute, monteCarloCancelRoute)
    .post(
      '/montecarlo',
      jsonBody(
        MonteCarloRequestSchema,
        'invalid_request',
        'the request is not valid: expected { scenario, plan?, paths, seed, btc, network }',
      ),
      async (c) => {
        const req = c.req.valid('json');
        const requester = requesterOf(c);
        // A first look before the optimum is solved: a run that cannot be admitted costs no solve.
        const early = await admitted(c, () => runs.precheck('montecarlo', req.paths, requester));
        if (early instanceof Response) return early;
        const plan = await settlePlan(c, req, runner);
        if (plan instanceof Response) return plan;
        const input = monteCarloInputOf(req, plan);
        const id = await admitted(c, () =>
          runs.startMonteCarlo(input, { requester, deadlineSeconds: req.deadlineSeconds }),
        );
        if (id instanceof Response) return id;
        const cancel = clientGone(c);
        if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
          try {
            const run = await runs.wait(id, 'montecarlo', { signal: cancel.signal });
            return c.json({ id, ...(run.answer as z.infer<typeof MonteCarloSummarySchema>) }, 200);
          } catch (e) {
            if (e instanceof RunCancelledError)
              return errorResponse(c, 503, 'cancelled', 'the run was cancelled');
            if (e instanceof RunFailedError) return errorResponse(c, 504, 'deadline', e.message);
            throw e;
          }
        }
        return streamJob(c, {
          cancel,
          opening: [{ event: 'run', data: JSON.stringify({ id }) }],
          start: (onProgress) => runs.wait(id, 'montecarlo', { signal: cancel.signal, onProgress }),
          result: (run) => ({ id, ...(run.answer as object) }),
          // Cancelled by its own client: nobody reads the stream; by DELETE: the client is told.
          isCancelled: (e) => e instanceof RunCancelledError && cancel.signal.aborted,
          knownError: (e) =>
            e instanceof RunCancelledError
              ? { code: 'cancelled', message: 'the run was cancelled' }
              : e instanceof RunFailedError
                ? { code: 'deadline', message: e.message }
                : undefined,
          label: '[POST /api/montecarlo]',
          failedMessage: 'the run failed; it has been logged',
        });
      },
    )
    .get('/montecarlo/:id', async (c) => {
      const id = c.req.param('id');
      const p = await runs.progress(id, 'montecarlo');
      if (!p)
        return errorResponse(c, 404, 'not_found', `no Monte Carlo run ${id}`, [
          { path: 'id', message: 'unknown run id' },
        ]);
      const run = (await runs.store.getRun(id))!;
      return c.json(
        {
          id,
          status: p.status,
          done: p.done,
          total: p.total,
          answer: (run.answer as z.infer<typeof MonteCarloSummarySchema> | null) ?? null,
          error: run.error,
        },
        200,
      );
    })
    .delete('/montecarlo/:id', (c) => cancelRun(c, runs, 'montecarlo'));
}
