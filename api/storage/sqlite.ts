/**
 * @module storage/sqlite — the embedded SQLite file (better-sqlite3): its folder, pragmas, busy
 * timeout and schema migrations, for saved plans and job runs alike.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  authTablesSql,
  jobTablesSql,
  type Migration,
  newerSchemaError,
  planHistorySql,
  planVersionSql,
} from './migrations';

/** How long a write waits for another process's write lock before failing with SQLITE_BUSY, ms. */
export const BUSY_TIMEOUT_MS = 10_000;

/** The schema's history. Append only: never edit a migration that has shipped. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create plans',
    sql: `
      CREATE TABLE plans (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        scenario       TEXT NOT NULL,
        scenario_name  TEXT NOT NULL,
        start_month    TEXT NOT NULL,
        horizon_months INTEGER NOT NULL,
        plan           TEXT,
        evaluated      INTEGER NOT NULL,
        answer         TEXT NOT NULL,
        status         TEXT NOT NULL,
        npv_usd        REAL,
        saved_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX plans_by_saved_at ON plans (saved_at DESC);`,
  },
  {
    version: 2,
    name: 'create job runs',
    sql: jobTablesSql({ text: 'TEXT', integer: 'INTEGER', time: 'TEXT', tableSuffix: ' STRICT' }),
  },
  {
    version: 3,
    name: 'job run requester and deadline',
    // Runs from before deadlines get the default one (an hour after they started).
    sql: `
      ALTER TABLE job_runs ADD COLUMN requester TEXT NOT NULL DEFAULT '';
      ALTER TABLE job_runs ADD COLUMN deadline_at TEXT;
      UPDATE job_runs SET deadline_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+3600 seconds');
      CREATE INDEX job_runs_by_status ON job_runs (status);`,
  },
  {
    version: 4,
    name: 'create users, sessions and tokens; who saved each plan',
    sql: authTablesSql({ text: 'TEXT', integer: 'INTEGER', time: 'TEXT', tableSuffix: ' STRICT' }),
  },
  { version: 5, name: 'plan versions', sql: planVersionSql('INTEGER') },
  {
    version: 6,
    name: 'every version of every plan',
    sql: planHistorySql(
      { text: 'TEXT', integer: 'INTEGER', time: 'TEXT', tableSuffix: ' STRICT' },
      { id: 'TEXT', json: 'TEXT', real: 'REAL' },
    ),
  },
];

/**
 * Applies the pending migrations in one IMMEDIATE transaction: two servers starting on one file
 * serialise on the write lock, and the second finds the work done. A file migrated by a newer build
 * is refused, not guessed at.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations ' +
        '(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    const current = (
      db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as {
        v: number;
      }
    ).v;
    const newer = newerSchemaError(current, SQLITE_MIGRATIONS);
    if (newer) throw newer;
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const m of SQLITE_MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
  }).immediate();
}

/**
 * Opens (creating it and its folder if needed) the SQLite file and migrates it; `':memory:'` is a
 * private in-memory database.
 *
 * Durability: WAL journal, so readers never block the writer and a crash can only lose a
 * transaction that had not committed; `synchronous=FULL`, so each commit is fsynced before it
 * returns. NORMAL would already survive a killed process, but could lose the last commits to a
 * power cut or an OS crash — and a saved plan, once the API has answered 201, must not disappear.
 * Writes come one per saved plan or per chunk of a run, each after seconds of solving, so the fsync
 * (about a millisecond) costs nothing that shows.
 * @throws Error when the file cannot be opened or was migrated by a newer build.
 */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
