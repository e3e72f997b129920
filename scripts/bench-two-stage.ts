/**
 * @module bench-two-stage — `npx tsx scripts/bench-two-stage.ts`: a 5-case two-stage model of the
 * default 60-month preset (target ≤ 300 ms): the two-stage solve alone, and the full answer with
 * the mean-path plan and VSS.
 */
import { ScenarioSchema, optimize, sitesOf, warmStarts } from '../model';
import { movePrice } from './lib/offers';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = loadPreset(DEFAULT_PRESET_ID) as Record<string, unknown>;
const scenario = ScenarioSchema.parse({
  ...base,
  uncertainty: {
    scenarios: [
      { name: 'bear', probability: 0.2, hashpriceMultiplier: 0.6 },
      { name: 'soft', probability: 0.2, hashpriceMultiplier: 0.8 },
      { name: 'base', probability: 0.3, hashpriceMultiplier: 1 },
      { name: 'bull', probability: 0.2, hashpriceMultiplier: 1.4 },
      { name: 'slip', probability: 0.1, extraBuildMonths: 6 },
    ],
  },
});
const full: number[] = [];
const solve: number[] = [];
const warm = warmStarts();
let last = await optimize(scenario, { warm }); // warm-up
for (let i = 0; i < REPEATS; i++) {
  const s = structuredClone(scenario);
  movePrice(sitesOf(s)[0].scenario.hpcOptions[0], 1 + 0.01 * (i % 5) - 0.02);
  const t0 = performance.now();
  last = await optimize(s, { warm });
  full.push(performance.now() - t0);
  solve.push(last.solver.buildMs + last.solver.ms);
}
console.log(
  `Two-stage, 5 cases × 60 months: ${last.solver.variables} variables, ` +
    `${last.solver.constraints} rows, status ${last.status}`,
);
console.log(
  `  build + solve of the two-stage model p50 ${median(solve).toFixed(0)} ` +
    'ms · full answer (with the mean-path problem, VSS and EVPI) p50 ' +
    `${median(full).toFixed(0)} ms (target ≤ 300 ms)`,
);
