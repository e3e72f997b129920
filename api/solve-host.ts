/**
 * @module solve-host — the solve process (see solve-process.ts): runs the solve pool of
 * `workerPool` (pool.ts) and answers each job the server sends over the IPC channel. Started by
 * the server in a session of its own; exits when the server goes away (its channel closes).
 */
import type { PoolOptions } from './pool';
import type { HostAnswer, HostJob } from './solve-process';

const send = process.send?.bind(process);
if (!send) throw new Error('solve-host.ts runs as a child of the server (api/solve-process.ts)');

// The pool's modules load after the listeners below are in place, so that neither a job nor the
// server stopping meanwhile is missed.
const runner = import('./pool').then(({ workerPool }) =>
  workerPool(JSON.parse(process.argv[2] ?? '{}') as PoolOptions),
);

// The server closed the channel (it is stopping, or it died): stop the threads and exit.
const stop = () => void runner.then((r) => r.close()).finally(() => process.exit(0));
process.once('disconnect', stop);
// A server that died while this process started (killed just after it began listening) closed
// the channel before anything here ran: no 'disconnect' comes then, and the process would stay.
if (!process.connected) stop();

const answer = (a: HostAnswer) => {
  // The server may be gone: nobody to answer.
  if (process.connected) send(a);
};

process.on('message', async (job: HostJob) => {
  try {
    const r = await runner;
    // As JSON text when asked: written by the solve thread, off the server's event loop.
    if (job.json) {
      const text =
        job.kind === 'optimize'
          ? await r.optimizeJson!(job.scenario)
          : await r.evaluateJson!(job.scenario, job.plan!);
      answer({ id: job.id, text });
      return;
    }
    const result =
      job.kind === 'optimize'
        ? await r.optimize(job.scenario)
        : await r.evaluate(job.scenario, job.plan!);
    answer({ id: job.id, result });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    answer({ id: job.id, error: { name: err.name, message: err.message } });
  }
});
