/**
 * @module scripts/worker — runs a queue worker (see api/queue-worker.ts) until SIGTERM or SIGINT:
 * `QUEUE_URL=postgres://… tsx scripts/worker.ts`. WORKER_VERBOSE=1 prints a line as each chunk
 * starts and ends.
 */
import { runWorker } from '../api/queue-worker';

const verbose = process.env.WORKER_VERBOSE === '1';
const worker = await runWorker(process.env, {
  onChunk: verbose
    ? (event, c) => console.log(`chunk ${event} ${c.runId} ${c.from}-${c.to}`)
    : undefined,
});
console.log(`Switchyard worker ${process.pid} ready`);
const stop = async (signal: string) => {
  console.log(`${signal}: stopping after ${worker.finished()} chunks`);
  await worker.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
