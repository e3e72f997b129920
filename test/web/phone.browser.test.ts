/**
 * @module test/web/phone.browser — every view on a 390 × 844 phone, the editor's panels all open:
 * no control a finger uses is under 44 × 44 px (buttons, inputs, selects, sliders, tabs, panel
 * headers, links that act; a checkbox is measured with the label that toggles it), no text overlaps
 * other text (the boxes of the text drawn in charts and panels), and nothing overflows sideways.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openSession,
  ready,
  SHOTS,
  settledScrollWidth,
  type BrowserSession,
} from './browser-setup';

let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
  await s.page.setViewportSize({ width: 390, height: 844 });
});

afterAll(async () => {
  await s?.close();
});

/** What each view shows once its content is for the inputs on screen. */
const VIEWS: Record<string, string> = {
  optimum: '[data-testid=allocation-chart] svg',
  plans: '[data-testid=plans-view]',
  analyses: '[data-testid=tornado-panel][data-state=ready]',
  risk: '[data-testid=risk-view]',
  saved: '[data-testid=saved-view]',
  report: '[data-testid=report-view]',
};

/** Opens `view` on the phone with every panel and table of the page open. */
async function open(page: Page, view: string) {
  await page.goto('about:blank');
  await page.goto(`${s.server.url}/#v=${view}`);
  await ready(page);
  await page.waitForSelector(VIEWS[view], { state: 'attached', timeout: 120_000 });
  if (view === 'analyses') {
    for (const p of ['breakeven-panel', 'map-panel'])
      await page.waitForSelector(`[data-testid=${p}][data-state=ready]`, { timeout: 180_000 });
  }
  if (view === 'optimum') {
    // The bear, base and bull cases drawn too.
    await page.locator('[data-testid=uncertainty-toggle]').check();
    await page.waitForSelector('[data-testid=uncertainty-results][data-state=ready]', {
      timeout: 120_000,
    });
  }
  if (view === 'plans' && !(await page.locator('.plan-pick').count()))
    await page.locator('[data-testid=create-plan]').click();
  if (view === 'risk') {
    // A short Monte Carlo run: its histogram and percentile table are on screen.
    await page.locator('[data-testid=risk-view] input[data-field=paths]').fill('100');
    await page.locator('[data-testid=risk-run]').click();
    await page.waitForSelector('[data-testid=risk-view][data-state=ready]', { timeout: 180_000 });
  }
  if (view === 'saved') {
    // Two saved plans, both ticked: the comparison table and charts are on screen.
    for (const name of ['Phone A', 'Phone B']) {
      const row = `[data-testid=saved-table] tbody tr[data-plan="${name}"]`;
      if (await page.locator(row).count()) continue;
      await page.locator('[data-testid=save-name]').fill(name);
      await page.locator('[data-testid=save-plan]').click();
      await page.waitForSelector(row, { timeout: 60_000 });
    }
    for (const box of await page.locator('[data-testid=compare-pick]').all()) await box.check();
    await page.waitForSelector('[data-testid=saved-compare] [data-testid=cash-compare-chart] svg', {
      state: 'attached',
      timeout: 60_000,
    });
  }
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
  await ready(page);
}

/** Controls smaller than 44 × 44 px: what they are and their size. */
function smallTargets(page: Page) {
  return page.evaluate(() => {
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      for (let p: Element | null = e; p; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (cs.visibility === 'hidden' || cs.display === 'none') return false;
      }
      return !e.closest('.sr-only, .skip-link, [inert]');
    };
    const controls = document.querySelectorAll(
      'button, input:not([type=hidden]), select, textarea, summary, [role=tab], a[href], [tabindex="0"]',
    );
    const out: string[] = [];
    for (const c of controls) {
      if (!visible(c)) continue;
      // A checkbox or radio is tapped through the label around it.
      const target =
        (c as HTMLInputElement).type === 'checkbox' || (c as HTMLInputElement).type === 'radio'
          ? (c.closest('label') ?? c)
          : c;
      const r = target.getBoundingClientRect();
      if (r.width < 44 - 0.5 || r.height < 44 - 0.5) {
        const name = c.getAttribute('aria-label') ?? c.id ?? '';
        out.push(
          `${c.tagName.toLowerCase()}${c.className ? `.${String(c.className).split(' ')[0]}` : ''}` +
            ` "${(name || c.textContent || '').trim().slice(0, 30)}" ${r.width.toFixed(0)}×${r.height.toFixed(0)}`,
        );
      }
    }
    return out;
  });
}

/** Pairs of text pieces whose boxes overlap by more than 1 px each way. */
function overlappingText(page: Page) {
  return page.evaluate(() => {
    const hidden = (e: Element) => {
      for (let p: Element | null = e; p; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') return true;
      }
      return !!e.closest('.sr-only, .tooltip, .skip-link, option, select');
    };
    const clips = new Map<Element, { x0: number; x1: number; y0: number; y1: number }>();
    const clipOf = (e: Element): { x0: number; x1: number; y0: number; y1: number } => {
      const known = clips.get(e);
      if (known) return known;
      const up = e.parentElement
        ? clipOf(e.parentElement)
        : { x0: -Infinity, x1: Infinity, y0: -Infinity, y1: Infinity };
      const cs = getComputedStyle(e);
      let c = up;
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        const r = e.getBoundingClientRect();
        c = {
          x0: Math.max(up.x0, r.left),
          x1: Math.min(up.x1, r.right),
          y0: Math.max(up.y0, r.top),
          y1: Math.min(up.y1, r.bottom),
        };
      }
      clips.set(e, c);
      return c;
    };
    const pieces: { x0: number; x1: number; y0: number; y1: number; what: string; el: Element }[] =
      [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || hidden(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const clip = clipOf(el);
      for (const r of range.getClientRects()) {
        // What a scrolling frame hides of the text is not drawn.
        const x0 = Math.max(r.left, clip.x0);
        const x1 = Math.min(r.right, clip.x1);
        const y0 = Math.max(r.top, clip.y0);
        const y1 = Math.min(r.bottom, clip.y1);
        if (x1 - x0 < 1 || y1 - y0 < 1) continue;
        pieces.push({
          x0: x0 + window.scrollX,
          x1: x1 + window.scrollX,
          y0: y0 + window.scrollY,
          y1: y1 + window.scrollY,
          what: `${text.slice(0, 24)} <${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}>`,
          el,
        });
      }
    }
    pieces.sort((a, b) => a.y0 - b.y0);
    const out: string[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const a = pieces[i];
      for (let j = i + 1; j < pieces.length && pieces[j].y0 < a.y1 - 1; j++) {
        const b = pieces[j];
        if (a.el === b.el) continue;
        const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
        const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        if (w > 1 && h > 1) out.push(`"${a.what}" × "${b.what}" (${w.toFixed(0)}×${h.toFixed(0)})`);
      }
    }
    return out;
  });
}

describe('on a 390 × 844 phone', () => {
  for (const view of Object.keys(VIEWS)) {
    it(`${view}: 44 px targets, no text over text, no sideways overflow`, async () => {
      await open(s.page, view);
      const targets = await smallTargets(s.page);
      const overlaps = await overlappingText(s.page);
      const width = await settledScrollWidth(s.page, 390);
      await s.page.screenshot({ path: join(SHOTS, `web-phone-${view}.png`), fullPage: true });
      expect(targets, 'controls under 44 × 44 px').toEqual([]);
      expect(overlaps, 'text drawn over text').toEqual([]);
      expect(width).toBeLessThanOrEqual(390);
    });
  }
});
