/**
 * @module api — the Switchyard HTTP API over the typed Hono client: requests, their error envelope
 * and the presets. Where a solve runs is lib/solves.ts's business; the server's solve routes are in
 * lib/server-solves.ts.
 */
import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../api/app';
import type { ScenarioInput } from '../../../model/schema';

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

/**
 * `fetch`, but a 401 (the server has users and this browser is not signed in, docs/security.md)
 * goes to the server's sign-in page, which comes back to this address once signed in.
 */
const fetchOrSignIn: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (res.status === 401 && typeof window !== 'undefined' && location.pathname !== '/signin')
    location.assign(
      `/signin?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`,
    );
  return res;
};

/** The typed Hono client: request and answer shapes come from the API's own routes. */
export const client = hc<AppType>('/', { fetch: fetchOrSignIn });

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

/** `GET /api/presets`: the shipped scenarios. */
export function listPresets(signal?: AbortSignal): Promise<PresetSummary[]> {
  return call(() => client.api.presets.$get(undefined, { init: { signal } }));
}

/** `GET /api/presets/:id`: one shipped scenario. */
export function getPreset(id: string, signal?: AbortSignal): Promise<ScenarioInput> {
  return call(() => client.api.presets[':id'].$get({ param: { id } }, { init: { signal } }));
}
