/**
 * @module test/web/undo.browser — undo and redo in Chromium against the real API: ten slider
 * changes, then ten Ctrl+Z, each bringing back the answer shown before that change (npvUsd equal,
 * digit for digit); Ctrl+Shift+Z and the buttons redo and undo; Ctrl+Z in a text field is the
 * field's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, ready, setSlider, type BrowserSession } from './browser-setup';

const POWER = 'site.energyUsdPerMWh';
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
});

/** The NPV on screen once the answer is for the inputs on screen, as the page holds it. */
async function shownNpv(): Promise<{ npv: string; power: string }> {
  await ready(s.page);
  const npv = (await s.page.locator('[data-testid=kpi-npv]').getAttribute('data-value')) ?? '';
  const power = await s.page
    .locator(`[data-testid="slider-${POWER}"] input[type=range]`)
    .inputValue();
  return { npv, power };
}

describe('undo and redo in Chromium', () => {
  it('ten changes undone one by one bring back each earlier answer exactly', async () => {
    const p = s.page;
    await p.goto(s.server.url);
    const seen = [await shownNpv()];
    expect(Number(seen[0].npv)).not.toBeNaN();
    expect(await p.locator('[data-testid=undo]').isDisabled()).toBe(true);
    // Ten power prices, each its own step (a slider let go ends a step).
    for (let i = 1; i <= 10; i++) {
      await setSlider(p, POWER, 20 + 7 * i);
      await expect.poll(async () => (await shownNpv()).power).toBe(String(20 + 7 * i));
      seen.push(await shownNpv());
    }
    expect(new Set(seen.map((x) => x.npv)).size).toBeGreaterThan(5);
    // The focus is on the slider (not a text field): Ctrl+Z is the app's.
    for (let i = 9; i >= 0; i--) {
      await p.keyboard.press('Control+z');
      await expect.poll(async () => (await shownNpv()).power).toBe(seen[i].power);
      expect(await shownNpv()).toEqual(seen[i]);
    }
    expect(await p.locator('[data-testid=undo]').isDisabled()).toBe(true);
    await p.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await shownNpv()).power).toBe(seen[1].power);
    expect(await shownNpv()).toEqual(seen[1]);
    await p.locator('[data-testid=redo]').click();
    await expect.poll(shownNpv).toEqual(seen[2]);
    await p.locator('[data-testid=undo]').click();
    await expect.poll(shownNpv).toEqual(seen[1]);
    // A new change after an undo clears what could be redone.
    await setSlider(p, POWER, 99);
    await expect.poll(async () => (await shownNpv()).power).toBe('99');
    expect(await p.locator('[data-testid=redo]').isDisabled()).toBe(true);
    expect(s.consoleErrors).toEqual([]);
  });

  it('Ctrl+Z in a text field undoes the typing, not the scenario', async () => {
    const p = s.page;
    const before = await shownNpv();
    const name = p.locator('aside input[type=text]:visible').first();
    await name.focus();
    await p.keyboard.press('Control+z');
    // Nothing of the scenario moved: the power price and its answer are the ones before.
    await p.locator(`[data-testid="slider-${POWER}"] input[type=range]`).focus();
    expect(await shownNpv()).toEqual(before);
    await p.keyboard.press('Control+z');
    await expect.poll(async () => (await shownNpv()).power).not.toBe(before.power);
  });
});
