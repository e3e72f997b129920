/**
 * @module test/web/defects.browser — layout and input defects of a first visit at 1440 × 900: the
 * plans' comparison shows every column and the "NPV vs optimum" row without scrolling inside its
 * frame; the decision map's estimate and Cancel sit beside the axes, not over them; Cancel on a
 * running map leaves a half-typed axis uncommitted and starts no other run; the bear case is drawn
 * in a red, the bull case in a green.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, ready, type BrowserSession } from './browser-setup';

let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
  await s.page.setViewportSize({ width: 1440, height: 900 });
});

afterAll(async () => {
  await s?.close();
});

async function open(view: string) {
  await s.page.goto('about:blank');
  await s.page.goto(`${s.server.url}/#v=${view}`);
  await ready(s.page);
}

describe('first visit at 1440 × 900', () => {
  it('the comparison shows its fourth column and the NPV vs optimum row unscrolled', async () => {
    await open('plans');
    for (let i = await s.page.locator('.plan-pick').count(); i < 2; i++)
      await s.page.locator('[data-testid=create-plan]').click();
    const table = s.page.locator('[data-testid=compare-table]');
    await s.page.waitForSelector('[data-testid=compare-table] thead th:nth-child(4)');
    await expect
      .poll(() => table.locator('[data-testid=npv-diff-row] td').last().getAttribute('data-value'))
      .not.toBe('');
    const fit = await table.evaluate((t) => {
      const frame = t.parentElement as HTMLElement;
      const f = frame.getBoundingClientRect();
      const inside = (e: Element) => {
        const r = e.getBoundingClientRect();
        return r.left >= f.left - 0.5 && r.right <= f.right + 0.5 && r.bottom <= f.bottom + 0.5;
      };
      return {
        fourth: inside(t.querySelector('thead th:nth-child(4)')!),
        npvRow: inside(t.querySelector('[data-testid=npv-diff-row]')!),
      };
    });
    expect(fit).toEqual({ fourth: true, npvRow: true });
  });

  it('the map’s estimate and Cancel sit beside its axes', async () => {
    await open('analyses');
    await s.page.waitForSelector('[data-testid=map-panel] [data-testid=map-actions]');
    const boxes = await s.page.evaluate(() =>
      [
        ...document.querySelectorAll(
          '[data-testid=map-panel] .map-axis, [data-testid=map-actions]',
        ),
      ].map((e) => {
        const r = e.getBoundingClientRect();
        return { x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
      }),
    );
    const actions = boxes.pop()!;
    for (const axis of boxes) {
      const overlapX = Math.min(axis.x1, actions.x1) - Math.max(axis.x0, actions.x0);
      const overlapY = Math.min(axis.y1, actions.y1) - Math.max(axis.y0, actions.y0);
      expect(overlapX > 0 && overlapY > 0, JSON.stringify({ axis, actions })).toBe(false);
    }
  });

  it('Cancel on a running map leaves a half-typed axis uncommitted and starts nothing', async () => {
    const p = s.page;
    await p.waitForSelector('[data-testid=map-panel][data-state=ready]', { timeout: 180_000 });
    for (const axis of ['x', 'y']) {
      await p.fill(`#map-${axis}-steps`, '41');
      await p.press(`#map-${axis}-steps`, 'Tab');
    }
    await p.waitForSelector('[data-testid=map-progress]');
    let maps = 0;
    p.on('request', (r) => r.url().endsWith('/api/map') && maps++);
    const tasks = (): Promise<number> =>
      p.evaluate(
        `performance.getEntriesByType('measure').filter((e) => e.name === 'switchyard:map').length`,
      );
    // Half-typed: "4" on the way to "40", then Cancel.
    await p.locator('#map-x-steps').click();
    await p.locator('#map-x-steps').selectText();
    await p.keyboard.type('4');
    const tasksBefore = await tasks();
    await p.locator('[data-testid=map-cancel]').click();
    await p.waitForSelector('[data-testid=map-cancelled]');
    expect(await p.locator('#map-x-steps').inputValue()).toBe('41');
    expect(await p.locator('[data-testid=map-actions]').textContent()).toContain('(41 × 41)');
    expect(maps).toBe(0);
    // Nothing was started: the map stays cancelled after the inputs settle.
    await ready(p);
    expect(await p.locator('[data-testid=map-panel]').getAttribute('data-state')).toBe('cancelled');
    expect(maps).toBe(0);
    expect(await tasks()).toBeLessThanOrEqual(tasksBefore + 1);
  });

  it('draws the bear case red and the bull case green', async () => {
    await open('optimum');
    await s.page.locator('[data-testid=uncertainty-toggle]').check();
    await s.page.waitForSelector('[data-testid=uncertainty-results][data-state=ready]', {
      timeout: 120_000,
    });
    const strokes = await s.page.$$eval('main [data-series^="case:"]', (els) =>
      els.map((e) => ({ key: e.getAttribute('data-series'), color: getComputedStyle(e).stroke })),
    );
    const rgb = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    const bear = strokes.find((x) => x.key === 'case:bear');
    const bull = strokes.find((x) => x.key === 'case:bull');
    expect(bear && bull, JSON.stringify(strokes)).toBeTruthy();
    const [r, g] = rgb(bear!.color);
    expect(r).toBeGreaterThan(g);
    const [r2, g2] = rgb(bull!.color);
    expect(g2).toBeGreaterThan(r2);
  });
});
