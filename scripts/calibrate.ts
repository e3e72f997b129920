/**
 * @module scripts/calibrate — `npm run calibrate`: fits the Monte Carlo process and the hashprice
 * floor to data/market-history.csv and writes data/calibration.json and its process as the app's
 * module web/src/lib/calibration.ts (method: docs/market.md).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAsics, loadMarketHistory } from '../test/data/tables';
import { calibrate, calibrationModule } from './lib/calibrate';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../data/calibration.json');
const web = join(here, '../web/src/lib/calibration.ts');
const calibration = calibrate(loadMarketHistory(), loadAsics());
// Numbers are written as JavaScript prints them (shortest round-trip form): full precision.
writeFileSync(out, `${JSON.stringify(calibration, null, 2)}\n`);
writeFileSync(web, calibrationModule(calibration));
const { monteCarlo: mc, drift, floor } = calibration;
const f3 = (x: number) => x.toFixed(3);
console.log(
  `calibrated on ${calibration.calibratedOn.from} … ${calibration.calibratedOn.to}: ` +
    `σ_btc ${f3(mc.btc.volatilityPerYear)}, σ_net ${f3(mc.network.volatilityPerYear)}, ` +
    `ρ ${f3(mc.network.correlation)}; g_btc ${f3(drift.btcGrowthPerYear)}, ` +
    `g_net ${f3(drift.networkGrowthPerYear)}`,
);
console.log(
  `floor ${floor.usdPerPhDayAtReference.toFixed(2)} $/PH/day in ${floor.referenceMonth} ` +
    `(${floor.marginalJPerTH} J/TH at $${floor.powerUsdPerMWh.toFixed(1)}/MWh), ` +
    `−${(100 * floor.efficiencyGainPerYear).toFixed(1)} %/y, touching ${floor.bindingMonth}`,
);
console.log(`wrote ${out} and ${web}`);
