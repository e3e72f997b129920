/**
 * The Monte Carlo and batch routes on the embedded engine (no queue service): answers parsed with
 * their schemas, 400s naming the field, progress streamed, a run cancelled when its client leaves,
 * runs read back, a poisoned batch entry failing alone, CSV, a chunk that fails for good, and a
 * restarted process finishing the runs it finds unfinished in its SQLite file.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApp } from '../../api/app';
import { analysisPool } from '../../api/analysis-pool';
import { jobStore, openRuns, runService } from '../../api/jobs';
import type { Chunk } from '../../api/jobs/chunks';
import type { Engine } from '../../api/jobs/engine';
import { sqliteStorage } from '../../api/storage';
import { MonteCarloSummarySchema, ScenarioSchema } from '../../model';
import { batchInput } from '../../api/jobs/batch';
import { tempDir } from '../plans/fixture';
import {
  expectSameAnswer,
  monteCarloRequest,
  poisonedBatch,
  scenario24,
  sseEvents,
} from './fixture';

const post = (
  app: ReturnType<typeof createApp>,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...headers },
  });

async function waitForBatch(app: ReturnType<typeof createApp>, id: string) {
  for (;;) {
    const body = (await (await app.request(`/api/batches/${id}`)).json()) as any;
    if (body.status !== 'running') return body;
    await new Promise((r) => setImmediate(r));
  }
}

describe('POST /api/montecarlo (embedded)', () => {
  const app = createApp();

  it('answers the distributions and keeps the run under its id', async () => {
    const res = await post(app, '/api/montecarlo', monteCarloRequest(60));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    const summary = MonteCarloSummarySchema.parse(body);
    expect(summary.paths).toBe(60);
    expect(summary.plan.npvPercentilesUsd!.p5).toBeLessThanOrEqual(
      summary.plan.npvPercentilesUsd!.p95,
    );
    expect(summary.histogram.plan.reduce((a, b) => a + b, 0)).toBe(60);
    const again = (await (await app.request(`/api/montecarlo/${body.id}`)).json()) as any;
    expect(again.status).toBe('done');
    expect(again.answer).toEqual(summary);
  }, 120_000);

  it('streams progress, then the same answer for the same seed', async () => {
    const direct = MonteCarloSummarySchema.parse(
      await (await post(app, '/api/montecarlo', monteCarloRequest(30, 5))).json(),
    );
    const events = await sseEvents(
      await post(app, '/api/montecarlo', monteCarloRequest(30, 5), { Accept: 'text/event-stream' }),
    );
    expect(events[0].event).toBe('run');
    expect(events.filter((e) => e.event === 'progress').at(-1)!.data).toEqual({
      done: 30,
      total: 30,
    });
    const result = events.at(-1)!;
    expect(result.event).toBe('result');
    expectSameAnswer(MonteCarloSummarySchema.parse(result.data), direct);
  }, 120_000);

  it('is a 400 naming scenario.market.hashprice for a series, and paths out of range', async () => {
    const series = monteCarloRequest(10);
    series.scenario.market = { hashprice: { kind: 'series', usdPerPhDay: Array(24).fill(40) } };
    const res = await post(app, '/api/montecarlo', series);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.issues.map((i: any) => i.path)).toContain(
      'scenario.market.hashprice',
    );
    const tooMany = await post(app, '/api/montecarlo', monteCarloRequest(100_001));
    expect(((await tooMany.json()) as any).error.issues).toEqual([
      { path: 'paths', message: 'must be ≤ 100000' },
    ]);
    const bad = await post(app, '/api/montecarlo', {
      ...monteCarloRequest(10),
      network: { volatilityPerYear: 0.3, correlation: 2 },
    });
    expect(((await bad.json()) as any).error.issues).toEqual([
      { path: 'network.correlation', message: 'must be ≤ 1' },
    ]);
  });

  it('cancels the run when the client of the stream goes away', async () => {
    const client = new AbortController();
    const res = await app.request(
      new Request('http://localhost/api/montecarlo', {
        method: 'POST',
        body: JSON.stringify(monteCarloRequest(2000)),
        headers: { Accept: 'text/event-stream', 'content-type': 'application/json' },
        signal: client.signal,
      }),
    );
    const reader = res.body!.getReader();
    let text = '';
    while (!/event: run\ndata: (.*)\n/.test(text))
      text += new TextDecoder().decode((await reader.read()).value);
    const { id } = JSON.parse(text.match(/event: run\ndata: (.*)\n/)![1]);
    client.abort();
    await reader.cancel().catch(() => {});
    for (;;) {
      const run = (await (await app.request(`/api/montecarlo/${id}`)).json()) as any;
      if (run.status !== 'running') {
        expect(run.status).toBe('cancelled');
        expect(run.done).toBeLessThan(2000);
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
  }, 120_000);

  it('is a 404 for an unknown run', async () => {
    expect((await app.request('/api/montecarlo/nope')).status).toBe(404);
  });
});

describe('POST /api/batches (embedded)', () => {
  const app = createApp();

  it('fails a poisoned entry alone, with its error, and keeps input order', async () => {
    const res = await post(app, '/api/batches', poisonedBatch());
    expect(res.status).toBe(202);
    const { id, total } = (await res.json()) as any;
    expect(total).toBe(3);
    const body = await waitForBatch(app, id);
    expect(body.status).toBe('done');
    expect(body.results.map((r: any) => [r.index, r.status])).toEqual([
      [0, 'optimal'],
      [1, 'error'],
      [2, 'optimal'],
    ]);
    expect(body.results[1].message).toContain('site.gridMW');
    expect(body.results[2].npvUsd).toBe(body.results[0].npvUsd);
  }, 120_000);

  it('sweeps a grid of parameter paths, first axis outermost, and answers CSV', async () => {
    const sweep = [
      { parameter: 'hpcOptions.0.leaseUsdPerKwMonth', from: 60, to: 180, steps: 3 },
      { parameter: 'site.energyUsdPerMWh', from: 30, to: 50, steps: 2 },
    ];
    const { id } = (await (
      await post(app, '/api/batches', { scenario: scenario24(), sweep })
    ).json()) as any;
    const body = await waitForBatch(app, id);
    expect(body.results.map((r: any) => r.parameters)).toEqual(
      [60, 120, 180].flatMap((l) =>
        [30, 50].map((e) => ({ 'hpcOptions.0.leaseUsdPerKwMonth': l, 'site.energyUsdPerMWh': e })),
      ),
    );
    const csv = await (await app.request(`/api/batches/${id}.csv`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(7);
    expect(
      lines[0].startsWith(
        'index,hpcOptions.0.leaseUsdPerKwMonth,site.energyUsdPerMWh,status,npvUsd',
      ),
    ).toBe(true);
    expect(lines[6].startsWith('5,180,50,optimal,')).toBe(true);
    expect(await (await app.request(`/api/batches/${id}?format=csv`)).text()).toBe(csv);
    // The same table as a workbook a standard reader opens: the header, then each result with its
    // NPV as a number.
    const res = await app.request(`/api/batches/${id}.xlsx`);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: 'array' });
    expect(book.SheetNames).toEqual(['Results']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Results, { header: 1 });
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual(lines[0].split(','));
    expect(rows[6].slice(0, 4)).toEqual([5, 180, 50, 'optimal']);
    expect(rows[6][4]).toBe(body.results[5].npvUsd);
  }, 120_000);

  it('is a 400 naming the sweep axis whose parameter is not a numeric input', async () => {
    const res = await post(app, '/api/batches', {
      scenario: scenario24(),
      sweep: [{ parameter: 'site.nothing', from: 1, to: 2, steps: 2 }],
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.issues[0].path).toBe('sweep.0.parameter');
  });
});

describe('a restarted process', () => {
  it('finds its unfinished batch in the SQLite file and finishes it', async () => {
    const env = { DATA_DIR: join(tempDir('runs'), 'data') };
    const first = await openRuns(env);
    const id = await first.startBatch({ scenarios: poisonedBatch().scenarios });
    // Stopped before its chunk ran: the run is stored, its queue (in this process) lost.
    await first.close();
    const second = await openRuns(env, { pollMs: 10 });
    try {
      const run = await second.wait(id, 'batch');
      expect(run.status).toBe('done');
      expect((await second.batchItems(id)).map((r) => r.status)).toEqual([
        'optimal',
        'error',
        'optimal',
      ]);
    } finally {
      await second.close();
    }
  }, 120_000);
});

describe('a chunk that fails for good', () => {
  it('gives each of its items an error row, so that the run still ends with every item', async () => {
    const store = jobStore(sqliteStorage(':memory:'));
    const lost: Chunk = { runId: '', from: 25, to: 30 };
    // An engine that runs nothing and reports items 25–29 as a chunk whose retries are spent.
    const engine: Engine = {
      kind: 'embedded',
      submit: async () => {},
      failedChunks: async (runId) => [
        { chunk: { ...lost, runId }, message: 'deadline passed 4 times' },
      ],
      cancel: async () => {},
      close: async () => {},
    };
    const runs = runService(store, engine, { pollMs: 1 });
    const id = await runs.startBatch({ scenarios: Array(30).fill({}) });
    await store.putResults(
      id,
      Array.from({ length: 25 }, (_, i) => ({
        index: i,
        data: { index: i, status: 'optimal', npvUsd: i, plan: null, kpis: null },
      })),
    );
    // A late result of the failed chunk is kept, not overwritten by the error row.
    await store.putResults(id, [
      { index: 27, data: { index: 27, status: 'optimal', npvUsd: 27, plan: null, kpis: null } },
    ]);
    expect((await runs.wait(id, 'batch')).status).toBe('done');
    const items = await runs.batchItems(id);
    expect(items).toHaveLength(30);
    expect(items.slice(25).map((r) => r.status)).toEqual([
      'error',
      'error',
      'optimal',
      'error',
      'error',
    ]);
    expect(items[25].message).toBe('the chunk failed: deadline passed 4 times');
    await runs.close();
  });
});

describe('the embedded engine on the analysis threads (as the server runs it)', () => {
  it('gives the same answer as on the event loop, two chunks at once, and ' +
    'keeps a poisoned item its own error', async () => {
    const threads = analysisPool({ size: 2 });
    const runs = await openRuns(
      { DATA_DIR: join(tempDir('runs-threads'), 'data') },
      { pollMs: 10, embedded: { compute: (w) => threads.items(w), parallel: 2 } },
    );
    try {
      const onThreads = createApp({ runs });
      const here = createApp();
      // 4,500 simulated paths: three chunks of 2,000, so that two run at once on the two threads.
      const [a, b] = await Promise.all(
        [onThreads, here].map(async (app) =>
          MonteCarloSummarySchema.parse(
            await (await post(app, '/api/montecarlo', monteCarloRequest(4500, 7))).json(),
          ),
        ),
      );
      expectSameAnswer(a, b);
      expect(threads.stats().completed).toBeGreaterThanOrEqual(3);
      const { id } = (await (await post(onThreads, '/api/batches', poisonedBatch())).json()) as any;
      const batch = await waitForBatch(onThreads, id);
      expect(batch.results.map((r: any) => r.status)).toEqual(['optimal', 'error', 'optimal']);
      expect(batch.results[1].message).toContain('site.gridMW');
    } finally {
      await runs.close();
      await threads.close();
    }
  }, 180_000);

  it('a chunk waits for a place while analyses fill the queue, instead of failing', async () => {
    // One thread, no waiting places: a running point fills the pool, so the chunk is refused at
    // first.
    const threads = analysisPool({ size: 1, maxQueue: 0 });
    try {
      const base = ScenarioSchema.parse(scenario24());
      const points = threads.run(base, [
        { changes: [{ path: 'site.energyUsdPerMWh', value: 41 }] },
      ]);
      const input = { scenarios: [scenario24()] };
      const rows = await threads.items({
        kind: 'batch',
        input: batchInput(input as any),
        from: 0,
        to: 1,
      });
      expect((await points)[0].status).toBe('optimal');
      expect(rows.map((r) => (r.data as any).status)).toEqual(['optimal']);
    } finally {
      await threads.close();
    }
  }, 180_000);
});
