/**
 * @module test/web/offline.browser — the app offline in Chromium: once loaded, with the network
 * switched off and the server stopped, moving the lease slider shows the optimum for that value,
 * solved in the browser's workers and equal to the API's npvUsd for the same scenario (asked before
 * going offline); a new visit offline starts from the offline cache (the app, HiGHS, the presets)
 * and solves there too.
 */
import { leaseOf } from '../helpers/lease';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { formatUsd } from '../../web/src/lib/format';
import { ready, setSlider } from './browser-setup';
import { buildWeb, launchBrowser, startServer, type RunningServer } from './harness';

const LEASE = 'hpcOptions.0.leaseUsdPerKwMonth';
let dist: string;
let server: RunningServer | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'switchyard-web-'));
  await buildWeb(dist);
  server = await startServer(dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dist, { recursive: true, force: true });
});

const npvOf = async (page: import('playwright-core').Page) => {
  const li = page.locator('[data-testid=kpi-npv]');
  return {
    text: (await li.locator('.kpi-value').textContent()) ?? '',
    value: Number(await li.getAttribute('data-value')),
  };
};
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('offline', () => {
  it('solves a slider move in the browser with the network off, as the API does', async () => {
    const url = server!.url;
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(60_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await ready(page);
    // The offline cache holds the app, and the browser's solver has started (a first move is solved
    // there).
    await expect
      .poll(() => page.evaluate('!!navigator.serviceWorker.controller'), { timeout: 60_000 })
      .toBe(true);
    // The workers start after the first answer; until they are up (later on a busy machine) a move
    // is solved by the server. Move until one is solved in the browser: each move waits for its own
    // new answer.
    const status = page.locator('[data-testid=status]');
    // Bounded by time, not by a count of moves: on a busy machine the server answers a move in
    // 0.1 s while the workers' WebAssembly may take a minute to start.
    const deadline = Date.now() + 180_000;
    for (
      let i = 0;
      Date.now() < deadline && (await status.getAttribute('data-solved-in')) !== 'browser';
      i++
    ) {
      const before = await page.locator('[data-testid=kpi-npv]').getAttribute('data-value');
      await setSlider(page, LEASE, i % 2 ? 145 : 140);
      await page.waitForFunction(
        (b) =>
          document.querySelector('[data-testid=kpi-npv]')?.getAttribute('data-value') !== b &&
          document.querySelector('[data-testid=status]')?.getAttribute('data-state') === 'ready',
        before,
      );
    }
    expect(await status.getAttribute('data-solved-in')).toBe('browser');

    const list = (await (await fetch(`${url}/api/presets`)).json()) as { id: string }[];
    const preset = (await (
      await fetch(`${url}/api/presets/${list[0].id}`)
    ).json()) as ScenarioInput;
    const scenario = structuredClone(preset);
    leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth = 117;
    const post = async (body: unknown) =>
      (await (
        await fetch(`${url}/api/optimize`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as SolveResult;
    const expected = await post(scenario);
    const expectedPreset = await post(preset);
    expect(expected.status).toBe('optimal');

    // No network at all: the browser is offline and the server is gone.
    await browser.context.setOffline(true);
    await server!.close();
    server = undefined;
    const before = await npvOf(page);
    await setSlider(page, LEASE, 117);
    await page.waitForSelector('[data-testid=status][data-state=ready][data-solved-in=browser]', {
      state: 'attached',
    });
    await expect.poll(async () => (await npvOf(page)).text).toBe(formatUsd(expected.npvUsd));
    const after = await npvOf(page);
    expect(after.text).not.toBe(before.text);
    expect(relative(after.value, expected.npvUsd!)).toBeLessThanOrEqual(1e-9);

    // A new visit offline: the page, its code, HiGHS and the presets come from the offline cache,
    // the optimum of the default preset from the browser.
    await page.goto(url);
    await page.waitForSelector('[data-testid=status][data-state=ready][data-solved-in=browser]', {
      state: 'attached',
    });
    expect(await page.locator('#preset-select').inputValue()).toBe(list[0].id);
    expect(relative((await npvOf(page)).value, expectedPreset.npvUsd!)).toBeLessThanOrEqual(1e-9);
    expect(errors).toEqual([]);
    await browser.context.setOffline(false);
  });
});
