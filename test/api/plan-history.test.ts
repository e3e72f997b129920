/**
 * A saved plan's history, against a real server on loopback with SQLite and with PostgreSQL (a
 * throw-away server, see test/plans/pg-server.ts): each write keeps a version; the list says who
 * saved each, when, its NPV (the answer's) and the fields it changed with both values and the unit;
 * one version reads back whole; of concurrent writes to one version only the winner is kept; a
 * deleted plan's history goes with it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApp } from '../../api/app';
import { postgresPlanRepository, sqlitePlanRepository } from '../../api/plans';
import type { PlanRepository } from '../../api/plans/repository';
import { PlanHistorySchema, SavedPlanSchema } from '../../api/plans/schema';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { ApiErrorSchema } from '../../model';
import { tempDir } from '../plans/fixture';
import { startTestPostgres } from '../plans/pg-server';
import { json, listen, send, type Answer } from './wire';

const JSON_TYPE = { 'content-type': 'application/json' };
/** A short scenario, so that the writes that solve again are quick. */
const scenario = (energy = 30) => {
  const s = structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;
  return { ...s, horizonMonths: 24, site: { ...s.site, energyUsdPerMWh: energy } };
};

const pg = await startTestPostgres();
if (!pg.ok) console.warn(`PostgreSQL plan-history tests skipped: ${pg.reason}`);
afterAll(async () => {
  if (pg.ok) await pg.stop();
});

const stores: [string, boolean, () => Promise<PlanRepository>][] = [
  ['SQLite', true, async () => sqlitePlanRepository(join(tempDir('history'), 'plans.db'))],
  [
    pg.ok ? 'PostgreSQL' : `PostgreSQL (skipped: ${pg.ok ? '' : pg.reason})`,
    pg.ok,
    async () =>
      postgresPlanRepository(await (pg as Extract<typeof pg, { ok: true }>).freshDatabase(), 8),
  ],
];

const ok = (a: Answer) => {
  expect(a.status, a.text).toBeLessThan(300);
  return json(a);
};

describe.each(stores)('saved-plan history on %s', (_, available, open) => {
  it.skipIf(!available)(
    'each write is a version with who, when, its NPV and the fields it changed',
    async () => {
      const plans = await open();
      const srv = await listen(createApp({ plans }));
      const path = (id: string, tail = '') => `/api/plans/${id}${tail}`;
      const put = (id: string, version: number, body: unknown) =>
        send(
          srv.port,
          'PUT',
          path(id),
          { ...JSON_TYPE, 'if-match': `"${version}"` },
          JSON.stringify(body),
        );
      const history = async (id: string) =>
        PlanHistorySchema.parse(ok(await send(srv.port, 'GET', path(id, '/versions'))));
      try {
        const v1 = SavedPlanSchema.parse(
          ok(
            await send(
              srv.port,
              'POST',
              '/api/plans',
              JSON_TYPE,
              JSON.stringify({ name: 'Board case', scenario: scenario(30) }),
            ),
          ),
        );
        const first = await history(v1.id);
        expect(first.versions).toHaveLength(1);
        expect(first.versions[0]).toMatchObject({
          version: 1,
          name: 'Board case',
          savedAt: v1.savedAt,
          npvUsd: v1.answer.npvUsd,
          changes: [],
        });

        const v2 = SavedPlanSchema.parse(
          ok(await put(v1.id, 1, { name: 'Board case, dearer power', scenario: scenario(45) })),
        );
        expect(v2.answer.npvUsd).not.toBe(v1.answer.npvUsd);
        const second = await history(v1.id);
        expect(second.versions.map((v) => v.version)).toEqual([2, 1]);
        const [newest, oldest] = second.versions;
        // Both NPVs, each its own answer's.
        expect(newest.npvUsd).toBe(v2.answer.npvUsd);
        expect(oldest.npvUsd).toBe(v1.answer.npvUsd);
        expect(newest.savedAt).toBe(v2.savedAt);
        expect(newest.evaluated).toBe(false);
        // The fields changed, as paths with old → new and the unit; nothing else.
        expect(newest.changes).toEqual([
          { path: 'name', from: 'Board case', to: 'Board case, dearer power' },
          {
            path: 'scenario.site.energyUsdPerMWh',
            from: 30,
            to: 45,
            unit: expect.stringMatching(/MWh/),
          },
        ]);

        // A version reads back whole, as it was saved.
        const back = SavedPlanSchema.parse(
          ok(await send(srv.port, 'GET', path(v1.id, '/versions/1'))),
        );
        expect(back).toEqual(v1);
        expect(
          SavedPlanSchema.parse(ok(await send(srv.port, 'GET', path(v1.id, '/versions/2')))),
        ).toEqual(v2);
        for (const tail of ['/versions/3', '/versions/0', '/versions/x']) {
          const a = await send(srv.port, 'GET', path(v1.id, tail));
          expect(a.status, tail).toBe(404);
          expect(ApiErrorSchema.parse(json(a)).error.code).toBe('not_found');
        }

        // Of concurrent writes naming one version, only the one that won is kept.
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) => put(v1.id, 2, { name: `race ${i}` })),
        );
        expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
        const third = await history(v1.id);
        expect(third.versions.map((v) => v.version)).toEqual([3, 2, 1]);
        const winner = SavedPlanSchema.parse(json(answers.find((a) => a.status === 200)!));
        expect(third.versions[0]).toMatchObject({ name: winner.name, npvUsd: v2.answer.npvUsd });
        expect(third.versions[0].changes.map((c) => c.path)).toEqual(['name']);

        const gone = await send(srv.port, 'DELETE', path(v1.id), { 'if-match': '"3"' });
        expect(gone.status).toBe(204);
        expect((await send(srv.port, 'GET', path(v1.id, '/versions'))).status).toBe(404);
        expect(await plans.version(v1.id, 1)).toBeUndefined();
      } finally {
        await srv.close();
        await plans.close();
      }
    },
  );
});
