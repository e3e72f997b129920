/**
 * @module test/web/reason.browser — Done-means 2 of the board-ready app in Chromium: on every preset
 * and with texas-100mw's lease at $65/kW-month, the plain-words reason beside the headline, the
 * headline and the plan box never contradict the answer's months (the answer the page received,
 * read from its /api/optimize response; the words read by test/helpers/reason-check.ts). The
 * portfolio lists its sites by when their rent starts, its headline MW is the sum of its lines, and
 * no MW label of its charts is cut.
 */
import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolveResult } from '../../model/schema';
import { reasonContradictions } from '../helpers/reason-check';
import { openPreset, openSession, ready, setSlider, type BrowserSession } from './browser-setup';

const LEASE = 'hpcOptions.0.leaseUsdPerKwMonth';
const TIMEOUT = 240_000;
let s: BrowserSession;
let presets: { id: string }[] = [];
/** The answer the page received for each preset (a preset opened again is answered from cache). */
const byPreset = new Map<string, SolveResult>();

const isOptimize = (r: Response) =>
  r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/optimize';

beforeAll(async () => {
  s = await openSession();
  presets = await s.get<{ id: string }[]>('/api/presets');
  await s.page.setViewportSize({ width: 1440, height: 900 });
}, TIMEOUT);

afterAll(async () => {
  await s?.close();
});

/** Opens a preset seen before: the page answers it from its cache, with no request. */
async function reopen(id: string): Promise<SolveResult> {
  await openPreset(s.page, id);
  return byPreset.get(id)!;
}

/** Does `act`, then returns the answer the page received for it, once it is on screen. */
async function answerOf(act: () => Promise<unknown>): Promise<SolveResult> {
  const response = s.page.waitForResponse(isOptimize, { timeout: 120_000 });
  await act();
  const result = (await (await response).json()) as SolveResult;
  await ready(s.page);
  return result;
}

/** What the page says: the reason, the headline's verdict and phases, the plan box. */
async function words() {
  const texts = (sel: string) =>
    s.page.locator(sel).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
  return {
    decision: (await texts('[data-testid=reason-decision]'))[0] ?? '',
    because: await texts('[data-testid=reason] .reason-because li'),
    verdict: (await texts('[data-testid=verdict]'))[0] ?? '',
    phases: await texts('[data-testid=phases] li'),
    planBox: await texts('[data-testid=plan-summary] .decisions li'),
  };
}

async function expectNoContradiction(result: SolveResult) {
  const w = await words();
  // The page shows the answer's own reason.
  expect(w.decision).toBe(`${result.reason!.decision}.`);
  expect(w.because).toEqual(result.reason!.because.map((b) => `${b}.`));
  const all = [w.decision, ...w.because, w.verdict, ...w.phases, ...w.planBox];
  expect(reasonContradictions(result, all)).toEqual([]);
  return w;
}

describe('the reason in plain words, in Chromium', () => {
  it(
    'never contradicts the months on any preset',
    async () => {
      let result = await answerOf(() => s.page.goto(`${s.server.url}/?solve=server`));
      for (const [i, { id }] of presets.entries()) {
        if (i > 0) result = await answerOf(() => s.page.selectOption('#preset-select', id));
        byPreset.set(id, result);
        expect(result.status, id).toBe('optimal');
        const w = await expectNoContradiction(result);
        expect(w.decision.length, id).toBeGreaterThan(20);
      }
    },
    TIMEOUT,
  );

  it(
    'at a $65 lease on texas-100mw every box says the fleet is sold and the site idles',
    async () => {
      await reopen('texas-100mw');
      const result = await answerOf(() => setSlider(s.page, LEASE, 65));
      expect(result.plan.builds).toEqual([]);
      const w = await expectNoContradiction(result);
      expect(w.verdict).toMatch(/^Fleet sold in Mar 2028, site idle from Mar 2028/);
      expect(w.decision).toMatch(
        /the fleet is sold in Mar 2028; the site stands idle from Mar 2028/,
      );
      expect(w.planBox.join(' ')).not.toMatch(/keep the site mining/i);
      expect(w.planBox[0]).toMatch(/^Fleet sold in Mar 2028, site idle from Mar 2028/);
    },
    TIMEOUT,
  );

  it(
    'the portfolio: sites by rent start, headline MW the sum of its lines, no MW label cut',
    async () => {
      const result = await reopen('riot-portfolio');
      await expectNoContradiction(result);
      // The cards and the order of conversion: the site whose rent starts first comes first.
      const rentStart = new Map(result.sites!.map((x) => [x.id, x.kpis.firstCommencementMonth]));
      const cards = await s.page
        .locator('[data-testid=site-map] li.site-card')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-site') ?? ''));
      const months = cards.map((id) => rentStart.get(id) ?? '9999-99');
      expect(months).toEqual([...months].sort());
      expect(cards[0]).toBe('rockdale');
      // The verdict's MW is the sum of the phase lines as they read.
      const w = await words();
      const verdictMW = Number(/^Convert ([\d,.]+) MW/.exec(w.verdict)![1].replace(/,/g, ''));
      const lines = w.phases
        .map((p) => /: ([\d,.]+) MW converted/.exec(p)?.[1])
        .filter((x): x is string => !!x)
        .map((x) => Number(x.replace(/,/g, '')));
      expect(lines.length).toBeGreaterThan(1);
      expect(verdictMW).toBeCloseTo(
        lines.reduce((a, b) => a + b, 0),
        6,
      );
      // Every MW label of the site charts lies inside its chart.
      const cut = await s.page.locator('[data-testid=sites-years] svg').evaluateAll((svgs) =>
        svgs.flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text.tick')]
            .map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }))
            .filter((t) => t.r.left < box.left - 0.5 || t.r.right > box.right + 0.5)
            .map((t) => t.text);
        }),
      );
      expect(cut).toEqual([]);
      expect(s.consoleErrors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "the browser's own solver gives the same reason (the engine entry adds it)",
    async () => {
      await s.page.goto(`${s.server.url}/`);
      await ready(s.page);
      const server = byPreset.get(presets[0].id)!;
      const w = await words();
      expect(w.decision).toBe(`${server.reason!.decision}.`);
      expect(
        reasonContradictions(server, [w.decision, ...w.because, w.verdict, ...w.planBox]),
      ).toEqual([]);
    },
    TIMEOUT,
  );
});
