/**
 * @module test/web/browser-setup — one browser session for a test file: the app built into its own
 * folder (test files run in parallel), the real API serving it on a free port, Chromium with one
 * page, and API helpers.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ScenarioInput } from '../../model/schema';
import type { AppOptions } from '../../api/app';
import { buildWeb, launchBrowser, ROOT, startServer, type RunningServer } from './harness';

/** Where screenshots go. */
export const SHOTS = join(ROOT, 'test-results');

/** A started session; `close()` stops the browser and the server and removes the build. */
export interface BrowserSession {
  readonly server: RunningServer;
  readonly page: Page;
  /** The first preset (the default scenario), as the API serves it. */
  readonly preset: ScenarioInput;
  /** Console errors and uncaught exceptions of the page. */
  readonly consoleErrors: string[];
  post<T>(path: string, body: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/** Builds, serves and opens Chromium (about 3–5 s); `app` configures the API (default its own). */
export async function openSession(app: AppOptions = {}): Promise<BrowserSession> {
  mkdirSync(SHOTS, { recursive: true });
  const dist = await mkdtemp(join(tmpdir(), 'switchyard-web-'));
  await buildWeb(dist);
  const server = await startServer(dist, undefined, app);
  const browser = await launchBrowser();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(30_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
  const post = async <T>(path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const list = await get<{ id: string }[]>('/api/presets');
  const preset = await get<ScenarioInput>(`/api/presets/${list[0].id}`);
  return {
    server,
    page,
    preset,
    consoleErrors,
    get,
    post,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(dist, { recursive: true, force: true });
    },
  };
}

/** Waits until the optimum on screen is for the inputs on screen. */
export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=status][data-state=ready]', {
    state: 'attached',
    timeout: 30_000,
  });
}

/**
 * Chooses a shipped preset and waits until its own answer is on screen: the preset is fetched
 * before the scenario changes, so until then the page is still "ready" with the one before.
 */
export async function openPreset(page: Page, id: string): Promise<void> {
  await page.selectOption('#preset-select', id);
  await page.waitForSelector(`[data-testid=status][data-state=ready][data-preset="${id}"]`, {
    state: 'attached',
    timeout: 120_000,
  });
}

/**
 * The page's width once its layout has settled at the current viewport: charts resize to their box
 * after the viewport changes (a ResizeObserver, a frame or more later), so this waits up to 30 s
 * for the width to fit `max` and then answers it as it is — the caller asserts it.
 */
export async function settledScrollWidth(page: Page, max: number): Promise<number> {
  await page
    .waitForFunction((m) => document.documentElement.scrollWidth <= m, max, { timeout: 30_000 })
    .catch(() => undefined);
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Sets a decision-driver slider (display units) as a user's drag would end. */
export async function setSlider(page: Page, path: string, value: number): Promise<void> {
  await page.locator(`[data-testid="slider-${path}"] input[type=range]`).fill(String(value));
}

/**
 * The form controls in `scope` that have no accessible name, from Chromium's accessibility tree
 * (should be none).
 */
export async function unnamedControls(page: Page, scope: string): Promise<string[]> {
  const tree = await page.locator(scope).ariaSnapshot();
  return tree
    .split('\n')
    .filter((l) =>
      /^\s*- (textbox|combobox|checkbox|spinbutton|button|slider|radio)(?!\s+")/.test(l),
    );
}

/**
 * Presses Tab from the element `from` until every element inside one of `testIds` (by its closest
 * `data-testid`) has had the focus, or up to `presses` times; answers the test ids reached.
 */
export async function reachedByTab(
  page: Page,
  from: string,
  testIds: readonly string[],
  presses = 300,
): Promise<string[]> {
  const reached = new Set<string>();
  await page.locator(from).focus();
  for (let i = 0; i < presses && reached.size < testIds.length; i++) {
    await page.keyboard.press('Tab');
    const ids = await page.evaluate(() => {
      const out: string[] = [];
      for (
        let e = document.activeElement?.closest('[data-testid]');
        e;
        e = e.parentElement?.closest('[data-testid]') ?? null
      )
        out.push(e.getAttribute('data-testid') ?? '');
      return out;
    });
    ids.filter((id) => testIds.includes(id)).forEach((id) => reached.add(id));
  }
  return [...reached].sort();
}

/**
 * One drawn series: what it means (`data-series`), its colour (stroke, else fill) and dash pattern,
 * as Chromium computes them.
 */
interface Drawn {
  readonly key: string;
  readonly color: string;
  readonly dash: string;
}

const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
/** Distance of two colours in RGB (0–441); below about 24 two colours read as one. */
const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]));

/**
 * The series drawn in the page's main area (`data-series`) and what they share: colours and dash
 * patterns with two meanings, and pairs of meanings whose colours are too close to tell apart (all
 * empty when each meaning has its own).
 */
export async function seriesStyles(
  page: Page,
): Promise<{ keys: string[]; shared: { colors: string[]; dashes: string[] }; close: string[] }> {
  const drawn: Drawn[] = await page.$$eval('main [data-series]', (els) =>
    els.map((e) => {
      const cs = getComputedStyle(e);
      const stroke = cs.stroke && cs.stroke !== 'none' ? cs.stroke : '';
      return {
        key: e.getAttribute('data-series') ?? '',
        color: stroke || cs.fill,
        dash: cs.strokeDasharray,
      };
    }),
  );
  const byColor = new Map<string, Set<string>>();
  const byDash = new Map<string, Set<string>>();
  for (const d of drawn) {
    byColor.set(d.color, (byColor.get(d.color) ?? new Set()).add(d.key));
    if (d.dash && d.dash !== 'none')
      byDash.set(d.dash, (byDash.get(d.dash) ?? new Set()).add(d.key));
  }
  const shared = (m: Map<string, Set<string>>) =>
    [...m].filter(([, k]) => k.size > 1).map(([v, k]) => `${v}: ${[...k].join(', ')}`);
  const colors = [...byColor].map(([c, k]) => ({ c, key: [...k][0] }));
  const close = colors.flatMap((a, i) =>
    colors
      .slice(i + 1)
      .filter((b) => distance(a.c, b.c) < 24)
      .map((b) => `${a.key} ${a.c} ~ ${b.key} ${b.c}`),
  );
  return {
    keys: [...new Set(drawn.map((d) => d.key))],
    shared: { colors: shared(byColor), dashes: shared(byDash) },
    close,
  };
}
