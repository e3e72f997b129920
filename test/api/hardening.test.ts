/**
 * Hardening: security headers on every answer, CORS closed unless allow-listed, a request id in
 * each response header, error body and log line, and a graceful shutdown of the real server that
 * still answers a solve in flight.
 */
import { describe, expect, it, vi } from 'vitest';
import { serve } from '@hono/node-server';
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { parseCorsOrigins } from '../../api/middleware';
import { startServer } from '../../scripts/lib/child';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';
import { ApiErrorSchema, SolveResultSchema } from '../../model';
import { longScenario } from '../helpers/scenarios';
import { tempDir } from '../plans/fixture';

describe('security headers', () => {
  it('are on API answers, errors included', async () => {
    const app = createApp();
    for (const res of [
      await app.request('/api/health'),
      await app.request('/api/nothing'),
      await app.request('/api/optimize', {
        method: 'POST',
        body: '{',
        headers: { 'content-type': 'application/json' },
      }),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('CORS', () => {
  const preflight = (app: ReturnType<typeof createApp>, origin: string) =>
    app.request('/api/optimize', {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

  it('is closed by default: no origin is allowed, on preflights or plain requests', async () => {
    const app = createApp();
    expect(
      (await preflight(app, 'https://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
    const res = await app.request('/api/presets', { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the listed origins', async () => {
    const app = createApp({
      corsOrigins: parseCorsOrigins('https://app.example.com, http://localhost:5173'),
    });
    const ok = await preflight(app, 'https://app.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    const get = await app.request('/api/presets', { headers: { Origin: 'http://localhost:5173' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(get.headers.get('vary')).toMatch(/origin/i);
    expect(
      (await preflight(app, 'https://app.example.com.evil.example')).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });

  it('CORS_ORIGINS entries must be origins', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins(' ')).toEqual([]);
    expect(parseCorsOrigins('*')).toEqual(['*']);
    for (const bad of [
      'https://a.example/',
      'a.example',
      'https://a.example/path',
      'ftp://a.example',
    ]) {
      expect(() => parseCorsOrigins(bad)).toThrow(/invalid CORS_ORIGINS entry/);
    }
  });
});

describe('request ids', () => {
  it('each response has one; error bodies and log lines carry it; a sane client id is kept', async () => {
    const lines: string[] = [];
    const app = createApp({ log: (l) => lines.push(l) });
    const res = await app.request('/api/optimize', {
      method: 'POST',
      body: '{"name": 1}',
      headers: { 'content-type': 'application/json' },
    });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const raw = (await res.json()) as { error: { requestId?: string } };
    ApiErrorSchema.parse(raw);
    expect(raw.error.requestId).toBe(id);
    expect(lines.some((l) => l.includes(id!) && l.includes('POST /api/optimize 400'))).toBe(true);

    const mine = await app.request('/api/nothing', {
      headers: { 'X-Request-Id': 'client-trace-42' },
    });
    expect(mine.headers.get('x-request-id')).toBe('client-trace-42');
    expect(((await mine.json()) as { error: { requestId: string } }).error.requestId).toBe(
      'client-trace-42',
    );
    const hostile = await app.request('/api/health', {
      headers: { 'X-Request-Id': 'a b <script>' },
    });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a control character in the path (%0a, %0d, ESC, DEL, U+2028) cannot forge or break a log line', async () => {
    const lines: string[] = [];
    const app = createApp({ log: (l) => lines.push(l) });
    const forged = '2026-01-01T00:00:00.000Z admin GET /api/plans 200 1.0ms';
    for (const sep of ['%0a', '%0d%0a', '%0d', '%1b[2J', '%7f', '%e2%80%a8', '%00', '%c2%85']) {
      lines.length = 0;
      const res = await app.request(`/api/nothing${sep}${encodeURIComponent(forged)}`);
      expect(res.status).toBe(404);
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(lines[0]).toMatch(/ GET \/api\/nothing\\(x|u)[0-9a-f]{2,4}.* 404 [\d.]+ms$/);
    }
  });
});

describe('a client that aborts mid-upload', () => {
  it('is logged as 499 client_closed_request, not as a 500 with a stack trace', async () => {
    const lines: string[] = [];
    let logged!: () => void;
    const done = new Promise<void>((r) => (logged = r));
    const app = createApp({ log: (l) => (lines.push(l), logged()) });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args));
    try {
      const sock = connect((server.address() as AddressInfo).port, '127.0.0.1');
      await once(sock, 'connect');
      // The server has the headers (its 'request' event) and waits for the 100,000 bytes promised;
      // the client leaves.
      const started = once(server, 'request');
      sock.write(
        'POST /api/optimize HTTP/1.1\r\nHost: localhost\r\nContent-Type: ' +
          'application/json\r\nContent-Length: 100000\r\n\r\n{"name": "abc',
      );
      await started;
      sock.destroy();
      await done;
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/ POST \/api\/optimize 499 /);
      expect(errors).toEqual([]);
    } finally {
      spy.mockRestore();
      await new Promise((r) => server.close(r));
    }
  }, 30_000);
});

describe('graceful shutdown of the real server', () => {
  it('SIGTERM lets a slow solve in flight finish and answer, refuses new connections, and exits 0', async () => {
    const server = await startServer({ DATA_DIR: tempDir('shutdown'), DATABASE_URL: '' });
    try {
      // 8 s of solving: still in flight when the signal comes, on a busy machine too.
      const slow = fetch(`${server.url}/api/optimize`, {
        method: 'POST',
        body: JSON.stringify(longScenario(8)),
        headers: { 'content-type': 'application/json' },
      });
      const busy = async () =>
        ((await (await fetch(`${server.url}/api/health`)).json()) as { solvers: { busy: number } })
          .solvers.busy;
      await expect.poll(busy, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
      server.process.kill('SIGTERM');
      await server.waitFor(/SIGTERM: finishing requests in flight/, 60_000);
      const res = await slow;
      expect(res.status).toBe(200);
      const answer = SolveResultSchema.parse(await res.json());
      expect(['optimal', 'timedout']).toContain(answer.status);
      const { code } = await server.exited;
      expect(code).toBe(0);
      // The order of the server's log, not a clock: the solve was answered after the signal and
      // before the stop.
      const at = (re: RegExp) => server.lines.findIndex((l) => re.test(l));
      expect(at(/SIGTERM: finishing/)).toBeGreaterThan(-1);
      expect(at(/POST \/api\/optimize 200/)).toBeGreaterThan(at(/SIGTERM: finishing/));
      expect(at(/^stopped$/)).toBeGreaterThan(at(/POST \/api\/optimize 200/));
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    } finally {
      server.process.kill('SIGKILL');
    }
  });

  it('an idle server stops at once: an idle keep-alive connection does not hold it up', async () => {
    const server = await startServer({ DATA_DIR: tempDir('shutdown'), DATABASE_URL: '' });
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    socket.setEncoding('utf8');
    let received = '';
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (d: string) => (received += d));
    socket.on('error', () => {});
    const get = `GET /api/presets/${DEFAULT_PRESET_ID} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`;
    socket.write(get);
    await expect
      .poll(() => /\r\n\r\n[\s\S]*"horizonMonths"/.test(received), {
        timeout: 60_000,
        interval: 20,
      })
      .toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    server.process.kill('SIGTERM');
    // The server closes the idle connection itself, at once: a request sent on it afterwards gets
    // no answer. (Left open, it would be served, and the server would wait for the keep-alive
    // timeout before exiting.)
    await server.waitFor(/SIGTERM: finishing requests in flight/, 60_000);
    const before = received.length;
    if (!socket.destroyed) socket.write(get);
    await closed;
    expect(received.length).toBe(before);
    expect((await server.exited).code).toBe(0);
  });
});

describe('solve threads', () => {
  it.runIf(process.platform === 'linux')(
    'run at a lower priority than the event loop (Linux: per-thread nice)',
    async () => {
      const { workerPool } = await import('../../api/pool');
      const { SOLVE_THREAD_NICE } = await import('../../api/solve-worker');
      const { readdirSync, readFileSync } = await import('node:fs');
      const pool = workerPool({ size: 1 });
      try {
        const { ScenarioSchema } = await import('../../model');
        await pool.optimize(ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID)));
        const nice = (tid: string) =>
          Number(
            readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
              .replace(/^.*\) /, '')
              .split(' ')[16],
          );
        const values = readdirSync('/proc/self/task').map(nice);
        // Absolute niceness: the event loop keeps the runner's own (0 unless CI runs niced), the
        // solve thread has 10.
        expect(Math.max(...values)).toBeGreaterThanOrEqual(SOLVE_THREAD_NICE);
        expect(nice(String(process.pid))).toBeLessThan(Math.max(...values));
      } finally {
        await pool.close();
      }
    },
  );
});
