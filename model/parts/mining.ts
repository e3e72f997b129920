/**
 * @module parts/mining — the installed fleet and the refreshed fleet: holding, selling, buying and running ASICs.
 *
 * Variables (MW of grid, per month t):
 *   held⁰_t ∈ [0, installedMW]        installed machines still held in month t (sold ones are gone)
 *   run⁰_t ≥ 0                         installed machines hashing
 *   buy¹_t ∈ [0, refresh.maxMW]        new machines bought (paid at the end of t, can run from t+1)
 *   avail¹_t ≥ 0                       new machines held and runnable in t (bought before t, not sold in t)
 *   run¹_t ≥ 0                         new machines hashing
 * Constraints:
 *   held⁰_t ≤ held⁰_{t−1} (held⁰_{−1} = installedMW);  run⁰_t ≤ held⁰_t
 *   avail¹_t ≤ avail¹_{t−1} + buy¹_{t−1} (avail¹_0 = 0);  run¹_t ≤ avail¹_t;  Σ_t buy¹_t ≤ refresh.maxMW
 * Cash (inflow, $M) in month t:
 *   margin⁰_t·run⁰_t + margin¹_t·run¹_t + resale⁰·(held⁰_{t−1} − held⁰_t)
 *   − price¹·buy¹_t + resale¹·(avail¹_{t−1} + buy¹_{t−1} − avail¹_t)
 * Power (MW) in month t: run⁰_t + run¹_t.
 * Objective (terminal, at df_{T−1}): resale⁰·held⁰_{T−1} + resale¹·(avail¹_{T−1} + buy¹_{T−1}).
 */
import { key } from '../lp';
import type { BuildContext } from './context';

/** Adds the mining fleets. In evaluate mode refresh purchases are fixed to the plan's. */
export function addMining(ctx: BuildContext): void {
  const { lp, econ, scenario: s, index } = ctx;
  const T = econ.T;
  const ex = econ.existing;
  const installed = s.fleet.installedMW;
  const dfEnd = econ.df[T - 1];
  for (let t = 0; t < T; t++) {
    const held = lp.addColumn(ctx.key('fleet0.held', econ.labels[t]), { ub: installed });
    const run = lp.addColumn(ctx.key('fleet0.run', econ.labels[t]));
    index.existingHeld.push(held);
    index.existingRun.push(run);
    if (t === 0) {
      ctx.cashConst[t] += ex.resalePerMW * installed;
    } else {
      lp.addRow(ctx.key('fleet0.keep', econ.labels[t]), [[held, 1], [index.existingHeld[t - 1], -1]], -Infinity, 0);
      ctx.cashTerms[t].push([index.existingHeld[t - 1], ex.resalePerMW]);
    }
    lp.addRow(ctx.key('fleet0.runcap', econ.labels[t]), [[run, 1], [held, -1]], -Infinity, 0);
    ctx.cashTerms[t].push([run, ex.marginPerMW[t]], [held, -ex.resalePerMW]);
    ctx.powerTerms[t].push([run, 1]);
  }
  lp.addObjective(index.existingHeld[T - 1], dfEnd * ex.resalePerMW);

  const rf = econ.refresh;
  const spec = s.fleet.refresh;
  if (!rf || !spec) return;
  const fixed = ctx.plan ? planRefreshes(ctx) : null;
  const firstCaseDone = ctx.caseIndex > 0;
  for (let t = 0; t < T; t++) {
    const bound = fixed ? { lb: fixed[t], ub: fixed[t] } : { ub: spec.maxMW };
    // Purchases are first-stage: in a two-stage model every case shares them (no case prefix).
    const shared = ctx.sharedBuilds?.get(`refresh.${t}`);
    const buy = shared ? shared.col : lp.addColumn(key('fleet1.buy', econ.labels[t]), bound);
    if (!shared) ctx.sharedBuilds?.set(`refresh.${t}`, { option: -1, start: t, col: buy, mwPerUnit: 1 });
    const avail = lp.addColumn(ctx.key('fleet1.avail', econ.labels[t]), t === 0 ? { ub: 0 } : {});
    const run = lp.addColumn(ctx.key('fleet1.run', econ.labels[t]));
    index.refreshBuy.push(buy);
    index.refreshRunnable.push(avail);
    index.refreshRun.push(run);
    if (t > 0) {
      const pAvail = index.refreshRunnable[t - 1];
      const pBuy = index.refreshBuy[t - 1];
      lp.addRow(ctx.key('fleet1.keep', econ.labels[t]), [[avail, 1], [pAvail, -1], [pBuy, -1]], -Infinity, 0);
      ctx.cashTerms[t].push([pAvail, rf.resalePerMW], [pBuy, rf.resalePerMW]);
    }
    lp.addRow(ctx.key('fleet1.runcap', econ.labels[t]), [[run, 1], [avail, -1]], -Infinity, 0);
    ctx.cashTerms[t].push([run, rf.marginPerMW[t]], [buy, -rf.pricePerMW], [avail, -rf.resalePerMW]);
    ctx.powerTerms[t].push([run, 1]);
  }
  if (!fixed && !firstCaseDone) {
    lp.addRow(key('fleet1.max'), index.refreshBuy.map((c) => [c, 1] as const), -Infinity, spec.maxMW);
  }
  lp.addObjective(index.refreshRunnable[T - 1], dfEnd * rf.resalePerMW);
  lp.addObjective(index.refreshBuy[T - 1], dfEnd * rf.resalePerMW);
}

function planRefreshes(ctx: BuildContext): number[] {
  const out = new Array<number>(ctx.econ.T).fill(0);
  for (const r of ctx.plan?.refreshes ?? []) {
    const t = ctx.econ.labels.indexOf(r.month);
    if (t >= 0) out[t] += r.mw;
  }
  return out;
}
