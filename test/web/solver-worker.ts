/**
 * @module test/web/solver-worker — drives the app's built solver worker
 * (web/src/worker/solver.worker.ts) in a page: its file is found in the offline cache's list
 * (sw.js), and requests follow worker/protocol.ts. For the tests and the web benchmark that compare
 * the browser's answers and times with the server's.
 */
import type { Page } from 'playwright-core';

/** The built solver worker's path on the site, from the service worker's precache list. */
export async function solverWorkerPath(baseUrl: string): Promise<string> {
  const sw = await (await fetch(`${baseUrl}/sw.js`)).text();
  const list = JSON.parse(/const PRECACHE = (\[.*?\]);/.exec(sw)![1]) as string[];
  const worker = list.find((f) => /\/solver\.worker-[\w-]+\.js$/.test(f));
  if (!worker) throw new Error('no solver worker in the build');
  return worker;
}

// Page source text, not a function: tsx's and esbuild's name-keeping helpers would not exist inside
// the page.
const START = `async (path) => {
  const w = new Worker(path, { type: 'module' });
  let id = 0;
  const ask = (task) => new Promise((resolve, reject) => {
    const mine = ++id;
    const on = (e) => {
      if (e.data.id !== mine) return;
      if (e.data.type === 'result') { w.removeEventListener('message', on); resolve(e.data.value); }
      if (e.data.type === 'error') {
        w.removeEventListener('message', on);
        reject(new Error(JSON.stringify(e.data.error)));
      }
    };
    w.addEventListener('message', on);
    w.postMessage({ type: 'task', id: mine, task });
  });
  await ask({ kind: 'start' });
  globalThis.__solverWorker = { ask, close: () => w.terminate() };
}`;

/**
 * Starts one solver worker in `page` (kept on the page's global object) and waits until HiGHS has
 * loaded.
 */
export async function startSolverWorker(page: Page, path: string): Promise<void> {
  await page.evaluate(`(${START})(${JSON.stringify(path)})`);
}

/**
 * Asks the page's solver worker for an optimum; resolves with the answer and the time inside the
 * page, ms.
 */
export async function optimizeInWorker<T>(
  page: Page,
  scenario: unknown,
): Promise<{ answer: T; ms: number }> {
  return page.evaluate(`(async (body) => {
    const t0 = performance.now();
    const answer = await globalThis.__solverWorker.ask({ kind: 'optimize', body });
    return { answer, ms: performance.now() - t0 };
  })(${JSON.stringify(scenario)})`);
}
