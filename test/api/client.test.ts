/**
 * The typed Hono client (`hc<AppType>`, as the web app uses it) over `app.request`: inputs and
 * answers are typed from the routes' zod schemas (this file must type-check), and the calls work
 * end to end.
 */
import { describe, expect, it } from 'vitest';
import { hc } from 'hono/client';
import { createApp, type AppType } from '../../api/app';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';

const app = createApp();
const client = hc<AppType>('http://localhost', {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => app.request(input, init),
});

describe('typed client', () => {
  it('optimises, saves, lists, renames and deletes a plan', async () => {
    const scenario = loadPreset(DEFAULT_PRESET_ID)!;
    const res = await client.api.optimize.$post({ json: scenario });
    expect(res.status).toBe(200);
    if (res.status !== 200) return;
    const answer = await res.json();
    const npv: number | null = answer.npvUsd;
    expect(npv).toBeGreaterThan(0);

    const created = await client.api.plans.$post({
      json: { name: 'typed', scenario, plan: answer.plan },
    });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const saved = await created.json();
    const id: string = saved.id;
    expect(saved.plan).toEqual(answer.plan);

    const listed = await client.api.plans.$get();
    if (listed.status !== 200) throw new Error(`status ${listed.status}`);
    const list = await listed.json();
    expect(list.map((p) => p.id)).toContain(id);

    const renamed = await client.api.plans[':id'].$put(
      { param: { id }, json: { name: 'renamed' } },
      { headers: { 'If-Match': `"${saved.version}"` } },
    );
    if (renamed.status !== 200) throw new Error(`status ${renamed.status}`);
    const after = await renamed.json();
    expect(after.name).toBe('renamed');

    const ifMatch = { headers: { 'If-Match': renamed.headers.get('etag')! } };
    expect((await client.api.plans[':id'].$delete({ param: { id } }, ifMatch)).status).toBe(204);
    const gone = await client.api.plans[':id'].$get({ param: { id } });
    expect(gone.status).toBe(404);
  });

  it('reads presets and health', async () => {
    const presets = await (await client.api.presets.$get()).json();
    expect(presets[0].id).toBe(DEFAULT_PRESET_ID);
    const health = await (await client.api.health.$get()).json();
    expect(health.solvers.busy).toBe(0);
  });
});
