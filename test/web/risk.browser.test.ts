/**
 * @module test/web/risk.browser — risk in Chromium against the real API: the bear/base/bull panel
 * on the optimum view shows the API's own two-stage answer for the same scenario (expected NPV and
 * each case's NPV, formatted the same way) and rejects a bad probability in its own units; the Risk
 * view's Monte Carlo run of 100 paths shows the API's median NPV and probability for the same
 * request, and a long run can be cancelled; nothing overflows sideways at 390 px. The policy run shows
 * the share of paths each risk hits and the BTC held; the mode switch changes the request, and a
 * scenario with a tax block runs the policy simulator after tax. Cancel, and
 * leaving the view, cancel the run on the server. Screenshots go to test-results/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolveResult } from '../../model/schema';
import type { MonteCarloSummary } from '../../model/montecarlo-stats';
import { formatPct, formatUsd } from '../../web/src/lib/format';
import type { MonteCarloAnswer } from '../../web/src/lib/montecarlo-api';
import { CALIBRATION_NOTE, DEFAULT_RISK_FORM } from '../../web/src/lib/risk';
import { openPreset, openSession, ready, SHOTS, type BrowserSession } from './browser-setup';

let s: BrowserSession;

beforeAll(async () => {
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
});

/**
 * The scenario with the panel's default cases, as the API's documentation states them (not from the
 * app's code).
 */
function withDefaultCases(scenario: BrowserSession['preset']) {
  const [y, m] = scenario.startMonth.split('-').map(Number);
  const reveal = new Date(Date.UTC(y, m - 1 + 12, 1)).toISOString().slice(0, 7);
  return {
    ...scenario,
    uncertainty: {
      revealMonth: reveal,
      scenarios: [
        { name: 'bear', probability: 0.25, hashpriceMultiplier: 0.5 },
        { name: 'base', probability: 0.45, hashpriceMultiplier: 1 },
        { name: 'bull', probability: 0.3, hashpriceMultiplier: 1.5 },
      ],
    },
  };
}

/** The Risk view at 390 px wide; its input of a field by name. */
async function openRiskView() {
  const p = s.page;
  await p.setViewportSize({ width: 390, height: 844 });
  await p.goto(s.server.url);
  await ready(p);
  await p.locator('#tab-risk').click();
  return (name: string) => p.locator(`[data-testid=risk-view] input[data-field=${name}]`);
}

/** Runs the Risk view's Monte Carlo: the request it sent, once the answer is shown. */
async function runRisk(): Promise<any> {
  const p = s.page;
  const request = p.waitForRequest(
    (r) => r.url().endsWith('/api/montecarlo') && r.method() === 'POST',
  );
  await p.locator('[data-testid=risk-run]').click();
  const body = (await request).postDataJSON();
  await p.waitForSelector('[data-testid=risk-view][data-state=ready]', { timeout: 180_000 });
  return body;
}

describe('risk in Chromium', () => {
  it('the bear/base/bull panel shows the two-stage answer of the API for the same scenario', async () => {
    const p = s.page;
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(s.server.url);
    await ready(p);
    await p.locator('[data-testid=uncertainty-toggle]').check();
    await p.waitForSelector('[data-testid=uncertainty-results][data-state=ready]', {
      timeout: 120_000,
    });
    const answer = await s.post<SolveResult>('/api/optimize', withDefaultCases(s.preset));
    expect(answer.status).toBe('optimal');
    expect(await p.locator('[data-testid=expected-npv]').textContent()).toBe(
      formatUsd(answer.npvUsd),
    );
    const shown = await p
      .locator('[data-testid=case-npv]')
      .evaluateAll((ds) => ds.map((d) => [d.getAttribute('data-case'), d.textContent]));
    expect(shown).toEqual(answer.scenarios!.map((c) => [c.name, formatUsd(c.npvUsd)]));
    expect(await p.locator('[data-testid=evpi]').textContent()).toBe(formatUsd(answer.evpiUsd));
    expect(await p.locator('[data-testid=vss]').textContent()).toBe(formatUsd(answer.vssUsd));
    const sentences = await p.locator('[data-testid=case-sentences] li').allTextContents();
    expect(sentences.map((t) => t.split(':')[0])).toEqual(['bear', 'base', 'bull']);
    for (const [i, name] of ['bear', 'base', 'bull'].entries()) {
      const builds = answer.plan.builds.filter((b) => b.case === name && b.mw > 1e-6);
      expect(sentences[i].includes('converts'), `${name}: ${sentences[i]}`).toBe(builds.length > 0);
    }
    // With the cases on, the optimum view still gives every drawn meaning its own colour.
    const drawn = await p.$$eval('main [data-series]', (els) =>
      els.map((e) => {
        const cs = getComputedStyle(e);
        return [
          e.getAttribute('data-series') ?? '',
          cs.stroke && cs.stroke !== 'none' ? cs.stroke : cs.fill,
        ] as const;
      }),
    );
    const meaningOf = new Map<string, string>();
    for (const [key, color] of drawn) {
      expect(
        meaningOf.get(color) ?? key,
        `${color} drawn for ${key} and ${meaningOf.get(color)}`,
      ).toBe(key);
      meaningOf.set(color, key);
    }
    expect(await p.locator('[data-testid=case-chart] path[data-series^="case:"]').count()).toBe(3);
    await p.waitForFunction(() => document.documentElement.scrollWidth <= 390, undefined, {
      timeout: 30_000,
    });
    await p.screenshot({ path: join(SHOTS, 'web-risk-cases-390.png'), fullPage: true });

    // A probability out of range is stated in %, and the sum is checked; nothing is sent meanwhile.
    const bear = p.locator(
      '[data-testid=uncertainty-panel] input[data-field="cases.0.probabilityPct"]',
    );
    await bear.fill('150');
    await expect
      .poll(() => p.locator('[data-testid=uncertainty-panel]').textContent())
      .toContain('must be at most 100 %');
    await bear.fill('20');
    await expect
      .poll(() => p.locator('[data-testid=probabilities-error]').textContent())
      .toContain('add up to 95 %');
    expect(s.consoleErrors).toEqual([]);
  }, 240_000);

  it('the Risk view shows the Monte Carlo answer of the API for the same request, and cancels a run', async () => {
    const p = s.page;
    const field = await openRiskView();
    await field('paths').fill('100');
    await field('seed').fill('7');
    await p.locator('[data-testid=risk-run]').click();
    await p.waitForSelector('[data-testid=risk-view][data-state=ready]', { timeout: 180_000 });
    // The defaults on screen are the calibrated ones, each saying so (docs/market.md).
    expect(await field('btcVolatilityPct').inputValue()).toBe(DEFAULT_RISK_FORM.btcVolatilityPct);
    expect(await field('correlation').inputValue()).toBe(DEFAULT_RISK_FORM.correlation);
    expect(
      await p.locator('[data-testid=risk-calibrated-networkVolatilityPct]').textContent(),
    ).toContain(CALIBRATION_NOTE);
    // The request as docs/montecarlo.md states it: volatilities per √year (the defaults on
    // screen, in %/√yr), the correlation as typed.
    const answer = await s.post<MonteCarloSummary>('/api/montecarlo', {
      scenario: s.preset,
      paths: 100,
      seed: 7,
      btc: { volatilityPerYear: Number(DEFAULT_RISK_FORM.btcVolatilityPct) / 100 },
      network: {
        volatilityPerYear: Number(DEFAULT_RISK_FORM.networkVolatilityPct) / 100,
        correlation: Number(DEFAULT_RISK_FORM.correlation),
      },
    });
    // The web's own type of the answer must hold the model's summary (checked by tsc).
    const asTheWebReadsIt: Omit<MonteCarloAnswer, 'id'> = answer;
    expect(await p.locator('[data-testid=risk-p50]').textContent()).toBe(
      formatUsd(asTheWebReadsIt.plan.npvPercentilesUsd!.p50),
    );
    expect(await p.locator('[data-testid=risk-probability]').textContent()).toBe(
      formatPct(answer.probabilityConversionBeatsMining),
    );
    expect(await p.locator('[data-testid=risk-unfunded]').textContent()).toBe(
      formatPct(answer.plan.unfundedShare),
    );
    expect(
      await p.locator('[data-testid=risk-table] tbody tr[data-key=p50] td').first().textContent(),
    ).toBe(formatUsd(answer.plan.npvPercentilesUsd!.p50));
    expect(await p.locator('[data-testid=npv-histogram] [data-series=plan] rect').count()).toBe(
      answer.histogram.plan.length,
    );
    await p.waitForFunction(() => document.documentElement.scrollWidth <= 390, undefined, {
      timeout: 30_000,
    });
    await p.screenshot({ path: join(SHOTS, 'web-risk-montecarlo-390.png'), fullPage: true });

    // A long run shows its progress and stops on Cancel; the answer on screen is then marked as not
    // for these inputs.
    await field('paths').fill('50000');
    await p.locator('[data-testid=risk-run]').click();
    await p.waitForSelector('[data-testid=risk-progress]', { timeout: 60_000 });
    await p.waitForSelector('[data-testid=risk-view][data-run]', { timeout: 60_000 });
    const run = await p.locator('[data-testid=risk-view]').getAttribute('data-run');
    await p.locator('[data-testid=risk-cancel]').click();
    await p.waitForSelector('[data-testid=risk-view][data-state=cancelled]', { timeout: 30_000 });
    await p.waitForSelector('[data-testid=risk-cancelled]');
    expect(await p.locator('[data-testid=risk-run]').isEnabled()).toBe(true);
    // The connection closed, so the server cancelled the run before its last path.
    await expect
      .poll(async () => (await s.get<{ status: string }>(`/api/montecarlo/${run}`)).status, {
        timeout: 60_000,
      })
      .toBe('cancelled');
    const state = await s.get<{ done: number; total: number }>(`/api/montecarlo/${run}`);
    expect(state.done).toBeLessThan(state.total);

    // Leaving the view during a run cancels it too; coming back shows the inputs and the last
    // answer again.
    await p.locator('[data-testid=risk-run]').click();
    await p.waitForFunction(
      (old) => {
        const id = document.querySelector('[data-testid=risk-view]')?.getAttribute('data-run');
        return !!id && id !== old;
      },
      run,
      { timeout: 60_000 },
    );
    const second = await p.locator('[data-testid=risk-view]').getAttribute('data-run');
    await p.locator('#tab-optimum').click();
    await expect
      .poll(async () => (await s.get<{ status: string }>(`/api/montecarlo/${second}`)).status, {
        timeout: 60_000,
      })
      .toBe('cancelled');
    await p.locator('#tab-risk').click();
    expect(await field('paths').inputValue()).toBe('50000');
    expect(await p.locator('[data-testid=risk-p50]').textContent()).toBe(
      formatUsd(answer.plan.npvPercentilesUsd!.p50),
    );
    expect(await p.locator('[data-testid=risk-results]').getAttribute('class')).toContain('stale');
    expect(s.consoleErrors).toEqual([]);
  }, 300_000);

  it('the Risk view shows the risk shares and the BTC held, and switches to the hindsight bound', async () => {
    const p = s.page;
    const field = await openRiskView();
    await field('paths').fill('40');
    await field('seed').fill('3');
    await field('holdSharePct').fill('50');
    await field('loanMaxLtvPct').fill('50');
    await field('loanRatePct').fill('10');
    await field('marginCallLtvPct').fill('70');
    const sent = runRisk;
    const policy = await sent();
    expect(policy).toMatchObject({
      paths: 40,
      seed: 3,
      mode: 'policy',
      treasury: { holdShare: 0.5, loan: { maxLtv: 0.5, ratePerYear: 0.1, marginCallLtv: 0.7 } },
    });
    const answer = await s.post<MonteCarloSummary>('/api/montecarlo', policy);
    const shares = answer.plan.riskShares!;
    for (const risk of ['tenantDefault', 'slip', 'capexOverrun'] as const)
      expect(await p.locator(`[data-testid=risk-share-${risk}]`).textContent()).toBe(
        formatPct(shares[risk]),
      );
    expect(await p.locator('[data-testid=risk-btc-held]').textContent()).toContain(' BTC');
    expect(await p.locator('[data-testid=risk-margin-calls]').textContent()).toBe(
      formatPct(answer.plan.marginCallShare),
    );
    expect(await p.locator('[data-testid=risk-paths-per-second]').textContent()).toMatch(
      /paths\/s per thread/,
    );
    expect(
      await p
        .locator('[data-testid=hashprice-fan] [data-series=hashprice-fan][data-percentile=p50]')
        .count(),
    ).toBe(1);
    await p.waitForFunction(() => document.documentElement.scrollWidth <= 390, undefined, {
      timeout: 30_000,
    });
    await p.screenshot({ path: join(SHOTS, 'web-risk-policy-390.png'), fullPage: true });

    // The hindsight bound: its one line, no treasury input, and the request says so.
    await p.locator('[data-testid=risk-mode-hindsight]').click();
    expect(await p.locator('[data-testid=risk-mode-note]').textContent()).toContain(
      'the perfect-foresight bound, kinder than any real policy',
    );
    expect(await field('holdSharePct').count()).toBe(0);
    const hindsight = await sent();
    expect(hindsight.mode).toBe('hindsight');
    expect(hindsight).not.toHaveProperty('treasury');
    expect(await p.locator('[data-testid=risk-simulation]').getAttribute('data-mode')).toBe(
      'hindsight',
    );
    expect(await p.locator('[data-testid=risk-shares]').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  }, 300_000);

  it('a scenario with a tax block runs the policy simulator after tax in the Risk view', async () => {
    const p = s.page;
    const field = await openRiskView();
    await p.locator('#tab-optimum').click();
    await openPreset(p, 'riot-portfolio');
    await p.locator('#tab-risk').click();
    await field('paths').fill('3');
    expect(await p.locator('[data-testid=risk-mode]').textContent()).not.toContain('tax block');
    expect(await field('holdSharePct').count()).toBe(1);
    const request = p.waitForRequest(
      (r) => r.url().endsWith('/api/montecarlo') && r.method() === 'POST',
    );
    await p.locator('[data-testid=risk-run]').click();
    const sent = (await request).postDataJSON();
    expect(sent.mode).toBe('policy');
    expect(sent.scenario.tax.ratePerYear).toBeGreaterThan(0);
    await p.waitForSelector('[data-testid=risk-view][data-state=ready]', { timeout: 240_000 });
    expect(await p.locator('[data-testid=risk-simulation]').getAttribute('data-mode')).toBe(
      'policy',
    );
    expect(s.consoleErrors).toEqual([]);
  }, 300_000);

  it('the Risk view sends slips, overruns and the idle limit, and the share of slipped paths follows', async () => {
    const p = s.page;
    const field = await openRiskView();
    await field('paths').fill('20');
    await field('seed').fill('5');
    const run = async () => {
      const body = await runRisk();
      return { body, slip: await p.locator('[data-testid=risk-share-slip]').textContent() };
    };
    const before = await run();
    expect(before.body.policy).toEqual({ sellAfterIdleMonths: 6 });
    expect(before.body).not.toHaveProperty('risks');
    expect(before.slip).toBe(formatPct(0));
    // A delay out of range is named in its units, beside its input.
    await field('slipProbabilityPct').fill('100');
    await field('slipMonths').fill('70');
    expect(await p.locator('[data-testid=risk-policy] .error').textContent()).toBe(
      'must be at most 60 months',
    );
    await field('slipMonths').fill('3');
    await field('capexOverrunVolPct').fill('20');
    await field('sellAfterIdleMonths').fill('4');
    expect(await p.locator('[data-testid=risk-policy] .error').count()).toBe(0);
    const after = await run();
    expect(after.body).toMatchObject({
      mode: 'policy',
      policy: { sellAfterIdleMonths: 4 },
      risks: { slip: { probability: 1, months: 3 }, capexOverrun: { volatility: 0.2 } },
    });
    // Every build slips on every path.
    expect(after.slip).toBe(formatPct(1));
    const answer = await s.post<MonteCarloSummary>('/api/montecarlo', after.body);
    expect(answer.plan.riskShares!.slip).toBe(1);
    expect(s.consoleErrors).toEqual([]);
  }, 300_000);
});
