/**
 * @module aside-worker — the thread beside a solve thread (aside-thread.ts): answers each scenario
 * with its LP optimum's objective, on warm starts of its own.
 */
import { createEngine } from '../model';
import type { AsideTask } from './aside-thread';
import { SOLVE_THREAD_NICE, serveTasks } from './worker-thread';

// One engine for the thread: a slider's next earlier-commencement LP has the same shape and starts
// from this one's basis. A reset replaces it (its live models disposed).
let engine = createEngine();

// One task at a time, in the order sent: a reset waits for the scenarios before it.
let last: Promise<unknown> = Promise.resolve();
const run = async (task: AsideTask) => {
  if ('reset' in task) {
    engine.warm.live?.clear();
    engine = createEngine();
    return null;
  }
  return engine.aside(task.scenario);
};

serveTasks<AsideTask>(SOLVE_THREAD_NICE, (task) => {
  const mine = last.then(() => run(task));
  last = mine.catch(() => undefined);
  return mine;
});
