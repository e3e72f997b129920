/**
 * @module worker/runs — an analysis's points solved across the pool: each worker's contiguous range
 * handed out a chunk at a time (worker/chunks.ts), each chunk's results sent back to the analysis
 * in one message; and the analysis workers' warm-up once the first analysis has run. See
 * docs/web.md, "The pool".
 */
import type { PointJob, PointResult } from '../../../model/analyses/point';
import type { Scenario } from '../../../model/schema';
import { ApiRequestError } from '../lib/api';
import { chunkSize, nextChunk, ranges } from './chunks';
import type { FromWorker, ToWorker, WireError, WorkerTask } from './protocol';

/**
 * Points each analysis worker (every worker but the interactive one) solves once, in the
 * background, before it is fast: V8 optimises the model's build and HiGHS' WebAssembly over a
 * worker's first few hundred points, which it solves about 1.5× slower (measured on the default
 * preset's 21 × 21 map: 0.90 s on fresh workers, 0.59 s once warm). As the server warms its
 * analysis threads at start (api/analysis-pool.ts, `warmUp`).
 */
export const WARM_UP_POINTS = 200;

/** Points in a warm-up chunk: what an analysis may wait for behind one. */
const WARM_UP_CHUNK = 4;

/** Quiet time on the pool before a warm-up chunk is sent, ms. */
const WARM_UP_IDLE_MS = 250;

/**
 * An analysis's progress: points solved of all; and, once its points are solving, the wall time
 * since they started and, per worker serving them, the points (of any analysis) it solved since
 * then and those it still has queued (lib/map-time.ts, `mapTimeFromFirstCells`).
 */
export interface AnalysisProgress {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs?: number;
  readonly lanes?: readonly { readonly solved: number; readonly left: number }[];
}

/** A task's answer and events, as the pool routes them. */
export interface Handler {
  /** The answer, and the worker's own time on it (ms). */
  resolve(value: unknown, workerMs?: number): void;
  reject(error: unknown): void;
  onProgress?: (p: AnalysisProgress) => void;
  /** When this analysis's last run of points started, and each of its workers' points solved then. */
  run?: { t0: number; lanes: Lane[]; solved: number[] };
  /** Cancels the points this analysis has under way (set while a run of its points is solving). */
  cancelRun?: () => void;
}

/** One worker and the tasks it has under way. */
export interface Lane {
  readonly worker: Worker;
  readonly handlers: Map<number, Handler>;
  /**
   * Analysis points solved by this worker, ever, and queued on it now (of every analysis: its chunks
   * out and the rest of its range).
   */
  solved: number;
  queued: number;
}

/** What the runs need of the pool. */
export interface RunsContext {
  /** The started workers (the pool's own list: workers that join later are used too). */
  readonly lanes: readonly Lane[];
  /** Sends a task to a lane; answers its id. */
  task(lane: Lane, t: WorkerTask, h: Handler): number;
  send(lane: Lane, m: ToWorker): void;
  /** A finished run of at least two points per worker: its wall time and points. */
  ran(ms: number, points: number): void;
}

const wire = (e: unknown): WireError =>
  e instanceof ApiRequestError
    ? { status: e.status, code: e.code, message: e.message, issues: e.issues }
    : { status: 500, code: 'internal', message: String(e), issues: [] };

/**
 * The pool's runs of points: `run` solves a run an analysis asked for (task `parent` on `lead`);
 * `close` stops the warm-up.
 */
export function pointRuns(ctx: RunsContext) {
  const warmUp = warmer(ctx);

  const run = (
    lead: Lane,
    parent: Handler | undefined,
    runId: number,
    m: Extract<FromWorker, { type: 'run' }>,
  ) => {
    const used = ctx.lanes.slice(0, Math.min(ctx.lanes.length, m.jobs.length));
    const rs = ranges(m.jobs.length, used.length);
    const children = new Map<number, Lane>();
    const t0 = performance.now();
    // Each lane's points not yet solved (handed out or not), and its last pace (ms a point).
    const unsolved = rs.map((r) => r.end - r.next);
    const pace: (number | undefined)[] = used.map(() => undefined);
    const solved0 = used.map((l) => l.solved);
    let left = m.jobs.length;
    let over = false;
    const finish = (error?: WireError) => {
      if (over) return;
      over = true;
      if (error) for (const [id, lane] of children) ctx.send(lane, { type: 'cancel', id });
      used.forEach((lane, s) => {
        lane.queued -= unsolved[s];
      });
      if (parent) parent.cancelRun = undefined;
      // Runs of a few points (a breakeven's bisection steps, one point each) cannot show the
      // parallelism of a map's chunks and would overstate its time per cell: only runs of at least
      // two points per worker count.
      if (!error && m.jobs.length >= 2 * ctx.lanes.length) {
        ctx.ran(performance.now() - t0, m.jobs.length);
        warmUp.from(m.base, m.jobs);
      }
      ctx.send(lead, { type: 'ran', runId, error });
    };
    // Hands lane `s` its next chunk (its own range first, then half of the largest other).
    const deal = (s: number) => {
      const chunk = over
        ? undefined
        : nextChunk(rs, s, chunkSize(pace[s], used[s].solved - solved0[s]));
      if (!chunk) return;
      const lane = used[s];
      if (chunk.stolen) {
        const { from, points } = chunk.stolen;
        unsolved[from] -= points;
        used[from].queued -= points;
        unsolved[s] += points;
        lane.queued += points;
      }
      let id = 0;
      id = ctx.task(
        lane,
        { kind: 'points', base: m.base, jobs: m.jobs.slice(chunk.from, chunk.to) },
        {
          resolve: (value) => {
            children.delete(id);
            if (over) return;
            const results = value as PointResult[];
            lane.solved += results.length;
            lane.queued -= results.length;
            unsolved[s] -= results.length;
            // The pace of its points alone (the wait behind its last chunk is not in it).
            pace[s] = results.reduce((t, r) => t + r.ms, 0) / Math.max(1, results.length);
            ctx.send(lead, { type: 'points', runId, from: chunk.from, results });
            left -= results.length;
            if (left === 0) finish();
            else deal(s);
          },
          reject: (e) => {
            children.delete(id);
            finish(wire(e));
          },
        },
      );
      children.set(id, lane);
    };
    if (used.length === 0) return finish();
    if (parent) parent.run = { t0, lanes: used, solved: solved0 };
    used.forEach((lane, s) => {
      lane.queued += unsolved[s];
    });
    // Two chunks out per lane: the next one waits in the worker while this one solves.
    for (let k = 0; k < 2; k++) for (let s = 0; s < used.length; s++) deal(s);
    if (parent)
      parent.cancelRun = () =>
        finish({
          status: 503,
          code: 'cancelled',
          message: 'the analysis was cancelled',
          issues: [],
        });
  };

  return { run, close: warmUp.close };
}

/**
 * The analysis workers' warm-up: once a run has ended, while the pool is quiet, each worker but
 * the first solves chunks of that run's points again (their results dropped) until it has solved
 * {@link WARM_UP_POINTS} in all, its analyses' points included (a worker that has just solved a
 * big map is warm already). A worker with any task under way is skipped, so an analysis waits for
 * one warm-up chunk at most; the interactive worker is never used.
 */
function warmer(ctx: RunsContext) {
  let sample: { base: Scenario; jobs: readonly PointJob[] } | undefined;
  // Warm-up points solved per worker (not in `Lane.solved`, which the map's estimate reads).
  const extra = new WeakMap<Lane, number>();
  const solved = (lane: Lane) => lane.solved + (extra.get(lane) ?? 0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const step = () => {
    timer = undefined;
    if (!sample || closed) return;
    const { base, jobs } = sample;
    for (const lane of ctx.lanes.slice(1)) {
      const done = solved(lane);
      if (done >= WARM_UP_POINTS) continue;
      // Busy: asked again after the next quiet moment.
      if (lane.handlers.size > 0) {
        later(WARM_UP_IDLE_MS);
        continue;
      }
      const chunk = Array.from({ length: WARM_UP_CHUNK }, (_, k) => jobs[(done + k) % jobs.length]);
      extra.set(lane, (extra.get(lane) ?? 0) + chunk.length);
      ctx.task(
        lane,
        { kind: 'points', base, jobs: chunk, warmUp: true },
        { resolve: () => later(0), reject: () => {} },
      );
    }
  };
  const later = (ms: number) => {
    if (timer === undefined && !closed) timer = setTimeout(step, ms);
  };
  return {
    /** Warms up on these points, after a quiet moment, if a worker is not warm yet. */
    from(base: Scenario, jobs: readonly PointJob[]) {
      if (ctx.lanes.slice(1).every((l) => solved(l) >= WARM_UP_POINTS)) return;
      sample = { base, jobs };
      clearTimeout(timer);
      timer = undefined;
      later(WARM_UP_IDLE_MS);
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
