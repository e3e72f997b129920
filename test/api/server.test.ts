/**
 * The real server on 127.0.0.1:0 with the worker pool: /api/health answers while long solves run, a
 * solve past its deadline is stopped and answered as timed out, and a full queue answers 503 with
 * Retry-After. No assertion on elapsed time and no sleeps: what is checked is the order of events,
 * so a busy machine passes too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { workerPool } from '../../api/pool';
import type { SolveRunner } from '../../api/runner';
import { loadPreset } from '../../data/load';
import { longScenario } from '../helpers/scenarios';
import { SolveResultSchema } from '../../model';

async function start(runner: SolveRunner): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({ runner });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => server.close(() => runner.close().then(() => resolve()))),
  };
}

describe('server with the worker pool', () => {
  let srv: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    srv = await start(workerPool({ size: 2 }));
  });
  afterAll(() => srv.close());

  it('answers /api/health while solves run', async () => {
    let settled = false;
    const solves = Promise.all(
      [0, 1].map(() =>
        fetch(`${srv.url}/api/optimize`, {
          method: 'POST',
          body: JSON.stringify(longScenario(3)),
          headers: { 'content-type': 'application/json' },
        }),
      ),
    ).finally(() => (settled = true));
    // Health answers that arrive while the solves still run prove that solving does not hold up the
    // event loop (on the event loop, every health request would wait for a solve to end). No clock:
    // only the order counts.
    let whileSolving = 0;
    while (!settled && whileSolving < 10) {
      const res = await fetch(`${srv.url}/api/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { solvers: { busy: number } };
      if (body.solvers.busy > 0 && !settled) whileSolving++;
    }
    expect(whileSolving).toBe(10);
    for (const res of await solves) {
      expect(res.status).toBe(200);
      const a = SolveResultSchema.parse(await res.json());
      expect(['optimal', 'timedout']).toContain(a.status);
      if (a.status === 'timedout') expect(a.solver.timeLimitHit).toBe(true);
    }
  });

  it('optimises the default preset through the pool', async () => {
    const res = await fetch(`${srv.url}/api/optimize`, {
      method: 'POST',
      body: JSON.stringify(loadPreset('texas-100mw')),
      headers: { 'content-type': 'application/json' },
    });
    const a = SolveResultSchema.parse(await res.json());
    expect(a.status).toBe('optimal');
  });

  it('runs solve.solver "jslp" in a pool worker, its point verified (its own worker file is found there)', async () => {
    // A short horizon: javascript-lp-solver is slow, and each answer takes several solves
    // (tie-break, baseline).
    const preset = { ...(loadPreset('texas-100mw') as any), horizonMonths: 24 };
    preset.hpcOptions[0].buildMonths = 9;
    const scenario = {
      ...preset,
      solve: { ...preset.solve, solver: 'jslp', marginalValues: 'off' },
    };
    const res = await fetch(`${srv.url}/api/optimize`, {
      method: 'POST',
      body: JSON.stringify(scenario),
      headers: { 'content-type': 'application/json' },
    });
    const a = SolveResultSchema.parse(await res.json());
    expect(a.message ?? '').not.toMatch(/worker failed|Cannot find module/);
    expect(a.status).toBe('optimal');
    expect(a.solver.name).toBe('jslp');
    const highs = SolveResultSchema.parse(
      await (
        await fetch(`${srv.url}/api/optimize`, {
          method: 'POST',
          body: JSON.stringify(preset),
          headers: { 'content-type': 'application/json' },
        })
      ).json(),
    );
    // Verified feasible: no row violated, so its NPV cannot beat HiGHS' proven optimum.
    expect(a.solver.maxViolation).toBeLessThan(1e-6);
    expect(a.npvUsd!).toBeLessThanOrEqual(highs.npvUsd! * (1 + 1e-9));
  }, 120_000);
});

describe('pool limits', () => {
  it('stops a solve past its deadline and answers timed out, then keeps serving', async () => {
    // A deadline shorter than the solver's own limit forces the pool to kill the worker.
    const srv = await start(workerPool({ size: 1, graceSeconds: -2.5 }));
    try {
      const res = await fetch(`${srv.url}/api/optimize`, {
        method: 'POST',
        body: JSON.stringify(longScenario(3)),
        headers: { 'content-type': 'application/json' },
      });
      const a = SolveResultSchema.parse(await res.json());
      // The pool's own answer (the solver's time limit would say "time limit of 3 s reached" and
      // count variables).
      expect(a).toMatchObject({ status: 'timedout', solver: { timeLimitHit: true, variables: 0 } });
      expect(a.message).toMatch(/^the solve did not finish within 1 s and was stopped$/);
      const ok = await fetch(`${srv.url}/api/optimize`, {
        method: 'POST',
        body: JSON.stringify(loadPreset('texas-100mw')),
        headers: { 'content-type': 'application/json' },
      });
      expect(SolveResultSchema.parse(await ok.json()).status).toBe('optimal');
    } finally {
      await srv.close();
    }
  });

  it('answers 503 with Retry-After when every solver is busy and the queue is full', async () => {
    const srv = await start(workerPool({ size: 1, maxQueue: 1 }));
    try {
      // Long enough that the first is still solving while the second waits, on a busy machine too.
      const body = JSON.stringify(longScenario(5));
      const post = () =>
        fetch(`${srv.url}/api/optimize`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
      const solvers = async () =>
        (
          (await (await fetch(`${srv.url}/api/health`)).json()) as {
            solvers: { busy: number; queued: number };
          }
        ).solvers;
      const first = post();
      await expect
        .poll(solvers, { timeout: 60_000, interval: 20 })
        .toMatchObject({ busy: 1, queued: 0 });
      const second = post();
      await expect
        .poll(solvers, { timeout: 60_000, interval: 20 })
        .toMatchObject({ busy: 1, queued: 1 });
      const third = await post();
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('2');
      expect(((await third.json()) as any).error.code).toBe('busy');
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});
