/**
 * Bounded work, against real servers on loopback (port 0) over the SQLite file and over PostgreSQL
 * (started by the test; skipped, loudly, when it cannot be had): a sweep past the admission limit
 * gets 503 with Retry-After; `DELETE /api/batches/:id` stops a running batch (no solve starts after
 * its answer, counted by the servers' compute), on the server running it or on another one; a
 * restarted server resumes neither a cancelled run nor one past its deadline; 30 concurrent
 * 100,000-path Monte Carlo requests on a 240-month scenario get exactly the admitted number of
 * 200s (streams, cancelled by DELETE: no run goes to completion); a run past `deadlineSeconds` is
 * failed (504).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { cancelCommand } from '../../api/cli/jobs';
import { openRuns, type RunLimits, type RunService } from '../../api/jobs';
import { computeItems, type ComputeItems } from '../../api/jobs/chunks';
import { runJslpThread } from '../../api/jslp-thread';
import { openStorage, type Storage, type StorageEnv } from '../../api/storage';
import { createEngine } from '../../model';
import { startTestPostgres } from '../plans/pg-server';
import { tempDir } from '../plans/fixture';
import { scenario24 } from './fixture';

const postgres = await startTestPostgres();
if (!postgres.ok)
  console.warn(`\n*** SKIPPED the PostgreSQL half of bounded.test.ts: ${postgres.reason} ***\n`);

/** Small limits, so that a test fills them with little work. */
const LIMITS: RunLimits = {
  perRequester: { runs: 2, items: 100, paths: 200_000 },
  total: { runs: 3, items: 150, paths: 300_000 },
};

/** What a server's compute has seen: solves started, by the `name` of the item's scenario. */
interface Seen {
  solves: number;
  byName: Map<string, number>;
}

/** Computes on this thread like `computeHere`, counting each item as it starts. */
function countingCompute(seen: Seen): ComputeItems {
  const engine = createEngine({ jslp: runJslpThread });
  return (work, signal) =>
    computeItems(work, {
      engine,
      signal,
      between: () => new Promise((r) => setImmediate(r)),
      onItem: (i) => {
        seen.solves++;
        const input = work.input as { scenarios?: { name?: string }[] };
        const name = input.scenarios?.[i]?.name ?? work.kind;
        seen.byName.set(name, (seen.byName.get(name) ?? 0) + 1);
      },
    });
}

/** A server on its own port over the database `env` names. */
interface Api {
  readonly url: string;
  readonly runs: RunService;
  readonly seen: Seen;
  readonly resumed: number;
  close(): Promise<void>;
}

async function startApi(env: StorageEnv & Record<string, string>): Promise<Api> {
  const storage: Storage = await openStorage(env);
  const seen: Seen = { solves: 0, byName: new Map() };
  let resumed = 0;
  const runs = await openRuns(env, {
    storage,
    limits: LIMITS,
    pollMs: 50,
    expirySeconds: 1,
    embedded: { compute: countingCompute(seen), parallel: 1 },
  });
  // openRuns resumed already; what it requeued shows in what the compute sees.
  resumed = seen.solves;
  const app = createApp({ runs });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    seen,
    resumed,
    async close() {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await runs.close();
      await storage.close();
    },
  };
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A batch of `n` 24-month scenarios named `name`. */
const batch = (name: string, n: number, extra: object = {}) => ({
  scenarios: Array.from({ length: n }, () => ({ ...scenario24(), name })),
  ...extra,
});

/** A sweep of `steps` × `steps` points of the 24-month scenario. */
const sweep = (steps: number) => ({
  scenario: scenario24(),
  sweep: [
    { parameter: 'site.energyUsdPerMWh', from: 30, to: 50, steps },
    { parameter: 'market.hashprice.btcUsd', from: 60_000, to: 90_000, steps },
  ],
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `test` holds, looking every 50 ms; fails after `ms`. */
async function until(test: () => boolean | Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await delay(50);
  }
}

type Env = StorageEnv & Record<string, string>;
const stores: (readonly [string, () => Promise<Env>])[] = [
  ['SQLite', async () => ({ DATA_DIR: tempDir('bounded') })],
  ...(postgres.ok
    ? ([['PostgreSQL', async () => ({ DATABASE_URL: await postgres.freshDatabase() })]] as const)
    : []),
];

afterAll(async () => {
  if (postgres.ok) await postgres.stop();
});

describe.each(stores)('bounded batches and Monte Carlo runs (%s)', (_, database) => {
  let env: StorageEnv & Record<string, string>;
  let api: Api;

  beforeAll(async () => {
    env = await database();
    api = await startApi(env);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Cancels every run still running, so that each test starts with room. */
  const cancelAll = async (a: Api = api) => {
    for (const run of await a.runs.store.runningRuns()) await a.runs.cancel(run.id, 'cleanup');
  };

  it('refuses a sweep past the admission limit with 503 and Retry-After, then admits it', async () => {
    const first = await fetch(`${api.url}/api/batches`, json(sweep(8))); // 64 items
    expect(first.status).toBe(202);
    const { id, total } = (await first.json()) as { id: string; total: number };
    expect(total).toBe(64);
    // 64 + 64 would pass the 100 items this client may have queued.
    const over = await fetch(`${api.url}/api/batches`, json(sweep(8)));
    expect(over.status).toBe(503);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('busy');
    expect(body.error.message).toMatch(/batch items/);
    // A sweep over a limit by itself could never be admitted: 400, not 503.
    const huge = await fetch(`${api.url}/api/batches`, json(sweep(11))); // 121 items
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('too_large');
    // Nothing refused was stored.
    expect((await api.runs.store.runningRuns()).map((r) => r.id)).toEqual([id]);
    const cancelled = await fetch(`${api.url}/api/batches/${id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { status: string }).status).toBe('cancelled');
    const again = await fetch(`${api.url}/api/batches`, json(sweep(8)));
    expect(again.status).toBe(202);
    await cancelAll();
  });

  it('DELETE stops a running batch: no solve starts after its answer', async () => {
    const res = await fetch(`${api.url}/api/batches`, json(batch('stop-me', 90)));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await until(() => (api.seen.byName.get('stop-me') ?? 0) >= 3, 60_000, 'three solves');
    const t0 = Date.now();
    const del = await fetch(`${api.url}/api/batches/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const atAnswer = api.seen.byName.get('stop-me')!;
    expect(atAnswer).toBeLessThan(90);
    await delay(1_500);
    expect(api.seen.byName.get('stop-me')).toBe(atAnswer);
    const state = (await (await fetch(`${api.url}/api/batches/${id}`)).json()) as any;
    expect(state.status).toBe('cancelled');
    expect(state.done).toBeLessThan(90);
    expect((await fetch(`${api.url}/api/batches/nope`, { method: 'DELETE' })).status).toBe(404);
  });

  it('`switchyard cancel` cancels a batch on a server', async () => {
    const { id } = (await (
      await fetch(`${api.url}/api/batches`, json(batch('cli', 60)))
    ).json()) as {
      id: string;
    };
    expect(await cancelCommand.run(['batch', id, '--server', api.url])).toBe(0);
    expect((await api.runs.progress(id, 'batch'))!.status).toBe('cancelled');
    await expect(cancelCommand.run(['batch', 'no-such-run', '--server', api.url])).rejects.toThrow(
      /no batch no-such-run/,
    );
  });

  it('DELETE on another server stops the chunk running here within a second', async () => {
    const other = await startApi(env);
    try {
      const res = await fetch(`${api.url}/api/batches`, json(batch('elsewhere', 90)));
      const { id } = (await res.json()) as { id: string };
      await until(() => (api.seen.byName.get('elsewhere') ?? 0) >= 3, 60_000, 'three solves');
      const del = await fetch(`${other.url}/api/batches/${id}`, { method: 'DELETE' });
      expect(((await del.json()) as { status: string }).status).toBe('cancelled');
      // The running chunk looks at the run's status every CHUNK_STOP_POLL_MS (250 ms).
      await delay(1_000);
      const stopped = api.seen.byName.get('elsewhere')!;
      await delay(1_500);
      expect(api.seen.byName.get('elsewhere')).toBe(stopped);
      expect(stopped).toBeLessThan(90);
      expect(other.seen.solves).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a restarted server resumes neither a cancelled run nor one past its deadline', async () => {
    await cancelAll();
    const post = async (body: object) =>
      ((await (await fetch(`${api.url}/api/batches`, json(body))).json()) as { id: string }).id;
    // Two runs at most per client (LIMITS): the first is cancelled before the third is posted.
    const cancelled = await post(batch('cancelled', 40));
    const expired = await post(batch('expired', 40, { deadlineSeconds: 2 }));
    const del = await fetch(`${api.url}/api/batches/${cancelled}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const live = await post(batch('live', 2));
    expect(live).toBeDefined();
    const created = Date.now();
    await api.close();
    // Down until the deadline of `expired` has passed; it was still running when the server stopped.
    await delay(Math.max(0, 2_500 - (Date.now() - created)));
    api = await startApi(env);
    await until(
      async () => (await api.runs.progress(live, 'batch'))?.status === 'done',
      60_000,
      'the live batch',
    );
    await delay(500);
    expect(api.seen.byName.get('cancelled')).toBeUndefined();
    expect(api.seen.byName.get('expired')).toBeUndefined();
    expect(api.seen.byName.get('live')).toBeGreaterThanOrEqual(1);
    const states = await Promise.all(
      [cancelled, expired].map(async (id) => (await fetch(`${api.url}/api/batches/${id}`)).json()),
    );
    expect(states.map((s: any) => s.status)).toEqual(['cancelled', 'failed']);
    expect((await api.runs.store.getRun(expired))!.error).toMatch(/deadline/);
  });

  it('30 concurrent 100,000-path Monte Carlo requests: exactly the admitted number of 200s', async () => {
    await cancelAll();
    const request = {
      scenario: { ...scenario24(), horizonMonths: 240 },
      plan: { builds: [], refreshes: [] },
      paths: 100_000,
      seed: 1,
      btc: { volatilityPerYear: 0.7 },
      network: { volatilityPerYear: 0.3, correlation: 0.5 },
    };
    const t0 = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${api.url}/api/montecarlo`, {
          ...json(request),
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        }),
      ),
    );
    const ok = answers.filter((r) => r.status === 200);
    const busy = answers.filter((r) => r.status === 503);
    // All from one client: its 2 runs (the per-requester limit) and no more.
    expect(ok.length).toBe(LIMITS.perRequester.runs);
    expect(busy.length).toBe(30 - ok.length);
    for (const r of busy) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      await r.body?.cancel();
    }
    // Each admitted stream names its run first; DELETE ends it with an error event.
    const ids: string[] = [];
    const rest: Promise<string>[] = [];
    for (const r of ok) {
      const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!/event: run\ndata: .*\n/.test(text)) text += (await reader.read()).value ?? '';
      ids.push(JSON.parse(/event: run\ndata: (.*)\n/.exec(text)![1]).id);
      rest.push(
        (async () => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return text;
            text += value;
          }
        })(),
      );
    }
    for (const id of ids) {
      const del = await fetch(`${api.url}/api/montecarlo/${id}`, { method: 'DELETE' });
      expect(((await del.json()) as { status: string }).status).toBe('cancelled');
    }
    for (const text of await Promise.all(rest))
      expect(text).toMatch(/event: error\ndata: .*cancelled/);
    expect(Date.now() - t0).toBeLessThan(60_000);
    // Room again: the next one is admitted.
    const next = await fetch(`${api.url}/api/montecarlo`, json({ ...request, deadlineSeconds: 1 }));
    // …and failed past its one-second deadline, long before its paths are done.
    expect(next.status).toBe(504);
    expect(((await next.json()) as { error: { code: string } }).error.code).toBe('deadline');
  });
});
