/**
 * @module bench-largest — `npx tsx scripts/bench-largest.ts` (run by `npm run bench`): the largest
 * scenarios the API admits (`LIMITS.maxSiteMonths` and `LIMITS.maxOfferMonths` both reached, at 240
 * and at 120 months) posted to /api/optimize through the solve threads with the default time limit;
 * prints each one's size, status, seconds and seconds ÷ the default time limit (aim ≤ 0.5: an
 * answer with margin), and the CPU seconds the process spent on it ÷ the limit (the solve threads
 * run in this process): on a machine shared with other work the wall clock measures the load, the
 * CPU time the request. BENCH_LARGEST_UNCAPPED=1 adds the 20-site ×
 * 8-offer × 240-month portfolio the caps now refuse, solved without them (docs/solvers.md, "The
 * largest scenario").
 */
import { loadavg } from 'node:os';
import { buildModel, ScenarioSchema, SolveOptionsSchema } from '../model';
import { LIMITS } from '../model/schema-base';
import { createApp } from '../api/app';
import { workerPool } from '../api/pool';
import { wideOf } from './lib/portfolio';

const LIMIT_S = SolveOptionsSchema.parse({}).timeLimitSeconds;

/** Sites, offers per site and months that reach both caps at `months`. */
function largestAt(months: number): [number, number, number] {
  const sites = Math.min(LIMITS.maxSites, Math.floor(LIMITS.maxSiteMonths / months));
  const offers = Math.min(LIMITS.maxHpcOptions, Math.floor(LIMITS.maxOfferMonths / months / sites));
  return [sites, offers, months];
}

async function main() {
  const runner = workerPool({ size: 1 });
  const app = createApp({ runner });
  const shapes = [largestAt(LIMITS.horizonMaxMonths), largestAt(120)];
  if (process.env.BENCH_LARGEST_UNCAPPED) shapes.push([20, 8, 240]);
  console.log(
    `default time limit ${LIMIT_S} s; one solve thread; load average ${loadavg()[0].toFixed(1)}`,
  );
  for (const [sites, offers, months] of shapes) {
    const body = wideOf(sites, offers, months);
    const uncapped = sites * months > LIMITS.maxSiteMonths;
    // The caps are read when a scenario is parsed (in this thread), so lifting them here lets the
    // refused size through for the comparison.
    if (uncapped) Object.assign(LIMITS, { maxSiteMonths: Infinity, maxOfferMonths: Infinity });
    const { lp } = buildModel(ScenarioSchema.parse(body));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = await app.request('/api/optimize', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const answer = (await res.json()) as { status?: string; npvUsd?: number | null };
    const s = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(c0);
    const cpu = (used.user + used.system) / 1e6;
    console.log(
      `  ${sites} sites × ${offers} offers × ${months} months (${lp.numCols} × ${lp.numRows})` +
        `${uncapped ? ', over the caps' : ''}: ${res.status} ${answer.status}, ` +
        `NPV ${answer.npvUsd == null ? 'null' : `$${(answer.npvUsd / 1e6).toFixed(1)}M`}, ` +
        `${s.toFixed(1)} s (÷ the ${LIMIT_S} s limit ${(s / LIMIT_S).toFixed(2)}), ` +
        `CPU ${cpu.toFixed(1)} s (÷ limit ${(cpu / LIMIT_S).toFixed(2)})`,
    );
  }
  await runner.close();
  process.exit(0);
}

await main();
