/**
 * Optimistic concurrency for saved plans, against a real server on loopback with SQLite and with
 * PostgreSQL (a throw-away server, see test/plans/pg-server.ts): `GET` sends the version as `ETag`;
 * `PUT` and `DELETE` need `If-Match` (428 without, 412 on another version); of 50 concurrent PUTs
 * naming one version exactly one wins, and the stored plan is that write, field by field.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApp } from '../../api/app';
import { postgresPlanRepository, sqlitePlanRepository } from '../../api/plans';
import type { PlanRepository } from '../../api/plans/repository';
import { SavedPlanSchema, type SavedPlan } from '../../api/plans/schema';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { ApiErrorSchema } from '../../model';
import { tempDir } from '../plans/fixture';
import { startTestPostgres } from '../plans/pg-server';
import { json, listen, send, type Answer } from './wire';

const JSON_TYPE = { 'content-type': 'application/json' };
/** A short scenario, so that the PUTs that solve again are quick. */
const scenario = (energy = 30) => {
  const s = structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;
  return { ...s, horizonMonths: 24, site: { ...s.site, energyUsdPerMWh: energy } };
};

const pg = await startTestPostgres();
if (!pg.ok) console.warn(`PostgreSQL plan-version tests skipped: ${pg.reason}`);
afterAll(async () => {
  if (pg.ok) await pg.stop();
});

const stores: [string, boolean, () => Promise<PlanRepository>][] = [
  ['SQLite', true, async () => sqlitePlanRepository(join(tempDir('versions'), 'plans.db'))],
  [
    pg.ok ? 'PostgreSQL' : `PostgreSQL (skipped: ${pg.ok ? '' : pg.reason})`,
    pg.ok,
    async () =>
      postgresPlanRepository(await (pg as Extract<typeof pg, { ok: true }>).freshDatabase(), 8),
  ],
];

const saved = (a: Answer) => {
  expect(a.status, a.text).toBeLessThan(300);
  const p = SavedPlanSchema.parse(json(a));
  expect(a.headers.etag).toBe(`"${p.version}"`);
  return p;
};

describe.each(stores)('saved-plan versions on %s', (_, available, open) => {
  it.skipIf(!available)('GET sends the ETag; PUT and DELETE need a current If-Match', async () => {
    const plans = await open();
    const srv = await listen(createApp({ plans }));
    try {
      const put = (id: string, headers: Record<string, string>, body: unknown) =>
        send(
          srv.port,
          'PUT',
          `/api/plans/${id}`,
          { ...JSON_TYPE, ...headers },
          JSON.stringify(body),
        );
      const created = saved(
        await send(
          srv.port,
          'POST',
          '/api/plans',
          JSON_TYPE,
          JSON.stringify({ name: 'v', scenario: scenario() }),
        ),
      );
      expect(created.version).toBe(1);
      expect(saved(await send(srv.port, 'GET', `/api/plans/${created.id}`))).toEqual(created);

      const refused = async (a: Answer, status: number, code: string) => {
        expect(a.status, a.text).toBe(status);
        expect(ApiErrorSchema.parse(json(a)).error.code).toBe(code);
        expect(await plans.get(created.id)).toEqual(created);
      };
      await refused(await put(created.id, {}, { name: 'no header' }), 428, 'precondition_required');
      for (const tag of ['"bogus"', '"2"', 'W/"1"', '1', '"1'])
        await refused(
          await put(created.id, { 'if-match': tag }, { name: tag }),
          412,
          'precondition_failed',
        );
      const stale = await put(created.id, { 'if-match': '"7"' }, { name: 'x' });
      expect(stale.headers.etag).toBe('"1"');
      expect(ApiErrorSchema.parse(json(stale)).error.message).toContain('version 1');
      await refused(
        await send(srv.port, 'DELETE', `/api/plans/${created.id}`),
        428,
        'precondition_required',
      );
      await refused(
        await send(srv.port, 'DELETE', `/api/plans/${created.id}`, { 'if-match': '"bogus"' }),
        412,
        'precondition_failed',
      );

      // A PUT writes the fields it was given: a rename keeps the scenario and the answer.
      const renamed = saved(await put(created.id, { 'if-match': '"5", "1"' }, { name: 'renamed' }));
      expect(renamed).toEqual({
        ...created,
        name: 'renamed',
        version: 2,
        savedAt: renamed.savedAt,
      });
      const resolved = saved(
        await put(created.id, { 'if-match': '*' }, { scenario: scenario(40) }),
      );
      expect(resolved).toMatchObject({ name: 'renamed', version: 3, plan: null });
      expect(resolved.scenario.site?.energyUsdPerMWh).toBe(40);
      expect(resolved.answer).not.toEqual(created.answer);

      const gone = await send(srv.port, 'DELETE', `/api/plans/${created.id}`, {
        'if-match': '"3"',
      });
      expect(gone.status).toBe(204);
      expect(await plans.get(created.id)).toBeUndefined();
    } finally {
      await srv.close();
      await plans.close();
    }
  });

  it.skipIf(!available)(
    '50 concurrent PUTs naming one version: exactly one wins on each of 3 versions, the rest 412, ' +
      'and the stored plan is the winning write field by field',
    async () => {
      const plans = await open();
      const srv = await listen(createApp({ plans }));
      try {
        const body = JSON.stringify({ name: 'contested', scenario: scenario() });
        let current = saved(await send(srv.port, 'POST', '/api/plans', JSON_TYPE, body));
        for (let round = 0; round < 3; round++) {
          const at = current.version;
          // Half rename (no solve: written at once), half change the scenario (solved first, so
          // most find the version gone only when they write).
          const writes = Array.from({ length: 50 }, (_, i) =>
            i % 2
              ? { name: `r${round}-${i}` }
              : { scenario: { ...scenario(20 + i), name: `r${round}-${i}` } },
          );
          const answers = await Promise.all(
            writes.map((w) =>
              send(
                srv.port,
                'PUT',
                `/api/plans/${current.id}`,
                { ...JSON_TYPE, 'if-match': `"${at}"` },
                JSON.stringify(w),
              ),
            ),
          );
          const won = answers.filter((a) => a.status === 200);
          const lost = answers.filter((a) => a.status === 412);
          expect(won.length, answers.map((a) => a.status).join()).toBe(1);
          expect(lost).toHaveLength(49);
          for (const a of lost) expect(a.headers.etag).toBe(`"${at + 1}"`);
          const winner: SavedPlan = saved(won[0]);
          expect(winner.version).toBe(at + 1);
          const write = writes[answers.indexOf(won[0])];
          if ('name' in write) expect(winner.name).toBe(write.name);
          // The stored scenario is the one sent with the schema's defaults filled in.
          else
            expect(winner.scenario).toMatchObject({
              name: write.scenario.name,
              site: { energyUsdPerMWh: write.scenario.site.energyUsdPerMWh },
            });
          const stored = saved(await send(srv.port, 'GET', `/api/plans/${current.id}`));
          for (const field of [
            'id',
            'name',
            'scenario',
            'plan',
            'answer',
            'savedAt',
            'version',
          ] as const)
            expect(stored[field], field).toEqual(winner[field]);
          current = stored;
        }
      } finally {
        await srv.close();
        await plans.close();
      }
    },
  );
});
