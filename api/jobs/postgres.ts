/**
 * @module jobs/postgres — runs and results in PostgreSQL (npm `pg`), tables `job_runs`,
 * `job_results` (created by api/storage's migrations), shared by every server and worker.
 */
import type pg from 'pg';
import { type RunRow, runFromRow } from './rows';
import { withLockedTransaction } from '../storage/postgres';
import { RUN_LOAD_SQL } from './admission';
import { DEADLINE_ERROR, type JobStore, type RunLoadRow, type RunStatus } from './store';

/** Advisory lock key that serialises run admission across servers ("SWYR"). */
const ADMISSION_LOCK = 0x53575952;

const EXPIRE_SQL =
  "UPDATE job_runs SET status = 'failed', error = $1 WHERE status = 'running' AND deadline_at < $2 " +
  'RETURNING id';

/**
 * Runs and results in the PostgreSQL database of `pool` (opened and migrated by api/storage).
 * Closing the store leaves the pool open: its opener closes it.
 */
export function postgresJobStore(pool: pg.Pool): JobStore {
  return {
    kind: 'postgres',
    async createRun(run, admit) {
      const insert = (db: Pick<pg.Pool, 'query'>) =>
        db.query(
          'INSERT INTO job_runs (id, kind, status, total, input, created_at, requester, deadline_at) ' +
            "VALUES ($1, $2, 'running', $3, $4, now(), $5, $6)",
          [run.id, run.kind, run.total, JSON.stringify(run.input), run.requester, run.deadlineAt],
        );
      if (!admit) {
        await insert(pool);
        return undefined;
      }
      return withLockedTransaction(pool, ADMISSION_LOCK, async (client) => {
        await client.query(EXPIRE_SQL, [DEADLINE_ERROR, new Date()]);
        const { rows } = await client.query<RunLoadRow>(RUN_LOAD_SQL);
        const refused = admit(rows);
        if (!refused) await insert(client);
        return refused;
      });
    },
    async runLoad() {
      return (await pool.query<RunLoadRow>(RUN_LOAD_SQL)).rows;
    },
    async expireRuns(now = new Date()) {
      const { rows } = await pool.query<{ id: string }>(EXPIRE_SQL, [DEADLINE_ERROR, now]);
      return rows.map((r) => r.id);
    },
    async getRun(id) {
      const { rows } = await pool.query<RunRow>('SELECT * FROM job_runs WHERE id = $1', [id]);
      return rows[0] && runFromRow(rows[0]);
    },
    async runStatus(id) {
      const { rows } = await pool.query<{ status: RunStatus }>(
        'SELECT status FROM job_runs WHERE id = $1',
        [id],
      );
      return rows[0]?.status;
    },
    async runningRuns() {
      const { rows } = await pool.query<RunRow>(
        "SELECT * FROM job_runs WHERE status = 'running' ORDER BY created_at",
      );
      return rows.map(runFromRow);
    },
    async finish(id, status, answer, error) {
      await pool.query(
        "UPDATE job_runs SET status = $2, answer = $3, error = $4 WHERE id = $1 AND status = 'running'",
        [id, status, answer === null ? null : JSON.stringify(answer), error],
      );
    },
    async putResults(runId, rows, keepExisting = false) {
      if (!rows.length) return;
      // One statement: the rows of a chunk land together or not at all.
      const conflict = keepExisting ? 'DO NOTHING' : 'DO UPDATE SET data = excluded.data';
      await pool.query(
        'INSERT INTO job_results (run_id, idx, data) ' +
          'SELECT $1, i, d FROM unnest($2::int[], $3::text[]) AS t(i, d) ' +
          `ON CONFLICT (run_id, idx) ${conflict}`,
        [runId, rows.map((r) => r.index), rows.map((r) => JSON.stringify(r.data))],
      );
    },
    async countResults(runId) {
      const { rows } = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM job_results WHERE run_id = $1',
        [runId],
      );
      return rows[0].n;
    },
    async results(runId, from = 0, to = 2 ** 31 - 1) {
      const { rows } = await pool.query<{ idx: number; data: string }>(
        'SELECT idx, data FROM job_results WHERE run_id = $1 AND idx >= $2 AND idx < $3 ORDER BY idx',
        [runId, from, to],
      );
      return rows.map((r) => ({ index: r.idx, data: JSON.parse(r.data) }));
    },
    async close() {},
  };
}
