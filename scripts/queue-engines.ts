/**
 * @module scripts/queue-engines — the two queue engines side by side on this machine, with empty
 * jobs: pg-boss 9 on PostgreSQL and BullMQ 5 on Redis, both started on loopback here (PostgreSQL as
 * the tests start it, `redis-server` from its Debian package, no persistence). For each: the time
 * to enqueue N jobs in one bulk call, and jobs per second drained by one consumer taking one job at
 * a time (what a worker does with chunks). Figures and the choice are in docs/scale.md. BullMQ is a
 * dev dependency for this measurement only.
 *
 * Usage: tsx scripts/queue-engines.ts [--jobs 2000]
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import PgBoss from 'pg-boss';
import { Queue, Worker } from 'bullmq';
import { startTestPostgres } from '../test/plans/pg-server';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '2000' } } });
const N = Math.min(20_000, Math.max(100, Number(values.jobs)));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * pg-boss; `batchSize` > 1 fetches that many jobs per round trip (one at a time: a poll every 100
 * ms when idle).
 */
async function pgBoss(url: string, batchSize = 1) {
  const boss = new PgBoss({ connectionString: url, max: 4, noScheduling: true });
  await boss.start();
  const t0 = performance.now();
  await boss.insert(
    Array.from({ length: N }, (_, i) => ({
      name: 'bench',
      data: { runId: 'r', from: i, to: i + 1 },
    })),
  );
  const enqueueMs = performance.now() - t0;
  let done = 0;
  const t1 = performance.now();
  await new Promise<void>((resolve) => {
    const handler = async (jobs: unknown) => {
      done += Array.isArray(jobs) ? jobs.length : 1;
      if (done === N) resolve();
    };
    if (batchSize > 1) void boss.work('bench', { batchSize, newJobCheckInterval: 100 }, handler);
    else
      void boss.work(
        'bench',
        { teamSize: 1, teamConcurrency: 1, newJobCheckInterval: 100 },
        handler,
      );
  });
  const drainS = (performance.now() - t1) / 1000;
  await boss.stop({ graceful: false, destroy: true });
  return { enqueueMs, jobsPerSecond: N / drainS };
}

async function bullmq(port: number) {
  const connection = { host: '127.0.0.1', port };
  const queue = new Queue('bench', { connection });
  const t0 = performance.now();
  await queue.addBulk(
    Array.from({ length: N }, (_, i) => ({
      name: 'chunk',
      data: { runId: 'r', from: i, to: i + 1 },
    })),
  );
  const enqueueMs = performance.now() - t0;
  let done = 0;
  const t1 = performance.now();
  let worker: Worker | undefined;
  await new Promise<void>((resolve) => {
    worker = new Worker(
      'bench',
      async () => {
        if (++done === N) resolve();
      },
      { connection, concurrency: 1 },
    );
  });
  const drainS = (performance.now() - t1) / 1000;
  await worker!.close();
  await queue.close();
  return { enqueueMs, jobsPerSecond: N / drainS };
}

const pg = await startTestPostgres();
if (!pg.ok) throw new Error(pg.reason);
const port = await freePort();
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: 'ignore' },
);
try {
  await new Promise((r) => setTimeout(r, 300));
  const a = await pgBoss(await pg.freshDatabase());
  const a25 = await pgBoss(await pg.freshDatabase(), 25);
  const b = await bullmq(port);
  console.log(`${N} empty jobs, one consumer taking one at a time`);
  console.log(
    `pg-boss 9 / PostgreSQL 15: enqueue ${a.enqueueMs.toFixed(0)} ms, drain ${a.jobsPerSecond.toFixed(0)} jobs/s`,
  );
  console.log(
    `pg-boss 9, 25 jobs a fetch:   enqueue ${a25.enqueueMs.toFixed(0)} ms, ` +
      `drain ${a25.jobsPerSecond.toFixed(0)} jobs/s`,
  );
  console.log(
    `BullMQ 5 / Redis 7:        enqueue ${b.enqueueMs.toFixed(0)} ms, drain ${b.jobsPerSecond.toFixed(0)} jobs/s`,
  );
} finally {
  redis.kill('SIGTERM');
  await pg.stop();
}
