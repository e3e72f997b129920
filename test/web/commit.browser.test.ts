/**
 * @module test/web/commit.browser — a typed number is committed (and solved) only as a valid,
 * complete value: in Financing, typing 500 into the discount rate, three Backspaces and 15 ends at
 * 15 %/yr with the panel open and the focus in the box, and no solve is ever asked for 50 %/yr (nor
 * 5 or 1); "4e" says "not a number" and sends nothing; "1,5" asks for a point; an empty required
 * box says "must not be empty"; while a value is typed and not committed the figures say they are
 * for the previous inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, ready, type BrowserSession } from './browser-setup';

let s: BrowserSession;

/** A solve the page asked for (its workers or the API): its kind and the inputs it was for. */
interface Asked {
  readonly kind: string;
  readonly discountRate?: number;
  readonly powerPrice?: number;
}
const asked: Asked[] = [];

/** The scenario a solve's body carries (an optimize sends it bare, an analysis inside). */
function scenarioOf(body: unknown): Record<string, any> | undefined {
  const b = body as Record<string, any> | undefined;
  return b?.financing ? b : b?.scenario?.financing ? b.scenario : undefined;
}

beforeAll(async () => {
  s = await openSession();
  // Every task the app posts to a solver worker, recorded with its inputs before it leaves.
  await s.page.exposeFunction('__asked', (kind: string, body: unknown) => {
    const sc = scenarioOf(body);
    asked.push({
      kind,
      discountRate: sc?.financing?.discountRatePerYear,
      powerPrice: sc?.site?.energyUsdPerMWh,
    });
  });
  await s.page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, m: any, ...rest: any[]) {
      if (m?.type === 'task' && m.task?.kind !== 'start')
        (window as any).__asked(m.task.kind, m.task.body ?? null);
      return (post as any).call(this, m, ...rest);
    };
  });
  s.page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.method() !== 'POST' || !path.startsWith('/api/')) return;
    let body: unknown;
    try {
      body = r.postDataJSON();
    } catch {
      body = undefined;
    }
    const sc = scenarioOf(body);
    asked.push({
      kind: path.slice(5),
      discountRate: sc?.financing?.discountRatePerYear,
      powerPrice: sc?.site?.energyUsdPerMWh,
    });
  });
  await s.page.setViewportSize({ width: 1440, height: 900 });
  await s.page.goto(s.server.url);
  await ready(s.page);
});

afterAll(async () => {
  await s?.close();
});

const field = (path: string) => s.page.locator(`[data-field="${path}"]`);
const box = (path: string) => field(path).locator('input');
/** Selects what the box at `path` holds and types `text` over it, key by key. */
async function typeOver(path: string, text: string) {
  await box(path).click();
  await box(path).selectText();
  asked.length = 0;
  await s.page.keyboard.type(text);
}
const optimizes = () => asked.filter((a) => a.kind === 'optimize');

describe('a number is committed only as a valid, complete value', () => {
  it('500, three Backspaces and 15 end at 15 %/yr; 50 %/yr is never solved', async () => {
    const financing = s.page.locator('details.panel', {
      has: s.page.locator('summary', { hasText: 'Financing' }),
    });
    await financing.locator('summary').click();
    const rate = box('financing.discountRatePerYear');
    await typeOver('financing.discountRatePerYear', '500');
    await expect
      .poll(() => field('financing.discountRatePerYear').locator('.error').textContent())
      .toMatch(/must be at most/);
    // Typed, not committed: the figures say they are for the previous inputs.
    expect(await s.page.locator('[data-stale]').count()).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await s.page.keyboard.press('Backspace');
    await s.page.keyboard.type('15');
    // Committed after a pause in typing; solved once, for 15 %/yr.
    await ready(s.page);
    expect(await rate.inputValue()).toBe('15');
    expect(await financing.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await rate.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await field('financing.discountRatePerYear').locator('.error').textContent()).toBe('');
    expect(await s.page.locator('[data-stale]').count()).toBe(0);
    expect(optimizes().map((a) => a.discountRate)).toEqual([0.15]);
    const rates = asked.map((a) => a.discountRate).filter((r) => r !== undefined);
    for (const r of [0.5, 0.05, 0.01, 5]) expect(rates).not.toContain(r);
    expect(s.consoleErrors).toEqual([]);
  });

  it('"4e" in Power price says "not a number" and sends nothing', async () => {
    const price = box('site.energyUsdPerMWh');
    const before = await price.inputValue();
    await typeOver('site.energyUsdPerMWh', '4e');
    await expect
      .poll(() => field('site.energyUsdPerMWh').locator('.error').textContent())
      .toContain('not a number');
    // Leaving the box commits only a valid value: nothing is sent, the mark stays.
    await s.page.keyboard.press('Tab');
    await s.page.waitForSelector('[data-testid=status][data-state=invalid]', { state: 'attached' });
    expect(await s.page.locator('[data-stale=invalid]').count()).toBe(1);
    expect(await price.inputValue()).toBe('4e');
    expect(await s.page.locator('[data-testid=issues-summary]').textContent()).toContain(
      'Power price: “4e” is not a number',
    );
    // The slider still shows the stored price, not 4 nor its track's minimum.
    expect(
      await s.page
        .locator('[data-testid="slider-site.energyUsdPerMWh"] input[type=range]')
        .inputValue(),
    ).toBe(before);
    // Then a complete value with Enter: solved once, for it.
    const next = Number(before) + 3;
    await typeOver('site.energyUsdPerMWh', String(next));
    await s.page.keyboard.press('Enter');
    await ready(s.page);
    expect(optimizes().map((a) => a.powerPrice)).toEqual([next]);
    expect(asked.map((a) => a.powerPrice)).not.toContain(4);
  });

  it('"1,5" asks for a point and "" for a value, each with its own message', async () => {
    const price = box('site.energyUsdPerMWh');
    const stored = await price.inputValue();
    const error = field('site.energyUsdPerMWh').locator('.error');
    asked.length = 0;
    await price.fill('1,5');
    await expect.poll(() => error.textContent()).toBe('use a point for decimals: “1.5”');
    await price.fill('');
    await expect.poll(() => error.textContent()).toBe('must not be empty');
    await price.press('Enter');
    expect(optimizes()).toEqual([]);
    // Escape puts the stored value back.
    await price.press('Escape');
    await ready(s.page);
    expect(await price.inputValue()).toBe(stored);
    expect(await error.textContent()).toBe('');
    expect(optimizes()).toEqual([]);
  });

  it('months read and are typed as "Jan 2027"', async () => {
    await s.page.locator('summary', { hasText: 'Scenario' }).first().click();
    const start = box('startMonth');
    const shown = await start.inputValue();
    expect(shown).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
    await start.fill('2027-13');
    await expect
      .poll(() => field('startMonth').locator('.error').textContent())
      .toContain('not a month such as Jan 2027');
    await start.press('Escape');
    expect(await start.inputValue()).toBe(shown);
    await ready(s.page);
  });
});
