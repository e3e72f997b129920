/**
 * @module test/web/signin.browser — sign-in in Chromium against the real API with a user (see
 * docs/security.md): the app, answered 401, goes to the sign-in page; a wrong password is told
 * there; the right one comes back to the app, which then loads. The page fits a phone's width.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { memoryAuthStore } from '../../api/auth';
import { addUser } from '../../api/auth/manage';
import { ready } from './browser-setup';
import { buildWeb, launchBrowser } from './harness';

const PASSWORD = 'ann-editor-passphrase';
let dist: string;
let url: string;
let server: ReturnType<typeof serve>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'switchyard-web-'));
  await buildWeb(dist);
  const store = memoryAuthStore();
  await addUser(store, 'ann', 'editor', PASSWORD);
  const app = createApp({ staticDir: dist, auth: { store } });
  server = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  (server as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
  await new Promise((r) => server?.close(r));
  await rm(dist, { recursive: true, force: true });
});

describe('Sign-in in Chromium', () => {
  it('goes from the app to the sign-in page on a 401 and back once signed in', async () => {
    const p = await browser.context.newPage();
    p.setDefaultTimeout(30_000);
    await p.goto(`${url}/?from=test`);
    await p.waitForURL(/\/signin\?next=/);
    expect(new URL(p.url()).searchParams.get('next')).toBe('/?from=test');

    await p.getByLabel('Name').fill('ann');
    await p.getByLabel('Password').fill('not the password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('wrong name or password');

    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(`${url}/?from=test`);
    await ready(p);
    const cookies = await browser.context.cookies(url);
    expect(cookies.find((c) => c.name === 'switchyard_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    await p.close();
  });

  it('fits a phone: no sideways scrolling at 360 px', async () => {
    await browser.context.clearCookies();
    const p = await browser.context.newPage();
    await p.setViewportSize({ width: 360, height: 640 });
    await p.goto(`${url}/signin`);
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    const { scroll, inner } = await p.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(scroll).toBeLessThanOrEqual(inner);
    await p.close();
  });
});
