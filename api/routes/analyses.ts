/**
 * @module routes/analyses — POST /api/sensitivity, /api/breakeven and /api/map: many
 * re-optimisations of one scenario, solved in the analysis worker threads; the map can stream its
 * progress (Server-Sent Events) and stops when the client goes away.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AnalysisCancelledError,
  BreakevenRequestSchema,
  BreakevenResponseSchema,
  MapRequestSchema,
  MapResponseSchema,
  SensitivityRequestSchema,
  SensitivityResponseSchema,
  breakeven,
  planMap,
  runMap,
  sensitivity,
  type PointRunner,
  REQUESTS,
} from '../../model';
import { admission, busyResponse, queueFull, type QueueLoad } from '../admission';
import { documented, errorResponses, jsonBodyOf, jsonResponse } from '../openapi';
import { clientGone, streamJob } from '../sse';
import { PoolFullError } from '../worker-pool';
import { requestBody } from '../validate';

const PATHS =
  'Parameters are dot paths to numeric scenario fields ' +
  '(`hpcOptions.0.leaseUsdPerKwMonth`, `market.hashprice.btcUsd`, ' +
  '`site.energyUsdPerMWh`, `financing.facility.limitUsd`; ' +
  '`market.hashprice.multiplier` scales a hashprice series). A bad path or ' +
  "a value outside the field's bounds is a 400 naming the request field " +
  '(`parameters.1`, `x.from`).';

export const sensitivityRoute = createRoute({
  method: 'post',
  path: '/sensitivity',
  operationId: 'sensitivity',
  tags: ['analyses'],
  summary: 'Tornado: NPV and HPC MW at a low and a high value of each parameter',
  description:
    'Re-optimises at base × (1 + low) and base × (1 + high) (default ±20 %) ' +
    `for each parameter; rows by NPV swing, largest first. ${PATHS}`,
  request: jsonBodyOf(SensitivityRequestSchema, '{ scenario, parameters?, low?, high? }'),
  responses: {
    200: jsonResponse(SensitivityResponseSchema, 'the tornado'),
    ...errorResponses(400, 413, 503),
  },
});

export const breakevenRoute = createRoute({
  method: 'post',
  path: '/breakeven',
  operationId: 'breakeven',
  tags: ['analyses'],
  summary: 'Breakeven: where the optimal HPC MW committed changes',
  description:
    'Scans [from, to] (default base ÷ 4 … base × 4), then narrows the first ' +
    `change to \`tolerance\`; \`value\` is null when nothing changes in the ` +
    `range. ${PATHS}`,
  request: jsonBodyOf(
    BreakevenRequestSchema,
    '{ scenario, parameter, from?, to?, tolerance?, steps? }',
  ),
  responses: {
    200: jsonResponse(BreakevenResponseSchema, 'the breakeven, or "no change within the range"'),
    ...errorResponses(400, 413, 503),
  },
});

export const mapRoute = createRoute({
  method: 'post',
  path: '/map',
  operationId: 'decisionMap',
  tags: ['analyses'],
  summary: 'Decision map: optimal HPC share and NPV on a grid of two parameters',
  description:
    `At most 41 values per axis. With \`Accept: text/event-stream\` the ` +
    `answer streams \`progress\` events ({ done, total }) and then one ` +
    `\`result\` event (the JSON answer), or an \`error\` event; closing the ` +
    `connection cancels the remaining solves. ${PATHS}`,
  request: jsonBodyOf(
    MapRequestSchema,
    '{ scenario, x: { parameter, from, to, steps }, y: { … } }',
  ),
  responses: {
    200: {
      description: 'the map (JSON), or its event stream',
      content: {
        'application/json': { schema: MapResponseSchema },
        'text/event-stream': { schema: z.string() },
      },
    },
    ...errorResponses(400, 413, 503),
  },
});

/**
 * A point runner; with `stats` (a pool), requests are refused before their body is read when its
 * queue is full, and /api/health reports its load (`live` and `completed` too when it has them).
 */
export type AnalysisRunner = PointRunner & {
  stats?(): QueueLoad & { live?: number; completed?: number; maxQueue?: number };
};

/** The analysis routes over a point runner (the server passes its analysis pool). */
export function analysisRoutes(runner: AnalysisRunner) {
  const load = (): QueueLoad => runner.stats?.() ?? { size: 0, busy: 0, queued: 0 };
  const admit = admission(load, 'the analysis solvers are busy');
  return documented(new OpenAPIHono(), sensitivityRoute, breakevenRoute, mapRoute)
    .post('/sensitivity', admit, requestBody(REQUESTS.sensitivity), async (c) => {
      return c.json(await sensitivity(c.req.valid('json'), runner, c.req.raw.signal), 200);
    })
    .post('/breakeven', admit, requestBody(REQUESTS.breakeven), async (c) => {
      return c.json(await breakeven(c.req.valid('json'), runner, c.req.raw.signal), 200);
    })
    .post('/map', admit, requestBody(REQUESTS.map), async (c) => {
      const plan = planMap(c.req.valid('json'));
      if (!(c.req.header('accept') ?? '').includes('text/event-stream'))
        return c.json(await runMap(plan, runner, { signal: c.req.raw.signal }), 200);
      // A stream starts with 200: a map the queue cannot take is refused here, and its points are
      // queued in the same turn of the event loop as this check, so no other request can fill the
      // queue in between.
      const now = load();
      const points = plan.x.values.length * plan.y.values.length;
      if (queueFull(now, points))
        return busyResponse(
          c,
          `the analysis solvers are busy (${now.queued} analysis solves queued)`,
        );
      const cancel = clientGone(c);
      return streamJob(c, {
        cancel,
        start: (onProgress) => runMap(plan, runner, { signal: cancel.signal, onProgress }),
        result: (answer) => answer,
        isCancelled: (e) => e instanceof AnalysisCancelledError,
        knownError: (e) =>
          e instanceof PoolFullError
            ? { code: 'busy', message: `the analysis solvers are busy (${e.message})` }
            : undefined,
        label: '[POST /api/map]',
        failedMessage: 'the map failed; it has been logged',
      });
    });
}
