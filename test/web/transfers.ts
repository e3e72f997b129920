/**
 * @module test/web/transfers — what a first and a repeat visit of the app cost on the wire, measured
 * in Chromium (docs/web.md, "Static files"): every request of the page, its workers and its service
 * worker (Playwright's network events, from the browser's own network log: bytes as transferred,
 * headers and body, 0 for an answer from the HTTP cache or the service worker's cache), each
 * placed before or after the first chart by when it finished against when the chart was drawn.
 * For the browser test and the web benchmark.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { launchBrowser } from './harness';

/** One request as it went over the wire. */
export interface Transfer {
  /** The path (and query) asked for. */
  readonly path: string;
  /** Bytes transferred, headers and body (0: from a cache). */
  readonly bytes: number;
  /** Content-Encoding of the answer ('' for none). */
  readonly encoding: string;
  /** Asked by the service worker (its install's precache, its own network fetches). */
  readonly byServiceWorker: boolean;
  /** Finished before the first chart was drawn. */
  readonly beforeChart: boolean;
}

/** A visit: its transfers, when the first chart was drawn (ms after navigation start). */
export interface Visit {
  readonly transfers: readonly Transfer[];
  readonly chartMs: number;
}

/** The slider moved to start the browser's solver. */
const SLIDER = 'hpcOptions.0.leaseUsdPerKwMonth';
/** The selector of the optimum's chart once it shows an answer. */
const CHART = '[data-testid=allocation-chart][data-answer] svg path[d]';
/** Records, from the first script on, when the chart first shows an answer (epoch ms). */
const FIRST_CHART = `(() => {
  const mo = new MutationObserver(() => {
    if (document.querySelector(${JSON.stringify(CHART)})) {
      globalThis.__firstChartEpochMs = performance.timeOrigin + performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true, attributes: true });
})()`;

/**
 * Moves the lease slider a step at a time until an answer is solved in the browser's workers (they
 * have loaded HiGHS), at most 60 steps of up to 3 s each.
 */
async function solvedInBrowser(page: Page): Promise<void> {
  const slider = page.locator(`[data-testid="slider-${SLIDER}"] input[type=range]`);
  const start = Number(await slider.inputValue());
  for (let i = 1; i <= 60; i++) {
    await slider.fill(String(start - i));
    const inBrowser = await page
      .waitForSelector('[data-testid=status][data-state=ready][data-solved-in=browser]', {
        state: 'attached',
        timeout: 3_000,
      })
      .then(
        () => true,
        () => false,
      );
    if (inBrowser) return;
  }
  throw new Error('the browser’s solver did not start');
}

/**
 * Opens `url` in `page` and waits until the optimum is drawn, the browser's solver workers have
 * loaded HiGHS (the status says the browser solves) and the service worker is active (its precache
 * done); every request of the context meanwhile is recorded.
 */
async function visit(context: BrowserContext, page: Page, url: string): Promise<Visit> {
  const pending: Promise<{ r: Request; bytes: number; encoding: string }>[] = [];
  const onFinished = (r: Request) =>
    pending.push(
      (async () => {
        const [sizes, response] = await Promise.all([r.sizes(), r.response()]);
        const headers = (await response?.allHeaders()) ?? {};
        return {
          r,
          bytes: Math.max(0, sizes.responseHeadersSize + sizes.responseBodySize),
          encoding: headers['content-encoding'] ?? '',
        };
      })(),
    );
  context.on('requestfinished', onFinished);
  try {
    await page.addInitScript(FIRST_CHART);
    await page.goto(url);
    await page.waitForSelector(CHART, { state: 'attached', timeout: 120_000 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await solvedInBrowser(page);
    const chartEpochMs = (await page.evaluate('globalThis.__firstChartEpochMs')) as number;
    const origin = (await page.evaluate('performance.timeOrigin')) as number;
    const done = await Promise.all(pending);
    return {
      chartMs: chartEpochMs - origin,
      transfers: done.map(({ r, bytes, encoding }) => {
        const t = r.timing();
        const u = new URL(r.url());
        return {
          path: u.pathname + u.search,
          bytes,
          encoding,
          byServiceWorker: r.serviceWorker() !== null,
          beforeChart: t.startTime + t.responseEnd <= chartEpochMs,
        };
      }),
    };
  } finally {
    context.off('requestfinished', onFinished);
  }
}

/**
 * A first visit of the app at `url` in a fresh Chromium profile, then a repeat visit (a new tab of
 * the same profile).
 */
export async function firstAndRepeatVisit(url: string): Promise<{ first: Visit; repeat: Visit }> {
  const browser = await launchBrowser();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const first = await visit(browser.context, page, url);
    await page.close();
    const repeat = await visit(browser.context, await browser.context.newPage(), url);
    return { first, repeat };
  } finally {
    await browser.close();
  }
}

/** Bytes of the transfers that pass `keep`. */
export const bytesOf = (ts: readonly Transfer[], keep: (t: Transfer) => boolean = () => true) =>
  ts.filter(keep).reduce((n, t) => n + t.bytes, 0);

/** Whether a transfer is one of the API's answers (data, not a file of the app). */
export const isApi = (t: Transfer) => t.path.startsWith('/api/');
