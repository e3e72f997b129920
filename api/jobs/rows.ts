/** @module jobs/rows — a `job_runs` row as both back ends read it, and the run it holds. */
import type { RunKind, RunStatus, StoredRun } from './store';

/** A `job_runs` row as both back ends read it (JSON columns as text). */
export interface RunRow {
  id: string;
  kind: string;
  status: string;
  total: number;
  input: string;
  answer: string | null;
  error: string | null;
  created_at: string | Date;
}

/** The run of a row (PostgreSQL gives `created_at` as a Date, SQLite as ISO text). */
export const runFromRow = (r: RunRow): StoredRun => ({
  id: r.id,
  kind: r.kind as RunKind,
  status: r.status as RunStatus,
  total: r.total,
  input: JSON.parse(r.input),
  answer: r.answer === null ? null : JSON.parse(r.answer),
  error: r.error,
  createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : r.created_at,
});
