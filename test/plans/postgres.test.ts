/**
 * The PostgreSQL plan store against a real server started for these tests (see pg-server.ts): the
 * repository contract, concurrent migrations, writers killed mid-write, concurrent writer
 * processes, and the API on top. Skipped, with the reason printed, where no server can be started.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createApp } from '../../api/app';
import { openPlanRepository, postgresPlanRepository } from '../../api/plans';
import { POSTGRES_MIGRATIONS } from '../../api/storage';
import { SavedPlanSchema } from '../../api/plans/schema';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';
import { repositoryContract } from './contract';
import { fixture, fixtureFile, tempDir } from './fixture';
import { startTestPostgres } from './pg-server';
import { concurrentWriters, killWritersMidWrite } from './writers';

const server = await startTestPostgres();
if (!server.ok) console.warn(`PostgreSQL tests skipped: ${server.reason}`);
afterAll(async () => {
  if (server.ok) await server.stop();
});
const title = server.ok ? 'PostgreSQL' : `PostgreSQL (skipped: ${server.reason})`;

describe.skipIf(!server.ok)(title, () => {
  const fresh = () => (server as Extract<typeof server, { ok: true }>).freshDatabase();

  describe('repository contract', () => {
    repositoryContract(async () => {
      const url = await fresh();
      return () => postgresPlanRepository(url, 4);
    });
  });

  it('servers starting at once migrate once', async () => {
    const url = await fresh();
    const repos = await Promise.all(
      Array.from({ length: 5 }, () => openPlanRepository({ DATABASE_URL: url })),
    );
    expect(repos.every((r) => r.kind === 'postgres')).toBe(true);
    await Promise.all(repos.map((r) => r.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );
    await client.end();
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('writers killed with SIGKILL mid-write leave every committed plan intact', async () => {
    const url = await fresh();
    const env = { DATABASE_URL: url, WRITER_FIXTURE: await fixtureFile(tempDir('pgkill')) };
    expect(
      await killWritersMidWrite(env, await fixture(), () => postgresPlanRepository(url, 2)),
    ).toBeGreaterThan(60);
  });

  it('four writer processes at once lose nothing', async () => {
    const url = await fresh();
    const env = { DATABASE_URL: url, WRITER_FIXTURE: await fixtureFile(tempDir('pgconc')) };
    await concurrentWriters(env, await fixture(), () => postgresPlanRepository(url, 2), 4, 40);
  });

  it('serves the saved-plan routes', async () => {
    const plans = await openPlanRepository({ DATABASE_URL: await fresh() });
    const app = createApp({ plans });
    try {
      const res = await app.request('/api/plans', {
        method: 'POST',
        body: JSON.stringify({ name: 'shared', scenario: loadPreset(DEFAULT_PRESET_ID) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(201);
      const saved = SavedPlanSchema.parse(await res.json());
      const got = SavedPlanSchema.parse(await (await app.request(`/api/plans/${saved.id}`)).json());
      expect(got).toEqual(saved);
      expect((await app.request('/api/plans/not-a-uuid')).status).toBe(404);
    } finally {
      await plans.close();
    }
  });
});
