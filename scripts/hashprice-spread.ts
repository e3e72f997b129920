/**
 * @module scripts/hashprice-spread — the Monte Carlo's hashprice P10, P90 and P90 / P10 in one
 * month of a preset, with the calibrated process (data/calibration.json), without the preset's
 * floor (v2) and with it (v3); docs/market.md, "The Monte Carlo's spread".
 *
 * Usage: npx tsx scripts/hashprice-spread.ts [--preset texas-100mw --month 48 --paths 10000
 *   --seed 1 --btc-vol 0.6 --net-vol 0.3 --rho 0.5]
 *   --btc-vol, --net-vol, --rho  a process other than the calibrated one, each alone or together.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import { ScenarioSchema } from '../model/schema';
import type { Calibration } from './lib/calibrate';
import { hashpriceSpread } from './lib/spread';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: DEFAULT_PRESET_ID },
    month: { type: 'string', default: '48' },
    paths: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'btc-vol': { type: 'string' },
    'net-vol': { type: 'string' },
    rho: { type: 'string' },
  },
});
const month = Number(values.month);
const paths = Number(values.paths);
const seed = Number(values.seed);
if (!Number.isInteger(month) || month < 0 || month > 600)
  throw new Error(`invalid --month: ${values.month} (an integer 0 … 600)`);
if (!Number.isInteger(paths) || paths < 10 || paths > 1_000_000)
  throw new Error(`invalid --paths: ${values.paths} (an integer 10 … 1000000)`);
if (!Number.isInteger(seed)) throw new Error(`invalid --seed: ${values.seed}`);
const input = loadPreset(values.preset);
if (!input) throw new Error(`invalid --preset: ${values.preset}`);
const calibration = JSON.parse(
  readFileSync(new URL('../data/calibration.json', import.meta.url), 'utf8'),
) as Calibration;
const given = (name: 'btc-vol' | 'net-vol' | 'rho', fitted: number, lo: number, hi: number) => {
  const text = values[name];
  if (text === undefined) return fitted;
  const v = Number(text);
  if (!(v >= lo && v <= hi)) throw new Error(`invalid --${name}: ${text} (${lo} … ${hi})`);
  return v;
};
const mc = calibration.monteCarlo;
const process = {
  btc: { volatilityPerYear: given('btc-vol', mc.btc.volatilityPerYear, 0, 5) },
  network: {
    volatilityPerYear: given('net-vol', mc.network.volatilityPerYear, 0, 5),
    correlation: given('rho', mc.network.correlation, -1, 1),
  },
};
const { v2, v3 } = hashpriceSpread(ScenarioSchema.parse(input), process, { paths, seed, month });
const calibrated = JSON.stringify(process) === JSON.stringify(mc);
console.log(
  `${values.preset}, month ${month}, ${paths} paths, seed ${seed}; σ_btc ` +
    `${process.btc.volatilityPerYear.toFixed(4)}, σ_net ` +
    `${process.network.volatilityPerYear.toFixed(4)}, ρ ${process.network.correlation.toFixed(4)}` +
    (calibrated
      ? ` (calibrated on ${calibration.calibratedOn.from} to ${calibration.calibratedOn.to})`
      : ''),
);
for (const [name, s] of [
  ['v2 (no floor)', v2],
  ['v3 (floor)   ', v3],
] as const)
  console.log(
    `${name}  P10 ${s.p10.toFixed(2)}  P90 ${s.p90.toFixed(2)} $/PH/day  P90/P10 ${s.ratio.toFixed(2)}`,
  );
