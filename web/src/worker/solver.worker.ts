/**
 * @module worker/solver.worker — a Web Worker that runs the model in the browser: optimize and
 * evaluate with warm starts (the same cache a server solve thread keeps), the analyses (tornado,
 * breakeven, decision map) with their points solved across the pool, and slices of those points.
 * Requests are validated with the API's own schemas; a failure is answered as the API would answer
 * it (status, code, message, fields). See docs/web.md.
 */
/// <reference lib="webworker" />
import {
  AnalysisCancelledError,
  AnalysisInputError,
  BreakevenRequestSchema,
  MapRequestSchema,
  SensitivityRequestSchema,
  breakeven,
  planMap,
  runMap,
  sensitivity,
} from '../../../model/analyses';
import {
  solvePoint,
  warmCache,
  type PointResult,
  type PointRunner,
} from '../../../model/analyses/point';
import { planIssues } from '../../../model/plan-check';
import { EvaluateRequestSchema, ScenarioSchema } from '../../../model/schema';
import { evaluate, optimize } from '../../../model/solve';
import { warmStarts } from '../../../model/solvers/basis-cache';
import { loadHighs } from '../../../model/solvers/highs';
import type { z } from 'zod';
import type { FromWorker, ToWorker, WireError, WorkerTask } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => scope.postMessage(m);

// One warm-start cache for the optimum (a slider's next scenario has the same shape and starts from
// this one's basis) and one for analysis points (neighbouring cells), as a server solve thread and
// analysis thread keep.
const warm = warmStarts();
const pointCache = warmCache();

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

class TaskError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message,
  }));

function parse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  code: string,
  message: string,
): z.output<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw new TaskError({ status: 400, code, message, issues: issuesOf(r.error) });
  return r.data;
}

/** Lets the worker take its next message (a cancel, an interactive solve) between two points. */
const yieldToMessages = () => new Promise<void>((ok) => setTimeout(ok, 0));

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
                error.code === 'cancelled' ? new AnalysisCancelledError() : new TaskError(error),
              );
          },
        });
        post({ type: 'run', id, runId, base, jobs });
      });
    },
  };
}

async function run(id: number, task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'start':
      await loadHighs();
      return true;
    case 'optimize':
      return optimize(
        parse(ScenarioSchema, task.body, 'invalid_scenario', 'the scenario is not valid'),
        { warm },
      );
    case 'evaluate': {
      const { scenario, plan } = parse(
        EvaluateRequestSchema,
        task.body,
        'invalid_request',
        'the request is not valid: expected { scenario, plan }',
      );
      const issues = planIssues(scenario, plan);
      if (issues.length)
        throw new TaskError({
          status: 400,
          code: 'invalid_plan',
          message: 'the plan does not fit the scenario',
          issues,
        });
      return evaluate(scenario, plan, { warm });
    }
    case 'sensitivity':
      return sensitivity(
        parse(
          SensitivityRequestSchema,
          task.body,
          'invalid_request',
          'the request is not valid: expected { scenario, parameters?, low?, high? }',
        ),
        poolRunner(id),
      );
    case 'breakeven':
      return breakeven(
        parse(
          BreakevenRequestSchema,
          task.body,
          'invalid_request',
          'the request is not valid: expected { scenario, parameter, from?, to?, tolerance?, thresholdMW? }',
        ),
        poolRunner(id),
      );
    case 'map': {
      const plan = planMap(
        parse(
          MapRequestSchema,
          task.body,
          'invalid_request',
          'the request is not valid: expected { scenario, x, y }',
        ),
      );
      return runMap(plan, poolRunner(id), {
        onProgress: (p) => post({ type: 'progress', id, ...p }),
      });
    }
    case 'points': {
      for (const [index, job] of task.jobs.entries()) {
        if (cancelled.has(id)) throw new AnalysisCancelledError();
        post({ type: 'point', id, index, result: await solvePoint(task.base, job, pointCache) });
        await yieldToMessages();
      }
      return null;
    }
  }
}

function wireError(e: unknown): WireError {
  if (e instanceof TaskError) return e.wire;
  if (e instanceof AnalysisInputError)
    return {
      status: 400,
      code: 'invalid_parameter',
      message: 'a parameter or range is not valid for this scenario',
      issues: [...e.issues],
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
  if (m.type === 'point') {
    const r = runs.get(m.runId);
    if (r) {
      r.results[m.index] = m.result;
      r.onResult?.(m.index, m.result);
    }
    return;
  }
  if (m.type === 'ran') {
    runs.get(m.runId)?.done(m.error);
    return;
  }
  run(m.id, m.task)
    .then(
      (value) => post({ type: 'result', id: m.id, value }),
      (e: unknown) => post({ type: 'error', id: m.id, error: wireError(e) }),
    )
    .finally(() => cancelled.delete(m.id));
};
