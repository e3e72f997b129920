/**
 * @module storage/postgres — PostgreSQL (npm `pg`) for a server shared by a team: a pool that
 * survives idle disconnects, one transaction under an advisory lock, and the schema migrations of
 * saved plans and job runs.
 */
import pg from 'pg';
import {
  authTablesSql,
  jobTablesSql,
  type Migration,
  newerSchemaError,
  planHistorySql,
  planVersionSql,
} from './migrations';

/** The schema's history. Append only: never edit a migration that has shipped. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
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
  {
    version: 2,
    name: 'create job runs',
    sql: jobTablesSql({ text: 'text', integer: 'integer', time: 'timestamptz', tableSuffix: '' }),
  },
  {
    version: 3,
    name: 'job run requester and deadline',
    // Runs from before deadlines get the default one (an hour after they started).
    sql: `
      ALTER TABLE job_runs ADD COLUMN requester text NOT NULL DEFAULT '',
        ADD COLUMN deadline_at timestamptz;
      UPDATE job_runs SET deadline_at = created_at + interval '3600 seconds';
      ALTER TABLE job_runs ALTER COLUMN deadline_at SET NOT NULL;
      CREATE INDEX job_runs_by_status ON job_runs (status);`,
  },
  {
    version: 4,
    name: 'create users, sessions and tokens; who saved each plan',
    sql: authTablesSql({ text: 'text', integer: 'integer', time: 'timestamptz', tableSuffix: '' }),
  },
  { version: 5, name: 'plan versions', sql: planVersionSql('integer') },
  {
    version: 6,
    name: 'every version of every plan',
    sql: planHistorySql(
      { text: 'text', integer: 'integer', time: 'timestamptz', tableSuffix: '' },
      { id: 'uuid', json: 'json', real: 'double precision' },
    ),
  },
];

/** Advisory lock key that serialises migrations of servers and workers starting at once ("SWYD"). */
const MIGRATION_LOCK = 0x53575944;

/**
 * A pool on `url`; an idle client losing its connection is logged under `label`, not fatal (the
 * next query reconnects).
 */
export function openPool(url: string, max: number, label: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (err) => console.error(`[${label}] idle connection error:`, err.message));
  return pool;
}

/** Runs `work` in one transaction on a client of `pool`. Rolls back and rethrows on failure. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Runs `work` in one transaction holding the advisory lock `key`, so that processes starting at
 * once (several servers and workers) create or migrate tables one after another. Rolls back and
 * rethrows on failure.
 */
export async function withLockedTransaction<T>(
  pool: pg.Pool,
  key: number,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [key]);
    return work(client);
  });
}

/**
 * Applies pending migrations in one transaction, under an advisory lock so that concurrent starts
 * wait; a database migrated by a newer build is refused.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  await withLockedTransaction(pool, MIGRATION_LOCK, async (client) => {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations ' +
        '(version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
    );
    const { rows } = await client.query<{ v: number }>(
      'SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations',
    );
    const current = rows[0].v;
    const newer = newerSchemaError(current, POSTGRES_MIGRATIONS);
    if (newer) throw newer;
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
