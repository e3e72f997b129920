/**
 * @module api — the app's solves and the Switchyard HTTP API (optimize, evaluate, presets), over
 * the typed Hono client. Optimize and evaluate run in the browser's solver workers (worker/pool.ts,
 * loaded lazily) once they have started, and on the server before that, when they cannot start, or
 * with `?solve=server` in the page's address.
 */
import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../api/app';
import type { Plan, ScenarioInput, SolveResult } from '../../../model/schema';
import type { SolverPool } from '../worker/pool';

/** One field at fault, as the API names it: `path` is dot-joined (`site.gridMW`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A request that did not give an answer: an HTTP error with the API's envelope
 * (`code`, `message`, `issues`), or a network failure (`status` 0, `code` `"network"`).
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    /** For a 503 (every solver busy): seconds the server asks to wait before trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/**
 * Any failure as an {@link ApiRequestError}: itself when it is one, else a client-side error with
 * its text.
 */
export function toApiError(e: unknown): ApiRequestError {
  return e instanceof ApiRequestError
    ? e
    : new ApiRequestError(0, 'client', `Unexpected error: ${String(e)}`);
}

/** Whether `e` is the rejection of an aborted request (a newer one replaced it). */
export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** The typed Hono client: request and answer shapes come from the API's own routes. */
export const client = hc<AppType>('/');

/**
 * A preset as listed by `GET /api/presets` (the route's own schema, through the client's types).
 */
export type PresetSummary = InferResponseType<typeof client.api.presets.$get, 200>[number];

/**
 * Sends one request through the typed client: its response, or a `network` {@link ApiRequestError}
 * when there is none (an abort stays an abort).
 */
export async function sendRequest(send: () => Promise<ClientResponse<unknown>>): Promise<Response> {
  try {
    return (await send()) as unknown as Response;
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiRequestError(
      0,
      'network',
      `Cannot reach the Switchyard server (${(e as Error).message}).`,
    );
  }
}

/**
 * Sends one request through the typed client and returns the JSON body of a 2xx answer; anything
 * else becomes an {@link ApiRequestError} carrying the API's envelope (`code`, `message`,
 * `issues`).
 */
export async function call<T>(send: () => Promise<ClientResponse<unknown>>): Promise<T> {
  const res = await sendRequest(send);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiRequestError(
      res.status,
      'bad_response',
      `The server sent something that is not JSON (HTTP ${res.status}).`,
    );
  }
  if (!res.ok) {
    const err = (
      json as { error?: { code?: string; message?: string; issues?: FieldIssue[] } } | undefined
    )?.error;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiRequestError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? `The server answered HTTP ${res.status}.`,
      Array.isArray(err?.issues) ? err.issues : [],
      res.status === 503 && Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return json as T;
}

/**
 * Where the app's solves run: `browser` (its workers) unless the page's address says
 * `?solve=server` or there are no workers.
 */
export function solvePlace(): SolvePlace {
  if (
    typeof Worker === 'undefined' ||
    typeof WebAssembly === 'undefined' ||
    typeof location === 'undefined'
  )
    return 'server';
  return new URLSearchParams(location.search).get('solve') === 'server' ? 'server' : 'browser';
}

let pool: Promise<SolverPool | undefined> | undefined;
let started: SolverPool | undefined;

/**
 * The browser's solver pool, started on first use (its code and HiGHS are their own chunks, fetched
 * then); undefined when solves run on the server. A pool that fails to start, or breaks later, is
 * given up for the server.
 */
export function solverPool(): Promise<SolverPool | undefined> {
  if (started?.broken()) {
    started = undefined;
    pool = Promise.resolve(undefined);
  }
  pool ??=
    solvePlace() === 'server'
      ? Promise.resolve(undefined)
      : import('../worker/pool')
          .then((m) => m.startPool())
          .then((p) => (started = p))
          .catch((e: unknown) => {
            console.warn(
              `Solving on the server: the browser's solver did not start (${String(e)}).`,
            );
            return undefined;
          });
  return pool;
}

/** The pool if it has started (without waiting for it or starting it), else undefined. */
export function startedPool(): SolverPool | undefined {
  return started && !started.broken() ? started : undefined;
}

/**
 * Whether the browser can run this scenario: every shipped solver but javascript-lp-solver (a Node
 * worker thread).
 */
const runsInBrowser = (scenario: ScenarioInput | undefined) =>
  (scenario?.solve as { solver?: string } | undefined)?.solver !== 'jslp';

/**
 * Runs `local` in the browser's pool when it has started (or, after a network failure, once it
 * starts), else `remote` on the server, then starts the pool. Until the pool is up the server
 * answers, so that the first chart is not held back by HiGHS' download.
 */
export async function inBrowserOrServer<T>(
  scenario: ScenarioInput | undefined,
  local: (p: SolverPool) => Promise<T>,
  remote: () => Promise<T>,
): Promise<T> {
  const mark = (place: SolvePlace) => (value: T) => {
    if (typeof value === 'object' && value !== null) places.set(value, place);
    return value;
  };
  if (!runsInBrowser(scenario)) return remote().then(mark('server'));
  const p = startedPool();
  if (p) return local(p).then(mark('browser'));
  try {
    return mark('server')(await remote());
  } catch (e) {
    if (!(e instanceof ApiRequestError && e.code === 'network')) throw e;
    const late = await solverPool();
    if (!late) throw e;
    return local(late).then(mark('browser'));
  } finally {
    // The workers start once the server has answered: their code and HiGHS (3.5 MB of WebAssembly)
    // never hold back the first chart, and the next solve runs in the browser.
    void solverPool();
  }
}

/** Where an answer was solved. */
export type SolvePlace = 'browser' | 'server';
const places = new WeakMap<object, SolvePlace>();

/** Where `answer` (from {@link optimize}, {@link evaluate} or an analysis) was solved. */
export function placeOf(answer: object): SolvePlace | undefined {
  return places.get(answer);
}

/**
 * The optimal plan for a scenario (also `infeasible` answers): in the browser's workers, or `POST
 * /api/optimize`.
 */
export function optimize(scenario: ScenarioInput, signal?: AbortSignal): Promise<SolveResult> {
  return inBrowserOrServer(
    scenario,
    (p) => p.solve({ kind: 'optimize', body: scenario }, { signal }),
    () => call(() => client.api.optimize.$post({ json: scenario }, { init: { signal } })),
  );
}

/**
 * A fixed capital plan, with its operating decisions optimised: in the browser's workers, or `POST
 * /api/evaluate`.
 */
export function evaluate(
  scenario: ScenarioInput,
  plan: Plan,
  signal?: AbortSignal,
): Promise<SolveResult> {
  return inBrowserOrServer(
    scenario,
    (p) => p.solve({ kind: 'evaluate', body: { scenario, plan } }, { signal }),
    () => call(() => client.api.evaluate.$post({ json: { scenario, plan } }, { init: { signal } })),
  );
}

/** `GET /api/presets`: the shipped scenarios. */
export function listPresets(signal?: AbortSignal): Promise<PresetSummary[]> {
  return call(() => client.api.presets.$get(undefined, { init: { signal } }));
}

/** `GET /api/presets/:id`: one shipped scenario. */
export function getPreset(id: string, signal?: AbortSignal): Promise<ScenarioInput> {
  return call(() => client.api.presets[':id'].$get({ param: { id } }, { init: { signal } }));
}
