/**
 * The saved-plan routes through `app.request()`: each answer parsed with its schema; errors name
 * their fields.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { PoolFullError } from '../../api/pool';
import { inProcessRunner } from '../../api/runner';
import { sqlitePlanRepository } from '../../api/plans';
import { PlanSummarySchema, SavedPlanSchema } from '../../api/plans/schema';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';
import { ApiErrorSchema } from '../../model';

const app = createApp();
const call = (method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    // Writes here replace whatever version is stored; test/api/plan-versions.test.ts checks
    // If-Match.
    headers: {
      'content-type': 'application/json',
      ...((method === 'PUT' || method === 'DELETE') && { 'if-match': '*' }),
    },
  });
const scenario = () => structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;

async function expectError(res: Response, status: number, paths: string[]) {
  expect(res.status).toBe(status);
  const body = ApiErrorSchema.parse(await res.json());
  const named = (body.error.issues ?? []).map((i) => i.path);
  for (const p of paths) expect(named, JSON.stringify(body)).toContain(p);
  return body;
}

describe('saved plans', () => {
  it('POST optimises without a plan and evaluates with one; both answers are stored', async () => {
    const res = await call('POST', '/api/plans', { name: 'optimum', scenario: scenario() });
    expect(res.status).toBe(201);
    const opt = SavedPlanSchema.parse(await res.json());
    expect(opt.plan).toBeNull();
    expect(opt.answer.status).toBe('optimal');

    const res2 = await call('POST', '/api/plans', {
      name: 'fixed',
      scenario: scenario(),
      plan: opt.answer.plan,
    });
    expect(res2.status).toBe(201);
    const ev = SavedPlanSchema.parse(await res2.json());
    expect(ev.plan).toEqual(opt.answer.plan);
    expect(
      Math.abs(ev.answer.npvUsd! - opt.answer.npvUsd!) / Math.abs(opt.answer.npvUsd!),
    ).toBeLessThan(1e-6);

    const got = SavedPlanSchema.parse(await (await call('GET', `/api/plans/${opt.id}`)).json());
    expect(got).toEqual(opt);
    const list = PlanSummarySchema.array().parse(await (await call('GET', '/api/plans')).json());
    expect(list.map((p) => p.id)).toEqual(expect.arrayContaining([opt.id, ev.id]));
    expect(list.find((p) => p.id === ev.id)).toMatchObject({
      name: 'fixed',
      evaluated: true,
      status: 'optimal',
    });
  });

  it('PUT renames without solving again, re-solves on a new scenario or plan, and plan: null optimises', async () => {
    const s = scenario();
    const created = SavedPlanSchema.parse(
      await (await call('POST', '/api/plans', { name: 'v1', scenario: s })).json(),
    );
    const renamed = SavedPlanSchema.parse(
      await (await call('PUT', `/api/plans/${created.id}`, { name: 'v2' })).json(),
    );
    expect(renamed.name).toBe('v2');
    expect(renamed.answer).toEqual(created.answer); // same solver timing: it was not solved again

    const same = SavedPlanSchema.parse(
      await (await call('PUT', `/api/plans/${created.id}`, { scenario: s })).json(),
    );
    expect(same.answer).toEqual(created.answer);

    const shorter = SavedPlanSchema.parse(
      await (
        await call('PUT', `/api/plans/${created.id}`, { scenario: { ...s, horizonMonths: 36 } })
      ).json(),
    );
    expect(shorter.answer.months).toHaveLength(36);
    expect(shorter.name).toBe('v2');

    const fixed = { builds: [], refreshes: [] };
    const evaluated = SavedPlanSchema.parse(
      await (await call('PUT', `/api/plans/${created.id}`, { plan: fixed })).json(),
    );
    expect(evaluated.plan).toEqual(fixed);
    expect(evaluated.answer.plan.builds).toEqual([]);
    expect(evaluated.answer.npvUsd!).toBeLessThanOrEqual(shorter.answer.npvUsd! * (1 + 1e-9));

    const back = SavedPlanSchema.parse(
      await (await call('PUT', `/api/plans/${created.id}`, { plan: null })).json(),
    );
    expect(back.plan).toBeNull();
    expect(back.answer.npvUsd).toBeCloseTo(shorter.answer.npvUsd!, 0);
  });

  it('DELETE removes; then GET, PUT and DELETE answer 404 naming the id', async () => {
    const created = SavedPlanSchema.parse(
      await (await call('POST', '/api/plans', { name: 'gone', scenario: scenario() })).json(),
    );
    const del = await call('DELETE', `/api/plans/${created.id}`);
    expect(del.status).toBe(204);
    await expectError(await call('GET', `/api/plans/${created.id}`), 404, ['id']);
    await expectError(await call('PUT', `/api/plans/${created.id}`, { name: 'x' }), 404, ['id']);
    await expectError(await call('DELETE', `/api/plans/${created.id}`), 404, ['id']);
    await expectError(await call('GET', '/api/plans/not-a-uuid'), 404, ['id']);
  });

  it('400 names every faulty field of the body', async () => {
    const s = scenario();
    s.site.gridMW = -1;
    await expectError(await call('POST', '/api/plans', { name: '', scenario: s, extra: 1 }), 400, [
      'name',
      'scenario.site.gridMW',
      'extra',
    ]);
    await expectError(await call('POST', '/api/plans', { scenario: scenario() }), 400, ['name']);
    await expectError(
      await call('POST', '/api/plans', { name: 'a\u0000b', scenario: scenario() }),
      400,
      ['name'],
    );
    await expectError(
      await call('POST', '/api/plans', {
        name: 'x',
        scenario: scenario(),
        plan: { builds: [{ optionId: 'nope', month: '2027-03', mw: 1 }] },
      }),
      400,
      ['plan.builds.0.optionId'],
    );
    const created = SavedPlanSchema.parse(
      await (await call('POST', '/api/plans', { name: 'ok', scenario: scenario() })).json(),
    );
    await expectError(await call('PUT', `/api/plans/${created.id}`, {}), 400, ['(body)']);
    await expectError(
      await call('PUT', `/api/plans/${created.id}`, { plan: { builds: 'x' } }),
      400,
      ['plan.builds'],
    );
    await expectError(
      await call('PUT', `/api/plans/${created.id}`, {
        plan: { builds: [{ optionId: 'nope', month: '2027-03', mw: 1 }] },
      }),
      400,
      ['plan.builds.0.optionId'],
    );
    const res = await app.request('/api/plans', {
      method: 'POST',
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    await expectError(res, 400, ['(body)']);
  });

  it(
    'a lone surrogate anywhere in the body is a 400 naming the field; a ' +
      'well-formed pair is stored as sent',
    async () => {
      const s = scenario();
      s.description = 'bad \udc00 text';
      const body = await expectError(
        await call('POST', '/api/plans', { name: 'half \ud83d', scenario: s }),
        400,
        ['name', 'scenario.description'],
      );
      expect(body.error.issues!.find((i) => i.path === 'name')!.message).toMatch(
        /lone UTF-16 surrogate at character 5/,
      );
      const created = SavedPlanSchema.parse(
        await (
          await call('POST', '/api/plans', { name: 'rocket \ud83d\ude80', scenario: scenario() })
        ).json(),
      );
      expect(created.name).toBe('rocket 🚀');
      await expectError(await call('PUT', `/api/plans/${created.id}`, { name: '\ud800' }), 400, [
        'name',
      ]);
      expect(
        SavedPlanSchema.parse(await (await call('GET', `/api/plans/${created.id}`)).json()).name,
      ).toBe('rocket 🚀');
    },
  );

  it('a full solve queue answers 503 with Retry-After and stores nothing', async () => {
    const plans = sqlitePlanRepository(':memory:');
    const full = {
      ...inProcessRunner(),
      optimize: () => Promise.reject(new PoolFullError('test')),
      evaluate: () => Promise.reject(new PoolFullError('test')),
    };
    const busy = createApp({ runner: full, plans });
    const res = await busy.request('/api/plans', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', scenario: scenario() }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await plans.list()).toEqual([]);
  });
});
