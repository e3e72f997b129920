/**
 * The pg-boss engine with real worker processes: PostgreSQL started on loopback by the test
 * (skipped, loudly, when it cannot be had), two `scripts/worker.ts` processes, one killed with
 * SIGKILL inside a chunk. The run (the policy simulator, chunks of 2,000 paths) still completes
 * with exactly N results, the same percentiles as the embedded engine for the same seed, and a
 * sample of 20 paths equal to a direct simulation of that path; a poisoned batch entry fails alone;
 * a cancelled run's queued chunks are cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { workerNice } from '../../api/queue-worker';
import { createApp } from '../../api/app';
import { memoryRuns, openRuns, type RunService } from '../../api/jobs';
import {
  ScenarioSchema,
  optimize,
  prepareSim,
  simulatePath,
  MonteCarloSummarySchema,
  type PathOutcome,
} from '../../model';
import { spawnTs, type Child } from '../../scripts/lib/child';
import { startTestPostgres, type TestPostgres } from '../plans/pg-server';
import { expectSameAnswer, monteCarloRequest, poisonedBatch } from './fixture';

/** Ten chunks of the simulator's 2,000 paths. */
const PATHS = 20_000;
const server: TestPostgres = await startTestPostgres();
if (!server.ok) console.warn(`\n*** SKIPPED test/montecarlo/queue.test.ts: ${server.reason} ***\n`);

/**
 * Queue settings short enough for a test: a lost chunk is retried after 20 s, expiry looked for
 * every second.
 */
const QUEUE_ENV = { CHUNK_DEADLINE_SECONDS: '20', QUEUE_MAINTENANCE_SECONDS: '1' };

describe('WORKER_NICE', () => {
  it('defaults to 10 and is an error naming the variable when not a whole number 0–19', () => {
    expect(workerNice(undefined)).toBe(10);
    expect(workerNice('0')).toBe(0);
    expect(() => workerNice('20')).toThrow(/WORKER_NICE: 20/);
    expect(() => workerNice('low')).toThrow(/WORKER_NICE/);
  });
});

describe.skipIf(!server.ok)('Monte Carlo and batches on the pg-boss queue', () => {
  let url: string;
  let runs: RunService;
  let app: ReturnType<typeof createApp>;
  const workers: Child[] = [];

  beforeAll(async () => {
    if (!server.ok) return;
    url = await server.freshDatabase();
    runs = await openRuns({ QUEUE_URL: url, ...QUEUE_ENV }, { pollMs: 100 });
    app = createApp({ runs });
  });

  afterAll(async () => {
    for (const w of workers)
      if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await runs?.close();
    if (server.ok) await server.stop();
  });

  const startWorker = async () => {
    const w = spawnTs('scripts/worker.ts', { QUEUE_URL: url, WORKER_VERBOSE: '1', ...QUEUE_ENV });
    workers.push(w);
    const ready = await w.waitFor(/^Switchyard worker (\d+) ready$/, 60_000);
    // Chunks are batch work: the thread that runs them is reniced to 10 (WORKER_NICE's default),
    // below the server.
    expect(
      Number(readFileSync(`/proc/${ready[1]}/stat`, 'utf8').split(') ')[1].split(' ')[16]),
    ).toBe(10);
    return w;
  };

  it('completes with exactly N results after a worker is killed mid-chunk, ' +
    'as the embedded engine answers', async () => {
    const [a, b] = [await startWorker(), await startWorker()];
    const pending = app.request('/api/montecarlo', {
      method: 'POST',
      body: JSON.stringify(monteCarloRequest(PATHS)),
      headers: { 'content-type': 'application/json' },
    });
    // Killed right after it says it started its second chunk: a chunk simulates 2,000 paths and
    // writes them in one upsert, so the kill lands inside it (or, if it finished first, the rows are
    // counted once all the same).
    const started = await a
      .waitFor(/^chunk start (\S+) (\d+)-(\d+)$/, 120_000)
      .then(() => a.waitFor(/^chunk start \S+ (?!0-)(\d+)-(\d+)$/, 120_000));
    a.process.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const res = await pending;
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    const queued = MonteCarloSummarySchema.parse(body);
    expect(queued.paths).toBe(PATHS);

    // Exactly N rows, one per path index.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query(
        'SELECT count(*)::int AS n, count(DISTINCT idx)::int AS d, min(idx) AS ' +
          'lo, max(idx) AS hi FROM job_results WHERE run_id = $1',
        [body.id],
      );
      expect(rows[0]).toEqual({ n: PATHS, d: PATHS, lo: 0, hi: PATHS - 1 });
      // The chunk the killed worker was inside was run again by the other one.
      const killed = `${started[1]}-${started[2]}`;
      if (!a.lines.includes(`chunk done ${body.id} ${killed}`)) {
        expect(b.lines).toContain(`chunk done ${body.id} ${killed}`);
        const retried = await db.query(
          "SELECT retrycount FROM pgboss.job WHERE data->>'runId' = $1 AND (data->>'from')::int = $2",
          [body.id, Number(started[1])],
        );
        expect(retried.rows[0].retrycount).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await db.end();
    }

    // The embedded engine, same seed: the same answer (to the solver's last bits).
    const embedded = MonteCarloSummarySchema.parse(
      await (
        await createApp().request('/api/montecarlo', {
          method: 'POST',
          body: JSON.stringify(monteCarloRequest(PATHS)),
          headers: { 'content-type': 'application/json' },
        })
      ).json(),
    );
    expectSameAnswer(queued, embedded);

    // A sample of paths: the stored outcome is a direct simulation of that path, on this thread.
    const request = monteCarloRequest(PATHS);
    const scenario = ScenarioSchema.parse(request.scenario);
    const plan = (await optimize(scenario)).plan;
    const stored = new Map(
      (await runs.store.results(body.id)).map((r) => [r.index, r.data as PathOutcome]),
    );
    const sim = prepareSim({
      scenario,
      plan,
      seed: request.seed,
      process: { btc: request.btc, network: request.network },
    });
    for (let i = 3; i < PATHS; i += 1000) {
      const { ms: _, ...direct } = simulatePath(sim, i);
      const { ms: __, ...kept } = stored.get(i)!;
      expectSameAnswer(kept, direct, `path ${i}`);
    }
  }, 300_000);

  it('fails a poisoned batch entry alone', async () => {
    if (!workers.some((w) => w.process.exitCode === null && w.process.signalCode === null))
      await startWorker();
    const { id } = (await (
      await app.request('/api/batches', {
        method: 'POST',
        body: JSON.stringify(poisonedBatch()),
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as any;
    const run = await runs.wait(id, 'batch');
    expect(run.status).toBe('done');
    const items = await runs.batchItems(id);
    expect(items.map((r) => r.status)).toEqual(['optimal', 'error', 'optimal']);
    expect(items[1].message).toContain('site.gridMW');
  }, 120_000);

  it('runs a batch with a Monte Carlo per item: the same items as the embedded engine', async () => {
    if (!workers.some((w) => w.process.exitCode === null && w.process.signalCode === null))
      await startWorker();
    const { scenario, ...rest } = monteCarloRequest(300, 5);
    const cheap = { ...scenario, site: { ...scenario.site, energyUsdPerMWh: 30 } };
    const body = JSON.stringify({ scenarios: [scenario, cheap], montecarlo: rest });
    // The batch's items as GET /api/batches answers them once its run service says it is done.
    const items = async (on: RunService) => {
      const post = { method: 'POST', body, headers: { 'content-type': 'application/json' } };
      const served = createApp({ runs: on });
      const { id } = (await (await served.request('/api/batches', post)).json()) as any;
      expect((await on.wait(id, 'batch')).status).toBe('done');
      return ((await (await served.request(`/api/batches/${id}`)).json()) as any).results;
    };
    const queued = await items(runs);
    expect(queued.map((i: any) => [i.status, i.montecarlo.paths])).toEqual([
      ['optimal', 300],
      ['optimal', 300],
    ]);
    const local = memoryRuns({ pollMs: 10 });
    try {
      expect(queued).toEqual(await items(local));
    } finally {
      await local.close();
    }
  }, 180_000);

  it('cancels the queued chunks of a cancelled run', async () => {
    for (const w of workers)
      if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    const id = await runs.startBatch({ scenarios: Array(30).fill({}) });
    await runs.cancel(id);
    expect((await runs.progress(id, 'batch'))!.status).toBe('cancelled');
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query(
        "SELECT state FROM pgboss.job WHERE data->>'runId' = $1 ORDER BY (data->>'from')::int",
        [id],
      );
      expect(rows.map((r) => r.state)).toEqual(['cancelled', 'cancelled']);
    } finally {
      await db.end();
    }
  }, 60_000);
});
