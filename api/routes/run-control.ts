/**
 * @module routes/run-control — what the batch and Monte Carlo routes share: starting a run under
 * admission (503 with Retry-After when there is no room, 400 when the run alone is over a limit)
 * and `DELETE` cancelling one.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponse } from '../errors';
import { RunRefusedError, RunTooLargeError, type RunService } from '../jobs';
import type { RunKind } from '../jobs/store';
import { RUN_RETRY_AFTER_SECONDS } from '../limits';
import { errorResponses, jsonResponse } from '../openapi';

/** The answer of a cancel: the run as it stands afterwards. */
export const RunCancelSchema = z.object({
  id: z.string(),
  status: z
    .enum(['running', 'done', 'failed', 'cancelled'])
    .describe('"cancelled", or how the run had already ended'),
  done: z.number().int().describe('items computed before the cancel (kept)'),
  total: z.number().int(),
});

/** The `DELETE` route declaration of a run kind, at `path` (`/batches/{id}`). */
export function cancelRouteOf(path: string, operationId: string, what: string) {
  return createRoute({
    method: 'delete',
    path,
    operationId,
    tags: ['analyses'],
    summary: `Cancel ${what}`,
    description:
      'Marks the run cancelled: its queued chunks are dropped and its running ones stopped (no ' +
      'further item starts); the results computed so far are kept. A run already ended keeps ' +
      'its status; answers the run as it stands.',
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: jsonResponse(RunCancelSchema, 'the run after the cancel'),
      ...errorResponses(404),
    },
  });
}

/** Words of each run kind, for messages. */
const NAMES: Record<RunKind, string> = { batch: 'batch', montecarlo: 'Monte Carlo run' };

/** `DELETE …/:id`: cancels the run of `kind` named by the path; 404 for an unknown id. */
export async function cancelRun(c: Context, runs: RunService, kind: RunKind) {
  const id = c.req.param('id') ?? '';
  const before = await runs.progress(id, kind);
  if (!before)
    return errorResponse(c, 404, 'not_found', `no ${NAMES[kind]} ${id}`, [
      { path: 'id', message: `unknown ${NAMES[kind]} id` },
    ]);
  if (before.status === 'running') await runs.cancel(id, 'cancelled: by DELETE');
  const after = (await runs.progress(id, kind))!;
  return c.json({ id, status: after.status, done: after.done, total: after.total }, 200);
}

/**
 * Starts a run with `start`; a run refused for want of room is the 503 `busy` with Retry-After
 * (`RUN_RETRY_AFTER_SECONDS`), one over a limit by itself the 400 `too_large`.
 * @example
 * const id = await admitted(c, () => runs.startBatch(input, options));
 * if (id instanceof Response) return id;
 */
export async function admitted<T>(c: Context, start: () => Promise<T>): Promise<T | Response> {
  try {
    return await start();
  } catch (e) {
    const refused = refusedResponse(c, e);
    if (refused) return refused;
    throw e;
  }
}

/** The answer to a refusal by admission (`RunRefusedError`, `RunTooLargeError`); else undefined. */
function refusedResponse(c: Context, e: unknown): Response | undefined {
  if (e instanceof RunTooLargeError)
    return errorResponse(c, 400, 'too_large', 'the run is over what this server takes at once', [
      { path: e.path, message: e.message },
    ]);
  if (e instanceof RunRefusedError) {
    c.header('Retry-After', String(RUN_RETRY_AFTER_SECONDS));
    return errorResponse(
      c,
      503,
      'busy',
      `no room for another run: ${e.message}; retry in ${RUN_RETRY_AFTER_SECONDS} s`,
    );
  }
  return undefined;
}
