/**
 * SQLite durability: plans survive a restart of the real server (graceful or SIGKILL); a writer
 * process killed with SIGKILL in the middle of its writes leaves a readable database holding every
 * plan it had committed; several writer processes at once lose nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startServer } from '../../scripts/lib/child';
import { sqlitePlanRepository } from '../../api/plans';
import { SQLITE_FILE } from '../../api/storage';
import { SavedPlanSchema } from '../../api/plans/schema';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';
import { fixture, fixtureFile, tempDir, type Fixture } from './fixture';
import { concurrentWriters, killWritersMidWrite } from './writers';

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});

function integrity(dir: string): string {
  const db = new Database(join(dir, SQLITE_FILE));
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('the real server keeps plans across restarts', () => {
  it('after SIGTERM and after SIGKILL', async () => {
    const dir = tempDir('restart');
    const env = { DATA_DIR: dir, DATABASE_URL: '' };
    let server = await startServer(env);
    const ids: string[] = [];
    try {
      for (const name of ['before restart', 'also before']) {
        const res = await fetch(`${server.url}/api/plans`, {
          method: 'POST',
          body: JSON.stringify({ name, scenario: loadPreset(DEFAULT_PRESET_ID) }),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status, server.output()).toBe(201);
        ids.push(SavedPlanSchema.parse(await res.json()).id);
      }
    } finally {
      server.process.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
    server = await startServer(env);
    try {
      const got = SavedPlanSchema.parse(
        await (await fetch(`${server.url}/api/plans/${ids[0]}`)).json(),
      );
      expect(got.name).toBe('before restart');
      expect(got.answer.status).toBe('optimal');
      const res = await fetch(`${server.url}/api/plans/${ids[1]}`, {
        method: 'PUT',
        body: JSON.stringify({ name: 'renamed before a crash' }),
        headers: { 'content-type': 'application/json', 'if-match': '*' },
      });
      expect(res.status).toBe(200);
    } finally {
      server.process.kill('SIGKILL');
      await server.exited;
    }
    expect(integrity(dir)).toBe('ok');
    server = await startServer(env);
    try {
      const list = (await (await fetch(`${server.url}/api/plans`)).json()) as {
        id: string;
        name: string;
      }[];
      expect(list.map((p) => [p.id, p.name]).sort()).toEqual(
        [
          [ids[0], 'before restart'],
          [ids[1], 'renamed before a crash'],
        ].sort(),
      );
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
    }
  });
});

describe('SQLite under crashes and concurrent writers', () => {
  it(
    'a writer killed with SIGKILL mid-write leaves the database readable ' +
      'with every committed plan intact',
    async () => {
      const dir = tempDir('kill');
      const env = { DATA_DIR: dir, DATABASE_URL: '', WRITER_FIXTURE: await fixtureFile(dir) };
      const n = await killWritersMidWrite(env, f, async () =>
        sqlitePlanRepository(join(dir, SQLITE_FILE)),
      );
      expect(n).toBeGreaterThan(60);
      expect(integrity(dir)).toBe('ok');
    },
  );

  it('four writer processes at once lose nothing', async () => {
    const dir = tempDir('concurrent');
    const env = { DATA_DIR: dir, DATABASE_URL: '', WRITER_FIXTURE: await fixtureFile(dir) };
    await concurrentWriters(
      env,
      f,
      async () => sqlitePlanRepository(join(dir, SQLITE_FILE)),
      4,
      40,
    );
    expect(integrity(dir)).toBe('ok');
  });
});
