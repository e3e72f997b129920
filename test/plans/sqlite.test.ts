/**
 * The SQLite plan store: the repository contract, its pragmas, migrations, and a file made on first
 * open.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openPlanRepository, sqlitePlanRepository } from '../../api/plans';
import { BUSY_TIMEOUT_MS, openSqlite, SQLITE_FILE, SQLITE_MIGRATIONS } from '../../api/storage';
import { repositoryContract } from './contract';
import { tempDir } from './fixture';

describe('SQLite repository contract', () => {
  repositoryContract(async () => {
    const dir = tempDir('sqlite');
    return async () => sqlitePlanRepository(join(dir, SQLITE_FILE));
  });
});

describe('SQLite file', () => {
  it('is created with its folder on first open, in WAL mode with full sync and every migration recorded', async () => {
    const dir = join(tempDir('sqlite'), 'nested', 'data');
    const repo = await openPlanRepository({ DATA_DIR: dir });
    expect(repo.kind).toBe('sqlite');
    await repo.close();
    const file = join(dir, SQLITE_FILE);
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = db
        .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
        .all();
      expect(versions).toEqual(
        SQLITE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
    } finally {
      db.close();
    }
    // Reopening applies nothing twice.
    const again = await openPlanRepository({ DATA_DIR: dir });
    await again.close();
    const db2 = new Database(file, { readonly: true });
    expect(
      (db2.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n,
    ).toBe(SQLITE_MIGRATIONS.length);
    db2.close();
  });

  it('opens its connections with synchronous=FULL and a busy timeout', () => {
    const db = openSqlite(join(tempDir('sqlite'), SQLITE_FILE));
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL; NORMAL is 1
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    db.close();
  });

  it('refuses a database migrated by a newer build', async () => {
    const dir = tempDir('sqlite');
    const file = join(dir, SQLITE_FILE);
    await sqlitePlanRepository(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run(
      'from the future',
      new Date().toISOString(),
    );
    db.close();
    expect(() => sqlitePlanRepository(file)).toThrow(/invalid database schema version: 999/);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, without echoing a password', async () => {
    await expect(openPlanRepository({ DATABASE_URL: 'mysql://u:secret@host/db' })).rejects.toThrow(
      /invalid DATABASE_URL: mysql:\/\/u:\*\*\*@host\/db/,
    );
  });
});
