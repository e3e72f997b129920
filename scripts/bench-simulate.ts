/**
 * @module bench-simulate — `npx tsx scripts/bench-simulate.ts` (run by `npm run bench`): the Monte
 * Carlo's policy simulator, paths per second on one thread (both plans per path, the market path
 * sampled), on the 60-month default preset (aim ≥ 20,000), a generated 10-site, 120-month
 * portfolio (aim ≥ 2,000) and riot-portfolio after tax and before; then hindsight (an LP per path)
 * and policy side by side on the same seed and paths: mean NPVs and P(conversion beats mining).
 * Options: --paths, --hindsight-paths.
 */
import { parseArgs } from 'node:util';
import { availableParallelism, loadavg } from 'node:os';
import {
  evaluatePath,
  miningOnlyPlanOf,
  optimize,
  prepareSim,
  ScenarioSchema,
  simulatePath,
  summarise,
  type PathOutcome,
  type Scenario,
} from '../model';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import { portfolioOf } from './lib/portfolio';

const { values } = parseArgs({
  options: {
    paths: { type: 'string', default: '20000' },
    'hindsight-paths': { type: 'string', default: '200' },
  },
});
const PATHS = Math.max(100, Number(values.paths));
const HINDSIGHT = Math.max(10, Number(values['hindsight-paths']));
const process_ = {
  btc: { volatilityPerYear: 0.7 },
  network: { volatilityPerYear: 0.3, correlation: 0.5 },
};
const SEED = 2026;

async function planOf(s: Scenario) {
  const r = await optimize(s);
  if (r.status !== 'optimal') throw new Error(`optimize: ${r.status}`);
  return r.plan;
}

/** CPU seconds this process has used: a thread's own time, whatever else the machine runs. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Paths per second on this thread (after a warm-up of 1,000 paths), by CPU time and by the wall
 * clock (which counts the time other processes took the core), and the outcomes.
 */
function throughput(s: Scenario, plan: Awaited<ReturnType<typeof planOf>>, n: number) {
  const p = prepareSim({ scenario: s, plan, seed: SEED, process: process_ });
  for (let i = 0; i < 1000; i++) simulatePath(p, n + i);
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const out: PathOutcome[] = [];
  for (let i = 0; i < n; i++) out.push(simulatePath(p, i));
  const wall = (performance.now() - t0) / 1000;
  return { perSecond: n / (cpuSeconds() - c0), perWallSecond: n / wall, out };
}

const rates = (r: { perSecond: number; perWallSecond: number }) =>
  `${r.perSecond.toFixed(0)} paths/s of one thread's CPU time (${r.perWallSecond.toFixed(0)} by ` +
  `the wall clock, load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`;

const fmt = (usd: number | null) => (usd === null ? '—' : `$${(usd / 1e6).toFixed(1)}M`);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

const preset = ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID));
const presetPlan = await planOf(preset);
const one = throughput(preset, presetPlan, PATHS);
console.log(
  `  ${DEFAULT_PRESET_ID}, ${preset.horizonMonths} months, ${PATHS} paths (plan and mining ` +
    `only each): ${rates(one)}; aim ≥ 20,000`,
);
const ten = portfolioOf(10);
const tenPlan = await planOf(ten);
const many = throughput(ten, tenPlan, Math.max(100, Math.floor(PATHS / 5)));
console.log(
  `  10-site portfolio, ${ten.horizonMonths} months, ${tenPlan.builds.length} builds: ` +
    `${rates(many)}; aim ≥ 2,000`,
);
// The tax's cost: riot-portfolio (two sites, a tax block) with and without it, the same plan.
const riot = ScenarioSchema.parse(loadPreset('riot-portfolio'));
const riotPlan = await planOf(riot);
const riotN = Math.max(100, Math.floor(PATHS / 5));
const taxed = throughput(riot, riotPlan, riotN);
const untaxed = throughput({ ...riot, tax: undefined }, riotPlan, riotN);
console.log(
  `  riot-portfolio after tax: ${rates(taxed)}; before tax: ` +
    `${untaxed.perSecond.toFixed(0)} paths/s (after ÷ before ${(taxed.perSecond / untaxed.perSecond).toFixed(2)})`,
);

// The same seed and path indices in both modes (hindsight: the evaluator on each path's series).
const job = {
  scenario: preset,
  plan: presetPlan,
  miningOnlyPlan: miningOnlyPlanOf(presetPlan),
  seed: SEED,
  process: process_,
};
const c0 = cpuSeconds();
const lp: PathOutcome[] = [];
for (let i = 0; i < HINDSIGHT; i++) lp.push(await evaluatePath(job, i));
const lpRate = HINDSIGHT / (cpuSeconds() - c0);
const hindsight = summarise(SEED, lp);
const policy = summarise(SEED, one.out.slice(0, HINDSIGHT));
const policyAll = summarise(SEED, one.out);
const rows: [string, string, string, string, string][] = [
  ['mode', 'paths', 'mean NPV plan', 'mean NPV mining only', 'P(conversion beats mining)'],
  ...(
    [
      ['hindsight (LP per path)', HINDSIGHT, hindsight],
      ['policy (simulated)', HINDSIGHT, policy],
      ['policy (simulated)', PATHS, policyAll],
    ] as const
  ).map(
    ([mode, n, s]) =>
      [
        mode,
        String(n),
        fmt(s.plan.meanNpvUsd),
        fmt(s.miningOnly.meanNpvUsd),
        pct(s.probabilityConversionBeatsMining),
      ] as [string, string, string, string, string],
  ),
];
console.log(`  Same seed (${SEED}), same paths, ${DEFAULT_PRESET_ID}:`);
for (const r of rows)
  console.log(`    ${r.map((c, i) => (i ? c.padStart(16) : c.padEnd(24))).join(' ')}`);
console.log(
  `  hindsight: ${lpRate.toFixed(0)} paths/s of one thread's CPU time; policy: ` +
    `${(one.perSecond / lpRate).toFixed(0)}× that`,
);
process.exit(0);
