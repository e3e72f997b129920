/** @module server — `npm start`: serves the API and the built web app on HOST:PORT (default 127.0.0.1:8787). */
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { workerPool } from './pool';
import { describeStorage, openPlanRepository } from './plans/repository';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const staticDir = fileURLToPath(new URL('../dist/web', import.meta.url));
const plans = await openPlanRepository(process.env);
const runner = workerPool();
const app = createApp({ runner, staticDir, plans });
console.log(`Saved plans: ${describeStorage(process.env)}`);

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`Switchyard listening on http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${info.port}`);
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then stopping`);
  server.close(async () => {
    await runner.close();
    await plans.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 30_000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
