/**
 * @module scripts/bench-web — the app in headless Chromium on the default preset, the browser's
 * solver beside the server's in the same run (`?solve=server` in the address solves on the server):
 * slider move → redrawn optimum, p50/p95 over `BENCH_WEB_MOVES` moves (default 40, each to a value
 * not solved before, after the previous answer is drawn; timed inside the page from the input event
 * to the frame after the allocation chart shows the answer), and as many made at a frame's start as a
 * drag's are (`BENCH_WEB_ALIGNED_LIST=1` lists them); the default decision map's time
 * estimate (from its first cells, and the one shown before it runs) against its measured time; a
 * 21 × 21 decision map in the browser and on the server (browser ÷ server); and the first
 * load and a repeat visit on the wire (test/web/transfers.ts): bytes to the first chart, HiGHS'
 * WebAssembly, the rest, and what a repeat visit transfers. The server solves
 * in-process (`BENCH_WEB_POOL=1`: the worker pool of `npm start`); its analysis threads are warmed
 * up first, as `npm start` warms them. Run: `npx tsx
 * scripts/bench-web.ts` (also run by `npm run bench` when Chromium is installed).
 */
import type { Page } from 'playwright-core';
import type { SolveRunner } from '../api/runner';
import { buildWeb, launchBrowser, startServer } from '../test/web/harness';
import { bytesOf, firstAndRepeatVisit, isApi, type Transfer } from '../test/web/transfers';
import { analysisPool } from '../api/analysis-pool';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import { ScenarioSchema } from '../model/schema';

const MOVES = Math.max(40, Number(process.env.BENCH_WEB_MOVES ?? 40));
const SLIDER = 'hpcOptions.0.leaseUsdPerKwMonth';
const BIG_MAP = 21;
/** `BENCH_WEB_SLIDER_ONLY=1`: the browser's slider moves and cold solves alone (a minute or two). */
const SLIDER_ONLY = process.env.BENCH_WEB_SLIDER_ONLY === '1';
/**
 * `BENCH_WEB_MAP_ONLY=1`: the default map's time estimate alone, in `BENCH_WEB_MAP_RUNS` fresh pages
 * per place (default 5): no slider moves, no 21 × 21 map, no visits on the wire (a few minutes).
 */
const MAP_ONLY = process.env.BENCH_WEB_MAP_ONLY === '1';
const MAP_RUNS = Math.max(1, Number(process.env.BENCH_WEB_MAP_RUNS ?? 5));
/**
 * `BENCH_WEB_BIG_MAP_ONLY=1`: the 21 × 21 map alone, browser against server, in
 * `BENCH_WEB_MAP_RUNS` fresh pages per place (default 2 here), with where the browser's time goes.
 */
const BIG_MAP_ONLY = process.env.BENCH_WEB_BIG_MAP_ONLY === '1';

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}

/**
 * Times one slider move in the page: input event → the frame after the new answer is drawn; and
 * where it was solved. Written as page source text: tsx's name-keeping helpers would not exist
 * inside the page.
 */
const MOVE_SOURCE =
  `async ({ slider, value, aligned }) => {
  const input = document.querySelector('[data-testid="slider-' + slider + '"] input[type=range]');
  if (Number(input.max) < value) input.max = String(value);
  const answerOf = () => document.querySelector('[data-testid=allocation-chart]')?.getAttribute('data-answer');
  const status = () => document.querySelector('[data-testid=status]');
  const ready = () => status()?.dataset.state === 'ready';
  const before = answerOf();
  let t0 = 0;
  const move = () => {
    performance.clearResourceTimings();
    t0 = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  // Aligned: at the start of a frame, where Chromium delivers a dragged slider's events.
  if (aligned) await new Promise((r) => requestAnimationFrame(() => { move(); r(null); }));
  else move();
  const drawn = await new Promise((resolve) => {
    const done = () => answerOf() !== before && ready();
    if (done()) return resolve(true);
    setTimeout(() => resolve(false), 15000);
    const mo = new MutationObserver(() => {
      if (done()) { mo.disconnect(); resolve(true); }
    });
    mo.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-answer', 'data-state'] });
  });
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  const total = drawn ? performance.now() - t0 : NaN;
  const api = performance.getEntriesByType('resource')` +
  `.filter((e) => e.name.endsWith('/api/optimize')).map((e) => e.duration);
  const solves = performance.getEntriesByName('switchyard:optimize').filter((e) => e.startTime >= t0);
  const last = solves[solves.length - 1];
  const solveMs = Number(document.querySelector('.solver-line')?.dataset.solveMs ?? NaN);
  return { total, api: api[api.length - 1] ?? last?.duration ?? NaN, ` +
  `solveMs, place: status()?.dataset.solvedIn ?? '', solves: solves.length, ` +
  `sent: last ? last.startTime - t0 : NaN, answered: last ? last.startTime + last.duration - t0 : NaN, ` +
  `workerMs: last?.detail?.workerMs ?? NaN };
}`;

/**
 * The cold solve of the slider's LP in the browser: a fresh solver worker (the app's own script,
 * no live model, no basis) answers the default preset at `lease` after a warm-up on another shape
 * (48 months, so that JIT and WebAssembly start-up are paid); the answer's `solver.ms`. Five
 * workers, one cold solve each.
 */
const COLD_SOURCE = `async ({ lease, samples, url }) => {
  const preset = await (await fetch('/api/presets/' + ${JSON.stringify(DEFAULT_PRESET_ID)})).json();
  const scenario = preset.scenario ?? preset;
  const out = [];
  for (let k = 0; k < samples; k++) {
    const w = new Worker(url, { type: 'module' });
    globalThis.__coldWorker = w;
    let id = 0;
    const ask = (task) => new Promise((resolve, reject) => {
      const me = ++id;
      w.onerror = (ev) => reject(new Error('worker error: ' + (ev.message ?? ev)));
      w.onmessage = (ev) => {
        if (ev.data.id !== me) return;
        if (ev.data.type === 'result') resolve(ev.data.value);
        else if (ev.data.type === 'error') reject(new Error(ev.data.error.message));
      };
      w.postMessage({ type: 'task', id: me, task });
    });
    await ask({ kind: 'start' });
    await ask({ kind: 'optimize', body: { ...scenario, horizonMonths: 48 } });
    const body = structuredClone(scenario);
    body.hpcOptions[0].leaseUsdPerKwMonth = lease;
    const answer = await ask({ kind: 'optimize', body });
    out.push(answer.solver.ms);
    w.terminate();
  }
  return out;
}`;

const coldSolves = (page: Page, lease: number, url: string): Promise<number[]> =>
  page.evaluate(`(${COLD_SOURCE})(${JSON.stringify({ lease, samples: 5, url })})`);

/** The browser's slider against the worker's cold solve (printed as soon as they are measured). */
function sliderFigures(totals: number[], solves: number[], colds: number[]): void {
  const cold = quantile(colds, 0.5);
  console.log(
    `  the worker's cold solve of the same LP p50 ${f(cold)} (a fresh worker, no basis) · ` +
      `its re-solve on the live model p50 ${f(quantile(solves, 0.5))} (answer's solver.ms)`,
  );
  console.log(
    `  slider → redrawn p95 ${f(quantile(totals, 0.95))} ÷ cold solve ` +
      `${(quantile(totals, 0.95) / cold).toFixed(2)} (target ≤ 1.0) · re-solve p50 ÷ cold ` +
      `${(quantile(solves, 0.5) / cold).toFixed(2)} (target ≤ 0.2)`,
  );
}

/**
 * One move: its total, the request's time (the fetch or the worker's task), the LP re-solve
 * (`solver.ms`), where it was solved; in the browser also the worker tasks it started, when the
 * last was sent and answered (ms after the input event) and the worker's own time on it.
 */
/**
 * Where a browser move's time goes, p50 and p95 of each part: the input event until the worker is
 * asked, the worker's own time (of which the LP's re-solve), the messages and any wait for the
 * worker, and the answer until the frame that shows it is drawn.
 */
function whereTheTimeGoes(moves: readonly Move[]): void {
  const parts: [string, (m: Move) => number][] = [
    ['input → worker asked', (m) => m.sent],
    ["worker's own time", (m) => m.workerMs],
    ['  of which the LP re-solve', (m) => m.solveMs],
    ['messages and wait', (m) => m.answered - m.sent - m.workerMs],
    ['answer → drawn frame', (m) => m.total - m.answered],
    ['the move, input → drawn frame', (m) => m.total],
  ];
  console.log("  where a move's time goes (ms):              p50      p95");
  for (const [name, of] of parts) {
    const xs = moves.map(of).filter(Number.isFinite);
    console.log(`    ${name.padEnd(38)} ${f(quantile(xs, 0.5))}  ${f(quantile(xs, 0.95))}`);
  }
  const extra = moves.filter((m) => m.solves !== 1).length;
  if (extra) console.log(`    moves that asked the worker other than once: ${extra}`);
}

type Move = {
  total: number;
  api: number;
  solveMs: number;
  place: string;
  solves: number;
  sent: number;
  answered: number;
  workerMs: number;
};
const moveOnce = (page: Page, value: number, aligned = false): Promise<Move> =>
  page.evaluate(`(${MOVE_SOURCE})(${JSON.stringify({ slider: SLIDER, value, aligned })})`);

const f = (x: number) => x.toFixed(1).padStart(7);
const kB = (b: number) => `${(b / 1024).toFixed(0)} kB`;

/**
 * The default map's estimate before it runs, from its first cells (shown while it runs, kept for
 * its inputs) and its measured time (the map's own `ms`, shown once drawn).
 */
async function defaultMap(page: Page) {
  // Every estimate shown while the map runs (its pace so far, updated at each progress).
  await page.evaluate(`(() => {
    const seen = (globalThis.__mapEstimates = []);
    const note = () => {
      const e = document.querySelector('[data-testid=map-estimate]');
      const s = Number(e?.getAttribute('data-seconds'));
      if (e?.textContent?.includes('so far') && s !== seen[seen.length - 1]) seen.push(s);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ['data-seconds'],
    });
  })()`);
  await page.locator('#tab-analyses').click();
  const est = page.locator('[data-testid=map-estimate]');
  await est.waitFor({ timeout: 120_000 });
  const estimated = Number(await est.getAttribute('data-seconds'));
  const from = ((await est.textContent()) ?? '').replace(/.*\((from [^)]*)\).*/s, '$1');
  await page.waitForSelector('[data-testid=map-panel][data-state=ready]', {
    state: 'attached',
    timeout: 300_000,
  });
  await page.waitForFunction(
    () =>
      document
        .querySelector('[data-testid=map-estimate]')
        ?.textContent?.includes('from the last map'),
    undefined,
    { timeout: 60_000 },
  );
  const measured = Number(await est.getAttribute('data-seconds'));
  const firstCells = Number(await est.getAttribute('data-first-cells-seconds'));
  const cells = Number(
    await page.locator('[data-testid=heatmap-chart]').getAttribute('data-cells'),
  );
  const running = (await page.evaluate('globalThis.__mapEstimates')) as number[];
  return { estimated, from, firstCells, measured, cells, running };
}

/** The default map (`defaultMap`), then a BIG_MAP × BIG_MAP map's time and its estimate. */
async function maps(page: Page, around?: () => Promise<() => Promise<void>>) {
  const small = await defaultMap(page);
  const est = page.locator('[data-testid=map-estimate]');
  const after = await around?.();
  const t0 = Date.now();
  for (const axis of ['x', 'y']) {
    await page.fill(`#map-${axis}-steps`, String(BIG_MAP));
    await page.press(`#map-${axis}-steps`, 'Tab');
  }
  await page.waitForSelector(`[data-testid=heatmap-chart][data-cells="${BIG_MAP * BIG_MAP}"]`, {
    state: 'attached',
    timeout: 600_000,
  });
  await page.waitForSelector('[data-testid=map-panel][data-state=ready]', {
    state: 'attached',
    timeout: 600_000,
  });
  const bigWall = (Date.now() - t0) / 1000;
  await after?.();
  const big = Number(await est.getAttribute('data-seconds'));
  // The big map runs alone (the tornado and breakevens of these inputs are drawn already).
  const bigFirstCells = Number(await est.getAttribute('data-first-cells-seconds'));
  await page.locator('#tab-optimum').click();
  return { ...small, big, bigWall, bigFirstCells };
}

/** One default map's estimates ÷ its measured time, as printed. */
function mapEstimateLine(place: string, m: Awaited<ReturnType<typeof defaultMap>>): string {
  const ratio = m.firstCells / m.measured;
  return (
    `map time estimate, default preset, ${m.cells} cells, ${place}: from its first ` +
    `cells ${m.firstCells.toFixed(2)} s, measured ${m.measured.toFixed(2)} s ` +
    `(estimate ÷ measured ×${ratio.toFixed(2)}) → within 1.5×: ` +
    `${ratio >= 1 / 1.5 && ratio <= 1.5 ? 'met' : 'not met'}; before it ran ` +
    `${m.estimated.toFixed(2)} s (${m.from}, ×${(m.estimated / m.measured).toFixed(2)}); ` +
    (m.running.length
      ? `the ${m.running.length} shown while it ran ` +
        `×${(Math.min(...m.running) / m.measured).toFixed(2)}–` +
        `×${(Math.max(...m.running) / m.measured).toFixed(2)}`
      : 'none shown while it ran')
  );
}

/**
 * The first and the repeat visit on the wire (test/web/transfers.ts): before the first chart, the
 * WebAssembly, the rest, and what a repeat visit transfers.
 */
function printVisits({ first, repeat }: Awaited<ReturnType<typeof firstAndRepeatVisit>>) {
  const sent = (t: Transfer) => t.bytes > 0;
  const before = first.transfers.filter((t) => t.beforeChart);
  const wasm = first.transfers.filter((t) => t.path.endsWith('.wasm'));
  const wasmSent = wasm.filter(sent);
  console.log(
    `first load (fresh profile): ${kB(bytesOf(before))} transferred before the first chart ` +
      `(of which the API's answers ${kB(bytesOf(before, isApi))}), drawn at ` +
      `${first.chartMs.toFixed(0)} ms after navigation start (target ≤ 200 kB)`,
  );
  console.log(
    `  HiGHS' WebAssembly: asked for ${wasm.length} times (workers, offline cache), transferred ` +
      `${wasmSent.length} time(s), ${kB(bytesOf(wasmSent))} (${wasmSent[0]?.encoding || 'identity'}; ` +
      'target: once, ≤ 1.3 MB)',
  );
  console.log(
    `  after the first chart, in the background: ${kB(bytesOf(first.transfers, (t) => !t.beforeChart))}`,
  );
  for (const t of first.transfers.filter(sent))
    console.log(
      `    ${kB(t.bytes).padStart(8)}  ${t.path}${t.encoding ? ` (${t.encoding})` : ''}` +
        `${t.byServiceWorker ? ' [service worker]' : ''}${t.beforeChart ? '' : ' [after]'}`,
    );
  const files = repeat.transfers.filter((t) => sent(t) && !isApi(t));
  console.log(
    `repeat visit: the app's files transferred: ${files.map((t) => `${t.path} ${t.bytes} B`).join(', ') || 'none'} ` +
      `(target: the page only); the API's answers ${kB(bytesOf(repeat.transfers, isApi))}`,
  );
}

/**
 * A fresh page of the app solving in `place` (`?solve=server` for the server), warmed up by three
 * slider moves (JIT and WebAssembly start-up; in the browser, until the workers answer): the page,
 * the slider's starting value and the solver worker's script.
 */
async function openPage(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  url: string,
  place: 'browser' | 'server',
) {
  const page = await browser.context.newPage();
  // The solver worker's script, for the cold solves in a fresh worker (the moves clear the
  // page's resource timings).
  let workerUrl = '';
  page.on('request', (r) => {
    if (r.url().includes('solver.worker')) workerUrl ||= r.url();
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${url}/${place === 'server' ? '?solve=server' : ''}`);
  await page.waitForSelector('[data-testid=status][data-state=ready]', {
    state: 'attached',
    timeout: 60_000,
  });
  const start = Number(await page.locator(`[data-testid="slider-${SLIDER}"] input`).inputValue());
  for (
    let w = 1;
    w <= 3 || (place === 'browser' && (await moveOnce(page, start - w)).place !== 'browser');
    w++
  ) {
    if (w <= 3) await moveOnce(page, start - w);
    if (w > 60) throw new Error('the browser’s solver did not start');
  }
  return {
    page,
    start,
    get workerUrl() {
      return workerUrl;
    },
  };
}

/** `BENCH_WEB_MAP_ONLY=1`: the default map's estimate ÷ its time, `MAP_RUNS` fresh pages a place. */
async function mapEstimatesOnly(url: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    for (const place of ['browser', 'server'] as const)
      for (let run = 0; run < MAP_RUNS; run++) {
        const { page } = await openPage(browser, url, place);
        console.log(mapEstimateLine(place, await defaultMap(page)));
        await page.close();
      }
  } finally {
    await browser.close();
  }
}

/** The page's main-thread time (Chromium's own counters), seconds, by kind. */
async function mainThread(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    return Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  };
  return async () => {
    const a = await read();
    return async () => {
      const b = await read();
      const ms = (k: string) => ((b[k] - a[k]) * 1000).toFixed(0);
      return (
        `tasks ${ms('TaskDuration')} ms (script ${ms('ScriptDuration')}, style and layout ` +
        `${((b.RecalcStyleDuration - a.RecalcStyleDuration + b.LayoutDuration - a.LayoutDuration) * 1000).toFixed(0)})`
      );
    };
  };
}

/**
 * `BENCH_WEB_BIG_MAP_ONLY=1`: the default map, then the BIG_MAP × BIG_MAP map, in
 * `BENCH_WEB_MAP_RUNS` fresh pages per place (default 2 here, browser and server in turn), and
 * where the big map's time goes: the page's main thread while it ran, the browser workers' chunks
 * of points, the server threads' own time on its points.
 */
async function bigMapsOnly(url: string, serverPoints: () => number | undefined): Promise<void> {
  const browser = await launchBrowser();
  const runs = Math.max(1, Number(process.env.BENCH_WEB_MAP_RUNS ?? 2));
  const times: Record<'browser' | 'server', number[]> = { browser: [], server: [] };
  try {
    for (let run = 0; run < runs; run++)
      for (const place of ['browser', 'server'] as const) {
        const { page } = await openPage(browser, url, place);
        let main = '';
        const start = await mainThread(page);
        const m = await maps(page, async () => {
          await page.evaluate('globalThis.__bigMapAt = performance.now()');
          const end = await start();
          return async () => {
            main = await end();
          };
        });
        times[place].push(m.big);
        const chunks = (await page.evaluate(
          `performance.getEntriesByName('switchyard:points')
            .filter((e) => e.startTime >= globalThis.__bigMapAt).length`,
        )) as number;
        const own = serverPoints();
        console.log(
          `${place}: ${BIG_MAP} × ${BIG_MAP} map ${m.big.toFixed(2)} s; the page's main thread meanwhile ` +
            `${main}; ${
              place === 'browser'
                ? `${chunks} chunks of points`
                : `the threads' own time on its points ${((own ?? Number.NaN) / 1000).toFixed(2)} s`
            }`,
        );
        await page.close();
      }
  } finally {
    await browser.close();
  }
  const med = (xs: number[]) => quantile(xs, 0.5);
  const [b, sv] = [med(times.browser), med(times.server)];
  const each = times.browser.map((x, i) => `×${(x / times.server[i]).toFixed(2)}`).join(', ');
  console.log(
    `decision map ${BIG_MAP} × ${BIG_MAP}, median of ${runs}: browser ${b.toFixed(2)} s, ` +
      `server ${sv.toFixed(2)} s, browser ÷ server ×${(b / sv).toFixed(2)} (each run: ${each})`,
  );
}

async function main() {
  await buildWeb();
  let runner: SolveRunner | undefined;
  if (process.env.BENCH_WEB_POOL === '1') runner = (await import('../api/pool')).workerPool();
  // The analysis threads warmed up before the first analysis, as `npm start` does (api/server.ts):
  // cold threads solve their first few hundred points several times slower.
  const analyses = analysisPool();
  await analyses.warmUp(ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID)));
  // The server threads' own time on the last big map's points (their `ms`, summed).
  let bigMapPointsMs: number | undefined;
  const run = analyses.run.bind(analyses);
  analyses.run = async (base, jobs, options) => {
    const results = await run(base, jobs, options);
    if (jobs.length === BIG_MAP * BIG_MAP) bigMapPointsMs = results.reduce((t, r) => t + r.ms, 0);
    return results;
  };
  const server = await startServer(undefined, runner, { analyses });
  try {
    // First load in a fresh profile (nothing cached), then a repeat visit: bytes on the wire.
    if (MAP_ONLY) return await mapEstimatesOnly(server.url);
    if (BIG_MAP_ONLY) return await bigMapsOnly(server.url, () => bigMapPointsMs);
    if (!SLIDER_ONLY) printVisits(await firstAndRepeatVisit(server.url));
    // BENCH_WEB_VISITS_ONLY=1 stops here (the bytes on the wire alone, about a minute).
    if (process.env.BENCH_WEB_VISITS_ONLY) return;

    const browser = await launchBrowser();
    const results: Record<
      string,
      {
        totals: number[];
        apis: number[];
        solves: number[];
        cold?: number[];
        map: Awaited<ReturnType<typeof maps>>;
      }
    > = {};
    try {
      for (const place of ['browser', 'server'] as const) {
        const { page, start, workerUrl } = await openPage(browser, server.url, place);
        const totals: number[] = [];
        const apis: number[] = [];
        const solves: number[] = [];
        const moves: Move[] = [];
        for (let i = 0; i < MOVES; i++) {
          // One step at a time to values never seen before, so no answer comes from the app's
          // cache.
          const value = start + 2 + i;
          const m = await moveOnce(page, value);
          if (!Number.isFinite(m.total))
            throw new Error(`${place}: move ${i} to ${value}: no answer drawn within 15 s`);
          if (m.place !== place)
            throw new Error(`${place}: move ${i} was solved in the ${m.place}`);
          totals.push(m.total);
          moves.push(m);
          if (Number.isFinite(m.api)) apis.push(m.api);
          if (Number.isFinite(m.solveMs)) solves.push(m.solveMs);
        }
        const cold =
          place === 'browser' ? await coldSolves(page, start + 1 + MOVES, workerUrl) : undefined;
        if (cold) {
          sliderFigures(totals, solves, cold);
          whereTheTimeGoes(moves);
          // The same moves, each made at the start of a frame: Chromium aligns a drag's pointer
          // events (hence the slider's input events) to frames, so a drag's move waits for no part
          // of a frame before it starts; the figure above starts at any time within one.
          const aligned: number[] = [];
          for (let i = 0; i < MOVES; i++) {
            const m = await moveOnce(page, start + 2 + MOVES + i, true);
            if (m.place !== place || !Number.isFinite(m.total))
              throw new Error(`${place}: aligned move ${i}: not drawn by the browser's worker`);
            aligned.push(m.total);
          }
          const c = quantile(cold, 0.5);
          console.log(
            `  moves made at a frame's start (as a drag's): p50 ${f(quantile(aligned, 0.5))} · ` +
              `p95 ${f(quantile(aligned, 0.95))} ÷ cold solve ${(quantile(aligned, 0.95) / c).toFixed(2)} ` +
              `· frames of ${f(1000 / 60)} ms; drawn after the next frame (over 1.5 frames): ` +
              `${aligned.filter((t) => t > 25).length} of ${aligned.length}`,
          );
          if (process.env.BENCH_WEB_ALIGNED_LIST === '1')
            console.log(
              `  aligned moves (ms): ${[...aligned]
                .sort((a, b) => a - b)
                .map((t) => t.toFixed(1))
                .join(' ')}`,
            );
          // What the first drags' speed costs: the interactive worker answers its first request only
          // after its warm-up on the scenario on screen (worker/warm-up.ts).
          const started = (await page.evaluate(
            "performance.getEntriesByName('switchyard:start').map((e) => e.duration)",
          )) as number[];
          console.log(
            `  the interactive worker's start, HiGHS loaded and its warm-up: ${f(started[0] ?? NaN)} ms`,
          );
        }
        if (SLIDER_ONLY) return;
        results[place] = { totals, apis, solves, cold, map: await maps(page) };
        await page.close();
      }
    } finally {
      await browser.close();
    }

    const b = results.browser;
    const s = results.server;
    console.log(`slider → redrawn optimum, default preset (60 months), ${MOVES} moves each (ms):`);
    console.log(
      `  browser workers  p50 ${f(quantile(b.totals, 0.5))}  p95 ` +
        `${f(quantile(b.totals, 0.95))}  max ${f(Math.max(...b.totals))}   ` +
        `(worker solve alone p50 ${f(quantile(b.apis, 0.5))})`,
    );
    console.log(
      `  server (API)     p50 ${f(quantile(s.totals, 0.5))}  p95 ` +
        `${f(quantile(s.totals, 0.95))}  max ${f(Math.max(...s.totals))}   ` +
        `(fetch alone p50 ${f(quantile(s.apis, 0.5))})`,
    );
    sliderFigures(b.totals, b.solves, b.cold!);
    console.log(
      '  browser ÷ server p50 ' +
        `×${(quantile(b.totals, 0.5) / quantile(s.totals, 0.5)).toFixed(2)}, p95 ` +
        `×${(quantile(b.totals, 0.95) / quantile(s.totals, 0.95)).toFixed(2)}`,
    );
    console.log(
      '  target: browser p95 ≤ 25 ms → ' +
        `${quantile(b.totals, 0.95) <= 25 ? 'met' : 'not met'}; p95 ≤ 100 ms → ` +
        `${quantile(b.totals, 0.95) <= 100 ? 'met' : 'not met'}`,
    );
    console.log(
      `decision map ${BIG_MAP} × ${BIG_MAP} (s, the map's own time; wall from ` +
        `the steps' change to the drawn map in brackets):`,
    );
    console.log(`  browser workers  ${b.map.big.toFixed(2)} (${b.map.bigWall.toFixed(2)})`);
    console.log(
      `  server (API)     ${s.map.big.toFixed(2)} ` +
        `(${s.map.bigWall.toFixed(2)})   browser ÷ server ` +
        `×${(b.map.big / s.map.big).toFixed(2)}`,
    );
    console.log(
      `  target: browser ≤ 1.0 × server → ${b.map.big <= s.map.big ? 'met' : 'not met'}; ` +
        `browser ≤ 1.5 s → ${b.map.big <= 1.5 ? 'met' : 'not met'}`,
    );
    for (const [place, r] of [
      ['browser', b],
      ['server', s],
    ] as const) {
      console.log(
        `${mapEstimateLine(place, r.map)}; ${BIG_MAP} × ${BIG_MAP} (alone): from its first ` +
          `cells ×${(r.map.bigFirstCells / r.map.big).toFixed(2)}`,
      );
    }
  } finally {
    await server.close();
    await analyses.close();
  }
}

await main();
