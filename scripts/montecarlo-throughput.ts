/**
 * @module scripts/montecarlo-throughput — Monte Carlo throughput on the pg-boss queue: paths per
 * second with 1, 2 and 4 worker processes (`scripts/worker.ts`), the scaling ratio against one, and
 * /api/health latency (p50, p99) read every 50 ms during each run. Starts PostgreSQL on loopback
 * (as the tests do; QUEUE_URL names an existing database instead) and the real server with
 * QUEUE_URL; every process is stopped at the end. Also the embedded engine (no queue) for
 * reference. Figures are in docs/scale.md.
 *
 * Usage: tsx scripts/montecarlo-throughput.ts [--paths 600 --months 24 --workers 1,2,4]
 */
import { parseArgs } from 'node:util';
import { rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPreset } from '../data/load';
import { spawnTs, startServer, type Child } from './lib/child';
import { startTestPostgres } from '../test/plans/pg-server';

const { values } = parseArgs({
  options: {
    paths: { type: 'string', default: '600' },
    months: { type: 'string', default: '24' },
    workers: { type: 'string', default: '1,2,4' },
  },
});
const paths = Math.min(20_000, Math.max(25, Number(values.paths)));
const months = Math.min(240, Math.max(12, Number(values.months)));
const counts = values.workers
  .split(',')
  .map(Number)
  .filter((n) => n >= 1 && n <= 8);

const body = (n: number, seed: number) =>
  JSON.stringify({
    scenario: { ...(loadPreset('texas-100mw') as object), horizonMonths: months },
    paths: n,
    seed,
    btc: { volatilityPerYear: 0.7 },
    network: { volatilityPerYear: 0.3, correlation: 0.5 },
  });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))];
};

/** Posts one run and probes health while it runs: seconds taken and the health latencies, ms. */
async function measure(
  url: string,
  n: number,
  seed: number,
): Promise<{ seconds: number; health: number[] }> {
  const health: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/montecarlo`, {
    method: 'POST',
    body: body(n, seed),
    headers: { 'Content-Type': 'application/json' },
  });
  const answer = (await res.json()) as { paths?: number };
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await probe;
  if (res.status !== 200 || answer.paths !== n)
    throw new Error(`run failed: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
  return { seconds, health };
}

const pgServer = process.env.QUEUE_URL ? null : await startTestPostgres();
if (pgServer && !pgServer.ok) throw new Error(pgServer.reason);
const queueUrl =
  process.env.QUEUE_URL ?? (pgServer && pgServer.ok ? await pgServer.freshDatabase() : '');
const rows: {
  engine: string;
  workers: number;
  pathsPerSecond: number;
  healthP50: number;
  healthP99: number;
}[] = [];
const server = await startServer({ QUEUE_URL: queueUrl, QUEUE_MAINTENANCE_SECONDS: '5' });
const dataDir = join(tmpdir(), `switchyard-throughput-${process.pid}`);
const embedded = await startServer({ QUEUE_URL: '', DATA_DIR: dataDir });
try {
  await measure(embedded.url, 50, 1);
  const e = await measure(embedded.url, paths, 2);
  rows.push({
    engine: 'embedded',
    workers: 0,
    pathsPerSecond: paths / e.seconds,
    healthP50: pct(e.health, 0.5),
    healthP99: pct(e.health, 0.99),
  });
  for (const n of counts) {
    const workers: Child[] = [];
    for (let i = 0; i < n; i++) workers.push(spawnTs('scripts/worker.ts', { QUEUE_URL: queueUrl }));
    await Promise.all(workers.map((w) => w.waitFor(/ready$/, 60_000)));
    try {
      await measure(server.url, 25 * n * 2, 1); // warm every worker's JIT and WebAssembly tiers
      const m = await measure(server.url, paths, 2 + n);
      rows.push({
        engine: 'pg-boss',
        workers: n,
        pathsPerSecond: paths / m.seconds,
        healthP50: pct(m.health, 0.5),
        healthP99: pct(m.health, 0.99),
      });
    } finally {
      for (const w of workers) w.process.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
  }
} finally {
  server.process.kill('SIGTERM');
  embedded.process.kill('SIGTERM');
  await Promise.all([server.exited, embedded.exited]);
  if (pgServer?.ok) await pgServer.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
const one = rows.find((r) => r.engine === 'pg-boss' && r.workers === 1)?.pathsPerSecond;
console.log(
  `Monte Carlo throughput: ${paths} paths × ${months} months, 2 ` +
    `evaluations a path; ${availableParallelism()} cores, load ` +
    `${loadavg()[0].toFixed(2)}`,
);
console.log('engine    workers  paths/s  scaling  health p50 ms  health p99 ms');
for (const r of rows) {
  const scaling = r.engine === 'pg-boss' && one ? (r.pathsPerSecond / one).toFixed(2) : '–';
  console.log(
    `${r.engine.padEnd(9)} ${String(r.workers).padStart(7)}  ` +
      `${r.pathsPerSecond.toFixed(1).padStart(7)}  ${scaling.padStart(7)}  ` +
      `${r.healthP50.toFixed(1).padStart(13)}  ${r.healthP99.toFixed(1).padStart(13)}`,
  );
}
