/**
 * @module bench-diagnose — the diagnosis of an infeasible 240-month scenario (the default preset
 * with $25M of cash, no facility and a $60M balloon due in month 96): the elastic search and the
 * bisection it replaced, each against one solve of the same LP (the scenario's own solve, which
 * finds it infeasible, and a cold solve of the elastic LP), p50 of a few runs (the bisection once),
 * in one process.
 * Target (docs/model.md, "Infeasibility and its diagnosis"): the diagnosis within 3 × one solve.
 */
import { ScenarioSchema, buildModel, type Scenario } from '../model';
import { diagnose, type DiagnosisSearch } from '../model/diagnose';
import { injectionLp } from '../model/diagnose-lp';
import { deadlineIn, lpRunner } from '../model/lp-runner';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';

const RUNS = Number(process.env.BENCH_DIAGNOSE_RUNS ?? 3);

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The default preset over 240 months that cannot be funded from month 96 on. */
export function unfundable240(): Scenario {
  const s = structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;
  s.horizonMonths = 240;
  s.financing.cashUsd = 25e6;
  delete s.financing.facility;
  s.financing.existingDebt = { balanceUsd: 60e6, couponPerYear: 0.06, maturityMonth: '2034-12' };
  return ScenarioSchema.parse(s);
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

async function main() {
  const s = unfundable240();
  // Each run gets its own runner: no basis is remembered between runs (a cold request).
  const runner = () => lpRunner(s, { deadline: deadlineIn(600) });
  const own = buildModel(s).lp;
  const first = await timed(() => runner().solve(own));
  if (first.value.solution.status !== 'infeasible')
    throw new Error(`the case is ${first.value.solution.status}, not infeasible`);
  const solveMs: number[] = [first.ms];
  const elasticLpMs: number[] = [];
  const diagnosisMs: Record<DiagnosisSearch, number[]> = { elastic: [], bisection: [] };
  const rows: Record<string, string> = {};
  for (let i = 0; i < RUNS; i++) {
    solveMs.push((await timed(() => runner().solve(own))).ms);
    const e = injectionLp(s, undefined, runner(), false);
    elasticLpMs.push((await timed(() => e.solve(0, 0, () => 1))).ms);
    // The bisection takes minutes here: once is enough for the comparison.
    for (const search of i === 0 ? (['elastic', 'bisection'] as const) : (['elastic'] as const)) {
      const d = await timed(() => diagnose(s, undefined, runner(), search));
      diagnosisMs[search].push(d.ms);
      rows[search] = (d.value.diagnosis ?? [])
        .map((x) => `${x.month} $${Math.round(x.shortfall).toLocaleString('en-US')}`)
        .join(', ');
    }
  }
  const one = p50(solveMs);
  console.log(
    `  ${DEFAULT_PRESET_ID}, 240 months, unfundable: ${own.numCols} × ${own.numRows}; ` +
      `one solve of its LP (infeasible) ${one.toFixed(0)} ms, a cold solve of the elastic LP ` +
      `${p50(elasticLpMs).toFixed(0)} ms`,
  );
  for (const search of ['elastic', 'bisection'] as const) {
    const ms = p50(diagnosisMs[search]);
    const target = search === 'elastic' ? ' (target ≤ 3)' : '';
    console.log(
      `  diagnosis, ${search}: ${ms.toFixed(0)} ms = ${(ms / one).toFixed(2)} × one solve${target} ` +
        `(${(ms / p50(elasticLpMs)).toFixed(2)} × the elastic LP's) · ${rows[search]}`,
    );
  }
  console.log(
    `  the same months and shortfalls: ${rows.elastic === rows.bisection ? 'yes' : 'NO'}`,
  );
}

await main();
