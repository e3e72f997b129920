/**
 * @module scripts/load — `npm run load`: a bounded load test on loopback. Starts the real server (`api/server.ts`,
 * worker pool and all) on 127.0.0.1 and a free port in a child process, runs N concurrent clients posting the
 * default preset to /api/optimize with small seeded random variations, and a prober reading /api/health every
 * 100 ms; then reports throughput, latency percentiles, errors and the health latency, and stops the server.
 *
 * Targets (exit code 1 when missed): zero errors — any non-200 (a 503 from the queue limit included), a network
 * error, or an answer that is not `optimal` — and /api/health p99 ≤ 50 ms.
 *
 * Usage: npm run load [-- --clients 50 --seconds 30 --seed 1]   (clients ≤ 200, seconds ≤ 300)
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPreset, DEFAULT_PRESET_ID } from '../data/load';
import { startServer } from './lib/child';

const HEALTH_P99_TARGET_MS = 50;
const HEALTH_INTERVAL_MS = 100;
/** A request that takes longer than this is aborted and counted as an error (it would be a hang). */
const REQUEST_TIMEOUT_MS = 60_000;

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '50' }, seconds: { type: 'string', default: '30' }, seed: { type: 'string', default: '1' } },
});
const clients = Math.min(200, Math.max(1, Number(values.clients)));
const seconds = Math.min(300, Math.max(1, Number(values.seconds)));

/** mulberry32: a small seeded PRNG, so that a run's inputs can be repeated. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(values.seed));
const base = loadPreset(DEFAULT_PRESET_ID) as any;
/** The default preset with BTC price, power price, lease rent and capex each moved by up to ±10 %. */
function variant(): unknown {
  const s = structuredClone(base);
  const jitter = () => 1 + (random() - 0.5) * 0.2;
  if (s.market.hashprice.kind === 'projection') s.market.hashprice.btcUsd *= jitter();
  s.site.energyUsdPerMWh *= jitter();
  for (const o of s.hpcOptions) {
    o.leaseUsdPerKwMonth *= jitter();
    o.capexUsdPerMWIt *= jitter();
  }
  return s;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-load-'));
console.log(`starting the server (worker pool, DATA_DIR ${dataDir}) …`);
const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
console.log(`server at ${server.url}; ${clients} clients for ${seconds} s against /api/optimize, /api/health every ${HEALTH_INTERVAL_MS} ms`);

let sent = 0;
const latencies: number[] = [];
const errors = new Map<string, number>();
const answers = new Map<string, number>();
const healthMs: number[] = [];
let healthErrors = 0;
const proberStalls: number[] = [];
const countError = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);

const t0 = performance.now();
const endAt = t0 + seconds * 1000;

async function client() {
  while (performance.now() < endAt) {
    const body = JSON.stringify(variant());
    const start = performance.now();
    sent++;
    try {
      const res = await fetch(`${server.url}/api/optimize`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const json = (await res.json()) as { status?: string };
      latencies.push(performance.now() - start);
      if (res.status !== 200) countError(`HTTP ${res.status}`);
      else {
        answers.set(json.status ?? '?', (answers.get(json.status ?? '?') ?? 0) + 1);
        if (json.status !== 'optimal') countError(`answer ${json.status}`);
      }
    } catch (e) {
      countError(`network: ${(e as Error).name}`);
    }
  }
}

/**
 * The health prober runs in its own thread: timed on the clients' event loop, busy parsing answers, it would
 * measure that loop's delays as well as the server's.
 */
const PROBER = `
const { parentPort, workerData: { url, endAt, interval } } = require('node:worker_threads');
// A 10 ms ticker: gaps far beyond it mean this thread got no CPU — the machine was busy, not the server.
let last = performance.now();
const stalls = [];
const ticker = setInterval(() => {
  const now = performance.now();
  if (now - last > 50) stalls.push(now - last);
  last = now;
}, 10);
(async () => {
  const ms = [];
  let errors = 0;
  while (Date.now() < endAt) {
    const start = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) ms.push(performance.now() - start);
      else errors++;
    } catch {
      errors++;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  clearInterval(ticker);
  parentPort.postMessage({ ms, errors, stalls });
})();`;

function prober(): Promise<void> {
  const worker = new Worker(PROBER, { eval: true, workerData: { url: `${server.url}/api/health`, endAt: Date.now() + seconds * 1000, interval: HEALTH_INTERVAL_MS } });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ms: number[]; errors: number; stalls: number[] }) => {
      healthMs.push(...m.ms);
      healthErrors += m.errors;
      proberStalls.push(...m.stalls);
      void worker.terminate().then(() => resolve());
    });
    worker.once('error', reject);
  });
}

try {
  await Promise.all([...Array.from({ length: clients }, client), prober()]);
} finally {
  server.process.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
}

const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
healthMs.sort((a, b) => a - b);
const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
const healthP99 = percentile(healthMs, 99);
const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(`
/api/optimize   requests ${sent}, answered ${latencies.length} in ${elapsed.toFixed(1)} s = ${(latencies.length / elapsed).toFixed(1)} req/s
                latency p50 ${ms(percentile(latencies, 50))}  p90 ${ms(percentile(latencies, 90))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies.at(-1) ?? NaN)}
                answers ${[...answers].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}
                errors ${errorCount}${errorCount ? ` (${[...errors].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}
/api/health     probes ${healthMs.length}, errors ${healthErrors}; p50 ${ms(percentile(healthMs, 50))}  p99 ${ms(healthP99)}  max ${ms(healthMs.at(-1) ?? NaN)}  (target p99 ≤ ${HEALTH_P99_TARGET_MS} ms)`);
if (proberStalls.length) {
  console.log(`                the prober's own thread got no CPU for > 50 ms ${proberStalls.length} times (max ${ms(Math.max(...proberStalls))}): the machine was busy beyond this test (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
}
const ok = errorCount === 0 && healthErrors === 0 && healthP99 <= HEALTH_P99_TARGET_MS;
console.log(ok ? 'PASS: zero errors, health p99 within target' : 'FAIL: see above');
process.exit(ok ? 0 : 1);
