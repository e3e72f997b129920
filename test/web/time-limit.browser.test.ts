/**
 * @module test/web/time-limit.browser — an answer stopped by its time limit with a plan in hand
 * (docs/model.md, "Plans a person can read"): a self-funded 205-month scenario whose minimum-build
 * search cannot end in 8 s. The page shows the best plan found — its headline, its plan box and
 * its charts — under a notice that says the search stopped and how far the plan may be from the
 * best one; no cohort in the plan box is under 1 MW.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfFundedScenario } from '../helpers/scenarios';
import { openSession, ready, type BrowserSession } from './browser-setup';

const TIMEOUT = 240_000;
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
  await s.page.goto(s.server.url);
}, TIMEOUT);
afterAll(() => s?.close());

describe('an answer stopped by its time limit, with a plan', () => {
  it(
    'shows the best plan found, its charts and a notice with the gap; no cohort under 1 MW',
    async () => {
      await ready(s.page);
      const scenario = selfFundedScenario(8);
      await s.page.locator('[data-testid=open-scenario-file]').setInputFiles({
        name: 'self-funded.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(scenario)),
      });
      const notice = s.page.locator('[data-testid=time-limit]');
      await notice.waitFor({ timeout: 120_000 });
      const text = await notice.textContent();
      expect(text).toMatch(/time limit: this is the best plan found\. Time limit of 8 s/);
      expect(text).toMatch(/without a cohort under 1 MW.*at most \$[0-9.]+M \(gap [0-9.]+ %\)/);
      // The plan stands: its headline, its plan box, its charts.
      expect(await s.page.locator('[data-testid=headline]').count()).toBe(1);
      expect(await s.page.locator('[data-testid=plan-summary] h2').textContent()).toBe(
        'The best plan found',
      );
      const lines = await s.page
        .locator('[data-testid=plan-summary] .decisions li')
        .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      expect(lines.length).toBeGreaterThan(0);
      expect(await s.page.locator('[data-testid=no-plan]').count()).toBe(0);
      await s.page.locator('[data-testid=allocation-chart] .layers path').first().waitFor();
      // Every MW figure the plan box names is at least 1 MW (the rule the search kept to).
      const mws = lines.flatMap((l) => [...l.matchAll(/([0-9][0-9,.]*) MW/g)].map((m) => m[1]));
      expect(mws.length).toBeGreaterThan(0);
      for (const mw of mws) expect(Number(mw.replace(/,/g, '')), mw).toBeGreaterThanOrEqual(1);
      expect(s.consoleErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
