/** @module routes/health — GET /api/health: liveness and the solve pool's load. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { documented, jsonResponse, named } from '../openapi';
import type { SolveRunner } from '../runner';
import type { AnalysisRunner } from './analyses';

/** The health answer. */
export const HealthSchema = named(
  z.object({
    status: z.literal('ok'),
    uptimeSeconds: z.number().describe('seconds since the app was created'),
    solvers: z.object({
      size: z.number().describe('solve workers (0: solves run in-process)'),
      busy: z.number().describe('workers solving now'),
      queued: z.number().describe('solves waiting for a worker'),
      maxQueue: z
        .number()
        .optional()
        .describe(
          'solves that may wait before new ones are refused (503); absent when solves run in-process',
        ),
    }),
    analyses: z
      .object({
        size: z.number(),
        live: z.number(),
        busy: z.number(),
        queued: z.number(),
        completed: z.number(),
        maxQueue: z.number().optional(),
      })
      .describe(
        'analysis worker threads (sensitivity, breakeven, map): at most `size`, ' +
          '`live` started, `busy`, points `queued` of `maxQueue` at most, points ' +
          '`completed` since start',
      ),
  }),
  'Health',
);

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['meta'],
  summary: 'Liveness and solver load',
  description: 'Answers from the event loop, never waiting for a solve.',
  responses: { 200: jsonResponse(HealthSchema, 'the server is up') },
});

/**
 * The health route: the load of the solve runner and the analysis runner the app was given (zeros
 * for a runner that reports none).
 */
export function healthRoutes(runner: SolveRunner, analyses: AnalysisRunner) {
  const started = Date.now();
  return documented(new OpenAPIHono(), healthRoute).get('/health', (c) => {
    const load = analyses.stats?.();
    return c.json(
      {
        status: 'ok' as const,
        uptimeSeconds: (Date.now() - started) / 1000,
        solvers: runner.stats(),
        analyses: {
          size: load?.size ?? 0,
          live: load?.live ?? 0,
          busy: load?.busy ?? 0,
          queued: load?.queued ?? 0,
          completed: load?.completed ?? 0,
          maxQueue: load?.maxQueue,
        },
      },
      200,
    );
  });
}
