/**
 * @module analyses-api — the analyses: tornado, breakeven, decision map (with progress,
 * cancellable), run in the browser's solver workers when they have started, else by the API's
 * routes (streamed for the map).
 */
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
import { call, client, inBrowserOrServer, optimize } from './api';
import { streamRequest } from './sse';

/**
 * `POST /api/sensitivity`: NPV and HPC MW at a low and a high value of each parameter (default ±20
 * %).
 */
export function sensitivity(
  body: SensitivityRequest,
  signal?: AbortSignal,
): Promise<SensitivityResponse> {
  return inBrowserOrServer(
    body.scenario as ScenarioInput,
    (p) => p.analyse({ kind: 'sensitivity', body }, { signal }),
    () => call(() => client.api.sensitivity.$post({ json: body }, { init: { signal } })),
  );
}

/**
 * `POST /api/breakeven`: the value of a parameter at which the optimal HPC MW changes, or "no
 * change".
 */
export function breakeven(
  body: BreakevenRequest,
  signal?: AbortSignal,
): Promise<BreakevenResponse> {
  return inBrowserOrServer(
    body.scenario as ScenarioInput,
    (p) => p.analyse({ kind: 'breakeven', body }, { signal }),
    () => call(() => client.api.breakeven.$post({ json: body }, { init: { signal } })),
  );
}

/**
 * `POST /api/optimize` with every marginal value computed (`solve.marginalValues = 'all'`): the
 * optimum's answer also carries the value of one month earlier commencement, which the default
 * (`fast`) leaves out.
 */
export function optimizeWithAllMarginals(
  scenario: ScenarioInput,
  signal?: AbortSignal,
): Promise<SolveResult> {
  return optimize(
    { ...scenario, solve: { ...scenario.solve, marginalValues: 'all' as const } },
    signal,
  );
}

/**
 * `POST /api/map` as a Server-Sent Events stream: `onProgress` gets `{ done, total }` as cells are
 * solved, and the promise the map. Aborting `signal` closes the connection, which stops the
 * server's remaining solves. A 400 (a bad axis) rejects with the API's issues (`x.from`); an
 * `error` event rejects with its code.
 */
export function streamMap(
  body: MapRequest,
  onProgress: (p: MapProgress) => void,
  signal?: AbortSignal,
): Promise<MapResponse> {
  return inBrowserOrServer(
    body.scenario as ScenarioInput,
    (p) => p.analyse({ kind: 'map', body }, { signal, onProgress }),
    () =>
      streamRequest<MapResponse, MapProgress>(
        () =>
          client.api.map.$post(
            { json: body },
            { init: { signal }, headers: { accept: 'text/event-stream' } },
          ),
        { onProgress, signal, what: 'map' },
      ),
  );
}
