/**
 * The analysis routes: 400s naming the field, the tornado through the worker pool, and the decision
 * map's event stream on the real server (127.0.0.1, free port) — progress, result, and cancellation
 * when the client goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { expect400 } from '../helpers/expect400';
import { loadPreset } from '../../data/load';
import {
  BreakevenResponseSchema,
  MapProgressSchema,
  MapResponseSchema,
  ScenarioSchema,
  SensitivityResponseSchema,
  optimize,
  setParameters,
} from '../../model';

const app = createApp();
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
const scenario = () => structuredClone(loadPreset('texas-100mw')) as any;
const axis = (parameter: string, from: number, to: number, steps: number) => ({
  parameter,
  from,
  to,
  steps,
});

describe('analysis routes: bad requests', () => {
  it('names a bad parameter path', async () => {
    await expect400(
      await post('/api/sensitivity', {
        scenario: scenario(),
        parameters: ['site.energyUsdPerMWh', 'site.energy'],
      }),
      'parameters.1',
      /site has no field "energy"/,
    );
    await expect400(
      await post('/api/breakeven', {
        scenario: scenario(),
        parameter: 'hpcOptions.2.leaseUsdPerKwMonth',
      }),
      'parameter',
      /hpcOptions has 1 entry/,
    );
    await expect400(
      await post('/api/map', {
        scenario: scenario(),
        x: axis('name', 0, 1, 3),
        y: axis('site.energyUsdPerMWh', 30, 60, 3),
      }),
      'x.parameter',
      /not a number/,
    );
    await expect400(
      await post('/api/sensitivity', { scenario: scenario(), parameters: ['site..x'] }),
      'parameters.0',
    );
  });

  it('names a bad range', async () => {
    await expect400(
      await post('/api/map', {
        scenario: scenario(),
        x: axis('market.hashprice.btcUsd', 4e4, 2e5, 42),
        y: axis('site.energyUsdPerMWh', 30, 60, 3),
      }),
      'x.steps',
      /≤ 41/,
    );
    await expect400(
      await post('/api/map', {
        scenario: scenario(),
        x: axis('market.hashprice.btcUsd', 4e4, 2e5, 3),
        y: axis('fleet.uptime', 0.5, 1.2, 3),
      }),
      'y.to',
      /must be ≤ 1/,
    );
    await expect400(
      await post('/api/map', {
        scenario: scenario(),
        x: axis('market.hashprice.btcUsd', 4e4, 4e4, 3),
        y: axis('fleet.uptime', 0.5, 1, 3),
      }),
      'x.to',
    );
    await expect400(
      await post('/api/breakeven', {
        scenario: scenario(),
        parameter: 'site.energyUsdPerMWh',
        from: 60,
        to: 30,
      }),
      'to',
    );
    await expect400(
      await post('/api/breakeven', {
        scenario: scenario(),
        parameter: 'hpcOptions.0.buildMonths',
        from: 2,
        to: 20,
      }),
      'from',
      /switchoverMonths/,
    );
    await expect400(await post('/api/sensitivity', { scenario: scenario(), low: -2 }), 'low');
    await expect400(
      await post('/api/sensitivity', {
        scenario: scenario(),
        parameters: [{ parameter: 'fleet.poolFee', low: 0, high: 2 }],
      }),
      'parameters.0',
      /must be ≤ 1/,
    );
    await expect400(
      await post('/api/map', {
        scenario: { ...scenario(), horizonMonths: 5 },
        x: axis('market.hashprice.btcUsd', 4e4, 2e5, 3),
        y: axis('fleet.uptime', 0.5, 1, 3),
      }),
      'scenario.horizonMonths',
    );
  });
});

describe('analysis routes: answers', () => {
  it('answers the tornado, solved in the worker threads, equal to direct optimisations', async () => {
    const res = await post('/api/sensitivity', {
      scenario: scenario(),
      parameters: ['hpcOptions.0.leaseUsdPerKwMonth', 'site.energyUsdPerMWh'],
    });
    expect(res.status).toBe(200);
    const t = SensitivityResponseSchema.parse(await res.json());
    expect(t.rows.map((r) => r.parameter)).toEqual([
      'hpcOptions.0.leaseUsdPerKwMonth',
      'site.energyUsdPerMWh',
    ]);
    const direct = await optimize(
      setParameters(ScenarioSchema.parse(scenario()), [
        { path: 'hpcOptions.0.leaseUsdPerKwMonth', value: 120 },
      ]),
    );
    expect(t.rows[0].low.npvUsd! / direct.npvUsd!).toBeCloseTo(1, 9);
  });

  it('answers a breakeven', async () => {
    const res = await post('/api/breakeven', {
      scenario: scenario(),
      parameter: 'hpcOptions.0.leaseUsdPerKwMonth',
      tolerance: 0.1,
    });
    const b = BreakevenResponseSchema.parse(await res.json());
    expect(b.value).toBeGreaterThan(80);
    expect(b.below!.hpcMW).not.toBe(b.above!.hpcMW);
  });

  it("gives a map's cells the NPV of /api/optimize at their inputs (1e-9 relative)", async () => {
    const request = {
      scenario: scenario(),
      x: axis('market.hashprice.btcUsd', 4e4, 2e5, 5),
      y: axis('hpcOptions.0.leaseUsdPerKwMonth', 80, 160, 4),
    };
    const map = MapResponseSchema.parse(await (await post('/api/map', request)).json());
    const base = ScenarioSchema.parse(request.scenario);
    // Corners, the middle and a cell each side of it: walked on the threads' live models, each
    // must be the optimum a single request finds.
    for (const k of [0, 4, 9, 10, 11, 15, 19]) {
      const cell = map.cells[k];
      const single = setParameters(base, [
        { path: 'market.hashprice.btcUsd', value: cell.x },
        { path: 'hpcOptions.0.leaseUsdPerKwMonth', value: cell.y },
      ]);
      const res = await post('/api/optimize', {
        ...single,
        solve: { ...single.solve, marginalValues: 'off' },
      });
      const direct = (await res.json()) as { status: string; npvUsd: number };
      expect(cell.status).toBe('optimal');
      expect(direct.status).toBe('optimal');
      expect(Math.abs(cell.npvUsd! - direct.npvUsd)).toBeLessThanOrEqual(
        1e-9 * Math.abs(direct.npvUsd),
      );
    }
  }, 120_000);

  it('answers a small map as JSON', async () => {
    const res = await post('/api/map', {
      scenario: scenario(),
      x: axis('market.hashprice.btcUsd', 4e4, 2e5, 3),
      y: axis('hpcOptions.0.leaseUsdPerKwMonth', 80, 160, 3),
    });
    const map = MapResponseSchema.parse(await res.json());
    expect(map.cells).toHaveLength(9);
    expect(
      map.cells.every((c) => c.status === 'optimal' && c.hpcShare! >= 0 && c.hpcShare! <= 1 + 1e-9),
    ).toBe(true);
  });
});

/**
 * Reads Server-Sent Events from a response body; `onEvent` returning false stops reading (the
 * connection stays open).
 */
async function readEvents(res: Response, onEvent: (event: string, data: string) => boolean | void) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.replace(/^data: ?/, ''))
        .join('\n');
      // Stop reading but keep the connection: the caller decides when the client goes away.
      if (onEvent(event, data) === false) return;
    }
  }
}

describe('decision map stream on the real server', () => {
  let server: ServerType;
  let url: string;
  beforeAll(async () => {
    const served = createApp();
    server = await new Promise((resolve) => {
      const s = serve({ fetch: served.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const stream = (body: unknown, signal?: AbortSignal) =>
    fetch(`${url}/api/map`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      signal,
    });
  const health = async () =>
    (
      (await (await fetch(`${url}/api/health`)).json()) as {
        analyses: { busy: number; queued: number; size: number; completed: number };
      }
    ).analyses;

  it('streams progress, then the result', async () => {
    const res = await stream({
      scenario: scenario(),
      x: axis('market.hashprice.btcUsd', 4e4, 2e5, 6),
      y: axis('hpcOptions.0.leaseUsdPerKwMonth', 80, 160, 5),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const progress: { done: number; total: number; elapsedMs?: number }[] = [];
    let result: unknown;
    await readEvents(res, (event, data) => {
      if (event === 'progress') progress.push(MapProgressSchema.parse(JSON.parse(data)));
      if (event === 'result') result = JSON.parse(data);
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ done: 30, total: 30 });
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    );
    const map = MapResponseSchema.parse(result);
    expect(map.cells).toHaveLength(30);
    // The map's own clock, which its time estimate reads: rising, and on the clock of its `ms`
    // (the last cell's progress comes just before the answer is assembled).
    const clock = progress.map((p) => p.elapsedMs!);
    expect(clock.every((t) => t > 0)).toBe(true);
    expect(clock).toEqual([...clock].sort((a, b) => a - b));
    expect(clock.at(-1)!).toBeLessThanOrEqual(map.ms + 0.1);
    expect(clock.at(-1)!).toBeGreaterThan(map.ms * 0.5);
  });

  it('answers a bad request with a plain 400, not a stream', async () => {
    const res = await stream({
      scenario: scenario(),
      x: axis('site.nope', 0, 1, 3),
      y: axis('fleet.uptime', 0.5, 1, 3),
    });
    await expect400(res, 'x.parameter');
  });

  it('stops the remaining solves when the client goes away', async () => {
    const controller = new AbortController();
    const res = await stream(
      {
        scenario: scenario(),
        x: axis('market.hashprice.btcUsd', 4e4, 2e5, 41),
        y: axis('hpcOptions.0.leaseUsdPerKwMonth', 80, 160, 41),
      },
      controller.signal,
    );
    let seen = 0;
    await readEvents(res, (event) => {
      if (event === 'progress') seen++;
      return seen < 3;
    });
    expect(seen).toBe(3);
    const during = await health();
    expect(during.busy + during.queued).toBeGreaterThan(0);
    expect(during.queued).toBeGreaterThan(1000); // 1,681 cells: most still waiting
    controller.abort();
    await expect
      .poll(health, { timeout: 60_000, interval: 20 })
      .toMatchObject({ busy: 0, queued: 0 });
    // Counted, not timed: the cancelled points were dropped, not solved (a few in flight may still
    // finish).
    const after = await health();
    expect(after.completed - during.completed).toBeLessThan(during.queued / 2);
  });
});
