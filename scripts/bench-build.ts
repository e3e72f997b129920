/**
 * @module bench-build — `npx tsx scripts/bench-build.ts [preset]`: CPU ms of one model build
 * (`buildModel`, the LP every optimize, map cell and slider move builds), without and with a tax
 * block (25 %, 40 % bonus), on 11 copies of the preset whose offers' prices are moved ±5 % (slider
 * moves). After 50 builds of warm-up, five rounds of 200 builds each, interleaved; prints each
 * round and the median, and the load average. `BENCH_PROFILE=1` adds the functions where a build
 * spends its time (a V8 sampling profile of 200 builds, self time).
 */
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import { buildModel, ScenarioSchema, type Scenario } from '../model';
import { movePrice } from './lib/offers';

const BUILDS = 200;
const ROUNDS = 5;

function scenarios(id: string, tax: boolean): Scenario[] {
  return Array.from({ length: 11 }, (_, i) => {
    const s = structuredClone(loadPreset(id)) as Record<string, unknown>;
    const offers = (s.hpcOptions ?? []) as { kind?: 'lease' | 'cloud' }[];
    for (const o of offers) movePrice(o, 1 + 0.01 * i - 0.05);
    if (tax) s.tax = { ratePerYear: 0.25, bonusShare: 0.4 };
    return ScenarioSchema.parse(s);
  });
}

/** CPU ms per build over `BUILDS` builds. */
function round(list: readonly Scenario[]): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < BUILDS; i++) buildModel(list[i % list.length]);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / BUILDS;
}

/** Self time per build of the functions a build spends most in, ms. */
async function profile(list: readonly Scenario[]): Promise<[string, number][]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const ms = round(list) * BUILDS;
  const { profile: p } = await session.post('Profiler.stop');
  session.disconnect();
  const samples = p.samples ?? [];
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of samples) {
    const f = byNode.get(id)?.callFrame;
    const name = `${f?.url.split('/').pop() ?? ''} ${f?.functionName || '(anonymous)'}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, n]) => [name, (n / samples.length) * (ms / BUILDS)]);
}

async function main() {
  const id = process.argv[2] ?? DEFAULT_PRESET_ID;
  const plain = scenarios(id, false);
  const taxed = scenarios(id, true);
  for (let i = 0; i < 50; i++) {
    buildModel(plain[i % 11]);
    buildModel(taxed[i % 11]);
  }
  const times = { plain: [] as number[], tax: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    times.plain.push(round(plain));
    times.tax.push(round(taxed));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const show = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
  console.log(`model build, ${id}, CPU ms per build (${ROUNDS} rounds of ${BUILDS} builds):`);
  console.log(`  without tax: median ${median(times.plain).toFixed(2)} [${show(times.plain)}]`);
  console.log(`  with tax:    median ${median(times.tax).toFixed(2)} [${show(times.tax)}]`);
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  if (process.env.BENCH_PROFILE) {
    for (const [name, ms] of await profile(plain))
      console.log(`  ${ms.toFixed(3).padStart(7)} ms  ${name}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
