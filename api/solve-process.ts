/**
 * @module solve-process — the solve pool in a process of its own (solve-host.ts), in a session of
 * its own: the runner `npm start` uses.
 *
 * Why not the threads of the server's process: on Linux with autogroup scheduling (the default of
 * most distributions) the kernel shares the CPU fairly between sessions first, and only then
 * between the threads of a session by their niceness. Solve threads at nice 10 in the server's
 * process still spent its session's share, so under a flood of solves on a busy machine the event
 * loop waited in the run queue — 30–130 ms at a time — for its own session's turn, and
 * /api/health with it (docs/api.md, Load). In a session of its own the solve process spends its own
 * share; the event loop's session is idle between requests and gets a core as soon as a request
 * arrives.
 *
 * The server keeps the count of the jobs it has sent and not had answered, so `stats()` (health,
 * admission) and the queue limit are decided here, at once, with no round trip; the host's pool
 * runs them in the same order, with the same threads, deadlines and thread replacement as
 * `workerPool`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Plan, Scenario, SolveResult } from '../model';
import type { PoolOptions } from './pool';
import type { SolveRunner } from './runner';
import { nodeArgsFor, workerModule } from './ts-worker';
import { defaultPoolSize, PoolFullError } from './worker-pool';

/** A job sent to the solve process. */
export interface HostJob {
  readonly id: number;
  readonly kind: 'optimize' | 'evaluate';
  readonly scenario: Scenario;
  readonly plan?: Plan;
  /** Answer with the result as JSON text (`text`) rather than the object (`result`). */
  readonly json?: boolean;
}

/** The solve process' answer to a job. */
export type HostAnswer =
  | { readonly id: number; readonly result: SolveResult }
  | { readonly id: number; readonly text: string }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string } };

interface Pending {
  resolve(result: SolveResult | string): void;
  reject(error: Error): void;
}

/**
 * Starts the solve process now (`options` as `workerPool`'s: threads, queue limit, grace, solves
 * per thread). A process that dies fails the jobs it held (500) and is started again with the next
 * job; one that is not solving does not keep the server's process alive.
 */
export function processPool(options: PoolOptions = {}): SolveRunner & {
  /** The solve process' id, while one runs. */
  pid(): number | undefined;
} {
  const size = options.size ?? defaultPoolSize();
  const maxQueue = options.maxQueue ?? 64;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let child: ChildProcess | null = null;

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  /** Keeps the server's process alive while a job is out, as the pool's threads do. */
  const hold = () => {
    if (pending.size) child?.channel?.ref();
    else child?.channel?.unref();
  };

  const start = (): ChildProcess => {
    const module = workerModule(new URL('./solve-host', import.meta.url));
    const proc = fork(fileURLToPath(module), [JSON.stringify({ ...options, size, maxQueue })], {
      execArgv: nodeArgsFor(module),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // setsid: a session, and so a scheduling group, of its own (Windows would open a console).
      detached: process.platform !== 'win32',
    });
    proc.unref();
    proc.on('message', (a: HostAnswer) => {
      const p = pending.get(a.id);
      if (!p) return;
      pending.delete(a.id);
      if ('result' in a) p.resolve(a.result);
      else if ('text' in a) p.resolve(a.text);
      else if (a.error.name === 'PoolFullError') p.reject(new PoolFullError(a.error.message));
      else p.reject(new Error(a.error.message));
      hold();
    });
    const lost = (why: string) => {
      if (child !== proc) return;
      child = null;
      failAll(new Error(`the solve process ${why}`));
    };
    proc.on('exit', (code, signal) => lost(`exited (${signal ?? code})`));
    proc.on('error', (err) => lost(`failed: ${err.message}`));
    child = proc;
    hold();
    return proc;
  };

  const submit = (job: Omit<HostJob, 'id'>): Promise<SolveResult | string> => {
    if (closed) return Promise.reject(new Error('the server is shutting down'));
    if (pending.size >= size + maxQueue) {
      const busy = Math.min(pending.size, size);
      return Promise.reject(
        new PoolFullError(
          `${busy} of ${size} threads busy and ${pending.size - busy} solves queued`,
        ),
      );
    }
    const proc = child ?? start();
    const id = nextId++;
    return new Promise<SolveResult | string>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      hold();
      proc.send({ ...job, id } satisfies HostJob, (err) => {
        if (!err || !pending.delete(id)) return;
        reject(new Error(`the solve process did not take the job: ${err.message}`));
        hold();
      });
    });
  };

  start();
  return {
    optimize: (scenario) => submit({ kind: 'optimize', scenario }) as Promise<SolveResult>,
    evaluate: (scenario, plan) =>
      submit({ kind: 'evaluate', scenario, plan }) as Promise<SolveResult>,
    optimizeJson: (scenario) =>
      submit({ kind: 'optimize', scenario, json: true }) as Promise<string>,
    evaluateJson: (scenario, plan) =>
      submit({ kind: 'evaluate', scenario, plan, json: true }) as Promise<string>,
    pid: () => child?.pid,
    stats: () => {
      const busy = Math.min(pending.size, size);
      return { size, busy, queued: pending.size - busy, maxQueue };
    },
    async close() {
      closed = true;
      failAll(new Error('the server is shutting down'));
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      // Closing the channel makes the host stop its threads and exit; a host that does not is
      // killed.
      proc.disconnect();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
