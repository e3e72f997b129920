/**
 * @module analyses/breakeven — the value of one parameter at which the optimal HPC MW committed
 * changes: a scan brackets the first change in the range, then sectioning narrows the bracket to
 * the tolerance.
 */
import { totalEligibleMW } from '../sites';
import type { z } from 'zod';
import {
  AnalysisInputError,
  forField,
  parameterSpec,
  setParameters,
  type ParameterSpec,
} from './paths';
import { singlePath, type PointResult, type PointRunner } from './point';
import type { BreakevenRequestSchema, BreakevenResponse, BreakevenSide } from './schema';
import type { Scenario } from '../schema';

type Request = z.infer<typeof BreakevenRequestSchema>;

/** Two HPC commitments closer than this (MW) are the same decision: solver noise, not a change. */
const SAME_MW = 1e-6;
/** Points solved side by side in each narrowing round (one per worker thread of the pool). */
const POINTS_PER_ROUND = 2;

/**
 * Finds the lowest value in [from, to] where the optimal HPC MW committed differs from its value at
 * `from` (an infeasible or failed solve counts as a different answer), and — as `threshold` — where
 * it crosses `thresholdMW` (default half the eligible MW): where the site flips, not where a sliver
 * first converts. The scan (`steps` points, solved in parallel) brackets the first change; each
 * round then solves two interior points of the bracket, until it is no wider than `tolerance`. The
 * answer's `value` is the bracket's midpoint; `below` and `above` are its ends with their plans. A
 * change that appears and reverts between two scan points is not seen (documented limit).
 *
 * Throws `AnalysisInputError` naming `parameter`, `from`, `to` or `tolerance` before any solve.
 *
 * @example
 * const b = await breakeven(BreakevenRequestSchema.parse({ scenario, parameter:
 * 'market.hashprice.btcUsd' }), runner); b.value; // BTC price where the conversion decision flips,
 * or null
 */
export async function breakeven(
  request: Request,
  runner: PointRunner,
  signal?: AbortSignal,
): Promise<BreakevenResponse> {
  const { scenario } = singlePath(request.scenario);
  const spec = forField('parameter', () => parameterSpec(scenario, request.parameter));
  const { from, to, tolerance } = range(scenario, spec, request);
  const parameter = spec.path;
  const at = (value: number) => ({ changes: [{ path: parameter, value }] });
  const snap = (v: number) => (spec.integer ? Math.round(v) : v);

  const values = [
    ...new Set(
      Array.from({ length: request.steps }, (_, i) =>
        snap(from + ((to - from) * i) / (request.steps - 1)),
      ),
    ),
  ];
  const results = await runner.run(scenario, values.map(at), { signal });
  const scan = values.map((value, i) => ({
    value,
    status: results[i].status,
    hpcMW: results[i].hpcMW,
    npvUsd: results[i].npvUsd,
  }));
  const first = results[0];
  const base = { parameter, label: spec.label, tolerance, from, to, scan };
  const thresholdMW = request.thresholdMW ?? totalEligibleMW(scenario) / 2;
  // The first change of the commitment, and where it crosses the threshold (from the side it starts
  // on).
  const changed = (r: PointResult) => !same(r, first);
  const side0 = above(first, thresholdMW);
  const crossed = (r: PointResult) => r.hpcMW !== null && above(r, thresholdMW) !== side0;
  const change = await narrow(values, results, changed);
  const crossing = await narrow(values, results, crossed);
  const threshold = crossing
    ? {
        thresholdMW,
        value: (crossing.lo.value + crossing.hi.value) / 2,
        below: crossing.lo,
        above: crossing.hi,
        message:
          `the optimum ${describe(crossing.lo)} at ${fmt(crossing.lo.value)} and ` +
          `${describe(crossing.hi)} at ${fmt(crossing.hi.value)}: it crosses ` +
          `${fmt(thresholdMW)} MW at ` +
          `${fmt((crossing.lo.value + crossing.hi.value) / 2)} ± ` +
          `${fmt((crossing.hi.value - crossing.lo.value) / 2)}`,
      }
    : {
        thresholdMW,
        value: null,
        message:
          `the optimum's HPC MW does not cross ${fmt(thresholdMW)} MW within the ` +
          `range ${fmt(from)} … ${fmt(to)}`,
      };
  if (!change) {
    return {
      ...base,
      value: null,
      threshold,
      message: `no change within the range ${fmt(from)} … ${fmt(to)}: the optimum ${describe(first)} throughout`,
    };
  }
  const { lo, hi } = change;
  return {
    ...base,
    value: (lo.value + hi.value) / 2,
    below: lo,
    above: hi,
    threshold,
    message:
      `the optimum ${describe(lo)} at ${fmt(lo.value)} and ${describe(hi)} at ` +
      `${fmt(hi.value)}: the decision changes at ` +
      `${fmt((lo.value + hi.value) / 2)} ± ${fmt((hi.value - lo.value) / 2)}`,
  };

  /**
   * The bracket [lo, hi] of the first scan value where `hit` holds, narrowed to the tolerance (each
   * round solves two interior points), with the plans on both ends; null when no scan point hits.
   */
  async function narrow(
    xs: readonly number[],
    rs: readonly PointResult[],
    hit: (r: PointResult) => boolean,
  ): Promise<{ lo: BreakevenSide; hi: BreakevenSide } | null> {
    const k = rs.findIndex(hit);
    if (k <= 0) return null;
    let lo = xs[k - 1];
    let hi = xs[k];
    while (hi - lo > tolerance) {
      const inner = [
        ...new Set(
          Array.from({ length: POINTS_PER_ROUND }, (_, i) =>
            snap(lo + ((hi - lo) * (i + 1)) / (POINTS_PER_ROUND + 1)),
          ),
        ),
      ].filter((v) => v > lo && v < hi);
      if (!inner.length) break;
      const round = await runner.run(scenario, inner.map(at), { signal });
      const firstHit = round.findIndex(hit);
      if (firstHit < 0) lo = inner[inner.length - 1];
      else {
        hi = inner[firstHit];
        if (firstHit > 0) lo = inner[firstHit - 1];
      }
    }
    const [low, high] = await runner.run(
      scenario,
      [lo, hi].map((v) => ({ ...at(v), withPlan: true })),
      { signal },
    );
    const side = (value: number, r: PointResult): BreakevenSide => ({
      value,
      status: r.status,
      hpcMW: r.hpcMW,
      npvUsd: r.npvUsd,
      plan: r.plan ?? { builds: [], refreshes: [] },
    });
    return { lo: side(lo, low), hi: side(hi, high) };
  }
}

/** Whether an answer commits at least `mw` of HPC (no answer: not). */
function above(r: Pick<PointResult, 'hpcMW'>, mw: number): boolean {
  return r.hpcMW !== null && r.hpcMW >= mw - SAME_MW;
}

/** The range and tolerance, defaults filled, every value checked against the schema. */
function range(
  scenario: Scenario,
  spec: ParameterSpec & { value: number },
  request: Request,
): { from: number; to: number; tolerance: number } {
  const base = spec.value;
  const whole = (v: number) => (spec.integer ? Math.round(v) : v);
  let from: number | undefined = request.from;
  let to: number | undefined = request.to;
  if (from === undefined || to === undefined) {
    const wide =
      base !== 0
        ? [base / 4, base * 4].sort((a, b) => a - b)
        : spec.min >= -10 && spec.max <= 10
          ? [spec.min, spec.max]
          : null;
    if (!wide)
      throw new AnalysisInputError([
        { path: 'from', message: `${spec.path} is 0, so no default range: give from and to` },
      ]);
    from ??= whole(Math.max(spec.min, wide[0]));
    to ??= whole(Math.min(spec.max, wide[1]));
  }
  const issues: { path: string; message: string }[] = [];
  if (spec.integer && !Number.isInteger(from))
    issues.push({ path: 'from', message: `${spec.path} takes whole months; got ${from}` });
  if (spec.integer && !Number.isInteger(to))
    issues.push({ path: 'to', message: `${spec.path} takes whole months; got ${to}` });
  if (!(to > from)) issues.push({ path: 'to', message: `must be greater than from (${from})` });
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    try {
      setParameters(scenario, [{ path: spec.path, value }]);
    } catch (e) {
      issues.push({ path: field, message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (issues.length) throw new AnalysisInputError(issues);
  const tolerance = Math.max(spec.integer ? 1 : 0, request.tolerance ?? (to - from) * 1e-4);
  return { from, to, tolerance };
}

function same(a: PointResult, b: PointResult): boolean {
  if (a.hpcMW === null || b.hpcMW === null) return a.status === b.status && a.hpcMW === b.hpcMW;
  return Math.abs(a.hpcMW - b.hpcMW) <= SAME_MW;
}

function describe(r: Pick<PointResult, 'hpcMW' | 'status'>): string {
  return r.hpcMW === null ? `is ${r.status}` : `commits ${+r.hpcMW.toFixed(3)} MW of HPC`;
}

const fmt = (v: number) => String(+v.toPrecision(6));
