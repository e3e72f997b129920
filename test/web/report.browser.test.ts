/**
 * @module test/web/report.browser — the board report: GET /api/report of a preset and of a saved
 * plan (with a Monte Carlo run) printed to PDF by headless Chromium; page 1 rendered to an image by
 * pdftoppm; the PDF's text (pdftotext) holds the NPV, the uplift, the valuation basis and the date
 * of the market figures, equal to the API's answer of the same scenario. The app's Report view
 * prints the same figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonteCarloSummary, ScenarioInput, SolveResult } from '../../model/schema';
import { reportDay, reportMonth, reportPct, reportUsd, reportUsdDelta } from '../../model/report';
import { openSession, ready, type BrowserSession } from './browser-setup';
import { ROOT } from './harness';

/** Whether poppler's tools are installed (.ci/run installs poppler-utils). */
const hasPoppler = ['pdftotext', 'pdftoppm'].every((tool) => {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!hasPoppler)
  console.warn(
    'report.browser.test: pdftotext/pdftoppm not found: the board report PDF tests are SKIPPED ' +
      '(install poppler-utils: apt-get install -y poppler-utils)',
  );

/** The calibration's last day, read from the data file itself (not through the report's code). */
const historyEnds = JSON.parse(readFileSync(join(ROOT, 'data/calibration.json'), 'utf8'))
  .historyEnds as string;

let s: BrowserSession;
let dir: string;

beforeAll(async () => {
  if (!hasPoppler) return;
  dir = await mkdtemp(join(tmpdir(), 'switchyard-report-'));
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Prints what `page` shows to a PDF, renders page 1 to a PNG; returns the PNG's path and the PDF's
 * text with its white space folded.
 */
async function printed(page: Page, name: string): Promise<{ png: string; text: string }> {
  const pdf = join(dir, `${name}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-png', pdf, join(dir, name)]);
  const png = [join(dir, `${name}-1.png`), join(dir, `${name}-01.png`)].find(existsSync)!;
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  return { png, text };
}

/** The report's figures of an answer, written the way the report writes them. */
function expectedFigures(answer: SolveResult) {
  const basis = answer.kpis!.npvBasis!;
  return {
    npv: `NPV ${reportUsd(answer.npvUsd)}`,
    uplift: `Uplift over mining only ${reportUsdDelta(answer.kpis!.npvVsMiningOnlyUsd)}`,
    basis:
      `${basis.method === 'firm' ? 'Firm' : 'Equity'} value at ` +
      `${reportPct(basis.discountRatePerYear)} a year, as of ${reportMonth(basis.asOfMonth)}`,
    marketDate: `to ${reportDay(historyEnds)}`,
  };
}

/** Asserts the PDF page image exists and is not blank, and the text holds the figures. */
function expectReport(out: { png: string; text: string }, answer: SolveResult) {
  expect(statSync(out.png).size, out.png).toBeGreaterThan(10_000);
  for (const [what, wanted] of Object.entries(expectedFigures(answer)))
    expect(out.text, what).toContain(wanted);
}

describe.skipIf(!hasPoppler)('the board report, printed by headless Chromium', () => {
  it('GET /api/report?preset=texas-100mw holds the optimum of /api/optimize', async () => {
    const preset = await s.get<ScenarioInput>('/api/presets/texas-100mw');
    const answer = await s.post<SolveResult>('/api/optimize', preset);
    expect(answer.status).toBe('optimal');
    const res = await s.page.goto(`${s.server.url}/api/report?preset=texas-100mw`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    const out = await printed(s.page, 'preset');
    expectReport(out, answer);
    expect(out.text).toContain('Market figures as of 12 Jan 2026');
    expect(out.text).toContain(`Status: ${answer.status}`);
  });

  it('GET /api/report?plan=ID holds the saved answer, equal to /api/optimize, and a Monte Carlo run', async () => {
    const preset = await s.get<ScenarioInput>('/api/presets/barber-lake');
    const answer = await s.post<SolveResult>('/api/optimize', preset);
    const saved = await s.post<{ id: string; answer: SolveResult }>('/api/plans', {
      name: 'Board pack — Barber Lake',
      scenario: preset,
    });
    expect(saved.answer.npvUsd).toBe(answer.npvUsd);
    const mc = await s.post<MonteCarloSummary & { id: string }>('/api/montecarlo', {
      scenario: preset,
      plan: saved.answer.plan,
      paths: 12,
      seed: 7,
      btc: { volatilityPerYear: 0.6 },
      network: { volatilityPerYear: 0.3, correlation: 0.2 },
    });
    const res = await s.page.goto(
      `${s.server.url}/api/report?plan=${saved.id}&montecarlo=${mc.id}`,
    );
    expect(res?.status()).toBe(200);
    const out = await printed(s.page, 'plan');
    expectReport(out, answer);
    expect(out.text).toContain('Saved plan “Board pack — Barber Lake”, version 1');
    const p = mc.plan.npvPercentilesUsd!;
    for (const [k, usd] of Object.entries({ P10: p.p10, P50: p.p50, P90: p.p90 }))
      expect(out.text).toContain(`NPV ${k} ${reportUsd(usd)}`);
  });

  it('answers 400 without exactly one of preset and plan, 404 for an unknown one', async () => {
    const status = async (q: string) => (await fetch(`${s.server.url}/api/report${q}`)).status;
    expect(await status('')).toBe(400);
    expect(await status('?preset=texas-100mw&plan=00000000-0000-4000-8000-000000000000')).toBe(400);
    expect(await status('?preset=nowhere')).toBe(404);
    expect(await status('?plan=00000000-0000-4000-8000-000000000000')).toBe(404);
  });
});

describe.skipIf(!hasPoppler)('the app\u2019s Report view', () => {
  it('prints the same figures as the API report of the scenario on screen', async () => {
    const answer = await s.post<SolveResult>('/api/optimize', s.preset);
    await s.page.goto(s.server.url);
    await ready(s.page);
    await s.page.click('#tab-report');
    await s.page.waitForSelector('[data-testid=report-view] [data-testid=report-npv]');
    // page.pdf() lays the page out for print (its print CSS) at A4, as the print dialog does.
    const out = await printed(s.page, 'view');
    expectReport(out, answer);
    // The app's chrome is not printed: no editor, no tabs.
    expect(out.text).not.toContain('Share link');
    expect(out.text).not.toContain('Plans & comparison');
  });

  it('fits a 390 × 844 phone: nothing overflows sideways, its tables scroll in their own frame', async () => {
    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.goto('about:blank');
    await s.page.goto(`${s.server.url}/#v=report`);
    await ready(s.page);
    await s.page.waitForSelector('[data-testid=report-view] [data-testid=report-npv]');
    const m = await s.page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      view: document.querySelector('[data-testid=report-view]')!.getBoundingClientRect().right,
      frames: [...document.querySelectorAll('.report-scroll')].map(
        (f) => f.getBoundingClientRect().right,
      ),
    }));
    expect(m.scrollWidth).toBeLessThanOrEqual(390);
    expect(m.view).toBeLessThanOrEqual(390);
    for (const right of m.frames) expect(right).toBeLessThanOrEqual(390);
    await s.page.setViewportSize({ width: 1440, height: 900 });
  });
});
