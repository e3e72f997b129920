/**
 * @module transport — limits of the Node HTTP server under the app: how long a client may take to
 * send its headers and its whole request, how long an idle keep-alive connection stays open, how
 * many requests one connection may carry and how many connections are open at once. Each is set by
 * an environment variable; the defaults are documented in docs/security-transport.md. Also the
 * body-size check in front of the app, made from the headers where it can be.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Server } from 'node:http';

/**
 * `hono/body-limit` that decides from `Content-Length` without touching the body. Hono's reads
 * `c.req.raw.body` first, which makes @hono/node-server build a web Request, a ReadableStream and
 * an AbortSignal for every request with a body, refused ones included: a third of the event loop's
 * work under a flood of requests the admission check refuses, and what /api/health waited behind
 * (docs/api.md, Load). A body without a length (chunked) still goes through Hono's, which counts
 * it as it arrives; a GET or HEAD has none.
 */
export function bodyLimitByLength(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return counting(c, next);
    return Number(length) > maxSize ? onError(c) : next();
  };
}

/** The limits, in the units Node takes (ms, counts). */
export interface TransportLimits {
  /** Longest time to receive a whole request, headers and body, ms; past it the answer is 408. */
  readonly requestTimeoutMs: number;
  /** Longest time to receive the headers, ms (at most `requestTimeoutMs`). */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open, ms. */
  readonly keepAliveTimeoutMs: number;
  /** Requests one connection may carry before the server closes it; 0: no limit. */
  readonly maxRequestsPerSocket: number;
  /** Connections open at once; more are closed as they arrive. */
  readonly maxConnections: number;
}

/**
 * The defaults: 30 s for a whole request (a 1 MiB body needs 35 kB/s), 10 s for its headers, 5 s
 * keep-alive (Node's own), 1,000 requests a connection, 1,024 connections (the load test opens
 * 151).
 */
export const TRANSPORT_DEFAULTS: TransportLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxConnections: 1_024,
};

/** Environment read by `transportLimits`. */
export interface TransportEnv {
  readonly REQUEST_TIMEOUT_SECONDS?: string;
  readonly HEADERS_TIMEOUT_SECONDS?: string;
  readonly KEEP_ALIVE_TIMEOUT_SECONDS?: string;
  readonly MAX_REQUESTS_PER_SOCKET?: string;
  readonly MAX_CONNECTIONS?: string;
}

/**
 * The limits the environment sets, the defaults for the others. Timeouts are seconds (fractions
 * allowed, above 0); counts are whole numbers (`MAX_REQUESTS_PER_SOCKET` 0: no limit;
 * `MAX_CONNECTIONS` at least 1). The headers timeout is cut to the request timeout.
 * @throws Error `invalid <NAME>: <value> (…)` for anything else.
 * @example transportLimits({ REQUEST_TIMEOUT_SECONDS: '2' }).requestTimeoutMs // 2000
 */
export function transportLimits(env: TransportEnv = {}): TransportLimits {
  const seconds = (name: keyof TransportEnv, fallbackMs: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallbackMs;
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0 || v > 86_400)
      throw new Error(`invalid ${name}: ${raw} (expected seconds above 0, at most 86400)`);
    return Math.round(v * 1000);
  };
  const count = (name: keyof TransportEnv, fallback: number, min: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min)
      throw new Error(`invalid ${name}: ${raw} (expected a whole number ≥ ${min})`);
    return v;
  };
  const d = TRANSPORT_DEFAULTS;
  const requestTimeoutMs = seconds('REQUEST_TIMEOUT_SECONDS', d.requestTimeoutMs);
  return {
    requestTimeoutMs,
    headersTimeoutMs: Math.min(
      requestTimeoutMs,
      seconds('HEADERS_TIMEOUT_SECONDS', d.headersTimeoutMs),
    ),
    keepAliveTimeoutMs: seconds('KEEP_ALIVE_TIMEOUT_SECONDS', d.keepAliveTimeoutMs),
    maxRequestsPerSocket: count('MAX_REQUESTS_PER_SOCKET', d.maxRequestsPerSocket, 0),
    maxConnections: count('MAX_CONNECTIONS', d.maxConnections, 1),
  };
}

/**
 * The options of `http.createServer` (the `serverOptions` of `@hono/node-server`'s `serve`) for
 * these limits. Node looks for requests past their timeouts every `connectionsCheckingInterval`
 * (default 30 s); a quarter of the shorter timeout here, so that a slow client is cut off within
 * 1.25 times it.
 */
export function serverOptions(limits: TransportLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(
      100,
      Math.round(Math.min(limits.requestTimeoutMs, limits.headersTimeoutMs) / 4),
    ),
  };
}

/** Sets the limits that are properties of a listening server (and the others again, to be sure). */
export function applyTransportLimits(server: Server, limits: TransportLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.maxConnections = limits.maxConnections;
}

/** One line for the start-up log. */
export function describeTransport(l: TransportLimits): string {
  return (
    `request timeout ${l.requestTimeoutMs / 1000} s, headers ${l.headersTimeoutMs / 1000} s, ` +
    `keep-alive ${l.keepAliveTimeoutMs / 1000} s, ${l.maxRequestsPerSocket || 'unlimited'} ` +
    `requests a connection, ${l.maxConnections} connections`
  );
}
