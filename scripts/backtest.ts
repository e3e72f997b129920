/**
 * @module scripts/backtest — `npm run backtest`: the out-of-sample backtest of docs/market.md
 * ("Backtest") on data/market-history.csv. Prints, for 12 and 24 months ahead, the coverage of
 * the P10–P90 and P25–P75 bands and the mean pinball loss of the v2 (no floor) and v3 (floor)
 * forecasts.
 *
 * Usage: npm run backtest [-- --paths 2000 --seed 20160101 --detail]
 *   --detail  also prints each forecast (origin, target, realised, floor, v2 and v3 P10/P50/P90).
 */
import { parseArgs } from 'node:util';
import { loadMarketHistory } from '../test/data/tables';
import { backtest, DEFAULT_BACKTEST, score } from './lib/backtest';

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
const forecasts = backtest(history, { ...DEFAULT_BACKTEST, paths, seed });
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
console.log(`| ${columns.join(' | ')} |`);
console.log('|---|---|---|---|---|---|---|');
for (const s of score(forecasts)) {
  console.log(
    `| ${s.horizon} months | ${s.process} | ${s.forecasts} | ${pct(s.coverage80)} | ` +
      `${pct(s.coverage50)} | ${f2(s.pinball)} | ${s.pinballLog.toFixed(4)} |`,
  );
}
const withFloor = forecasts.filter((f) => f.floor !== null);
const binds = withFloor.reduce((s, f) => s + f.floorBinds, 0) / Math.max(1, withFloor.length);
console.log('');
console.log(
  `The floor was identified for ${withFloor.length} of ${forecasts.length} forecasts (origins ` +
    `from ${withFloor[0]?.origin ?? '—'}) and lifted ${pct(binds)} of their paths on average.`,
);
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
