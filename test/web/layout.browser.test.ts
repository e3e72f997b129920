/**
 * @module test/web/layout.browser — every view in Chromium at a phone's 390 × 844 and a desktop's
 * 1440 × 900: nothing overflows the page sideways, on a phone the answer comes before the editor,
 * charts fit their box and tables scroll inside their own frame. A screenshot of each goes to
 * test-results/web-layout-<view>-<width>.png. Then the series drawn in each view: no colour or dash
 * pattern means two things.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, ready, seriesStyles, SHOTS, type BrowserSession } from './browser-setup';

let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
});

/** What each view shows once its content is for the inputs on screen. */
const VIEWS: Record<string, string[]> = {
  optimum: ['[data-testid=allocation-chart] svg', '[data-testid=plan-summary]'],
  plans: ['[data-testid=plans-view]'],
  analyses: [
    '[data-testid=tornado-panel][data-state=ready]',
    '[data-testid=breakeven-panel][data-state=ready]',
    '[data-testid=map-panel][data-state=ready]',
  ],
  risk: ['[data-testid=risk-view]'],
  saved: ['[data-testid=saved-view]'],
};

const SIZES = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
] as const;

/** Opens `view` at `size` and waits for its content. */
async function open(view: string, size: { width: number; height: number }) {
  await s.page.setViewportSize(size);
  // A change of the hash alone does not reload the app: leave the page first.
  await s.page.goto('about:blank');
  await s.page.goto(`${s.server.url}/#v=${view}`);
  await ready(s.page);
  for (const sel of VIEWS[view])
    await s.page.waitForSelector(sel, { state: 'attached', timeout: 60_000 });
  // The plans and saved views are measured with content in them (their tables are the widest things
  // there).
  if (view === 'plans' && !(await s.page.locator('.plan-pick').count())) {
    await s.page.locator('[data-testid=create-plan]').click();
  }
  if (view === 'plans')
    await s.page.waitForSelector('[data-testid=compare-table] thead th:nth-child(3)', {
      timeout: 60_000,
    });
  if (view === 'risk') {
    // A short Monte Carlo run: its histogram and percentile table are on screen.
    await s.page.locator('[data-testid=risk-view] input[data-field=paths]').fill('100');
    await s.page.locator('[data-testid=risk-run]').click();
    await s.page.waitForSelector('[data-testid=risk-view][data-state=ready]', { timeout: 180_000 });
  }
  if (view === 'saved') {
    // Two saved plans, both ticked: the comparison (tables, cash overlay, small multiples) is on
    // screen.
    const rows = s.page.locator('[data-testid=saved-table] tbody tr');
    for (const name of ['Layout A', 'Layout B']) {
      if (await s.page.locator(`[data-testid=saved-table] tbody tr[data-plan="${name}"]`).count())
        continue;
      await s.page.locator('[data-testid=save-name]').fill(name);
      await s.page.locator('[data-testid=save-plan]').click();
      await s.page.waitForSelector(`[data-testid=saved-table] tbody tr[data-plan="${name}"]`, {
        timeout: 60_000,
      });
    }
    for (const box of await rows.locator('[data-testid=compare-pick]').all()) await box.check();
    await s.page.waitForSelector(
      '[data-testid=saved-compare] [data-testid=cash-compare-chart] svg path[d]',
      { state: 'attached', timeout: 60_000 },
    );
  }
}

/** Layout facts of the page as it is now. */
function measure() {
  return s.page.evaluate(() => {
    const scrolls = (e: Element | null) => {
      for (let p = e?.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return p;
      }
      return undefined;
    };
    const vw = document.documentElement.clientWidth;
    const main = document.querySelector('main')!.getBoundingClientRect();
    const editor = document.querySelector('.sidebar')!.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      mainBeforeEditor: main.top < editor.top,
      // A chart's SVG is as wide as the box it sits in (no wider, and not a fixed size smaller than
      // a desktop's box).
      charts: [...document.querySelectorAll('.chart-body > svg')].map((svg) => ({
        svg: svg.getBoundingClientRect().width,
        box: (svg.parentElement as HTMLElement).clientWidth,
      })),
      // A table wider than the screen lives in a scrolling frame that itself fits the screen.
      tables: [...document.querySelectorAll('table')]
        .filter((t) => t.getBoundingClientRect().width > 0)
        .map((t) => {
          const frame = scrolls(t);
          return {
            wide: t.getBoundingClientRect().width > vw,
            framed: !!frame,
            frameRight: frame ? frame.getBoundingClientRect().right : 0,
            vw,
          };
        }),
    };
  });
}

describe('layout on a phone and on a desktop', () => {
  for (const view of Object.keys(VIEWS)) {
    for (const size of SIZES) {
      it(
        `${view} at ${size.width} px: no sideways overflow, ` +
          `charts fit their box, tables scroll in their frame`,
        async () => {
          await open(view, size);
          // Charts follow their box through a ResizeObserver: wait for them to settle rather than for
          // a time.
          await s.page.waitForFunction(
            () =>
              [...document.querySelectorAll('.chart-body > svg')].every(
                (svg) =>
                  Math.abs(
                    svg.getBoundingClientRect().width -
                      (svg.parentElement as HTMLElement).clientWidth,
                  ) <= 1 || (svg.parentElement as HTMLElement).clientWidth < 240,
              ),
            undefined,
            { timeout: 30_000 },
          );
          const m = await measure();
          expect(m.scrollWidth).toBeLessThanOrEqual(size.width);
          if (size.width < 1100)
            expect(m.mainBeforeEditor, 'the answer comes before the editor').toBe(true);
          for (const c of m.charts) expect(c.svg).toBeLessThanOrEqual(Math.max(c.box, 240) + 1);
          for (const t of m.tables.filter((t) => t.wide)) {
            expect(t.framed).toBe(true);
            expect(t.frameRight).toBeLessThanOrEqual(t.vw + 0.5);
          }
          await s.page.screenshot({
            path: join(SHOTS, `web-layout-${view}-${size.width}.png`),
            fullPage: true,
          });
        },
      );
    }
  }

  it('charts shrink when the window narrows without a reload', async () => {
    await open('optimum', { width: 1440, height: 900 });
    const wide = await s.page
      .locator('[data-testid=allocation-chart] .chart-body > svg')
      .evaluate((e) => e.getBoundingClientRect().width);
    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.waitForFunction(() => document.documentElement.scrollWidth <= 390, undefined, {
      timeout: 30_000,
    });
    const narrow = await s.page
      .locator('[data-testid=allocation-chart] .chart-body > svg')
      .evaluate((e) => e.getBoundingClientRect().width);
    expect(narrow).toBeLessThan(wide / 2);
    expect(s.consoleErrors).toEqual([]);
  });
});

describe('distinct meanings, distinct colours', () => {
  for (const view of Object.keys(VIEWS)) {
    it(`${view}: no colour or dash pattern is shared by two series`, async () => {
      await open(view, { width: 1440, height: 900 });
      const { keys, shared, close } = await seriesStyles(s.page);
      // The risk view draws two histograms: the plan and mining only.
      expect(keys.length, `series drawn in ${view}`).toBeGreaterThan(
        { analyses: 2, risk: 1 }[view] ?? 4,
      );
      expect(shared.colors, 'colours with two meanings').toEqual([]);
      expect(shared.dashes, 'dash patterns with two meanings').toEqual([]);
      expect(close, 'colours too close to tell apart').toEqual([]);
    });
  }
});
