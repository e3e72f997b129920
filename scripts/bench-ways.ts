/**
 * @module bench-ways — `npx tsx scripts/bench-ways.ts`: what the plans view's "Lease, cloud or keep
 * mining" table costs the server. For the default preset and the ERCOT preset (a lease and a GPU
 * cloud, price bins), the median time of the optimum itself and of each way the table asks for
 * (web/src/lib/kinds.ts), and their sum as a ratio of the optimum's (compare ratios within one run:
 * the machine is shared).
 */
import { ScenarioSchema, optimize, type ScenarioInput } from '../model';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import { waysToUsePower } from '../web/src/lib/kinds';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(input: unknown): Promise<number> {
  const s = ScenarioSchema.parse(input);
  await optimize(s); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    await optimize(s);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

for (const id of [DEFAULT_PRESET_ID, 'ercot-flex']) {
  const preset = loadPreset(id) as ScenarioInput;
  const optimum = await timed(preset);
  const ways: string[] = [];
  let sum = 0;
  for (const w of waysToUsePower(preset)) {
    const ms = await timed(w.scenario);
    sum += ms;
    ways.push(`${w.label} ${ms.toFixed(0)} ms`);
  }
  console.log(
    `${id}: optimum ${optimum.toFixed(0)} ms; ${ways.join(', ')}; the ` +
      `table's solves together ${(sum / optimum).toFixed(2)}× the optimum's`,
  );
}
