/**
 * @module plans/sqlite — saved plans in an embedded SQLite file (better-sqlite3): WAL, full sync,
 * migrations.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ALL_COLUMNS,
  SUMMARY_COLUMNS,
  fromRow,
  summaryFromRow,
  toColumns,
  type PlanColumns,
  type Row,
} from './columns';
import type { PlanRepository } from './repository';

/** How long a write waits for another process's write lock before failing with SQLITE_BUSY, ms. */
export const BUSY_TIMEOUT_MS = 10_000;

/** One schema change, applied once, in order, inside the migration transaction. */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

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
];

/**
 * Applies the pending migrations in one IMMEDIATE transaction: two servers starting on one file
 * serialise on the write lock, and the second finds the work done. A file migrated by a newer build
 * is refused, not guessed at.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    const current = (
      db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as {
        v: number;
      }
    ).v;
    const latest = SQLITE_MIGRATIONS.at(-1)?.version ?? 0;
    if (current > latest)
      throw new Error(
        `invalid database schema version: ${current} (this build knows up to ${latest}); upgrade Switchyard`,
      );
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

/** better-sqlite3 binds no booleans. */
function bindable(c: PlanColumns): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  if (c.evaluated !== undefined) out.evaluated = c.evaluated ? 1 : 0;
  return out;
}

/**
 * Opens (creating it and its folder if needed) the SQLite file and migrates it; `':memory:'` is a
 * private in-memory database.
 *
 * Durability: WAL journal, so readers never block the writer and a crash can only lose a
 * transaction that had not committed; `synchronous=FULL`, so each commit is fsynced before it
 * returns. NORMAL would already survive a killed process, but could lose the last commits to a
 * power cut or an OS crash — and a saved plan, once the API has answered 201, must not disappear.
 * Writes come one per saved plan, each after a solve of 0.1–20 s, so the fsync (about a
 * millisecond) costs nothing that shows.
 */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  return db;
}

/**
 * The SQLite plan store on `file` (see `openSqlite`); `':memory:'` is the default of `createApp`,
 * for tests.
 */
export function sqlitePlanRepository(file: string): PlanRepository {
  const db = openSqlite(file);

  const insert = db.prepare(
    `INSERT INTO plans (${ALL_COLUMNS.join(', ')}) VALUES (${ALL_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const selectOne = db.prepare(`SELECT ${ALL_COLUMNS.join(', ')} FROM plans WHERE id = ?`);
  const selectAll = db.prepare(
    `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans ORDER BY saved_at DESC, id`,
  );
  const selectFirst = db.prepare(
    `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans ORDER BY saved_at DESC, id LIMIT @limit`,
  );
  // saved_at is ISO 8601 text of one fixed format, so text order is time order.
  const selectAfter = db.prepare(
    `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans WHERE saved_at < @savedAt OR (saved_at = @savedAt AND id > @id) ORDER BY saved_at DESC, id LIMIT @limit`,
  );
  const remove = db.prepare('DELETE FROM plans WHERE id = ?');
  // One statement per set of columns updated; there are few such sets.
  const updates = new Map<string, Database.Statement>();
  const updateStatement = (cols: string[]) => {
    const key = cols.join(',');
    let st = updates.get(key);
    if (!st) {
      st = db.prepare(
        `UPDATE plans SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id RETURNING ${ALL_COLUMNS.join(', ')}`,
      );
      updates.set(key, st);
    }
    return st;
  };

  return {
    kind: 'sqlite',
    async create(fields) {
      const row = {
        id: randomUUID(),
        saved_at: new Date().toISOString(),
        ...bindable(toColumns(fields)),
      };
      insert.run(row);
      return fromRow(row);
    },
    async list(page) {
      const rows = !page
        ? selectAll.all()
        : page.after
          ? selectAfter.all({ limit: page.limit, ...page.after })
          : selectFirst.all({ limit: page.limit });
      return (rows as Row[]).map(summaryFromRow);
    },
    async get(id) {
      const row = selectOne.get(id) as Row | undefined;
      return row && fromRow(row);
    },
    async update(id, fields) {
      const cols = { ...bindable(toColumns(fields)), saved_at: new Date().toISOString() };
      const row = updateStatement(Object.keys(cols)).get({ ...cols, id }) as Row | undefined;
      return row && fromRow(row);
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
