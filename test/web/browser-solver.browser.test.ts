/**
 * @module test/web/browser-solver.browser — one model, two places: every preset the API lists (so
 * presets added later are covered too) optimised by the app's solver worker in Chromium gives the
 * server's answer — the same status and the same equity NPV to 1e-9, relative. A scenario the
 * schema refuses is refused in the worker too, naming the field. When the worker cannot start, the
 * app keeps solving on the server.
 */
import { leaseOf } from '../helpers/lease';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { openSession, ready, setSlider, type BrowserSession } from './browser-setup';
import { launchBrowser } from './harness';
import { optimizeInWorker, solverWorkerPath, startSolverWorker } from './solver-worker';

let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
  await s.page.goto(s.server.url);
  await ready(s.page);
  await startSolverWorker(s.page, await solverWorkerPath(s.server.url));
});

afterAll(async () => {
  await s?.close();
});

describe('the browser’s solver against the server’s', () => {
  it('gives the API’s status and npvUsd (to 1e-9) on every preset', async () => {
    const presets = await s.get<{ id: string }[]>('/api/presets');
    expect(presets.length).toBeGreaterThan(0);
    for (const { id } of presets) {
      const scenario = await s.get<ScenarioInput>(`/api/presets/${id}`);
      const server = await s.post<SolveResult>('/api/optimize', scenario);
      const { answer: browser } = await optimizeInWorker<SolveResult>(s.page, scenario);
      expect(browser.status, id).toBe(server.status);
      if (server.npvUsd === null) expect(browser.npvUsd, id).toBeNull();
      else
        expect(
          Math.abs(browser.npvUsd! - server.npvUsd) / Math.max(1, Math.abs(server.npvUsd)),
          `${id}: ${browser.npvUsd} vs ${server.npvUsd}`,
        ).toBeLessThanOrEqual(1e-9);
    }
  });

  it('refuses what the API refuses, naming the field', async () => {
    const bad = structuredClone(s.preset);
    bad.site.gridMW = -5;
    const error = await s.page.evaluate(
      `globalThis.__solverWorker.ask({ kind: 'optimize', body: ${JSON.stringify(bad)} })` +
        `.then(() => null, (e) => JSON.parse(e.message))`,
    );
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_scenario',
      issues: [expect.objectContaining({ path: 'site.gridMW' })],
    });
  });

  it('solves on the server when the browser’s solver cannot start', async () => {
    const other = await launchBrowser();
    try {
      const page = other.context.pages()[0] ?? (await other.context.newPage());
      // A browser that refuses to start workers (a policy, a broken install): every `new Worker`
      // throws.
      await page.addInitScript(
        'globalThis.Worker = class { constructor() { throw new Error("workers are disabled here"); } };',
      );
      const gaveUp = page.waitForEvent('console', {
        predicate: (m) => m.type() === 'warning' && m.text().startsWith('Solving on the server'),
        timeout: 60_000,
      });
      await page.goto(s.server.url);
      await ready(page);
      await gaveUp; // the pool tried to start after the first answer, and failed
      const lease = 'hpcOptions.0.leaseUsdPerKwMonth';
      for (const v of [121, 122, 123]) {
        await setSlider(page, lease, v);
        await page.waitForSelector('[data-testid=status][data-state=ready]', { state: 'attached' });
        expect(await page.locator('[data-testid=status]').getAttribute('data-solved-in')).toBe(
          'server',
        );
      }
      const scenario = structuredClone(s.preset);
      leaseOf(scenario.hpcOptions[0]).leaseUsdPerKwMonth = 123;
      const expected = await s.post<SolveResult>('/api/optimize', scenario);
      expect(
        Number(await page.locator('[data-testid=kpi-npv]').getAttribute('data-value')),
      ).toBeCloseTo(expected.npvUsd!, 0);
    } finally {
      await other.close();
    }
  });
});
