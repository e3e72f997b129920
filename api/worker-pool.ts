/**
 * @module worker-pool — the one worker-thread pool of the API (solves and analyses both run on it):
 * a fixed number of threads, a shared queue with a limit, a deadline per task, cancellation,
 * replacement of a thread that died, timed out or has run its share of tasks, and an optional idle
 * stop.
 */
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { startWorker } from './ts-worker';

/**
 * Thrown when the queue is full: the app's error handler answers 503 with Retry-After (see app.ts).
 */
export class PoolFullError extends Error {
  override name = 'PoolFullError';
}

/**
 * How one task ended. `lost`: its thread died under it; `closed`: the pool closed before it ran.
 */
export type TaskOutcome<R> =
  | { readonly kind: 'done'; readonly value: R }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'lost'; readonly message: string }
  | { readonly kind: 'timedout'; readonly ms: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'closed' };

/**
 * One task: the message posted to a thread (with an `id` added), its deadline and where its outcome
 * goes.
 */
export interface PoolTask<M, R> {
  readonly message: M;
  /**
   * Milliseconds from the task's start on a thread before the thread is stopped and the task
   * `timedout`.
   */
  readonly deadlineMs: number;
  /** Tasks of one group can be cancelled together (`cancel`). */
  readonly group?: object;
  /** Called exactly once. */
  settle(outcome: TaskOutcome<R>): void;
}

/** Pool settings. */
export interface WorkerPoolOptions {
  /**
   * The worker module; without an extension it is `.ts` under tsx and `.js` in the bundle
   * (`startWorker`).
   */
  readonly file: URL;
  /** Threads; default min(2, cores). */
  readonly size?: number;
  /** Tasks that may wait beyond the free threads before `submit` throws `PoolFullError`. */
  readonly maxQueue: number;
  /** Start every thread now (default: each on its first task). */
  readonly eager?: boolean;
  /** Milliseconds without work before every thread is stopped; default Infinity (never). */
  readonly idleMs?: number;
  /** Tasks a thread runs before it is replaced by a fresh one; default Infinity. */
  readonly maxTasksPerThread?: number;
  /** Names the pool in the `PoolFullError` message, e.g. "solves". */
  readonly label: string;
  /** Passed to each thread as its `workerData` (node:worker_threads). */
  readonly workerData?: unknown;
}

/**
 * A pool's load: `size` threads at most, `live` started, `busy` running a task, `queued` tasks
 * waiting, `completed` answered by a thread so far, `maxQueue` tasks waiting at most.
 */
export interface PoolStats {
  size: number;
  live: number;
  busy: number;
  queued: number;
  completed: number;
  maxQueue: number;
}

/** A pool of worker threads; `M` is what a task posts, `R` what its thread answers. */
export interface WorkerPool<M, R> {
  /**
   * Queues tasks in order, all or none: throws `PoolFullError` when they would not fit in the free
   * threads plus `maxQueue` waiting places, and an Error when the pool is closed.
   */
  submit(tasks: readonly PoolTask<M, R>[]): void;
  /**
   * Drops the group's waiting tasks; its running ones are stopped when still running after
   * `graceMs`.
   */
  cancel(group: object, graceMs: number): void;
  /** Its load now (`PoolStats`). */
  stats(): PoolStats;
  /**
   * Where the tasks whose group `mine` accepts stand: none running and some waiting gives the work
   * ahead of the first of them (`QueuePlace`); undefined when one runs, or none is here.
   */
  place(mine: (group: object | undefined) => boolean): QueuePlace | undefined;
  /** Settles waiting and running tasks `closed` and stops every thread. */
  close(): Promise<void>;
}

/** Work waiting to start: the tasks queued before it and the threads busy with other work. */
export interface QueuePlace {
  readonly ahead: number;
  readonly busy: number;
}

interface Slot<M, R> {
  worker: Worker | null;
  current: PoolTask<M, R> | null;
  currentId: number;
  timer: NodeJS.Timeout | null;
  tasks: number;
}

/** The default thread count: two, or one on a single core. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * Starts a pool. A thread answers each posted `{ ...message, id, alone }` with `{ id, result }` or
 * `{ id, error }` (see `serveTasks` in worker-thread.ts); `alone` says that the task started with no
 * other task running or waiting (a thread may then use another core for it). A thread that is not
 * running a task does not keep the process alive.
 *
 * @example
 * const pool = createWorkerPool<Job, SolveResult>({ file: new URL('./solve-worker',
 * import.meta.url), maxQueue: 64, label: 'solves' }); pool.submit([{ message: job, deadlineMs:
 * 30_000, settle: (o) => console.log(o.kind) }]);
 */
export function createWorkerPool<M extends object, R>(
  options: WorkerPoolOptions,
): WorkerPool<M, R> {
  const size = options.size ?? defaultPoolSize();
  const idleMs = options.idleMs ?? Infinity;
  const maxTasks = options.maxTasksPerThread ?? Infinity;
  const slots: Slot<M, R>[] = Array.from({ length: size }, () => ({
    worker: null,
    current: null,
    currentId: 0,
    timer: null,
    tasks: 0,
  }));
  let queue: PoolTask<M, R>[] = [];
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;
  let completed = 0;

  const spawn = (s: Slot<M, R>): Worker => {
    const worker = startWorker(options.file, { workerData: options.workerData });
    worker.unref();
    s.worker = worker;
    s.tasks = 0;
    worker.on('message', (msg: { id: number; result?: R; error?: string }) => {
      if (s.worker !== worker || !s.current || s.currentId !== msg.id) return;
      finish(
        s,
        msg.error === undefined
          ? { kind: 'done', value: msg.result as R }
          : { kind: 'failed', message: msg.error },
      );
    });
    const lost = (why: string) => {
      if (s.worker !== worker) return;
      s.worker = null;
      if (options.eager && !closed) spawn(s);
      if (s.current) finish(s, { kind: 'lost', message: why });
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    return worker;
  };

  /**
   * Stops the slot's thread (a fresh one starts at once in an eager pool, else with the next task).
   */
  const stop = (s: Slot<M, R>) => {
    const worker = s.worker;
    s.worker = null;
    void worker?.terminate();
    if (options.eager && !closed) spawn(s);
  };

  const finish = (s: Slot<M, R>, outcome: TaskOutcome<R>) => {
    const task = s.current;
    if (outcome.kind === 'done' || outcome.kind === 'failed') completed++;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.current = null;
    s.worker?.unref();
    // WebAssembly memory never shrinks: a thread that has run its share is replaced before it grows
    // further.
    if (s.worker && s.tasks >= maxTasks) stop(s);
    task?.settle(outcome);
    pump();
  };

  const pump = () => {
    for (const s of slots) {
      if (s.current || !queue.length || closed) continue;
      const task = queue.shift()!;
      const id = nextId++;
      s.current = task;
      s.currentId = id;
      const worker = s.worker ?? spawn(s);
      worker.ref();
      s.tasks++;
      const t0 = performance.now();
      s.timer = setTimeout(() => {
        s.timer = null;
        stop(s);
        finish(s, { kind: 'timedout', ms: performance.now() - t0 });
      }, task.deadlineMs);
      const alone = !queue.length && slots.every((o) => o === s || !o.current);
      worker.postMessage({ ...task.message, id, alone });
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (Number.isFinite(idleMs) && !queue.length && slots.every((s) => !s.current)) {
      idleTimer = setTimeout(() => {
        for (const s of slots) {
          void s.worker?.terminate();
          s.worker = null;
        }
      }, idleMs);
      idleTimer.unref();
    }
  };

  if (options.eager) slots.forEach(spawn);

  return {
    submit(tasks) {
      if (closed) throw new Error(`the ${options.label} pool is closed`);
      const free = slots.filter((s) => !s.current).length;
      if (queue.length + tasks.length > options.maxQueue + free) {
        throw new PoolFullError(
          `${size - free} of ${size} threads busy and ${queue.length} ${options.label} queued`,
        );
      }
      queue.push(...tasks);
      pump();
    },
    cancel(group, graceMs) {
      const dropped = queue.filter((t) => t.group === group);
      queue = queue.filter((t) => t.group !== group);
      for (const t of dropped) t.settle({ kind: 'cancelled' });
      for (const s of slots) {
        const task = s.current;
        if (!task || task.group !== group) continue;
        // A short solve finishes within the grace; a long one's thread is stopped rather than left
        // solving for nobody.
        setTimeout(() => {
          if (s.current !== task) return;
          stop(s);
          finish(s, { kind: 'cancelled' });
        }, graceMs).unref();
      }
      pump();
    },
    place(mine) {
      if (slots.some((s) => s.current && mine(s.current.group))) return undefined;
      const ahead = queue.findIndex((t) => mine(t.group));
      if (ahead < 0) return undefined;
      return { ahead, busy: slots.filter((s) => s.current).length };
    },
    stats: () => ({
      size,
      maxQueue: options.maxQueue,
      live: slots.filter((s) => s.worker).length,
      busy: slots.filter((s) => s.current).length,
      queued: queue.length,
      completed,
    }),
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      for (const t of queue.splice(0)) t.settle({ kind: 'closed' });
      for (const s of slots) {
        const task = s.current;
        s.current = null;
        task?.settle({ kind: 'closed' });
      }
      await Promise.all(
        slots.map((s) => {
          const worker = s.worker;
          s.worker = null;
          if (s.timer) clearTimeout(s.timer);
          s.timer = null;
          return worker?.terminate();
        }),
      );
    },
  };
}
