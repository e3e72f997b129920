/**
 * @module aside-worker — the thread beside a solve thread (aside-thread.ts): answers each scenario
 * with its LP optimum's objective, on warm starts of its own.
 */
import { createEngine } from '../model';
import type { AsideTask } from './aside-thread';
import { SOLVE_THREAD_NICE, serveTasks } from './worker-thread';

// One engine for the thread: a slider's next earlier-commencement LP has the same shape and starts
// from this one's basis.
const engine = createEngine();

serveTasks<AsideTask>(SOLVE_THREAD_NICE, (task) => engine.aside(task.scenario));
