/**
 * @module test/web/undo.browser — undo and redo in Chromium against the real API: ten slider
 * changes, then ten Ctrl+Z, each bringing back the answer shown before that change (npvUsd equal,
 * digit for digit); Ctrl+Shift+Z and the buttons redo and undo; Ctrl+Z in a text field is the
 * field's own. A saved plan's history: the inputs on screen saved as its second version, which
 * lists the field changed (old → new, in units) and both versions' NPVs, as the API answers them,
 * and the two versions side by side.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanHistory, SavedPlan } from '../../api/plans/schema';
import { formatUsd } from '../../web/src/lib/format';
import { openSession, ready, SHOTS, setSlider, type BrowserSession } from './browser-setup';

const POWER = 'site.energyUsdPerMWh';
/** How long a condition may take on a busy machine. */
const WAIT = { timeout: 30_000 };
let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
});

/**
 * The NPV on screen once the complete answer is for the inputs on screen, as the page holds it: a
 * slider's preview (its marginal values still "Computing…") is replaced by the complete answer
 * when the inputs rest, whose NPV may differ from the preview's in the last digit of a double, and
 * only complete answers are kept for undo.
 */
async function shownNpv(): Promise<{ npv: string; power: string }> {
  await ready(s.page);
  await s.page.waitForSelector('[data-testid=marginal-values] .marginal-list', {
    state: 'attached',
    timeout: 30_000,
  });
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
      await expect.poll(async () => (await shownNpv()).power, WAIT).toBe(String(20 + 7 * i));
      seen.push(await shownNpv());
    }
    expect(new Set(seen.map((x) => x.npv)).size).toBeGreaterThan(5);
    // The focus is on the slider (not a text field): Ctrl+Z is the app's.
    for (let i = 9; i >= 0; i--) {
      await p.keyboard.press('Control+z');
      await expect.poll(async () => (await shownNpv()).power, WAIT).toBe(seen[i].power);
      expect(await shownNpv()).toEqual(seen[i]);
    }
    expect(await p.locator('[data-testid=undo]').isDisabled()).toBe(true);
    await p.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await shownNpv()).power, WAIT).toBe(seen[1].power);
    expect(await shownNpv()).toEqual(seen[1]);
    await p.locator('[data-testid=redo]').click();
    await expect.poll(shownNpv, WAIT).toEqual(seen[2]);
    await p.locator('[data-testid=undo]').click();
    await expect.poll(shownNpv, WAIT).toEqual(seen[1]);
    // A new change after an undo clears what could be redone.
    await setSlider(p, POWER, 99);
    await expect.poll(async () => (await shownNpv()).power, WAIT).toBe('99');
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
    await expect.poll(async () => (await shownNpv()).power, WAIT).not.toBe(before.power);
  });
});

describe('a saved plan’s versions in Chromium', () => {
  it('the second version lists the changed field and both NPVs, and the two compare side by side', async () => {
    const p = s.page;
    await p.goto(s.server.url);
    await ready(p);
    const created = await s.post<SavedPlan>('/api/plans', {
      name: 'History case',
      scenario: s.preset,
    });
    await p.locator('#tab-saved').click();
    const row = p.locator('[data-testid=saved-table] tbody tr[data-plan="History case"]');
    await row.locator('[data-testid=plan-history-button]').click();
    const history = p.locator('[data-testid=plan-history]');
    const versions = history.locator('[data-testid=history-table] tbody tr');
    await expect.poll(() => versions.count(), WAIT).toBe(1);
    // The inputs on screen, one field changed, saved as the next version.
    const before = s.preset.site!.energyUsdPerMWh;
    await setSlider(p, POWER, 61);
    await ready(p);
    await history.locator('[data-testid=save-version]').click();
    await expect.poll(() => versions.count(), WAIT).toBe(2);
    const api = await s.get<PlanHistory>(`/api/plans/${created.id}/versions`);
    expect(api.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(api.versions[1].npvUsd).toBe(created.answer.npvUsd);
    expect(api.versions[0].npvUsd).not.toBe(created.answer.npvUsd);
    expect(api.versions[0].changes).toEqual([
      { path: `scenario.${POWER}`, from: before, to: 61, unit: expect.stringMatching(/MWh/) },
    ]);
    const second = p.locator('[data-testid=history-table] tr[data-version="2"]');
    const first = p.locator('[data-testid=history-table] tr[data-version="1"]');
    expect(await second.locator('[data-testid=version-changes] li').allTextContents()).toEqual([
      `Power price: ${before} $/MWh → 61 $/MWh`,
    ]);
    for (const [tr, v] of [
      [second, api.versions[0]],
      [first, api.versions[1]],
    ] as const) {
      const npv = tr.locator('[data-testid=version-npv]');
      expect(await npv.getAttribute('data-value')).toBe(String(v.npvUsd));
      expect(await npv.textContent()).toBe(formatUsd(v.npvUsd));
    }
    // Side by side: the two versions' NPVs in the comparison, the older as the reference.
    const table = history.locator('[data-testid=saved-compare-table]');
    await expect
      .poll(() => table.locator('tr[data-kpi=npv] td').allTextContents(), WAIT)
      .toEqual([formatUsd(api.versions[1].npvUsd), formatUsd(api.versions[0].npvUsd)]);
    expect(await table.textContent()).toContain(`Power price ${before} $/MWh → 61 $/MWh`);
    await p.screenshot({ path: join(SHOTS, 'web-plan-history.png'), fullPage: true });
    expect(s.consoleErrors).toEqual([]);
  });
});
