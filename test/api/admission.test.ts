/**
 * Admission before parsing: with a full solve or analysis queue, the solve and analysis POST routes
 * answer 503 with Retry-After without reading the body; a streamed decision map the queue cannot
 * take is a 503, not a 200 with an error event. The runners are stubs whose load figures are set by
 * the test, so nothing depends on timing.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { PoolFullError } from '../../api/pool';
import { inProcessRunner, type SolveRunner } from '../../api/runner';
import type { AnalysisRunner } from '../../api/routes/analyses';
import { HealthSchema } from '../../api/routes/health';
import { loadPreset } from '../../data/load';
import { ApiErrorSchema, inProcessPoints } from '../../model';

type Load = { size: number; busy: number; queued: number; maxQueue?: number };

/** The in-process runner reporting `load`, refusing as the worker pool does when it is full. */
function solveRunner(load: Load): SolveRunner {
  const inner = inProcessRunner();
  const full = () =>
    load.maxQueue !== undefined && load.busy >= load.size && load.queued >= load.maxQueue;
  return {
    ...inner,
    optimize: (s) => (full() ? Promise.reject(new PoolFullError('stub full')) : inner.optimize(s)),
    evaluate: (s, p) =>
      full() ? Promise.reject(new PoolFullError('stub full')) : inner.evaluate(s, p),
    stats: () => load,
  };
}

/**
 * In-process points reporting `load`, refusing a run as the analysis pool does when its points
 * would not fit.
 */
function pointRunner(load: Load): AnalysisRunner {
  const inner = inProcessPoints();
  return {
    run: (base, jobs, options) =>
      load.queued + jobs.length > load.maxQueue!
        ? Promise.reject(new PoolFullError(`${load.queued} analysis solves queued`))
        : inner.run(base, jobs, options),
    stats: () => load,
  };
}

/**
 * A request body that records whether anything read it. Sent with its Content-Length, as clients
 * do: without one the body limit (app.ts) has to read a chunked body to measure it.
 */
function watchedBody(text: string) {
  const seen = { pulled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulled = true;
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  ); // pulled only when something reads it
  return { body, seen };
}

const post = (
  app: ReturnType<typeof createApp>,
  path: string,
  body: BodyInit,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    duplex: 'half',
  } as RequestInit);

async function expectBusy(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('2');
  const body = ApiErrorSchema.parse(await res.json());
  expect(body.error.code).toBe('busy');
}

describe('admission before parsing', () => {
  const fullSolves = { size: 2, busy: 2, queued: 64, maxQueue: 64 };
  const fullPoints = { size: 2, busy: 2, queued: 6724, maxQueue: 6724 };

  it.each(['/api/optimize', '/api/evaluate', '/api/plans'])(
    '%s answers 503 with the queue full, leaving the body unread',
    async (path) => {
      const app = createApp({ runner: solveRunner(fullSolves) });
      const { body, seen } = watchedBody('{ not even JSON');
      await expectBusy(await post(app, path, body, { 'content-length': '15' }));
      expect(seen.pulled).toBe(false);
    },
  );

  it.each(['/api/sensitivity', '/api/breakeven', '/api/map'])(
    '%s answers 503 with the analysis queue full, leaving the body unread',
    async (path) => {
      const app = createApp({ analyses: pointRunner(fullPoints) });
      const { body, seen } = watchedBody('{ not even JSON');
      await expectBusy(await post(app, path, body, { 'content-length': '15' }));
      expect(seen.pulled).toBe(false);
    },
  );

  it('with room in the queue the body is read and validated as before', async () => {
    const app = createApp({
      runner: solveRunner({ ...fullSolves, queued: 63 }),
      analyses: pointRunner({ ...fullPoints, queued: 0 }),
    });
    for (const path of ['/api/optimize', '/api/sensitivity']) {
      const res = await post(app, path, '{ not even JSON');
      expect(res.status).toBe(400);
      expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('invalid_json');
    }
    const rename = await app.request('/api/plans/none', {
      method: 'PUT',
      body: '{"name":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(rename.status).toBe(404);
  });

  it('/api/health reports the queue limits the check reads', async () => {
    const app = createApp({ runner: solveRunner(fullSolves), analyses: pointRunner(fullPoints) });
    const health = HealthSchema.parse(await (await app.request('/api/health')).json());
    expect(health.solvers).toEqual(fullSolves);
  });

  it('an in-process runner (no queue limit) never refuses at the door', async () => {
    const app = createApp({ runner: solveRunner({ size: 0, busy: 5, queued: 0 }) });
    expect((await post(app, '/api/optimize', '{')).status).toBe(400);
  });
});

describe('a busy decision map', () => {
  const scenario = loadPreset('texas-100mw');
  const map = {
    scenario,
    x: { parameter: 'site.energyUsdPerMWh', from: 30, to: 60, steps: 5 },
    y: { parameter: 'hpcOptions.0.leaseUsdPerKwMonth', from: 100, to: 200, steps: 5 },
  };

  it(
    'streamed, answers 503 with Retry-After when its points do not fit the ' +
      'queue (not a 200 with an error event)',
    async () => {
      // Room for one more point at the door, not for the map's 25.
      const app = createApp({
        analyses: pointRunner({ size: 2, busy: 2, queued: 100, maxQueue: 101 }),
      });
      const res = await post(app, '/api/map', JSON.stringify(map), { accept: 'text/event-stream' });
      expect(res.headers.get('content-type')).not.toMatch(/event-stream/);
      await expectBusy(res);
    },
  );

  it('as JSON, answers 503 too', async () => {
    const app = createApp({
      analyses: pointRunner({ size: 2, busy: 2, queued: 100, maxQueue: 101 }),
    });
    await expectBusy(await post(app, '/api/map', JSON.stringify(map)));
  });
});
