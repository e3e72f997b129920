/**
 * @module worker-thread — the thread side of worker-pool.ts: lower the thread's priority, answer
 * each task by id.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

/**
 * Niceness of a solve thread (solve-worker.ts) and of the thread beside it (aside-worker.ts):
 * solves yield the CPU to the event loop when the cores are all busy. With both cores solving,
 * /api/health and the parsing of new requests still get the CPU at once; alone on a core, a solve
 * runs at full speed all the same.
 */
export const SOLVE_THREAD_NICE = 10;

/**
 * In a worker thread (a no-op on the main thread, so a module can be imported for its types and
 * constants): renices the thread to `nice`, then answers each posted task `{ id, … }` with `{ id,
 * result }` from `handle`, or `{ id, error: "Name: message" }` when it throws. On Linux,
 * setpriority(PRIO_PROCESS, 0) renices only the calling thread; elsewhere it would renice the whole
 * process, the event loop too, so it is left alone there.
 */
export function serveTasks<T extends { readonly id: number }>(
  nice: number,
  handle: (task: T) => Promise<unknown>,
): void {
  const port = parentPort;
  if (!port) return;
  if (process.platform === 'linux') {
    try {
      setPriority(nice);
    } catch {
      // Not permitted: run at normal priority.
    }
  }
  port.on('message', async (task: T) => {
    try {
      port.postMessage({ id: task.id, result: await handle(task) });
    } catch (e) {
      port.postMessage({
        id: task.id,
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
  });
}
