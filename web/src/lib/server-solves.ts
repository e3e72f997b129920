/**
 * @module server-solves — the solves and analyses as the API's routes answer them: optimize,
 * evaluate, tornado, breakeven and the decision map (streamed, with progress, cancellable). The
 * app asks them through lib/solves.ts, which runs them in the browser's workers when it can.
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
import type { Plan, ScenarioInput, SolveResult } from '../../../model/schema';
import { call, client } from './api';
import { streamRequest } from './sse';

/** The server's solves, one function per route (a plain object: it holds nothing). */
export const server = {
  /** `POST /api/optimize`: the optimal plan for a scenario (also `infeasible` answers). */
  optimize: (scenario: ScenarioInput, signal?: AbortSignal): Promise<SolveResult> =>
    call(() => client.api.optimize.$post({ json: scenario }, { init: { signal } })),
  /** `POST /api/evaluate`: a fixed capital plan, with its operating decisions optimised. */
  evaluate: (scenario: ScenarioInput, plan: Plan, signal?: AbortSignal): Promise<SolveResult> =>
    call(() => client.api.evaluate.$post({ json: { scenario, plan } }, { init: { signal } })),
  /**
   * `POST /api/sensitivity`: NPV and HPC MW at a low and a high value of each parameter (default
   * ±20 %).
   */
  sensitivity: (body: SensitivityRequest, signal?: AbortSignal): Promise<SensitivityResponse> =>
    call(() => client.api.sensitivity.$post({ json: body }, { init: { signal } })),
  /**
   * `POST /api/breakeven`: the value of a parameter at which the optimal HPC MW changes, or "no
   * change".
   */
  breakeven: (body: BreakevenRequest, signal?: AbortSignal): Promise<BreakevenResponse> =>
    call(() => client.api.breakeven.$post({ json: body }, { init: { signal } })),
  /**
   * `POST /api/map` as a Server-Sent Events stream: `onProgress` gets `{ done, total }` as cells
   * are solved, and the promise the map. Aborting `signal` closes the connection, which stops the
   * server's remaining solves. A 400 (a bad axis) rejects with the API's issues (`x.from`); an
   * `error` event rejects with its code.
   */
  streamMap: (
    body: MapRequest,
    onProgress: (p: MapProgress) => void,
    signal?: AbortSignal,
  ): Promise<MapResponse> =>
    streamRequest<MapResponse, MapProgress>(
      () =>
        client.api.map.$post(
          { json: body },
          { init: { signal }, headers: { accept: 'text/event-stream' } },
        ),
      { onProgress, signal, what: 'map' },
    ),
};
