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
  requester: string;
  deadline_at: string | Date | null;
}

const iso = (t: string | Date) => (t instanceof Date ? t.toISOString() : t);

/** The run of a row (PostgreSQL gives `created_at` as a Date, SQLite as ISO text). */
export const runFromRow = (r: RunRow): StoredRun => ({
  id: r.id,
  kind: r.kind as RunKind,
  status: r.status as RunStatus,
  total: r.total,
  input: JSON.parse(r.input),
  answer: r.answer === null ? null : JSON.parse(r.answer),
  error: r.error,
  createdAt: iso(r.created_at),
  requester: r.requester,
  deadlineAt: iso(r.deadline_at ?? r.created_at),
});
