/**
 * @module analyses/tornado — sensitivity: re-optimise at a low and a high value of each parameter
 * and rank the parameters by how far the optimal NPV swings.
 */
import type { Scenario } from '../schema';
import {
  AnalysisInputError,
  ParameterError,
  parameterSpec,
  setParameters,
  defaultParameters,
} from './paths';
import { singlePath, type PointJob, type PointResult, type PointRunner } from './point';
import type {
  SensitivityRequestSchema,
  SensitivityResponse,
  SensitivityRow,
  SensitivitySide,
} from './schema';
import type { z } from 'zod';

type Request = z.infer<typeof SensitivityRequestSchema>;

interface Planned {
  readonly parameter: string;
  readonly label: string;
  readonly unit: string;
  readonly base: number;
  readonly low: number;
  readonly high: number;
  readonly note?: string;
}

/**
 * The tornado of a parsed request: for each parameter (default: `defaultParameters`) re-optimises
 * at base × (1 + low) and base × (1 + high) — or at the absolute `{ low, high }` given for it — and
 * reports NPV and HPC MW committed on each side. Whole-month fields are rounded to whole months,
 * and the row says so. Rows are ordered by |NPV(high) − NPV(low)|, largest first; a row with a side
 * that has no optimum ranks first.
 *
 * Every value is validated before any solve: a bad path or a value outside its bounds throws
 * `AnalysisInputError` naming `parameters.<i>`. A default parameter that cannot move (base 0) or
 * whose ±change breaks a bound is listed in `skipped` instead.
 *
 * @example
 * const t = await sensitivity(SensitivityRequestSchema.parse({ scenario }), inProcessPoints());
 * t.rows[0].parameter; // the parameter that moves NPV most
 */
export async function sensitivity(
  request: Request,
  runner: PointRunner,
  signal?: AbortSignal,
): Promise<SensitivityResponse> {
  const { scenario, notes } = singlePath(request.scenario);
  const skipped: SensitivityResponse['skipped'] = [];
  const planned: Planned[] = [];
  const issues: { path: string; message: string }[] = [];
  const given = request.parameters;
  (given ?? defaultParameters(scenario)).forEach((entry, i) => {
    const explicit = given !== undefined;
    const parameter = typeof entry === 'string' ? entry : entry.parameter;
    try {
      const p = plan(scenario, entry, request.low, request.high);
      if (!explicit && p.low === p.base && p.high === p.base)
        skipped.push({
          parameter,
          reason: `its value is ${p.base}: a relative change does not move it`,
        });
      else planned.push(p);
    } catch (e) {
      if (!(e instanceof ParameterError)) throw e;
      if (explicit) issues.push({ path: `parameters.${i}`, message: e.message });
      else skipped.push({ parameter, reason: e.message });
    }
  });
  if (issues.length) throw new AnalysisInputError(issues);

  const jobs: PointJob[] = [{ changes: [] }];
  for (const p of planned)
    jobs.push(
      { changes: [{ path: p.parameter, value: p.low }] },
      { changes: [{ path: p.parameter, value: p.high }] },
    );
  const results = await runner.run(scenario, jobs, { signal });
  const side = (value: number, r: PointResult): SensitivitySide => ({
    value,
    status: r.status,
    npvUsd: r.npvUsd,
    hpcMW: r.hpcMW,
  });
  const rows: SensitivityRow[] = planned.map((p, k) => {
    const low = side(p.low, results[1 + 2 * k]);
    const high = side(p.high, results[2 + 2 * k]);
    const swingUsd =
      low.npvUsd !== null && high.npvUsd !== null ? Math.abs(high.npvUsd - low.npvUsd) : null;
    return {
      parameter: p.parameter,
      label: p.label,
      unit: p.unit,
      base: p.base,
      low,
      high,
      swingUsd,
      ...(p.note ? { note: p.note } : {}),
    };
  });
  // Largest swing first, compared in whole dollars: two solvers (the server's and the browser's) agree on a swing
  // to far less than a dollar, so rounding keeps their orders the same; equal swings keep the parameters' order.
  const order = (r: SensitivityRow) => (r.swingUsd === null ? Infinity : Math.round(r.swingUsd));
  rows.sort((a, b) => order(b) - order(a));
  return { baseNpvUsd: results[0].npvUsd, baseHpcMW: results[0].hpcMW, rows, skipped, notes };
}

/**
 * Low and high values of one parameter, rounded to whole months where the field is, and validated.
 */
function plan(
  scenario: Scenario,
  entry: NonNullable<Request['parameters']>[number],
  low: number,
  high: number,
): Planned {
  const parameter = typeof entry === 'string' ? entry : entry.parameter;
  const spec = parameterSpec(scenario, parameter);
  const raw =
    typeof entry === 'string'
      ? [spec.value * (1 + low), spec.value * (1 + high)]
      : [entry.low, entry.high];
  const values = raw.map((v) => (spec.integer ? Math.round(v) : v));
  const rounded = values.some((v, i) => v !== raw[i]);
  for (const value of values) setParameters(scenario, [{ path: parameter, value }]);
  return {
    parameter,
    label: spec.label,
    unit: spec.unit,
    base: spec.value,
    low: values[0],
    high: values[1],
    ...(rounded
      ? { note: `whole months: ${fmt(raw[0])} → ${values[0]}, ${fmt(raw[1])} → ${values[1]}` }
      : {}),
  };
}

const fmt = (v: number) => String(+v.toPrecision(6));
