/** @module plans/postgres — saved plans in PostgreSQL (npm `pg`), for a server shared by a team. */
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import {
  ALL_COLUMNS,
  SUMMARY_COLUMNS,
  createdColumns,
  fromRow,
  summaryFromRow,
  toColumns,
  type Row,
} from './columns';
import type { PlanRepository } from './repository';

// Ids are UUIDs (the column type); anything else cannot name a plan, and PostgreSQL would reject it
// with an error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Saved plans in the PostgreSQL database of `pool` (opened and migrated by api/storage). Each write
 * is one statement, so atomic. Closing the repository leaves the pool open: its opener closes it.
 */
export function postgresPlans(pool: pg.Pool): PlanRepository {
  const cols = ALL_COLUMNS.join(', ');

  return {
    kind: 'postgres',
    async create(fields) {
      const row: Row = {
        id: randomUUID(),
        saved_at: new Date().toISOString(),
        ...createdColumns(fields),
        ...toColumns(fields),
      };
      await pool.query(
        `INSERT INTO plans (${cols}) VALUES (${ALL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
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
    async update(id, fields) {
      if (!UUID.test(id)) return undefined;
      const set = Object.entries({ ...toColumns(fields), saved_at: new Date().toISOString() });
      const { rows } = await pool.query(
        `UPDATE plans SET ${set.map(([c], i) => `${c} = $${i + 2}`).join(', ')} ` +
          `WHERE id = $1 RETURNING ${textColumns()}`,
        [id, ...set.map(([, v]) => v)],
      );
      return rows[0] && fromRow(rows[0]);
    },
    async delete(id) {
      if (!UUID.test(id)) return false;
      const { rowCount } = await pool.query('DELETE FROM plans WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },
    async close() {},
  };
}

function textColumns(): string {
  return ALL_COLUMNS.map((c) =>
    c === 'scenario' || c === 'plan' || c === 'answer' ? `${c}::text AS ${c}` : c,
  ).join(', ');
}
