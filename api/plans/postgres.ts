/** @module plans/postgres — saved plans in PostgreSQL (npm `pg`), for a server shared by a team. */
import type pg from 'pg';
import { openPool, withLockedTransaction } from '../pg';
import { randomUUID } from 'node:crypto';
import {
  ALL_COLUMNS,
  SUMMARY_COLUMNS,
  fromRow,
  summaryFromRow,
  toColumns,
  type Row,
} from './columns';
import type { PlanRepository } from './repository';

/** The schema's history. Append only: never edit a migration that has shipped. */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'create plans',
    sql: `
      CREATE TABLE plans (
        id             uuid PRIMARY KEY,
        name           text NOT NULL,
        scenario       json NOT NULL,
        scenario_name  text NOT NULL,
        start_month    text NOT NULL,
        horizon_months integer NOT NULL,
        plan           json,
        evaluated      boolean NOT NULL,
        answer         json NOT NULL,
        status         text NOT NULL,
        npv_usd        double precision,
        saved_at       timestamptz NOT NULL
      );
      CREATE INDEX plans_by_saved_at ON plans (saved_at DESC);`,
  },
];

/** Advisory lock key that serialises migrations of servers starting at once ("SWYD"). */
const MIGRATION_LOCK = 0x53575944;

/**
 * Applies pending migrations in one transaction, under an advisory lock so that concurrent starts
 * wait.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  await withLockedTransaction(pool, MIGRATION_LOCK, async (client) => {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
    );
    const { rows } = await client.query<{ v: number }>(
      'SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations',
    );
    const current = rows[0].v;
    const latest = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;
    if (current > latest)
      throw new Error(
        `invalid database schema version: ${current} (this build knows up to ${latest}); upgrade Switchyard`,
      );
    for (const m of POSTGRES_MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())',
        [m.version, m.name],
      );
    }
  });
}

// Ids are UUIDs (the column type); anything else cannot name a plan, and PostgreSQL would reject it
// with an error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Connects to `url` (`postgres://user:password@host:port/database`), migrates, and returns the
 * store. Each write is one statement, so atomic; PostgreSQL's default `synchronous_commit=on` makes
 * it durable when it returns.
 * @throws Error when the server cannot be reached or a migration fails.
 */
export async function postgresPlanRepository(url: string, poolSize = 10): Promise<PlanRepository> {
  const pool = openPool(url, poolSize, 'plans/postgres');
  await migrate(pool);
  const cols = ALL_COLUMNS.join(', ');
  let closed = false;

  return {
    kind: 'postgres',
    async create(fields) {
      const row: Row = {
        id: randomUUID(),
        saved_at: new Date().toISOString(),
        ...toColumns(fields),
      };
      await pool.query(
        `INSERT INTO plans (${cols}) VALUES (${ALL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        ALL_COLUMNS.map((c) => row[c]),
      );
      return fromRow(row);
    },
    async list(page) {
      const select = `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans`;
      const order = 'ORDER BY saved_at DESC, id';
      if (!page) return (await pool.query(`${select} ${order}`)).rows.map(summaryFromRow);
      if (!page.after)
        return (await pool.query(`${select} ${order} LIMIT $1`, [page.limit])).rows.map(
          summaryFromRow,
        );
      // Ids and times here come from a summary; uuid order is the order of their lower-case text,
      // as in SQLite.
      const { savedAt, id } = page.after;
      const { rows } = await pool.query(
        `${select} WHERE saved_at < $1::timestamptz OR (saved_at = $1::timestamptz AND id > $2::uuid) ${order} LIMIT $3`,
        [savedAt, id, page.limit],
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
        `UPDATE plans SET ${set.map(([c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1 RETURNING ${textColumns()}`,
        [id, ...set.map(([, v]) => v)],
      );
      return rows[0] && fromRow(rows[0]);
    },
    async delete(id) {
      if (!UUID.test(id)) return false;
      const { rowCount } = await pool.query('DELETE FROM plans WHERE id = $1', [id]);
      return (rowCount ?? 0) > 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

function textColumns(): string {
  return ALL_COLUMNS.map((c) =>
    c === 'scenario' || c === 'plan' || c === 'answer' ? `${c}::text AS ${c}` : c,
  ).join(', ');
}
