/**
 * @module helpers/pool-worker — a worker for the worker-pool tests: echoes, hangs, throws or dies
 * on request.
 */
import { threadId } from 'node:worker_threads';
import { serveTasks } from '../../api/worker-thread';

/** What a test asks of the thread. */
export interface PoolTestTask {
  readonly id: number;
  readonly op: 'echo' | 'hang' | 'throw' | 'exit';
  readonly value: number;
  /** Set by the pool: no other task running or waiting when this one started. */
  readonly alone?: boolean;
}

serveTasks<PoolTestTask>(0, async (task) => {
  if (task.op === 'throw') throw new RangeError(`bad value ${task.value}`);
  if (task.op === 'exit') process.exit(3);
  if (task.op === 'hang') await new Promise(() => {});
  return { value: task.value, threadId, alone: task.alone };
});
