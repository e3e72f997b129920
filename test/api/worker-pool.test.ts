/**
 * The generic worker pool under the solve and analysis pools: answers by id, a thread replaced
 * after its share of tasks, after a deadline and after dying, the queue limit, cancellation and
 * close.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWorkerPool,
  PoolFullError,
  type TaskOutcome,
  type WorkerPool,
} from '../../api/worker-pool';
import type { PoolTestTask } from '../helpers/pool-worker';

type Answer = { value: number; threadId: number; alone?: boolean };
type Pool = WorkerPool<Omit<PoolTestTask, 'id'>, Answer>;

const file = new URL('../helpers/pool-worker', import.meta.url);
let pool: Pool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** Submits tasks and resolves with their outcomes, in order. */
function run(
  p: Pool,
  messages: Omit<PoolTestTask, 'id'>[],
  opts: { deadlineMs?: number; group?: object } = {},
): Promise<TaskOutcome<Answer>[]> {
  return Promise.all(
    messages.map(
      (message) =>
        new Promise<TaskOutcome<Answer>>((settle) =>
          p.submit([{ message, deadlineMs: opts.deadlineMs ?? 60_000, group: opts.group, settle }]),
        ),
    ),
  );
}

const echo = (value: number) => ({ op: 'echo' as const, value });
const valueIn = (o: TaskOutcome<Answer>) => (o.kind === 'done' ? o.value.value : o.kind);
const threadOf = (o: TaskOutcome<Answer>) => (o.kind === 'done' ? o.value.threadId : -1);

describe('worker pool', () => {
  it('tells a task whether it started with no other task running or waiting', async () => {
    pool = createWorkerPool({ file, size: 2, maxQueue: 100, label: 'tests' });
    const aloneIn = (o: TaskOutcome<Answer>) => (o.kind === 'done' ? o.value.alone : o.kind);
    expect((await run(pool, [echo(1)])).map(aloneIn)).toEqual([true]);
    // A task holding one thread: the next starts beside it, not alone.
    pool.submit([{ message: { op: 'hang', value: 0 }, deadlineMs: 60_000, settle: () => {} }]);
    expect((await run(pool, [echo(2)])).map(aloneIn)).toEqual([false]);
  });

  it('answers every task with its own result, in any order of completion', async () => {
    pool = createWorkerPool({ file, size: 2, maxQueue: 100, label: 'tests' });
    const out = await run(
      pool,
      Array.from({ length: 20 }, (_, i) => echo(i)),
    );
    expect(out.map(valueIn)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(pool.stats()).toMatchObject({ size: 2, busy: 0, queued: 0 });
  });

  it('replaces a thread after maxTasksPerThread tasks', async () => {
    pool = createWorkerPool({ file, size: 1, maxQueue: 100, maxTasksPerThread: 3, label: 'tests' });
    const out = await run(
      pool,
      Array.from({ length: 7 }, (_, i) => echo(i)),
    );
    const threads = out.map(threadOf);
    expect(new Set(threads.slice(0, 3)).size).toBe(1);
    expect(new Set(threads.slice(3, 6)).size).toBe(1);
    expect(new Set([threads[0], threads[3], threads[6]]).size).toBe(3);
  });

  it('a worker error fails its task only; a dead thread or a task past its deadline is replaced', async () => {
    pool = createWorkerPool({ file, size: 1, maxQueue: 100, eager: true, label: 'tests' });
    const [thrown] = await run(pool, [{ op: 'throw', value: 7 }]);
    expect(thrown).toEqual({ kind: 'failed', message: 'RangeError: bad value 7' });
    const [died] = await run(pool, [{ op: 'exit', value: 0 }]);
    expect(died.kind).toBe('lost');
    const [hung] = await run(pool, [{ op: 'hang', value: 0 }], { deadlineMs: 300 });
    expect(hung.kind).toBe('timedout');
    expect((await run(pool, [echo(5)])).map(valueIn)).toEqual([5]);
  });

  it('refuses tasks beyond the free threads plus maxQueue with PoolFullError, all or none', async () => {
    pool = createWorkerPool({ file, size: 1, maxQueue: 2, label: 'tests' });
    const settled: string[] = [];
    const task = (value: number) => ({
      message: { op: 'hang' as const, value },
      deadlineMs: 60_000,
      settle: (o: TaskOutcome<Answer>) => settled.push(o.kind),
    });
    expect(() => pool!.submit([task(1), task(2), task(3), task(4)])).toThrow(PoolFullError);
    expect(pool.stats().queued).toBe(0);
    pool.submit([task(1), task(2), task(3)]);
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 2 });
    expect(() => pool!.submit([task(4)])).toThrow(/1 of 1 threads busy and 2 tests queued/);
    await pool.close();
    expect(settled).toEqual(['closed', 'closed', 'closed']);
    expect(() => pool!.submit([task(5)])).toThrow(/closed/);
  });

  it('cancel drops a group’s waiting tasks and stops its running one after the grace', async () => {
    pool = createWorkerPool({ file, size: 1, maxQueue: 10, label: 'tests' });
    const group = {};
    const cancelled = run(pool, [{ op: 'hang', value: 1 }, echo(2)], { group });
    const other = run(pool, [echo(3)]);
    pool.cancel(group, 50);
    expect((await cancelled).map((o) => o.kind)).toEqual(['cancelled', 'cancelled']);
    expect((await other).map(valueIn)).toEqual([3]);
  });

  it('stops idle threads after idleMs and starts them again on demand', async () => {
    pool = createWorkerPool({ file, size: 2, maxQueue: 10, idleMs: 10, label: 'tests' });
    await run(pool, [echo(1), echo(2)]);
    await expect.poll(() => pool!.stats().live, { timeout: 30_000 }).toBe(0);
    expect((await run(pool, [echo(4)])).map(valueIn)).toEqual([4]);
  });
});
