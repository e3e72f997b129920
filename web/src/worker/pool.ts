/**
 * @module worker/pool — the app's solver workers: one per core the browser reports, at most {@link
 * MAX_WORKERS}. The first worker takes the interactive solves (optimize, evaluate), one at a time:
 * a request is handed to it only when the one before has answered, and a request aborted while it
 * waits is never sent, so a dragged slider costs one solve per answer however many values it
 * passed. The last worker runs the analyses; their points are solved across the pool
 * (worker/runs.ts): contiguous ranges, one per worker, handed out in chunks, each point solved warm
 * from its neighbour. See docs/web.md.
 */
import { ApiRequestError } from '../lib/api';
import type { FromWorker, ToWorker, WireError, WorkerTask } from './protocol';
import { type AnalysisProgress, type Handler, type Lane, pointRuns } from './runs';

export type { AnalysisProgress };

/**
 * Most workers started: each holds its own HiGHS (tens of MB), and a map's cells beyond four cores
 * gain little.
 */
export const MAX_WORKERS = 4;

/**
 * How long the workers may take to load HiGHS before the app gives up on them and solves on the
 * server, ms.
 */
const START_TIMEOUT_MS = 30_000;

/** Workers for this browser: one per reported core, at least 1, at most {@link MAX_WORKERS}. */
export function poolSize(cores = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  return Math.max(1, Math.min(MAX_WORKERS, Math.floor(cores) || 1));
}

/** Options of one request. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Map progress: points solved of all, and how fast the workers solve them. */
  readonly onProgress?: (p: AnalysisProgress) => void;
}

const abortError = () => new DOMException('the request was superseded', 'AbortError');
const fromWire = (e: WireError) => new ApiRequestError(e.status, e.code, e.message, e.issues);

/** The started pool: requests by kind, the measured time of an analysis point, and `close`. */
export interface SolverPool {
  /** Workers started so far (the first at once, the others as they load). */
  readonly size: number;
  /** optimize / evaluate on the interactive worker. */
  solve<T>(task: WorkerTask, options?: RequestOptions): Promise<T>;
  /** sensitivity / breakeven / map, their points solved across the pool. */
  analyse<T>(task: WorkerTask, options?: RequestOptions): Promise<T>;
  /**
   * Wall time per analysis point over the last runs of points across the pool (their wall time over
   * their points: the workers' real parallelism and the messages included; runs of at least two
   * points per worker), ms; undefined before any.
   */
  pointWallMs(): number | undefined;
  /** Set when a worker failed: the pool answers nothing more. */
  broken(): boolean;
  close(): void;
}

/**
 * Starts the workers and waits until each has loaded HiGHS; rejects when one cannot (the app then
 * uses the server). With `warmUp` (an optimize body: the scenario on screen), the interactive
 * worker first solves a run of slider previews of it (worker/warm-up.ts).
 */
export async function startPool(size = poolSize(), warmUp?: unknown): Promise<SolverPool> {
  let nextId = 0;
  let dead: Error | undefined;
  const lanes: Lane[] = [];
  /** The last runs of an analysis's points: wall time and points. */
  const recentRuns: { ms: number; points: number }[] = [];

  const fail = (error: Error) => {
    dead ??= error;
    for (const lane of lanes) {
      for (const h of lane.handlers.values()) h.reject(error);
      lane.handlers.clear();
    }
    for (const w of spawned) w.terminate();
  };
  const send = (lane: Lane, m: ToWorker) => lane.worker.postMessage(m);
  const task = (lane: Lane, t: WorkerTask, h: Handler): number => {
    const id = ++nextId;
    // A User Timing measure per task, from sending to its answer: DevTools' performance panel shows
    // the solves, the benchmark reads their times and tests count them
    // (`performance.getEntriesByName('switchyard:optimize')`).
    // Its detail is the worker's own time on the task (the rest is the messages and the wait).
    const start = performance.now();
    const measure = (workerMs?: number) =>
      !(t.kind === 'points' && t.warmUp) &&
      performance.measure(`switchyard:${t.kind}`, {
        start,
        end: performance.now(),
        detail: { workerMs },
      });
    if (dead) h.reject(dead);
    else {
      const { resolve, reject } = h;
      h.resolve = (v, workerMs) => {
        measure(workerMs);
        resolve(v, workerMs);
      };
      h.reject = (e) => {
        measure();
        reject(e);
      };
      lane.handlers.set(id, h);
      send(lane, { type: 'task', id, task: t });
    }
    return id;
  };

  const runs = pointRuns({
    lanes,
    task,
    send,
    ran: (ms, points) => {
      recentRuns.push({ ms, points });
      if (recentRuns.length > 8) recentRuns.shift();
    },
  });

  const onMessage = (lane: Lane) => (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    const h = lane.handlers.get(m.id);
    switch (m.type) {
      case 'result':
        lane.handlers.delete(m.id);
        h?.resolve(m.value, m.workerMs);
        break;
      case 'error':
        lane.handlers.delete(m.id);
        h?.reject(fromWire(m.error));
        break;
      case 'progress': {
        const run = h?.run;
        h?.onProgress?.({
          done: m.done,
          total: m.total,
          ...(run && {
            elapsedMs: performance.now() - run.t0,
            lanes: run.lanes.map((l, k) => ({ solved: l.solved - run.solved[k], left: l.queued })),
          }),
        });
        break;
      }
      case 'run':
        runs.run(lane, h, m.runId, m);
        break;
    }
  };

  const spawned: Worker[] = [];
  const spawn = (i: number): Lane => {
    const worker = new Worker(new URL('./solver.worker.ts', import.meta.url), {
      type: 'module',
      name: `switchyard-solver-${i}`,
    });
    spawned.push(worker);
    const lane: Lane = { worker, handlers: new Map(), solved: 0, queued: 0 };
    worker.onmessage = onMessage(lane);
    worker.onerror = (e) =>
      fail(
        new ApiRequestError(
          0,
          'worker',
          `The browser's solver stopped (${e.message || 'worker error'}).`,
        ),
      );
    return lane;
  };
  const started = (lane: Lane, warm?: unknown) =>
    new Promise((resolve, reject) =>
      task(lane, { kind: 'start', warmUp: warm }, { resolve, reject }),
    );
  // The first worker alone, then the others: the interactive solves can start sooner, and the
  // others find HiGHS' .wasm in the browser's cache instead of downloading it again at the same
  // time.
  const first = spawn(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      started(first, warmUp),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`the solver worker did not start within ${START_TIMEOUT_MS / 1000} s`),
            ),
          START_TIMEOUT_MS,
        );
      }),
    ]);
    lanes.push(first);
  } catch (e) {
    first.worker.terminate();
    fail(e as Error);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  // A worker that cannot start is left out; the pool works with those that did.
  for (let i = 1; i < size; i++) {
    const lane = spawn(i);
    started(lane).then(
      () => !dead && lanes.push(lane),
      () => lane.worker.terminate(),
    );
  }

  // The interactive lane: one request at a time; waiting requests that were aborted are dropped
  // unsent.
  const interactive = lanes[0];
  const queue: { task: WorkerTask; handler: Handler; signal?: AbortSignal }[] = [];
  let busy = false;
  const pump = () => {
    while (!busy && queue.length) {
      const next = queue.shift()!;
      if (next.signal?.aborted) {
        next.handler.reject(abortError());
        continue;
      }
      busy = true;
      const done = () => {
        busy = false;
        pump();
      };
      task(interactive, next.task, {
        resolve: (v) => {
          done();
          next.handler.resolve(v);
        },
        reject: (e) => {
          done();
          next.handler.reject(e);
        },
      });
    }
  };

  const withAbort = <T>(
    signal: AbortSignal | undefined,
    start: (h: Handler) => void,
    onAbort?: () => void,
  ) =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      let settled = false;
      const h: Handler = {
        resolve: (v) => {
          settled = true;
          resolve(v as T);
        },
        reject: (e) => {
          settled = true;
          reject(e);
        },
      };
      signal?.addEventListener(
        'abort',
        () => {
          if (settled) return;
          onAbort?.();
          reject(abortError());
        },
        { once: true },
      );
      start(h);
    });

  return {
    get size() {
      return lanes.length;
    },
    solve: (t, options = {}) =>
      withAbort(options.signal, (handler) => {
        queue.push({ task: t, handler, signal: options.signal });
        pump();
      }),
    analyse: (t, options = {}) => {
      let id = 0;
      let h: Handler | undefined;
      const analysisLane = lanes[lanes.length - 1];
      return withAbort(
        options.signal,
        (handler) => {
          h = { ...handler, onProgress: options.onProgress };
          id = task(analysisLane, t, h);
        },
        () => {
          send(analysisLane, { type: 'cancel', id });
          h?.cancelRun?.();
          analysisLane.handlers.delete(id);
        },
      );
    },
    pointWallMs: () => {
      const points = recentRuns.reduce((t, r) => t + r.points, 0);
      return points ? recentRuns.reduce((t, r) => t + r.ms, 0) / points : undefined;
    },
    broken: () => dead !== undefined,
    close: () => {
      runs.close();
      fail(new Error('the solver pool was closed'));
    },
  };
}
