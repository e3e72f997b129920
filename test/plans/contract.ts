/** The behaviour every PlanRepository must have; run against SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import { createApp } from '../../api/app';
import type { PlanRepository } from '../../api/plans/repository';
import { PlanSummarySchema, type SavedPlan } from '../../api/plans/schema';
import { ApiErrorSchema } from '../../model';
import { fixture, numbered } from './fixture';

/**
 * Opens a store on one database; each call opens it again (another connection, as another server
 * would).
 */
export type Opener = () => Promise<PlanRepository>;

/**
 * Declares the contract's tests; `freshDatabase` makes an empty database per test and returns its
 * opener.
 */
export function repositoryContract(freshDatabase: () => Promise<Opener>) {
  const withRepo = (fn: (r: PlanRepository) => Promise<void>) => async () => {
    const repo = await (await freshDatabase())();
    try {
      await fn(repo);
    } finally {
      await repo.close();
    }
  };

  it(
    'creates, reads back every field exactly, lists summaries newest first, deletes',
    withRepo(async (repo) => {
      const f = await fixture();
      const a = await repo.create(numbered(f, 'a', 1));
      const b = await repo.create({ ...numbered(f, 'b', 2), plan: f.answer.plan });
      expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(a.savedAt)).not.toBeNaN();
      const got = await repo.get(a.id);
      expect(got).toEqual(a);
      expect(got!.scenario).toEqual(f.scenario);
      expect(got!.answer).toEqual({ ...f.answer, npvUsd: 1 });
      expect(got!.plan).toBeNull();
      expect((await repo.get(b.id))!.plan).toEqual(f.answer.plan);

      const list = await repo.list();
      expect(list.map((p) => p.id)).toEqual([b.id, a.id]);
      expect(list[0]).toEqual({
        id: b.id,
        name: 'b-2',
        scenarioName: f.scenario.name,
        startMonth: f.scenario.startMonth,
        horizonMonths: f.scenario.horizonMonths,
        evaluated: true,
        status: 'optimal',
        npvUsd: 2,
        savedAt: b.savedAt,
        version: 1,
      });
      expect(list[0]).not.toHaveProperty('answer');

      expect(await repo.delete(a.id)).toBe(true);
      expect(await repo.delete(a.id)).toBe(false);
      expect(await repo.get(a.id)).toBeUndefined();
      expect((await repo.list()).map((p) => p.id)).toEqual([b.id]);
    }),
  );

  it(
    'updates only the fields given, with their summary columns, and moves savedAt',
    withRepo(async (repo) => {
      const f = await fixture();
      const a = await repo.create(numbered(f, 'a', 1));
      await new Promise((r) => setTimeout(r, 5));
      const renamed = await repo.update(a.id, { name: 'renamed' });
      expect(renamed).toEqual({ ...a, name: 'renamed', savedAt: renamed!.savedAt, version: 2 });
      expect(renamed!.savedAt > a.savedAt).toBe(true);
      const scenario = { ...f.scenario, name: 'other scenario' };
      const updated = await repo.update(a.id, {
        scenario,
        plan: f.answer.plan,
        answer: { ...f.answer, status: 'infeasible', npvUsd: null },
      });
      expect(updated!.name).toBe('renamed');
      expect(updated!.scenario.name).toBe('other scenario');
      expect(updated!.plan).toEqual(f.answer.plan);
      const [row] = await repo.list();
      expect(row).toMatchObject({
        name: 'renamed',
        scenarioName: 'other scenario',
        evaluated: true,
        status: 'infeasible',
        npvUsd: null,
      });
      expect((await repo.update(a.id, { plan: null }))!.plan).toBeNull();
      expect((await repo.list())[0].evaluated).toBe(false);
    }),
  );

  it(
    'writes and deletes at a named version only: a stale one throws and changes nothing',
    withRepo(async (repo) => {
      const f = await fixture();
      const a = await repo.create(numbered(f, 'a', 1));
      expect(a.version).toBe(1);
      const v2 = await repo.update(a.id, { name: 'two' }, 1);
      expect(v2).toMatchObject({ name: 'two', version: 2 });
      await expect(repo.update(a.id, { name: 'stale' }, 1)).rejects.toMatchObject({
        name: 'StaleVersionError',
        expected: 1,
        current: 2,
      });
      await expect(repo.delete(a.id, 1)).rejects.toMatchObject({ current: 2 });
      expect(await repo.get(a.id)).toEqual(v2);
      expect(await repo.update('00000000-0000-4000-8000-000000000000', { name: 'x' }, 1)).toBe(
        undefined,
      );
      expect(await repo.delete('00000000-0000-4000-8000-000000000000', 1)).toBe(false);
      expect(await repo.delete(a.id, 2)).toBe(true);
      expect(await repo.get(a.id)).toBeUndefined();
    }),
  );

  it(
    'of 50 concurrent writes naming one version exactly one wins, on each of 3 versions',
    withRepo(async (repo) => {
      const f = await fixture();
      const a = await repo.create(numbered(f, 'a', 1));
      let last = a;
      for (let round = 0; round < 3; round++) {
        const at = last.version;
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            repo.update(
              a.id,
              i % 2
                ? { name: `r${round}-${i}` }
                : { scenario: { ...f.scenario, name: `r${round}-${i}` } },
              at,
            ),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const o of outcomes)
          if (o.status === 'rejected') expect(o.reason).toMatchObject({ current: at + 1 });
        last = (won[0] as PromiseFulfilledResult<SavedPlan>).value;
        expect(last.version).toBe(at + 1);
        expect(await repo.get(a.id)).toEqual(last);
      }
    }),
  );

  it(
    'answers undefined/false for unknown and malformed ids, never throws',
    withRepo(async (repo) => {
      for (const id of [
        '00000000-0000-4000-8000-000000000000',
        'nope',
        "'; DROP TABLE plans; --",
        '',
      ]) {
        expect(await repo.get(id)).toBeUndefined();
        expect(await repo.update(id, { name: 'x' })).toBeUndefined();
        expect(await repo.delete(id)).toBe(false);
      }
    }),
  );

  it(
    'stores text as given: quotes, unicode, NUL escapes in JSON',
    withRepo(async (repo) => {
      const f = await fixture();
      const name = `O'Brien "site" — 東京 🚀`;
      const scenario = { ...f.scenario, name: 'nul \u0000 inside', description: '\\ back\nslash' };
      const a = await repo.create({ ...numbered(f, 'x', 0), name, scenario });
      const got = await repo.get(a.id);
      expect(got!.name).toBe(name);
      expect(got!.scenario).toEqual(scenario);
    }),
  );

  it(
    'stores lone surrogates (not Unicode text) as U+FFFD, in the name, the summary and the JSON, ' +
      'and reads back the same',
    withRepo(async (repo) => {
      const f = await fixture();
      const scenario = { ...f.scenario, name: 'half \ud83d pair', description: 'low \ude80 first' };
      const a = await repo.create({
        ...numbered(f, 'x', 0),
        name: 'plan \ud800 one \udfff',
        scenario,
      });
      const stored = { name: 'plan \ufffd one \ufffd', scenarioName: 'half \ufffd pair' };
      expect(a.name).toBe(stored.name);
      const got = await repo.get(a.id);
      expect(got).toEqual(a);
      expect(got!.scenario.name).toBe(stored.scenarioName);
      expect(got!.scenario.description).toBe('low \ufffd first');
      expect((await repo.list())[0]).toMatchObject(stored);
      // A well-formed pair is kept as it is.
      const renamed = await repo.update(a.id, { name: 'rocket \ud83d\ude80' });
      expect(renamed!.name).toBe('rocket 🚀');
      expect((await repo.get(a.id))!.name).toBe('rocket 🚀');
      expect((await repo.update(a.id, { name: '\udc00' }))!.name).toBe('\ufffd');
      expect((await repo.list())[0].name).toBe('\ufffd');
    }),
  );

  it(
    'pages through the list in its order (plans saved in the same millisecond by id), each plan once; ' +
      'a page may start after a deleted plan',
    withRepo(async (repo) => {
      const f = await fixture();
      for (let i = 0; i < 7; i++) await repo.create(numbered(f, 'p', i));
      const all = await repo.list();
      expect(all).toHaveLength(7);
      const seen: string[] = [];
      let after: { savedAt: string; id: string } | undefined;
      for (;;) {
        const page = await repo.list({ limit: 3, after });
        expect(page.length).toBeLessThanOrEqual(3);
        seen.push(...page.map((p) => p.id));
        if (page.length < 3) break;
        after = { savedAt: page[2].savedAt, id: page[2].id };
      }
      expect(seen).toEqual(all.map((p) => p.id));
      expect(await repo.list({ limit: 100 })).toEqual(all);
      expect(
        (await repo.list({ limit: 2, after: { savedAt: all[0].savedAt, id: all[0].id } })).map(
          (p) => p.id,
        ),
      ).toEqual([all[1].id, all[2].id]);
      await repo.delete(all[2].id);
      expect(
        (await repo.list({ limit: 10, after: { savedAt: all[2].savedAt, id: all[2].id } })).map(
          (p) => p.id,
        ),
      ).toEqual(all.slice(3).map((p) => p.id));
    }),
  );

  it(
    'GET /api/plans over this store: limit and cursor page through every plan once; bad ones are a 400 naming them',
    withRepo(async (repo) => {
      const f = await fixture();
      for (let i = 0; i < 5; i++) await repo.create(numbered(f, 'r', i));
      const app = createApp({ plans: repo });
      const all = (await repo.list()).map((p) => p.id);
      const seen: string[] = [];
      let url = '/api/plans?limit=2';
      for (let pages = 1; ; pages++) {
        const res = await app.request(url);
        expect(res.status).toBe(200);
        const page = PlanSummarySchema.array().parse(await res.json());
        seen.push(...page.map((p) => p.id));
        const next = res.headers.get('x-next-cursor');
        if (!next) {
          expect(pages).toBe(3);
          break;
        }
        expect(page).toHaveLength(2);
        url = `/api/plans?limit=2&cursor=${encodeURIComponent(next)}`;
      }
      expect(seen).toEqual(all);
      const whole = await app.request('/api/plans');
      expect(whole.headers.get('x-next-cursor')).toBeNull();
      expect(
        PlanSummarySchema.array()
          .parse(await whole.json())
          .map((p) => p.id),
      ).toEqual(all);
      for (const [query, path] of [
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['limit=2.5', 'limit'],
        ['limit=x', 'limit'],
        ['cursor=nope', 'cursor'],
        ['cursor=WyJ4IiwieSJd', 'cursor'],
        ['colour=red', 'colour'],
      ]) {
        const res = await app.request(`/api/plans?${query}`);
        expect(res.status, query).toBe(400);
        const body = ApiErrorSchema.parse(await res.json());
        expect(
          body.error.issues?.map((i) => i.path),
          query,
        ).toContain(path);
      }
    }),
  );

  it('a second open of the same database finds the schema migrated once and the plans there', async () => {
    const f = await fixture();
    const open = await freshDatabase();
    const one = await open();
    const a = await one.create(numbered(f, 'a', 1));
    const two = await open();
    try {
      expect(await two.get(a.id)).toEqual(a);
    } finally {
      await one.close();
      await two.close();
    }
  });
}
