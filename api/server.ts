/**
 * @module server — `npm start`: serves the API and the built web app on HOST:PORT (default
 * 127.0.0.1:8787).
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ScenarioSchema } from '../model';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import { createApp } from './app';
import { WARM_UP_SOLVES } from './limits';
import { batchedLog, parseCorsOrigins } from './middleware';
import { workerPool } from './pool';
import { SOLVE_WARM_UP_SOLVES } from './solve-warm-up';
import { processPool } from './solve-process';
import { planRepository } from './plans';
import { openStorage } from './storage';
import { analysisPool } from './analysis-pool';
import { openRuns } from './jobs';
import { authOptions, authStore, refuseToStart } from './auth';
import { parseAllowedHosts, serverHosts } from './guard';
import {
  applyTransportLimits,
  describeTransport,
  serverOptions,
  transportLimits,
} from './transport';

/**
 * Longest wait for requests in flight after SIGTERM/SIGINT before the process exits anyway,
 * seconds: the longest solve (60 s `solve.timeLimitSeconds` + the pool's 10 s grace) plus a margin.
 */
const SHUTDOWN_TIMEOUT_SECONDS = 75;

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`invalid PORT: ${process.env.PORT}`);
// From the sources (tsx) the web build is dist/web; from the bundle (dist/server/server.js) it is
// its sibling.
const staticDir = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../dist/web' : '../web', import.meta.url),
);
const corsOrigins = parseCorsOrigins(process.env.CORS_ORIGINS);
// The Host names answered (api/guard.ts) and the HTTP server's limits (api/transport.ts).
const hosts = serverHosts(host, parseAllowedHosts(process.env.ALLOWED_HOSTS));
const transport = transportLimits(process.env);
// The database is opened (and migrated) once; saved plans and, in the same database, runs sit on it.
const storage = await openStorage(process.env);
// Off loopback the server needs users (docs/security.md); checked before anything else starts.
const auth = authOptions(process.env, authStore(storage));
const refusal = await refuseToStart(host, auth.store);
if (refusal) {
  console.error(`switchyard: ${refusal}`);
  await storage.close();
  process.exit(1);
}
const plans = planRepository(storage);
// Solves run in a process and session of their own, so that they never hold up the event loop
// (api/solve-process.ts); SOLVE_PROCESS=0 keeps them in threads of this process.
// The warm-up solves: the analysis threads' (below), and each solve thread's until its first job, at
// most SOLVE_WARM_UP_SOLVES (api/solve-warm-up.ts); WARM_UP=0 skips both.
const warmUpSolves = Number(process.env.WARM_UP ?? WARM_UP_SOLVES);
if (!Number.isInteger(warmUpSolves) || warmUpSolves < 0)
  throw new Error(`invalid WARM_UP: ${process.env.WARM_UP}`);
const solveOptions = { warmUpSolves: Math.min(warmUpSolves, SOLVE_WARM_UP_SOLVES) };
const runner =
  process.env.SOLVE_PROCESS === '0' ? workerPool(solveOptions) : processPool(solveOptions);
// Monte Carlo runs and batches: on the analysis threads of this process unless QUEUE_URL names a
// pg-boss queue (see docs/scale.md); a chunk at a time per thread, at the threads' low priority,
// never on the event loop.
const analyses = analysisPool();
const runs = await openRuns(process.env, {
  storage,
  embedded: {
    compute: (work, signal) => analyses.items(work, undefined, signal),
    parallel: analyses.stats().size,
    waiting: (runId) => analyses.waiting(runId),
  },
});
const app = createApp({
  runner,
  analyses,
  staticDir,
  plans,
  runs,
  corsOrigins,
  auth,
  hosts,
  log: batchedLog((text) => process.stdout.write(text)),
});
console.log(
  `Saved plans: ${storage.where}; runs: ${runs.engine.kind} engine, ${runs.store.kind} store; ` +
    `CORS: ${corsOrigins.length ? corsOrigins.join(' ') : 'closed'}; hosts: ${hosts.join(' ')}; sign-in: ` +
    `${(await auth.store.hasUsers()) ? 'required' : 'off (no users; loopback only)'}; ` +
    describeTransport(transport),
);

// PORT=0 takes a free port; the line below says which (scripts and tests read it).
const server = serve(
  { fetch: app.fetch, port, hostname: host, serverOptions: serverOptions(transport) },
  (info) => {
    console.log(
      `Switchyard listening on http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${info.port}`,
    );
  },
);
applyTransportLimits(server as Server, transport);

// Warm the analysis threads in the background (at low priority, see analysis-worker.ts), so that
// the first map or tornado is not solved by cold threads: WARM_UP solves (default WARM_UP_SOLVES; 0 skips it).
if (warmUpSolves > 0) {
  const t0 = performance.now();
  analyses
    .warmUp(ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID)), warmUpSolves)
    .then(() => console.log(`Analysis threads warm (${Math.round(performance.now() - t0)} ms)`))
    .catch((e: unknown) => console.error('analysis warm-up failed:', e));
}

let stopping = false;
/**
 * Graceful stop: stop accepting connections, close idle keep-alive ones, let every request in
 * flight (a solve included) finish and its answer go out, then stop the solve workers and close the
 * plan store.
 */
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then stopping`);
  server.close(async () => {
    await runner.close();
    await analyses.close();
    await runs.close();
    await plans.close();
    await storage.close();
    console.log('stopped');
    process.exit(0);
  });
  (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  setTimeout(() => {
    console.error(`requests still in flight after ${SHUTDOWN_TIMEOUT_SECONDS} s; exiting`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_SECONDS * 1000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
