/** @module plans/postgres — saved plans in PostgreSQL (npm `pg`), for a server shared by a team. */
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import {
  ALL_COLUMNS,
  SUMMARY_COLUMNS,
  createdColumns,
  fromRow,
  historySql,
  recordVersionSql,
  summaryFromRow,
  toColumns,
  versionFromRow,
  type Row,
} from './columns';
import { StaleVersionError, type PlanRepository } from './repository';

// Ids are UUIDs (the column type); anything else cannot name a plan, and PostgreSQL would reject it
// with an error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Saved plans in the PostgreSQL database of `pool` (opened and migrated by api/storage). Each write
 * is one statement, so atomic. Closing the repository leaves the pool open: its opener closes it.
 */
export function postgresPlans(pool: pg.Pool): PlanRepository {
  const cols = ALL_COLUMNS.join(', ');
  /** After a conditional write that changed nothing: stale (throws) or missing (undefined). */
  const staleOrMissing = async (id: string, expected: number): Promise<undefined> => {
    const { rows } = await pool.query('SELECT version FROM plans WHERE id = $1', [id]);
    if (rows[0]) throw new StaleVersionError(expected, Number(rows[0].version));
    return undefined;
  };

  return {
    kind: 'postgres',
    async create(fields) {
      const row: Row = {
        id: randomUUID(),
        saved_at: new Date().toISOString(),
        ...createdColumns(fields),
        version: 1,
        ...toColumns(fields),
      };
      // The plan and its first version in one statement (so one transaction).
      await pool.query(
        `WITH p AS (INSERT INTO plans (${cols}) ` +
          `VALUES (${ALL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${cols}) ` +
          historyFrom('p'),
        ALL_COLUMNS.map((c) => row[c]),
      );
      return fromRow(row);
    },
    async list(page) {
      // Conditions and their parameters: the owner, the page's start.
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (v: unknown) => `$${params.push(v)}`;
      if (page?.owner !== undefined) where.push(`created_by = ${param(page.owner)}`);
      if (page?.after) {
        // Ids and times here come from a summary; uuid order is the order of their lower-case
        // text, as in SQLite.
        const t = `${param(page.after.savedAt)}::timestamptz`;
        where.push(`(saved_at < ${t} OR (saved_at = ${t} AND id > ${param(page.after.id)}::uuid))`);
      }
      const limit = page ? ` LIMIT ${param(page.limit)}` : '';
      const { rows } = await pool.query(
        `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans` +
          `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY saved_at DESC, id${limit}`,
        params,
      );
      return rows.map(summaryFromRow);
    },
    async get(id) {
      if (!UUID.test(id)) return undefined;
      // json columns come back parsed; fromRow wants the text, so read them as text.
      const { rows } = await pool.query(`SELECT ${textColumns()} FROM plans WHERE id = $1`, [id]);
      return rows[0] && fromRow(rows[0]);
    },
    async update(id, fields, version) {
      if (!UUID.test(id)) return undefined;
      const set = Object.entries({ ...toColumns(fields), saved_at: new Date().toISOString() });
      const checked = version !== undefined;
      // One statement: the version check and the write are one transaction. A concurrent write to
      // the row makes this one wait for its commit, then see the new version (READ COMMITTED
      // re-reads the row), so of writers naming one version exactly one matches.
      // The version the write leaves is kept in the same statement (so the same transaction).
      const { rows } = await pool.query(
        `WITH u AS (UPDATE plans SET ${set.map(([c], i) => `${c} = $${i + 2}`).join(', ')}, ` +
          'version = version + 1 ' +
          `WHERE id = $1${checked ? ` AND version = $${set.length + 2}` : ''} ` +
          `RETURNING ${ALL_COLUMNS.join(', ')}), ` +
          `h AS (${historyFrom('u')}) ` +
          `SELECT ${textColumns()} FROM u`,
        [id, ...set.map(([, v]) => v), ...(checked ? [version] : [])],
      );
      if (rows[0]) return fromRow(rows[0]);
      return checked ? staleOrMissing(id, version) : undefined;
    },
    async delete(id, version) {
      if (!UUID.test(id)) return false;
      const checked = version !== undefined;
      const { rows } = await pool.query(
        `WITH d AS (DELETE FROM plans WHERE id = $1${checked ? ' AND version = $2' : ''} ` +
          'RETURNING id), h AS (DELETE FROM plan_versions WHERE plan_id IN (SELECT id FROM d)) ' +
          'SELECT count(*)::int AS n FROM d',
        checked ? [id, version] : [id],
      );
      if (rows[0].n > 0) return true;
      return checked ? !!(await staleOrMissing(id, version)) : false;
    },
    async versions(id) {
      if (!UUID.test(id)) return undefined;
      const { rows } = await pool.query(history.list, [id]);
      return rows.length ? rows.map(versionFromRow) : undefined;
    },
    async version(id, version) {
      if (!UUID.test(id)) return undefined;
      const { rows } = await pool.query(history.one, [id, version]);
      return rows[0] && fromRow(rows[0]);
    },
    async close() {},
  };
}

/** JSON columns read as text (fromRow parses them); `$i` placeholders. */
const history = historySql(
  (c) => `${c}::text`,
  (i) => `$${i}`,
);

/**
 * The statement that copies the rows a write returned (the CTE `cte`) into the history: the rest
 * of a statement does not see the CTE's change in `plans` itself.
 */
const historyFrom = (cte: string) => recordVersionSql(cte);

function textColumns(): string {
  return ALL_COLUMNS.map((c) =>
    c === 'scenario' || c === 'plan' || c === 'answer' ? `${c}::text AS ${c}` : c,
  ).join(', ');
}
