/**
 * @module bench-portfolio — `npx tsx scripts/bench-portfolio.ts` (run by `npm run bench`): a
 * generated 120-month portfolio of n sites with two offers each, n = 1, 2, 4, 6, 10 — model build,
 * HiGHS solve and API p50 — and the cost growth: time ∝ n^k, k by least squares on log-log over
 * those n (aim k ≤ 1.3). Money scales with the sites, so every size has the same kind of funding
 * limit. Compare within one run: the machine is noisy.
 */
import { buildModel } from '../model';
import { MONTHS, portfolioOf } from './lib/portfolio';
import { getSolver, solveVerified } from '../model/solvers';
import { createApp } from '../api/app';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 15);
const SIZES = [1, 2, 4, 6, 10];

const p50 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function time(n: number, f: () => unknown): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** k of time ∝ n^k by least squares on (log n, log time). */
function exponent(ns: readonly number[], ms: readonly number[]): number {
  const x = ns.map(Math.log);
  const y = ms.map(Math.log);
  const mx = x.reduce((a, v) => a + v, 0) / x.length;
  const my = y.reduce((a, v) => a + v, 0) / y.length;
  return (
    x.reduce((a, v, i) => a + (v - mx) * (y[i] - my), 0) / x.reduce((a, v) => a + (v - mx) ** 2, 0)
  );
}

async function main() {
  const app = createApp();
  const highs = getSolver('highs');
  const rows: {
    n: number;
    vars: number;
    rows: number;
    build: number;
    solve: number;
    api: number;
    npv: number;
  }[] = [];
  for (const n of SIZES) {
    const scenario = portfolioOf(n);
    await time(2, () => buildModel(scenario));
    const build = await time(REPEATS, () => buildModel(scenario));
    const { lp } = buildModel(scenario);
    await solveVerified(highs, lp, { timeLimitSeconds: 60, mipRelGap: 1e-4 });
    const solve = await time(REPEATS, () =>
      solveVerified(highs, lp, { timeLimitSeconds: 60, mipRelGap: 1e-4 }),
    );
    // API: /api/optimize in process, the lease rates moved a little on every request (slider-like).
    let k = 0;
    let npv = Number.NaN;
    const post = async () => {
      const body = portfolioOf(n, 1 + 0.01 * (k++ % 11) - 0.05);
      const res = await app.request('/api/optimize', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      const answer = (await res.json()) as { status: string; npvUsd: number };
      if (answer.status !== 'optimal') throw new Error(`${n} sites: ${answer.status}`);
      npv = answer.npvUsd;
    };
    await post();
    const api = await time(Math.max(3, Math.round(REPEATS / 3)), post);
    const row = {
      n,
      vars: lp.numCols,
      rows: lp.numRows,
      build: p50(build),
      solve: p50(solve),
      api: p50(api),
      npv,
    };
    rows.push(row);
    console.log(
      `  ${n} sites × ${MONTHS} months, 2 offers each: ${row.vars} × ` +
        `${row.rows} · build ${fmt(row.build)} ms · HiGHS ${fmt(row.solve)} ms · ` +
        `API p50 ${fmt(row.api)} ms · npv $${(npv / 1e6).toFixed(1)}M`,
    );
  }
  const ns = rows.map((r) => r.n);
  const ten = rows[rows.length - 1];
  console.log(
    `10 sites, 120 months, two offers per site: build ${fmt(ten.build)} ms, ` +
      `HiGHS solve ${fmt(ten.solve)} ms, API p50 ${fmt(ten.api)} ms ` +
      `(${ten.vars} columns × ${ten.rows} rows)`,
  );
  console.log(
    `Growth 1 → 10 sites, time ∝ sites^k (least squares on log-log over ${ns.join(', ')} sites; ` +
      `aim k ≤ 1.3): build k = ${exponent(
        ns,
        rows.map((r) => r.build),
      ).toFixed(2)} · ` +
      `HiGHS k = ${exponent(
        ns,
        rows.map((r) => r.solve),
      ).toFixed(2)} · ` +
      `API k = ${exponent(
        ns,
        rows.map((r) => r.api),
      ).toFixed(2)} · ` +
      `model size k = ${exponent(
        ns,
        rows.map((r) => r.vars),
      ).toFixed(2)}`,
  );
  console.log(
    `10 ÷ 1 site: build ${(ten.build / rows[0].build).toFixed(1)}×, HiGHS ` +
      `${(ten.solve / rows[0].solve).toFixed(1)}×, API ` +
      `${(ten.api / rows[0].api).toFixed(1)}×`,
  );
}

await main();
process.exit(0);
