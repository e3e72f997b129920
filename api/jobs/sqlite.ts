/**
 * @module jobs/sqlite — runs and results in the embedded SQLite file (better-sqlite3), tables
 * `job_runs`, `job_results` (created by api/storage's migrations).
 */
import type Database from 'better-sqlite3';
import { type RunRow, runFromRow } from './rows';
import {
  DEADLINE_ERROR,
  type JobStore,
  type NewRun,
  type RunLoadRow,
  type RunStatus,
} from './store';
import { RUN_LOAD_SQL } from './admission';

/**
 * Runs and results in the SQLite database `db` (opened and migrated by api/storage). Closing the
 * store leaves the database open: its opener closes it.
 */
export function sqliteJobStore(db: Database.Database): JobStore {
  const upsert = db.prepare(
    'INSERT INTO job_results (run_id, idx, data) VALUES (?, ?, ?) ' +
      'ON CONFLICT (run_id, idx) DO UPDATE SET data = excluded.data',
  );
  const insertMissing = db.prepare(
    'INSERT INTO job_results (run_id, idx, data) VALUES (?, ?, ?) ON CONFLICT (run_id, idx) DO NOTHING',
  );
  const put = db.transaction(
    (runId: string, rows: readonly { index: number; data: unknown }[], keep: boolean) => {
      for (const r of rows)
        (keep ? insertMissing : upsert).run(runId, r.index, JSON.stringify(r.data));
    },
  );
  const insert = db.prepare(
    'INSERT INTO job_runs (id, kind, status, total, input, created_at, requester, deadline_at) ' +
      "VALUES (?, ?, 'running', ?, ?, ?, ?, ?)",
  );
  const expire = (now: Date) =>
    (
      db
        .prepare(
          "UPDATE job_runs SET status = 'failed', error = ? " +
            "WHERE status = 'running' AND deadline_at < ? RETURNING id",
        )
        .all(DEADLINE_ERROR, now.toISOString()) as { id: string }[]
    ).map((r) => r.id);
  // IMMEDIATE: the write lock is taken before the load is read, so that two processes on one file
  // cannot both admit a run into the last place.
  const create = db.transaction((run: NewRun, admit?: (l: RunLoadRow[]) => string | undefined) => {
    if (admit) {
      expire(new Date());
      const refused = admit(db.prepare(RUN_LOAD_SQL).all() as RunLoadRow[]);
      if (refused) return refused;
    }
    const { id, kind, total, input, requester, deadlineAt } = run;
    insert.run(
      id,
      kind,
      total,
      JSON.stringify(input),
      new Date().toISOString(),
      requester,
      deadlineAt,
    );
    return undefined;
  });
  return {
    kind: 'sqlite',
    async createRun(run, admit) {
      return create.immediate(run, admit);
    },
    async runLoad() {
      return db.prepare(RUN_LOAD_SQL).all() as RunLoadRow[];
    },
    async expireRuns(now = new Date()) {
      return expire(now);
    },
    async getRun(id) {
      const r = db.prepare('SELECT * FROM job_runs WHERE id = ?').get(id) as RunRow | undefined;
      return r && runFromRow(r);
    },
    async runStatus(id) {
      return (
        db.prepare('SELECT status FROM job_runs WHERE id = ?').get(id) as
          | { status: RunStatus }
          | undefined
      )?.status;
    },
    async runningRuns() {
      return (
        db
          .prepare("SELECT * FROM job_runs WHERE status = 'running' ORDER BY created_at")
          .all() as RunRow[]
      ).map(runFromRow);
    },
    async finish(id, status, answer, error) {
      db.prepare(
        "UPDATE job_runs SET status = ?, answer = ?, error = ? WHERE id = ? AND status = 'running'",
      ).run(status, answer === null ? null : JSON.stringify(answer), error, id);
    },
    async putResults(runId, rows, keepExisting = false) {
      put(runId, rows, keepExisting);
    },
    async countResults(runId) {
      return (
        db.prepare('SELECT count(*) AS n FROM job_results WHERE run_id = ?').get(runId) as {
          n: number;
        }
      ).n;
    },
    async results(runId, from = 0, to = Number.MAX_SAFE_INTEGER) {
      const rows = db
        .prepare(
          'SELECT idx, data FROM job_results WHERE run_id = ? AND idx >= ? AND idx < ? ORDER BY idx',
        )
        .all(runId, from, to) as { idx: number; data: string }[];
      return rows.map((r) => ({ index: r.idx, data: JSON.parse(r.data) }));
    },
    async close() {},
  };
}
