/**
 * @module scripts/lib/live-bench — the live model's re-solve against a cold solve of the same LP, in
 * one thread (`npm run bench`): the 60-month default preset moved as a slider moves it (the first
 * lease's rate; every move changes about a hundred matrix values, changed in place and refactorised
 * from the kept basis), and an offer's capacity (bounds only: changed in place, hot from the kept
 * factorisation). docs/solvers.md, "Live models".
 */
import { ScenarioSchema, buildModel, type Scenario } from '../../model';
import type { Lp } from '../../model/lp';
import { solveWarm } from '../../model/solvers/highs-warm';
import { liveModels } from '../../model/solvers/live-models';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';

const SETTINGS = { timeLimitSeconds: 60, mipRelGap: 1e-4 };

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** LPs of the preset with one field moved step by step. */
function moves(field: (s: any, k: number) => void, n: number): Lp[] {
  const base = loadPreset(DEFAULT_PRESET_ID) as any;
  return Array.from({ length: n }, (_, k) => {
    const s = structuredClone(base);
    field(s, k);
    return buildModel(ScenarioSchema.parse(s) as Scenario).lp;
  });
}

/**
 * Prints, for each kind of move: cold solve p50, live re-solve p50 (the answer's own `ms`, checked
 * against the built LP) and their ratio.
 */
export async function liveFigures(repeats: number): Promise<void> {
  const kinds: [string, Lp[]][] = [
    [
      'lease rate (matrix values: in place)',
      moves((s, k) => {
        s.hpcOptions[0].leaseUsdPerKwMonth *= 1 + 0.01 * (k + 1);
      }, repeats + 2),
    ],
    [
      'offer capacity (bounds: in place)',
      moves((s, k) => {
        s.hpcOptions[0].maxMW *= 1 + 0.01 * (k + 1);
      }, repeats + 2),
    ],
  ];
  console.log('\nLive model, default preset 60 months, one thread (ms):');
  for (const [label, lps] of kinds) {
    // Interleaved (a cold solve, then the live re-solve of the same LP), so both see the same load;
    // the first move pays for JIT and builds the live model.
    const cold: number[] = [];
    const live = liveModels();
    const hot: number[] = [];
    const how = new Set<string>();
    for (const [k, lp] of lps.entries()) {
      const ms = (await solveWarm(lp, SETTINGS, null)).solution.ms;
      const out = await live.solve(lp, SETTINGS, '', null, false);
      if (out.kind !== 'solved') throw new Error(`live solve ${k} of ${label}: ${out.kind}`);
      if (k > 1) {
        cold.push(ms);
        hot.push(out.answer.solution.ms);
        how.add(out.how);
      }
    }
    live.clear();
    console.log(
      `  ${label}: cold p50 ${p50(cold).toFixed(2)} · re-solve p50 ${p50(hot).toFixed(2)} ` +
        `(${[...how].join(', ')}) · ÷ cold ${(p50(hot) / p50(cold)).toFixed(2)} (target ≤ 0.2)`,
    );
  }
}
