/**
 * Bounded work at the transport: a body nested 10,000 levels deep is a 400 naming the depth on
 * every route that takes a body, before it is parsed; a batch item's stored error is capped as
 * error bodies are; on a real server a client sending its body slowly is cut off by the request
 * timeout (2 s here), and connections beyond the cap are closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { createApp } from '../../api/app';
import { nestingOver } from '../../api/errors';
import { MAX_JSON_DEPTH } from '../../api/limits';
import { transportLimits, TRANSPORT_DEFAULTS } from '../../api/transport';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { ApiErrorSchema, MAX_ISSUE_CHARS, MAX_ISSUES } from '../../model';
import { listen, type Listening } from './wire';

const JSON_TYPE = { 'content-type': 'application/json' };
const DEEP = 10_000;

describe('the JSON depth limit', () => {
  const app = createApp();
  let planId: string;
  let routes: string[];
  beforeAll(async () => {
    const res = await app.request('/api/plans', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ name: 'target', scenario: loadPreset(DEFAULT_PRESET_ID) }),
    });
    planId = ((await res.json()) as { id: string }).id;
    routes = [
      ...new Set(
        app.routes
          .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.path.startsWith('/api/'))
          .map((r) => `${r.method} ${r.path}`),
      ),
    ];
  });

  const bodies = {
    'arrays at the top': `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`,
    'objects at the top': `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`,
    'in a batch item': `{"scenarios":[${'{"site":'.repeat(DEEP)}1${'}'.repeat(DEEP)}]}`,
    'in a plan name': `{"name":${'['.repeat(DEEP)}${']'.repeat(DEEP)},"scenario":{}}`,
  };

  it('every route that takes a body answers 400 naming the depth', async () => {
    expect(routes).toEqual(
      expect.arrayContaining(['POST /api/optimize', 'POST /api/batches', 'PUT /api/plans/:id']),
    );
    for (const route of routes) {
      const [method, pattern] = route.split(' ');
      for (const [what, body] of Object.entries(bodies)) {
        const res = await app.request(pattern.replace(':id', planId), {
          method,
          body,
          headers: { ...JSON_TYPE, 'if-match': '*' },
        });
        const where = `${route}, ${what}`;
        expect(res.status, where).toBe(400);
        const { error } = ApiErrorSchema.parse(await res.json());
        expect(error.code, where).toBe('too_deep');
        expect(error.message, where).toBe(
          `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
        );
        expect(error.issues, where).toEqual([
          { path: '(body)', message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
        ]);
      }
    }
  });

  it('counts only arrays and objects, never brackets inside strings', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(nestingOver(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestingOver(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestingOver(JSON.stringify({ s: '['.repeat(DEEP) }), MAX_JSON_DEPTH)).toBe(false);
    expect(nestingOver(JSON.stringify({ s: `\\"${'{'.repeat(DEEP)}` }), MAX_JSON_DEPTH)).toBe(
      false,
    );
    // The deepest shipped request, a portfolio preset inside a batch, is far from the limit.
    const deepest = JSON.stringify({ scenarios: [loadPreset('riot-portfolio')] });
    expect(nestingOver(deepest, 16)).toBe(false);
  });
});

describe("a batch item's stored error", () => {
  it('lists at most MAX_ISSUES issues, each cut to MAX_ISSUE_CHARS, as error bodies do', async () => {
    const app = createApp();
    const bad = structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;
    // 3,000 unknown keys of 250 characters: under the 1 MiB body limit, a 1.6 MB message uncapped.
    for (let i = 0; i < 3_000; i++) bad[`k${'x'.repeat(250)}${i}`] = i;
    const res = await app.request('/api/batches', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ scenarios: [bad] }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const { id } = (await res.json()) as { id: string };
    let run: any;
    do {
      run = await (await app.request(`/api/batches/${id}`)).json();
      if (run.status === 'running') await new Promise((r) => setTimeout(r, 50));
    } while (run.status === 'running');
    const [item] = run.results as { status: string; message: string }[];
    expect(item.status).toBe('error');
    expect(item.message).toMatch(
      /^invalid scenario \(3000 issues, the first 50 listed; more: 2950\): /,
    );
    const listed = item.message.slice(item.message.indexOf('): ') + 3).split('; ');
    expect(listed).toHaveLength(MAX_ISSUES);
    for (const issue of listed) expect(issue.length).toBeLessThanOrEqual(2 * MAX_ISSUE_CHARS + 2);
    expect(item.message.length).toBeLessThan(MAX_ISSUES * (2 * MAX_ISSUE_CHARS + 4) + 200);
  });
});

describe('the Node server limits', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await listen(createApp(), {
      REQUEST_TIMEOUT_SECONDS: '2',
      HEADERS_TIMEOUT_SECONDS: '2',
      MAX_CONNECTIONS: '4',
    });
  });
  afterAll(() => srv.close());

  const open = async () => {
    const sock = connect(srv.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    return sock;
  };
  /** Resolves with what the server sent and when (ms) it closed the connection. */
  const closed = (sock: Socket, t0: number) =>
    new Promise<{ ms: number; text: string }>((resolve) => {
      let text = '';
      sock.setEncoding('utf8');
      sock.on('data', (d: string) => (text += d));
      sock.on('error', () => {});
      sock.once('close', () => resolve({ ms: performance.now() - t0, text }));
    });

  it('cuts off a client that sends its body a byte at a time, at the 2 s request timeout', async () => {
    const sock = await open();
    const t0 = performance.now();
    const done = closed(sock, t0);
    sock.write(
      `POST /api/optimize HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    // A byte every 100 ms: never idle long, never done.
    const drip = setInterval(() => sock.writable && sock.write(' '), 100);
    const { ms, text } = await done;
    clearInterval(drip);
    expect(ms).toBeGreaterThanOrEqual(1_900);
    // Node looks for late requests every 0.5 s here (serverOptions); 10 s leaves room for a busy
    // machine and is far below the 50 s the issue saw.
    expect(ms).toBeLessThan(10_000);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('refuses a body over 1 MiB from its Content-Length alone, before it is sent', async () => {
    const sock = await open();
    const done = closed(sock, performance.now());
    sock.write(
      `POST /api/optimize HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: close\r\n` +
        'Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n',
    );
    const { text } = await done;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('payload_too_large');
  });

  it('cuts off a client that never finishes its headers', async () => {
    const sock = await open();
    const t0 = performance.now();
    const done = closed(sock, t0);
    sock.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n`);
    const drip = setInterval(() => sock.writable && sock.write('X-A: b\r\n'), 100);
    const { ms } = await done;
    clearInterval(drip);
    expect(ms).toBeLessThan(10_000);
  });

  it('closes connections beyond the cap as they arrive; those within it are served', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, open));
    const extra = await open();
    const gone = closed(extra, performance.now());
    extra.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n\r\n`);
    expect((await gone).text).toBe('');
    const served = closed(held[0], performance.now());
    held[0].end(
      `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: close\r\n\r\n`,
    );
    expect((await served).text).toMatch(/^HTTP\/1\.1 200 /);
    for (const s of held) s.destroy();
  });

  it('reads its limits from the environment, with documented defaults', () => {
    expect(transportLimits({})).toEqual(TRANSPORT_DEFAULTS);
    expect(
      transportLimits({
        REQUEST_TIMEOUT_SECONDS: '2',
        HEADERS_TIMEOUT_SECONDS: '5',
        KEEP_ALIVE_TIMEOUT_SECONDS: '0.5',
        MAX_REQUESTS_PER_SOCKET: '0',
        MAX_CONNECTIONS: '10',
      }),
    ).toEqual({
      requestTimeoutMs: 2000,
      headersTimeoutMs: 2000,
      keepAliveTimeoutMs: 500,
      maxRequestsPerSocket: 0,
      maxConnections: 10,
    });
    expect(() => transportLimits({ REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(
      'invalid REQUEST_TIMEOUT_SECONDS: 0',
    );
    expect(() => transportLimits({ MAX_CONNECTIONS: '1.5' })).toThrow(
      'invalid MAX_CONNECTIONS: 1.5',
    );
  });
});
