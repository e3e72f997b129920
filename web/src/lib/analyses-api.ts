/** @module analyses-api — the browser's client for the analyses: tornado, breakeven, decision map (streamed, cancellable). */
import type { ClientResponse } from 'hono/client';
import type {
  BreakevenRequest,
  BreakevenResponse,
  MapProgress,
  MapRequest,
  MapResponse,
  SensitivityRequest,
  SensitivityResponse,
} from '../../../model/analyses/schema';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import { ApiRequestError, call, client, isAbort } from './api';
import { makeSseParser } from './sse';

/** `POST /api/sensitivity`: NPV and HPC MW at a low and a high value of each parameter (default ±20 %). */
export function sensitivity(body: SensitivityRequest, signal?: AbortSignal): Promise<SensitivityResponse> {
  return call(() => client.api.sensitivity.$post({ json: body }, { init: { signal } }));
}

/** `POST /api/breakeven`: the value of a parameter at which the optimal HPC MW changes, or "no change". */
export function breakeven(body: BreakevenRequest, signal?: AbortSignal): Promise<BreakevenResponse> {
  return call(() => client.api.breakeven.$post({ json: body }, { init: { signal } }));
}

/**
 * `POST /api/optimize` with every marginal value computed (`solve.marginalValues = 'all'`): the optimum's
 * answer also carries the value of one month earlier commencement, which the default (`fast`) leaves out.
 */
export function optimizeWithAllMarginals(scenario: ScenarioInput, signal?: AbortSignal): Promise<SolveResult> {
  const body = { ...scenario, solve: { ...scenario.solve, marginalValues: 'all' as const } };
  return call(() => client.api.optimize.$post({ json: body }, { init: { signal } }));
}

/**
 * `POST /api/map` as a Server-Sent Events stream: `onProgress` gets `{ done, total }` as cells are solved, and
 * the promise the map. Aborting `signal` closes the connection, which stops the server's remaining solves.
 * A 400 (a bad axis) rejects with the API's issues (`x.from`); an `error` event rejects with its code.
 */
export async function streamMap(body: MapRequest, onProgress: (p: MapProgress) => void, signal?: AbortSignal): Promise<MapResponse> {
  let res: Response;
  try {
    res = (await client.api.map.$post({ json: body }, { init: { signal }, headers: { accept: 'text/event-stream' } })) as unknown as Response;
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiRequestError(0, 'network', `Cannot reach the Switchyard server (${(e as Error).message}).`);
  }
  if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    // Not a stream: an error envelope (or a plain JSON map), read the usual way.
    return call<MapResponse>(() => Promise.resolve(res as unknown as ClientResponse<unknown>));
  }
  let result: MapResponse | undefined;
  let failure: ApiRequestError | undefined;
  const parser = makeSseParser((e) => {
    if (e.event === 'progress') onProgress(JSON.parse(e.data) as MapProgress);
    else if (e.event === 'result') result = JSON.parse(e.data) as MapResponse;
    else if (e.event === 'error') {
      const err = (JSON.parse(e.data) as { error?: { code?: string; message?: string } }).error;
      failure = new ApiRequestError(err?.code === 'busy' ? 503 : 500, err?.code ?? 'internal', err?.message ?? 'The map failed.');
    }
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } catch (e) {
    if (isAbort(e) || signal?.aborted) throw new DOMException('The map was cancelled.', 'AbortError');
    throw new ApiRequestError(0, 'network', `The connection broke while the map was drawn (${(e as Error).message}).`);
  }
  parser.end();
  if (failure) throw failure;
  if (!result) throw new ApiRequestError(0, 'network', 'The map stream ended before its result.');
  return result;
}
