/**
 * @module montecarlo-api — the browser's client for `POST /api/montecarlo`, streamed and
 * cancellable.
 */
import type { InferRequestType } from 'hono/client';
import type { Histogram, MonteCarloSummary, Percentiles } from '../../../model/schema';
import { client } from './api';
import type { RunProgress } from './progress';
import { streamRequest } from './sse';

/** The request body, as the route's schema takes it. */
export type MonteCarloBody = InferRequestType<typeof client.api.montecarlo.$post>['json'];

export type { Histogram, Percentiles };

/**
 * The answer: the run's id and its distributions (docs/montecarlo.md), the model's
 * `MonteCarloSummary` plus the run's id (the route's JSON answer reaches the typed client as `{}`:
 * it shares its handler with the event stream).
 */
export type MonteCarloAnswer = MonteCarloSummary & { readonly id: string };

/** Paths evaluated so far, and while the run waits its place in the queue (lib/progress.ts). */
export type { RunProgress };

/**
 * `POST /api/montecarlo` as a Server-Sent Events stream: `onProgress` gets `{ done, total }` as
 * paths are evaluated, `onRun` the run's id (for `GET /api/montecarlo/{id}`), the promise the
 * answer. Aborting `signal` closes the connection, which cancels the run on the server.
 */
export function streamMonteCarlo(
  body: MonteCarloBody,
  onProgress: (p: RunProgress) => void,
  signal?: AbortSignal,
  onRun?: (run: { id: string }) => void,
): Promise<MonteCarloAnswer> {
  return streamRequest<MonteCarloAnswer, RunProgress>(
    () =>
      client.api.montecarlo.$post(
        { json: body },
        { init: { signal }, headers: { accept: 'text/event-stream' } },
      ),
    {
      onProgress,
      onRun,
      signal,
      what: 'run',
    },
  );
}
