/**
 * GET /api/report through `app.request()`: a viewer may read it (a GET, docs/security.md) and a
 * caller without a token may not once users exist; the page is HTML naming its preset; an unknown
 * Monte Carlo run is a 404 naming the `montecarlo` parameter.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { memoryAuthStore } from '../../api/auth';
import { addUser, createToken, isRefusal } from '../../api/auth/manage';
import { ApiErrorSchema } from '../../model';

describe('GET /api/report', () => {
  it('is read by a viewer, refused without a token once users exist', async () => {
    const store = memoryAuthStore();
    await addUser(store, 'vi', 'viewer', 'vi-viewer-passphrase-1234');
    const token = await createToken(store, 'vi', 'board pack');
    if (isRefusal(token)) throw new Error(token.message);
    const app = createApp({ auth: { store } });
    const anonymous = await app.request('/api/report?preset=texas-100mw');
    expect(anonymous.status).toBe(401);
    const res = await app.request('/api/report?preset=texas-100mw', {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Preset texas-100mw');
    expect(html).toContain('@media screen');
  });

  it('refuses a Monte Carlo run it does not know (404)', async () => {
    const app = createApp();
    const res = await app.request('/api/report?preset=texas-100mw&montecarlo=no-such-run');
    expect(res.status).toBe(404);
    expect(ApiErrorSchema.parse(await res.json()).error.issues?.[0].path).toBe('montecarlo');
  });
});
