/**
 * @module scripts/backtest — `npm run backtest`: the out-of-sample backtest of docs/market.md
 * ("Backtest") on data/market-history.csv. Prints, for 12 and 24 months ahead, the coverage of
 * the P10–P90 and P25–P75 bands and the mean pinball loss of the v2 (no floor) and v3 (floor)
 * forecasts.
 *
 * Also the v3 process fitted as its own model by a censored likelihood (lib/censored.ts).
 *
 * Usage: npm run backtest [-- --paths 2000 --seed 20160101 --detail]
 *   --detail  also prints each forecast (origin, target, realised, floor, v2 and v3 P10/P50/P90).
 */
import { parseArgs } from 'node:util';
import { loadMarketHistory } from '../test/data/tables';
import type { MonteCarloProcess } from '../model/montecarlo';
import { backtest, DEFAULT_BACKTEST, type Forecast, score } from './lib/backtest';
import { fitV3 } from './lib/censored';

const { values } = parseArgs({
  options: {
    paths: { type: 'string', default: String(DEFAULT_BACKTEST.paths) },
    seed: { type: 'string', default: String(DEFAULT_BACKTEST.seed) },
    detail: { type: 'boolean', default: false },
  },
});
const paths = Number(values.paths);
const seed = Number(values.seed);
if (!Number.isInteger(paths) || paths < 10 || paths > 100_000)
  throw new Error(`invalid --paths: ${values.paths} (an integer 10 … 100000)`);
if (!Number.isInteger(seed)) throw new Error(`invalid --seed: ${values.seed}`);

const started = performance.now();
const history = loadMarketHistory();
const base = { ...DEFAULT_BACKTEST, paths, seed };
const forecasts = backtest(history, base);
const f2 = (x: number) => x.toFixed(2);
if (values.detail) {
  console.log(
    'origin  | h  | target  | realised | floor  | v2 P10 / P50 / P90     | v3 P10 / P50 / P90',
  );
  for (const f of forecasts) {
    const band = (q: readonly number[]) => `${f2(q[0])} / ${f2(q[4])} / ${f2(q[8])}`;
    console.log(
      `${f.origin} | ${f.horizon} | ${f.target} | ${f2(f.realised)} | ` +
        `${f.floor === null ? '—' : f2(f.floor)} | ${band(f.v2.deciles)} | ${band(f.v3.deciles)}`,
    );
  }
  console.log('');
}
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(
  `Origins ${DEFAULT_BACKTEST.from} … ${DEFAULT_BACKTEST.to}, ${paths} paths each, seed ${seed}`,
);
console.log('');
const columns = ['Horizon', 'Process', 'Forecasts', 'P10–P90 coverage', 'P25–P75 coverage'];
columns.push('Pinball $/PH/day', 'Pinball ln');
const header = () => {
  console.log(`| ${columns.join(' | ')} |`);
  console.log('|---|---|---|---|---|---|---|');
};
/**
 * Rows of a table; `only` keeps one process (v2 of the shipped defaults has no floor; v2 of a
 * censored fit of v3 is the main table's).
 */
const rows = (fs: readonly Forecast[], label = '', only?: 'v2' | 'v3') => {
  for (const s of score(fs)) {
    if (only && s.process !== only) continue;
    console.log(
      `| ${s.horizon} months | ${s.process}${label} | ${s.forecasts} | ${pct(s.coverage80)} | ` +
        `${pct(s.coverage50)} | ${f2(s.pinball)} | ${s.pinballLog.toFixed(4)} |`,
    );
  }
};
header();
rows(forecasts);
const withFloor = forecasts.filter((f) => f.floor !== null);
const binds = withFloor.reduce((s, f) => s + f.floorBinds, 0) / Math.max(1, withFloor.length);
console.log('');
console.log(
  `The floor was identified for ${withFloor.length} of ${forecasts.length} forecasts (origins ` +
    `from ${withFloor[0]?.origin ?? '—'}) and lifted ${pct(binds)} of their paths on average.`,
);
console.log('');
console.log('Origins 2020-01 … 2024-12 only (the floor identified at every origin):');
console.log('');
header();
rows(forecasts.filter((f) => f.origin >= '2020-01'));
console.log('');
console.log('The same origins and draws, other choices (docs/market.md, "Backtest"):');
console.log('');
header();
const shipped: MonteCarloProcess = {
  btc: { volatilityPerYear: 0.6 },
  network: { volatilityPerYear: 0.3, correlation: 0.5 },
};
rows(backtest(history, { ...base, process: shipped }), ', σ 0.6/0.3, ρ 0.5', 'v2');
rows(backtest(history, { ...base, volatility: 'means' }), ', σ of the means');
rows(backtest(history, { ...base, drift: 'sample' }), ', sample drift');
rows(backtest(history, { ...base, volatility: 'means', drift: 'sample' }), ', both (before)');
console.log('');
console.log(
  'v3 fitted as its own model, censored at the floor (docs/market.md, "A censored fit of v3"):',
);
console.log('');
header();
for (const months of ['binding', 'capitulations'] as const)
  rows(backtest(history, { ...base, v3Fit: months }), `, censored: ${months}`, 'v3');
console.log('');
for (const months of ['binding', 'capitulations'] as const) {
  const own = fitV3(history, months);
  if (!own) continue;
  const { btc, network } = own.process;
  console.log(
    `Censored (${months}, ${own.censored.length} month${own.censored.length === 1 ? '' : 's'}) on ` +
      `${history[0].month} … ` +
      `${history[history.length - 1].month}: σ_b ${btc.volatilityPerYear.toFixed(4)}, ` +
      `σ_n ${network.volatilityPerYear.toFixed(4)}, ρ ${network.correlation.toFixed(4)}`,
  );
}
console.log('');
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
