/**
 * @module test/web/queued.browser — long work says where it stands, in Chromium against an API
 * whose Monte Carlo runs share the analysis threads (as the server's do): with both threads held by
 * two large decision maps, a Monte Carlo started on the Risk view says "queued" with the work ahead
 * of it; once the maps are cancelled it shows its progress with an estimate, then its answer (the
 * hindsight bound, whose paths each take an LP, so that its progress can be watched).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisPool } from '../../api/analysis-pool';
import { memoryRuns } from '../../api/jobs';
import { openSession, ready, type BrowserSession } from './browser-setup';

const analyses = analysisPool({ size: 2 });
const runs = memoryRuns(
  {},
  {
    compute: (work, signal) => analyses.items(work, undefined, signal),
    parallel: 2,
    waiting: (runId) => analyses.waiting(runId),
  },
);
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession({ analyses, runs });
});

afterAll(async () => {
  await s?.close();
  await runs.close();
  await analyses.close();
});

/** A 41 × 41 decision map (1,681 solves), streamed, held until `stop` is aborted. */
function startMap(stop: AbortController, from: number): Promise<unknown> {
  return fetch(`${s.server.url}/api/map`, {
    method: 'POST',
    signal: stop.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({
      scenario: s.preset,
      x: { parameter: 'site.energyUsdPerMWh', from, to: from + 40, steps: 41 },
      y: { parameter: 'market.hashprice.btcUsd', from: 45_000, to: 135_000, steps: 41 },
    }),
  })
    .then((r) => r.text())
    .catch(() => undefined); // aborted by the test
}

describe('a Monte Carlo behind busy analysis threads', () => {
  it('shows "queued" with the work ahead, then its progress with an estimate', async () => {
    const p = s.page;
    await p.goto(s.server.url);
    await ready(p);
    await p.locator('#tab-risk').click();
    const field = (name: string) => p.locator(`[data-testid=risk-view] input[data-field=${name}]`);
    await field('paths').fill('200');
    await field('seed').fill('7');
    // The hindsight bound (an LP per path): long enough to watch its progress; the simulated policy
    // answers 200 paths in milliseconds, from queued straight to done.
    await p.locator('[data-testid=risk-mode-hindsight]').click();
    // Two long analyses hold both threads, with their points queued behind.
    const stop = new AbortController();
    const maps = [startMap(stop, 20), startMap(stop, 25)];
    await expect
      .poll(() => analyses.stats(), { timeout: 60_000 })
      .toMatchObject({ busy: 2, queued: expect.any(Number) });
    await expect.poll(() => analyses.stats().queued > 100, { timeout: 60_000 }).toBe(true);

    const progress = p.locator('[data-testid=risk-progress]');
    const t0 = performance.now();
    await p.locator('[data-testid=risk-run]').click();
    await p.waitForSelector('[data-testid=risk-progress][data-state=queued]', { timeout: 30_000 });
    const queuedAfterMs = performance.now() - t0;
    console.log(`Monte Carlo shown as queued ${Math.round(queuedAfterMs)} ms after Run`);
    const text = (await progress.textContent()) ?? '';
    expect(text).toMatch(/Queued: [\d,]+ tasks ahead of it, 2 analysis threads busy/);
    const ahead = Number(/Queued: ([\d,]+)/.exec(text)![1].replaceAll(',', ''));
    expect(ahead).toBeGreaterThan(100);

    // The maps are cancelled: the run gets the threads and counts its paths.
    stop.abort();
    await Promise.all(maps);
    await p.waitForSelector('[data-testid=risk-progress][data-state=running]', {
      timeout: 120_000,
    });
    await expect
      .poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 120_000 })
      .toBeGreaterThan(0);
    // Its pace gives an estimate of the time left once it has done some work.
    await expect
      .poll(async () => (await progress.textContent()) ?? '', { timeout: 120_000 })
      .toMatch(/Evaluating paths: \d+ of 200 · about \d+ (s|min) left/);
    await p.waitForSelector('[data-testid=risk-view][data-state=ready]', { timeout: 240_000 });
    expect(s.consoleErrors).toEqual([]);
  }, 420_000);
});
