/**
 * A real server on 127.0.0.1:0 for an app (and the HTTP server's limits), started and stopped by a
 * test, and requests sent with node:http, which, unlike fetch, sends any `Host` and `Origin` given.
 */
import { serve, type ServerType } from '@hono/node-server';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyTransportLimits, serverOptions, transportLimits } from '../../api/transport';
import type { createApp } from '../../api/app';

/** A listening server. */
export interface Listening {
  readonly server: ServerType;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 and a free port, with the limits `env` sets (see api/transport.ts). */
export async function listen(
  app: ReturnType<typeof createApp>,
  env: Record<string, string> = {},
): Promise<Listening> {
  const limits = transportLimits(env);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: serverOptions(limits) },
      () => resolve(s),
    );
  });
  applyTransportLimits(server as Server, limits);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        (server as Server).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An answer: status, headers (lower-case names) and the body as text. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * Sends one request to `port` on 127.0.0.1 with exactly the headers given (`host` defaults to
 * `127.0.0.1:<port>`).
 */
export function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          host: `127.0.0.1:${port}`,
          ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }),
          ...headers,
        },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON body of an answer. */
export const json = <T = any>(a: Answer): T => JSON.parse(a.text) as T;
