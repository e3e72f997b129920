/**
 * @module pg — what the PostgreSQL stores (plans, job runs) share: a pool that survives idle
 * disconnects, and one transaction under an advisory lock.
 */
import pg from 'pg';

/**
 * A pool on `url`; an idle client losing its connection is logged under `label`, not fatal (the
 * next query reconnects).
 */
export function openPool(url: string, max: number, label: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (err) => console.error(`[${label}] idle connection error:`, err.message));
  return pool;
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
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [key]);
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
