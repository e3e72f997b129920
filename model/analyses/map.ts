/**
 * @module analyses/map — the decision map: the optimal HPC share of eligible MW and the NPV on a
 * grid of two parameters, every cell an independent optimisation (run in parallel by the runner).
 */
import { totalEligibleMW } from '../sites';
import type { z } from 'zod';
import {
  AnalysisInputError,
  ParameterError,
  forField,
  parameterSpec,
  setParameters,
  type ParameterChange,
} from './paths';
import { singlePath, type PointJob, type PointRunner } from './point';
import type { MapCell, MapProgress, MapRequestSchema, MapResponse } from './schema';
import type { Scenario } from '../schema';

type Request = z.infer<typeof MapRequestSchema>;
type Axis = Request['x'];

/** Options of `decisionMap`. */
export interface MapOptions {
  readonly signal?: AbortSignal;
  /** Called after every solved cell. */
  readonly onProgress?: (progress: MapProgress) => void;
}

/**
 * Solves the decision map of a parsed request. Each axis has `steps` values from `from` to `to`
 * (both included, evenly spaced; whole-month fields rounded to whole months, with a note). Both
 * ends of each axis and the four corners are validated with the schema before any solve (the
 * schema's bounds and rules are convex in each value, so every cell inside is valid too); a fault
 * throws `AnalysisInputError` naming `x.from`, `y.steps`, …. Cells are solved in a snake order
 * (each next to the last, for warm starts) and returned row by row: y outer, x inner. `hpcShare` =
 * HPC MW committed ÷ the cell's `hpcEligibleMW` (0 when nothing is eligible).
 *
 * @example
 * const map = await decisionMap(MapRequestSchema.parse({ scenario, x, y }), runner, { onProgress:
 * console.log });
 */
export async function decisionMap(
  request: Request,
  runner: PointRunner,
  options: MapOptions = {},
): Promise<MapResponse> {
  return runMap(planMap(request), runner, options);
}

/** A validated decision map, ready to solve (see `planMap`). */
export type MapPlan = ReturnType<typeof planMap>;

/**
 * Validates a map request (throws `AnalysisInputError` naming the field) without solving anything.
 */
export function planMap(request: Request) {
  const { scenario, notes } = singlePath(request.scenario);
  const x = axis(scenario, 'x', request.x);
  const y = axis(scenario, 'y', request.y);
  if (x.spec.path === y.spec.path)
    throw new AnalysisInputError([
      { path: 'y.parameter', message: `must differ from x.parameter (${x.spec.path})` },
    ]);
  const issues: { path: string; message: string }[] = [];
  for (const [xf, xv] of [
    ['from', request.x.from],
    ['to', request.x.to],
  ] as const) {
    for (const [yf, yv] of [
      ['from', request.y.from],
      ['to', request.y.to],
    ] as const) {
      check(
        scenario,
        [
          { path: x.spec.path, value: snapTo(x.spec.integer, xv) },
          { path: y.spec.path, value: snapTo(y.spec.integer, yv) },
        ],
        `y.${yf}`,
        issues,
        `with x.${xf}`,
      );
    }
  }
  if (issues.length) throw new AnalysisInputError(issues.slice(0, 1));
  for (const a of [x, y]) if (a.rounded) notes.push(`${a.name} values rounded to whole months`);
  return { scenario, notes, x, y };
}

/** Solves a validated map: cells in a snake order for warm starts, answered row by row. */
export async function runMap(
  plan: MapPlan,
  runner: PointRunner,
  options: MapOptions = {},
): Promise<MapResponse> {
  const { scenario, notes, x, y } = plan;

  const order: [number, number][] = [];
  y.values.forEach((_, j) =>
    x.values.forEach((_, i) => order.push([j % 2 ? x.values.length - 1 - i : i, j])),
  );
  const jobs: PointJob[] = order.map(([i, j]) => ({
    changes: [
      { path: x.spec.path, value: x.values[i] },
      { path: y.spec.path, value: y.values[j] },
    ],
  }));
  let done = 0;
  const t0 = performance.now();
  const results = await runner.run(scenario, jobs, {
    signal: options.signal,
    onResult: () =>
      options.onProgress?.({
        done: ++done,
        total: jobs.length,
        elapsedMs: performance.now() - t0,
      }),
  });
  const cells: MapCell[] = new Array(jobs.length);
  const eligiblePath = 'site.hpcEligibleMW';
  order.forEach(([i, j], k) => {
    const r = results[k];
    const eligible =
      x.spec.path === eligiblePath
        ? x.values[i]
        : y.spec.path === eligiblePath
          ? y.values[j]
          : totalEligibleMW(scenario);
    const hpcShare = r.hpcMW === null ? null : eligible > 0 ? r.hpcMW / eligible : 0;
    cells[j * x.values.length + i] = {
      x: x.values[i],
      y: y.values[j],
      status: r.status,
      hpcShare,
      hpcMW: r.hpcMW,
      npvUsd: r.npvUsd,
    };
  });
  const out = (a: typeof x) => ({
    parameter: a.spec.path,
    label: a.spec.label,
    unit: a.spec.unit,
    values: a.values,
    base: a.spec.value,
  });
  return { x: out(x), y: out(y), cells, notes, ms: performance.now() - t0 };
}

const snapTo = (integer: boolean, v: number) => (integer ? Math.round(v) : v);

/** An axis' parameter and values, each end checked on its own. */
function axis(scenario: Scenario, name: 'x' | 'y', a: Axis) {
  const spec = forField(`${name}.parameter`, () => parameterSpec(scenario, a.parameter));
  const raw = Array.from(
    { length: a.steps },
    (_, i) => a.from + ((a.to - a.from) * i) / (a.steps - 1),
  );
  const values = raw.map((v) => snapTo(spec.integer, v));
  const issues: { path: string; message: string }[] = [];
  if (a.from === a.to)
    issues.push({ path: `${name}.to`, message: `must differ from ${name}.from (${a.from})` });
  check(scenario, [{ path: spec.path, value: values[0] }], `${name}.from`, issues);
  check(scenario, [{ path: spec.path, value: values[values.length - 1] }], `${name}.to`, issues);
  if (issues.length) throw new AnalysisInputError(issues);
  return { name, spec, values, rounded: values.some((v, i) => v !== raw[i]) };
}

function check(
  scenario: Scenario,
  changes: ParameterChange[],
  field: string,
  issues: { path: string; message: string }[],
  context = '',
): void {
  try {
    setParameters(scenario, changes);
  } catch (e) {
    if (!(e instanceof ParameterError)) throw e;
    issues.push({ path: field, message: context ? `${context}: ${e.message}` : e.message });
  }
}
