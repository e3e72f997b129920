/**
 * @module jobs/admission — how much batch and Monte Carlo work may be running at once, per
 * requester and in total: running runs, batch items not yet computed, Monte Carlo paths not yet
 * evaluated. A run that would go past a limit is refused (the routes answer 503 with Retry-After);
 * one that could never fit, alone, is refused for good (400). Limits and variables:
 * docs/security-work.md.
 */
import { RUN_LIMITS } from '../limits';
import type { AdmitRun, RunKind, RunLoadRow } from './store';

/** Limits of one scope (a requester, or the whole server). */
export interface ScopeLimits {
  /** Runs running at once. */
  readonly runs: number;
  /** Batch items queued or running. */
  readonly items: number;
  /** Monte Carlo paths queued or running. */
  readonly paths: number;
}

/** The admission limits: per requester and in total. */
export interface RunLimits {
  readonly perRequester: ScopeLimits;
  readonly total: ScopeLimits;
}

/** The environment variable of each limit (a whole number ≥ 1). */
export const RUN_LIMIT_ENV = {
  perRequester: {
    runs: 'RUNS_PER_REQUESTER',
    items: 'BATCH_ITEMS_PER_REQUESTER',
    paths: 'PATHS_PER_REQUESTER',
  },
  total: { runs: 'RUNS_TOTAL', items: 'BATCH_ITEMS_TOTAL', paths: 'PATHS_TOTAL' },
} as const;

/**
 * The running runs with, for each, its items not yet computed, grouped by kind and requester (both
 * SQL dialects; the store reads it inside its admission lock).
 */
export const RUN_LOAD_SQL =
  'SELECT kind, requester, CAST(count(*) AS INTEGER) AS runs, CAST(sum(remaining) AS INTEGER) AS pending ' +
  'FROM (SELECT r.kind, r.requester, ' +
  'r.total - (SELECT count(*) FROM job_results j WHERE j.run_id = r.id) AS remaining ' +
  "FROM job_runs r WHERE r.status = 'running') t GROUP BY kind, requester";

/** The limits from the environment (RUN_LIMIT_ENV's variables), over `RUN_LIMITS`. */
export function runLimitsOf(env: Readonly<Record<string, string | undefined>>): RunLimits {
  const scope = (name: 'perRequester' | 'total'): ScopeLimits => {
    const out: { -readonly [K in keyof ScopeLimits]: number } = { ...RUN_LIMITS[name] };
    for (const key of ['runs', 'items', 'paths'] as const) {
      const variable = RUN_LIMIT_ENV[name][key];
      const v = env[variable];
      if (v === undefined || v === '') continue;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`invalid ${variable}: ${v} (expected a whole number ≥ 1)`);
      out[key] = n;
    }
    return out;
  };
  return { perRequester: scope('perRequester'), total: scope('total') };
}

/** A run that could never be admitted: its size alone is over a limit. */
export class RunTooLargeError extends Error {
  override name = 'RunTooLargeError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The unit a kind's items are counted in, and the limit that counts them. */
const unitOf = (kind: RunKind) =>
  kind === 'batch'
    ? ({ key: 'items', noun: 'batch items' } as const)
    : ({ key: 'paths', noun: 'paths' } as const);

/**
 * Checks that a run of `total` items of `kind` could ever be admitted.
 * @throws RunTooLargeError when it is over a limit by itself (it would be refused however long the
 * client waited).
 */
export function checkRunSize(limits: RunLimits, kind: RunKind, total: number): void {
  const { key, noun } = unitOf(kind);
  const most = Math.min(limits.perRequester[key], limits.total[key]);
  if (total > most)
    throw new RunTooLargeError(
      kind === 'batch' ? '(body)' : 'paths',
      `${total} ${noun} in one run; this server takes at most ${most} at once`,
    );
}

/**
 * The admission test of a run of `total` items of `kind` asked for by `requester`: undefined when
 * it fits every limit, else the first limit it would pass, in words.
 */
export function admitRun(
  limits: RunLimits,
  requester: string,
  kind: RunKind,
  total: number,
): AdmitRun {
  const { key, noun } = unitOf(kind);
  return (load: readonly RunLoadRow[]) => {
    const sum = (rows: readonly RunLoadRow[]) => ({
      runs: rows.reduce((n, r) => n + r.runs, 0),
      pending: rows.filter((r) => r.kind === kind).reduce((n, r) => n + r.pending, 0),
    });
    const scopes = [
      ['you have', limits.perRequester, sum(load.filter((r) => r.requester === requester))],
      ['the server has', limits.total, sum(load)],
    ] as const;
    for (const [who, limit, now] of scopes) {
      if (now.runs + 1 > limit.runs)
        return `${who} ${now.runs} runs running (at most ${limit.runs})`;
      if (now.pending + total > limit[key])
        return `${who} ${now.pending} ${noun} to compute; ${total} more would pass ${limit[key]}`;
    }
    return undefined;
  };
}
