/** @module montecarlo-api — the browser's client for `POST /api/montecarlo`, streamed and cancellable. */
import type { InferRequestType } from 'hono/client';
import { client } from './api';
import { streamRequest } from './sse';

/** The request body, as the route's schema takes it. */
export type MonteCarloBody = InferRequestType<typeof client.api.montecarlo.$post>['json'];

/** Percentiles p5 … p95 over the paths that have a value, USD (null when none has). */
export type Percentiles = { readonly [K in 'p5' | 'p10' | 'p25' | 'p50' | 'p75' | 'p90' | 'p95']: number } | null;

/** The NPV histogram of a run: bin k is [edgesUsd[k], edgesUsd[k+1]); paths of each plan per bin. */
export interface Histogram {
  readonly edgesUsd: readonly number[];
  readonly plan: readonly number[];
  readonly miningOnly: readonly number[];
}

/**
 * The answer: the run's id and its distributions (docs/montecarlo.md). Written out here because the route's
 * JSON answer reaches the typed client as `{}` (it shares its handler with the event stream) and its schema is
 * not among the ones the web may import.
 */
export interface MonteCarloAnswer {
  readonly id: string;
  readonly paths: number;
  readonly seed: number;
  readonly plan: {
    readonly npvPercentilesUsd: Percentiles;
    readonly meanNpvUsd: number | null;
    readonly peakDebtPercentilesUsd: Percentiles;
    readonly minCovenantHeadroomPercentilesUsd: Percentiles;
    readonly unfundedShare: number;
    readonly firstUnfundedMonths: Readonly<Record<string, number>>;
  };
  readonly miningOnly: { readonly npvPercentilesUsd: Percentiles; readonly meanNpvUsd: number | null };
  readonly probabilityConversionBeatsMining: number;
  readonly histogram: Histogram;
}

/** Paths evaluated so far. */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * `POST /api/montecarlo` as a Server-Sent Events stream: `onProgress` gets `{ done, total }` as paths are
 * evaluated, `onRun` the run's id (for `GET /api/montecarlo/{id}`), the promise the answer. Aborting `signal` closes the connection, which cancels the run on the server.
 */
export function streamMonteCarlo(body: MonteCarloBody, onProgress: (p: RunProgress) => void, signal?: AbortSignal, onRun?: (run: { id: string }) => void): Promise<MonteCarloAnswer> {
  return streamRequest<MonteCarloAnswer, RunProgress>(() => client.api.montecarlo.$post({ json: body }, { init: { signal }, headers: { accept: 'text/event-stream' } }), {
    onProgress,
    onRun,
    signal,
    what: 'run',
  });
}
