/**
 * @module bench-analyses — `npx tsx scripts/bench-analyses.ts`: the analyses' timings on the
 * default 60-month preset. A 21 × 21 decision map (BTC price × lease rate, 441 solves) on the
 * analysis pool (2 worker threads): the first run (threads starting), then the median of repeats
 * (target ≤ 3 s), and through the HTTP API; a tornado and a breakeven; and the optimize hot path
 * with marginal values on (`fast`, the default) and off; the map's median over 441 of those
 * optimizes (marginal values off), as a ratio.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import {
  MapRequestSchema,
  ScenarioSchema,
  SensitivityRequestSchema,
  BreakevenRequestSchema,
  breakeven,
  decisionMap,
  optimize,
  sensitivity,
} from '../model';
import { analysisPool } from '../api/analysis-pool';
import { createApp } from '../api/app';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** CPU time of the process (every thread), ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await f();
  return [performance.now() - t0, value];
}

async function main() {
  const input = loadPreset(DEFAULT_PRESET_ID);
  const scenario = ScenarioSchema.parse(input);
  const request = {
    scenario: input,
    x: { parameter: 'market.hashprice.btcUsd', from: 45000, to: 180000, steps: 21 },
    y: { parameter: 'hpcOptions.0.leaseUsdPerKwMonth', from: 75, to: 225, steps: 21 },
  };
  const pool = analysisPool();
  console.log(
    `Switchyard analyses benchmark — Node ${process.version}, ` +
      `${DEFAULT_PRESET_ID} (${scenario.horizonMonths} months), pool of ` +
      `${pool.stats().size} threads\n`,
  );

  const mapRequest = MapRequestSchema.parse(request);
  const [first, map] = await timed(() => decisionMap(mapRequest, pool));
  const warmPool = analysisPool();
  const [warmUpMs] = await timed(() => warmPool.warmUp(scenario));
  const [afterWarmUp] = await timed(() => decisionMap(mapRequest, warmPool));
  await warmPool.close();
  const runs: number[] = [];
  // The process's CPU time counts the pool's threads too: per map, a figure the machine's load (and
  // the threads' nice level under it) does not stretch as it stretches the wall time.
  const cpu0 = cpuMs();
  for (let i = 0; i < REPEATS; i++)
    runs.push((await timed(() => decisionMap(mapRequest, pool)))[0]);
  const mapCpu = (cpuMs() - cpu0) / REPEATS;
  const converting = map.cells.filter((c) => (c.hpcShare ?? 0) > 0.5).length;
  console.log(
    `decision map 21 × 21 (${map.cells.length} solves): first ${sec(first)} ` +
      `(threads starting), then median ${sec(median(runs))} of ${REPEATS} ` +
      `[${runs.map(sec).join(', ')}] — target ≤ 3 s`,
  );
  console.log(
    `  on a fresh pool after warmUp() (${sec(warmUpMs)}, e.g. at server start): first map ${sec(afterWarmUp)}`,
  );
  console.log(
    `  ${converting} of ${map.cells.length} cells convert most eligible MW; ` +
      `${(median(runs) / map.cells.length).toFixed(1)} ms per solve per pool`,
  );

  const app = createApp();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const viaHttp = () =>
    fetch(`${url}/api/map`, {
      method: 'POST',
      body: JSON.stringify(request),
      headers: { 'content-type': 'application/json' },
    }).then((r) => r.json());
  await viaHttp();
  const http: number[] = [];
  for (let i = 0; i < REPEATS; i++) http.push((await timed(viaHttp))[0]);
  console.log(`decision map 21 × 21 through POST /api/map (JSON): median ${sec(median(http))}`);
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const [tornadoMs, tornado] = await timed(() =>
    sensitivity(SensitivityRequestSchema.parse({ scenario: input }), pool),
  );
  console.log(
    `tornado, ${tornado.rows.length} parameters (${2 * tornado.rows.length + 1} solves): ${sec(tornadoMs)}`,
  );
  const [breakevenMs, be] = await timed(() =>
    breakeven(
      BreakevenRequestSchema.parse({
        scenario: input,
        parameter: 'hpcOptions.0.leaseUsdPerKwMonth',
      }),
      pool,
    ),
  );
  console.log(`breakeven on the lease rate: ${sec(breakevenMs)} — ${be.message}`);

  // Interleaved, so that both modes see the same machine load and JIT state.
  const withMode = (mode: 'off' | 'fast', btcUsd: number) =>
    ({
      ...scenario,
      market: { hashprice: { ...scenario.market.hashprice, btcUsd } },
      solve: { solver: 'highs', timeLimitSeconds: 20, mipRelGap: 1e-4, marginalValues: mode },
    }) as typeof scenario;
  const ms = { off: [] as number[], fast: [] as number[] };
  let offCpu = 0;
  for (let i = 0; i < 80; i++) {
    for (const mode of ['off', 'fast'] as const) {
      const c0 = cpuMs();
      const [t] = await timed(() => optimize(withMode(mode, 70000 + 500 * i)));
      if (i >= 10 && mode === 'off') offCpu += cpuMs() - c0;
      if (i >= 10) ms[mode].push(t);
    }
  }
  console.log(
    'optimize, 60 months, slider-like inputs: p50 ' +
      `${median(ms.off).toFixed(1)} ms with marginal values off, ` +
      `${median(ms.fast).toFixed(1)} ms with "fast" (the default)`,
  );
  const perOptimize = median(runs) / (map.cells.length * median(ms.off));
  console.log(
    `decision map 21 × 21 on the pool ÷ (${map.cells.length} × one optimize, marginal values ` +
      `off): ${perOptimize.toFixed(3)} — target ≤ 0.1 → ${perOptimize <= 0.1 ? 'met' : 'not met'}`,
  );
  const cpuRatio = mapCpu / (map.cells.length * (offCpu / ms.off.length));
  console.log(
    `  in CPU time (every thread): map ÷ (${map.cells.length} × one optimize) ` +
      `${cpuRatio.toFixed(3)}, over the pool's ${pool.stats().size} threads ` +
      `${(cpuRatio / pool.stats().size).toFixed(3)}`,
  );
  await pool.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
