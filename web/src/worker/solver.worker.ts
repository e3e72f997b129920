/**
 * @module worker/solver.worker — a Web Worker that runs the model in the browser through its one
 * engine entry (model/engine.ts, as the server's threads do): optimize and evaluate with warm
 * starts, the analyses (tornado, breakeven, decision map) with their points solved across the pool,
 * and chunks of those points. Requests are parsed by the engine, so a failure is answered as the
 * API answers it (status, code, message, fields). See docs/web.md.
 */
/// <reference lib="webworker" />
import {
  AnalysisCancelledError,
  type AnalysisOptions,
  createEngine,
  EngineError,
  engineError,
  type PointResult,
  type PointRunner,
} from '../../../model/engine';
import type { FromWorker, ToWorker, WireError, WorkerTask } from './protocol';
import { warmUp } from './warm-up';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => scope.postMessage(m);

// One engine, so one warm-start object for the optimum (a slider's next scenario has the same shape
// and starts from this one's basis) and for analysis points (neighbouring cells), as a server
// thread keeps.
const engine = createEngine();

/** Tasks cancelled by the app, checked between points. */
const cancelled = new Set<number>();
/** The analyses' runs under way: their points' results as the app sends them back. */
const runs = new Map<
  number,
  {
    results: PointResult[];
    onResult?: (i: number, r: PointResult) => void;
    done: (error?: WireError) => void;
  }
>();
let nextRun = 0;

/**
 * Lets the worker take its next message (a cancel, an interactive solve) between two points. A
 * message to itself, not `setTimeout(0)`: nested timers are held back at least 4 ms each, about
 * half a map cell's solve. Taken once {@link YIELD_MS} of solving have passed since the last, not
 * after every point: each costs a message round trip, a tenth of a cell's solve on a busy machine.
 */
const wake = new MessageChannel();
const waiting: (() => void)[] = [];
wake.port1.onmessage = () => waiting.shift()?.();
/** Least time between two progress messages of an analysis, ms (the server's SSE interval). */
const PROGRESS_MS = 100;

/** Solving time between two yields to the worker's messages, ms. */
const YIELD_MS = 8;
const yieldToMessages = () =>
  new Promise<void>((ok) => {
    waiting.push(ok);
    wake.port2.postMessage(null);
  });

/** Points of an analysis run by this worker's task `id`, solved across the pool by the app. */
function poolRunner(id: number): PointRunner {
  return {
    run(base, jobs, options = {}) {
      const runId = ++nextRun;
      return new Promise<PointResult[]>((ok, fail) => {
        const results: PointResult[] = new Array(jobs.length);
        runs.set(runId, {
          results,
          onResult: options.onResult,
          done: (error) => {
            runs.delete(runId);
            if (!error) ok(results);
            else
              fail(
                error.code === 'cancelled'
                  ? new AnalysisCancelledError()
                  : new EngineError(error.status, error.code, error.message, error.issues),
              );
          },
        });
        post({ type: 'run', id, runId, base, jobs });
      });
    },
  };
}

/** The chunk of points being solved (a lane's chunks are solved one after another). */
let chunks: Promise<void> = Promise.resolve();

/** Solves a chunk of an analysis's points in order, yielding to messages every `YIELD_MS`. */
async function solveChunk(
  id: number,
  base: Extract<WorkerTask, { kind: 'points' }>['base'],
  jobs: Extract<WorkerTask, { kind: 'points' }>['jobs'],
): Promise<PointResult[]> {
  const results: PointResult[] = [];
  let since = performance.now();
  for (const job of jobs) {
    if (cancelled.has(id)) throw new AnalysisCancelledError();
    results.push(await engine.point(base, job));
    if (performance.now() - since >= YIELD_MS) {
      await yieldToMessages();
      since = performance.now();
    }
  }
  return results;
}

async function run(id: number, task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'start':
      await engine.ready();
      if (task.warmUp !== undefined) await warmUp(engine, task.warmUp);
      return true;
    case 'optimize':
      return task.preview ? engine.preview(task.body) : engine.solve(task.kind, task.body);
    case 'evaluate':
      return engine.solve(task.kind, task.body);
    case 'sensitivity':
    case 'breakeven':
    case 'map': {
      // A chunk's results come in one message: its progress is posted once, the last of them, and
      // at most every PROGRESS_MS (the first and the last always), as the server streams it.
      let latest: Parameters<NonNullable<AnalysisOptions['onProgress']>>[0] | undefined;
      let postedAt = Number.NEGATIVE_INFINITY;
      const flush = () => {
        const p = latest;
        latest = undefined;
        const now = performance.now();
        if (!p || (p.done < p.total && now - postedAt < PROGRESS_MS)) return;
        postedAt = now;
        post({ type: 'progress', id, ...p });
      };
      return engine.analyse(task.kind, task.body, poolRunner(id), {
        onProgress: (p) => {
          if (!latest) queueMicrotask(flush);
          latest = p;
        },
      });
    }
    case 'points': {
      // The pool sends a lane's next chunk before this one ends: it waits for this one, so that
      // each point starts from the last one's basis.
      const mine = chunks.then(() => solveChunk(id, task.base, task.jobs));
      chunks = mine.then(
        () => {},
        () => {},
      );
      return mine;
    }
  }
}

function wireError(e: unknown): WireError {
  const refused = engineError(e);
  if (refused)
    return {
      status: refused.status,
      code: refused.code,
      message: refused.message,
      issues: refused.issues,
    };
  if (e instanceof AnalysisCancelledError)
    return { status: 503, code: 'cancelled', message: 'the analysis was cancelled', issues: [] };
  return {
    status: 500,
    code: 'internal',
    message: `the browser's solver failed: ${e instanceof Error ? e.message : String(e)}`,
    issues: [],
  };
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === 'cancel') {
    cancelled.add(m.id);
    return;
  }
  if (m.type === 'points') {
    const r = runs.get(m.runId);
    m.results.forEach((result, k) => {
      if (!r) return;
      r.results[m.from + k] = result;
      r.onResult?.(m.from + k, result);
    });
    return;
  }
  if (m.type === 'ran') {
    runs.get(m.runId)?.done(m.error);
    return;
  }
  const t0 = performance.now();
  run(m.id, m.task)
    .then(
      (value) => post({ type: 'result', id: m.id, value, workerMs: performance.now() - t0 }),
      (e: unknown) => post({ type: 'error', id: m.id, error: wireError(e) }),
    )
    .finally(() => cancelled.delete(m.id));
};
