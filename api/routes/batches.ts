/**
 * @module routes/batches — POST /api/batches: many scenarios (a list, or one scenario swept over
 * parameter paths) optimised in chunks on the run engine; GET /api/batches/:id for progress and
 * results in input order, as JSON or CSV (`/api/batches/:id.csv` or `?format=csv`).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { errorResponse } from '../errors';
import { documented, errorResponses, jsonBodyOf, jsonResponse } from '../openapi';
import { jsonBody } from '../validate';
import { MAX_MONTE_CARLO_PATHS } from '../../model';
import { RunTooLargeError, type RunService } from '../jobs';
import { requesterOf } from '../requester';
import { admitted, cancelRouteOf, cancelRun } from './run-control';
import {
  BatchInputError,
  BatchItemSchema,
  BatchRequestSchema,
  batchCsv,
  batchInput,
  batchTotal,
  batchXlsx,
  type BatchInput,
} from '../jobs/batch';

/** The media type of an .xlsx workbook. */
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BatchStateSchema = z.object({
  id: z.string(),
  status: z
    .enum(['running', 'done', 'failed', 'cancelled'])
    .describe(
      '"done" once every item has a result; an item\'s own failure does not fail the batch',
    ),
  done: z.number().int(),
  total: z.number().int(),
  results: z.array(BatchItemSchema).describe('the items computed so far, in input order'),
});

export const batchRoute = createRoute({
  method: 'post',
  path: '/batches',
  operationId: 'createBatch',
  tags: ['analyses'],
  summary: 'Start a batch of optimisations',
  description:
    '`{ scenarios: [...] }` optimises each scenario; `{ scenario, sweep: [{ ' +
    'parameter, from, to, steps }, …] }` optimises every point of the grid ' +
    '(parameter paths as /api/map takes them). Each item is validated and ' +
    "solved on its own: an invalid scenario or a value outside a field's " +
    'bounds fails its item (status "error" with a message), not the batch. ' +
    'Answers at once with the id. Admitted only while the batches and Monte ' +
    'Carlo runs of this client and of the server fit their limits (503 with ' +
    'Retry-After beyond; 400 `too_large` for a batch over a limit by itself); ' +
    'failed past `deadlineSeconds` (see docs/api.md). With `montecarlo` (the ' +
    'fields of POST /api/montecarlo besides the scenario and the plan) each ' +
    "item's optimum also gets a seeded Monte Carlo, its figures in the item's " +
    '`montecarlo`; items × paths is held to the Monte Carlo limits (400 ' +
    '`too_large` naming `montecarlo.paths`, see docs/montecarlo.md).',
  request: jsonBodyOf(BatchRequestSchema, '{ scenarios } or { scenario, sweep }'),
  responses: {
    202: jsonResponse(z.object({ id: z.string(), total: z.number().int() }), 'the batch is queued'),
    ...errorResponses(400, 413, 503),
  },
});

export const batchCancelRoute = cancelRouteOf('/batches/{id}', 'cancelBatch', 'a batch');

export const batchGetRoute = createRoute({
  method: 'get',
  path: '/batches/{id}',
  operationId: 'getBatch',
  tags: ['analyses'],
  summary:
    'A batch: progress and results (JSON; CSV with `.csv` or `?format=csv`; XLSX with `.xlsx` or `?format=xlsx`)',
  request: {
    params: z.object({ id: z.string() }),
    query: z.object({ format: z.enum(['json', 'csv', 'xlsx']).optional() }),
  },
  responses: {
    200: {
      description: 'the batch',
      content: {
        'application/json': { schema: BatchStateSchema },
        'text/csv': { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) },
      },
    },
    ...errorResponses(404),
  },
});

/**
 * The paths of a batch's Monte Carlo (items × paths per item) held to the Monte Carlo limits: at
 * most `MAX_MONTE_CARLO_PATHS` in all, and room for them now among the server's Monte Carlo paths
 * (`precheck`); its blocks then count as batch items.
 * @throws RunTooLargeError naming `montecarlo.paths`, RunRefusedError when there is no room now.
 */
async function admitPaths(runs: RunService, input: BatchInput, requester: string) {
  if (!input.montecarlo) return;
  const items = batchTotal(input);
  const per = input.montecarlo.request.paths;
  const paths = items * per;
  const tooLarge = (most: string) =>
    new RunTooLargeError(
      'montecarlo.paths',
      `${items} items × ${per} paths = ${paths} paths in one batch; ${most}`,
    );
  if (paths > MAX_MONTE_CARLO_PATHS)
    throw tooLarge(`a batch's Monte Carlo takes at most ${MAX_MONTE_CARLO_PATHS} paths in all`);
  try {
    await runs.precheck('montecarlo', paths, requester);
  } catch (e) {
    if (e instanceof RunTooLargeError) throw tooLarge(e.message);
    throw e;
  }
}

/** The batch routes over a run service. */
export function batchRoutes(runs: RunService) {
  return documented(new OpenAPIHono(), batchRoute, batchGetRoute, batchCancelRoute)
    .post(
      '/batches',
      jsonBody(
        BatchRequestSchema,
        'invalid_request',
        'the request is not valid: expected { scenarios: [...] } or { scenario, sweep: [...] }',
      ),
      async (c) => {
        let input: BatchInput;
        try {
          input = batchInput(c.req.valid('json'));
        } catch (e) {
          if (e instanceof BatchInputError)
            return errorResponse(
              c,
              400,
              'invalid_parameter',
              'a sweep axis is not valid for this scenario',
              [{ path: e.path, message: e.message }],
            );
          throw e;
        }
        const { deadlineSeconds } = c.req.valid('json');
        const requester = requesterOf(c);
        const id = await admitted(c, async () => {
          await admitPaths(runs, input, requester);
          return runs.startBatch(input, { requester, deadlineSeconds });
        });
        if (id instanceof Response) return id;
        return c.json({ id, total: batchTotal(input) }, 202);
      },
    )
    .get('/batches/:id', async (c) => {
      const raw = c.req.param('id');
      const ext = /\.(csv|xlsx)$/.exec(raw)?.[1];
      const format = ext ?? c.req.query('format') ?? 'json';
      const id = ext ? raw.slice(0, -ext.length - 1) : raw;
      const p = await runs.progress(id, 'batch');
      if (!p)
        return errorResponse(c, 404, 'not_found', `no batch ${id}`, [
          { path: 'id', message: 'unknown batch id' },
        ]);
      const results = await runs.batchItems(id);
      // With a Monte Carlo the run counts blocks; the batch answers in items (those complete).
      const input = (await runs.store.getRun(id))!.input as BatchInput;
      const total = input.montecarlo ? batchTotal(input) : p.total;
      const done = input.montecarlo ? results.length : p.done;
      if (format === 'csv') {
        c.header('Content-Disposition', `attachment; filename="batch-${id}.csv"`);
        return c.body(batchCsv(results), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
      }
      if (format === 'xlsx') {
        c.header('Content-Disposition', `attachment; filename="batch-${id}.xlsx"`);
        return c.body(await batchXlsx(results), 200, { 'Content-Type': XLSX_TYPE });
      }
      return c.json({ id, status: p.status, done, total, results }, 200);
    })
    .delete('/batches/:id', (c) => cancelRun(c, runs, 'batch'));
}
