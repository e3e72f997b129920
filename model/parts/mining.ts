/**
 * @module parts/mining — the installed fleet and the refreshed fleet: holding, selling, buying and
 * running ASICs.
 *
 * Variables (MW of grid, per month t):
 *   held⁰_t ∈ [0, installedMW]        installed machines still held in month t (sold ones are gone)
 *   run⁰_t ≥ 0                         installed machines hashing
 *   buy¹_t ∈ [0, refresh.maxMW]        new machines bought (paid at the end of t, can run from t+1); shared by every
 *                                      case before the reveal month; fixed to the plan when evaluating
 *   avail¹_t ≥ 0                       new machines held and runnable in t (bought before t, not sold in t)
 *   run¹_t ≥ 0                         new machines hashing
 * Constraints:
 *   held⁰_t ≤ held⁰_{t−1} (held⁰_{−1} = installedMW);  run⁰_t ≤ held⁰_t
 *   avail¹_t ≤ avail¹_{t−1} + buy¹_{t−1} (avail¹_0 = 0);  run¹_t ≤ avail¹_t;  Σ_t buy¹_t ≤ refresh.maxMW
 * Operating cash (FCF) in month t, with prices of month t (indexed to hashprice, docs/model.md
 * "ASICs"):
 *   margin⁰_t·run⁰_t + margin¹_t·run¹_t + resale⁰_t·(held⁰_{t−1} − held⁰_t)
 *   − price¹_t·buy¹_t + resale¹_t·(avail¹_{t−1} + buy¹_{t−1} − avail¹_t)
 * Power (MW) in month t: run⁰_t + run¹_t.  What the machines held at the horizon are worth: `parts/tail`.
 * Value: every term above is discounted at the mining rate r_m (df^m_t, `addStreamCash`).
 *
 * With price bins (`site.powerMarket`, docs/model.md "Power markets"), month t's bins b = 0 … B_t−1
 * replace each run column by run⁰_{t,b}, run¹_{t,b} ≥ 0 with run_{t,b} ≤ held (avail) in every bin;
 * the margin term becomes Σ_b binMargin_{f,t,b}·run_{t,b} (binMargin = h_b × the single-bin margin
 * at p_b, + the demand-response credit in the first bin, − the transmission charge in the last),
 * and the power row is one per bin (`parts/power`).
 */
import type { Term } from '../lp';
import type { FleetEconomics } from '../economics';
import { addStreamCash, capitalColumn, planFixes, rowApplies, type BuildContext } from './context';

/** Adds the mining fleets. In evaluate mode refresh purchases are fixed to the plan's. */
export function addMining(ctx: BuildContext): void {
  const { lp, econ, scenario: s, index } = ctx;
  const T = econ.T;
  const ex = econ.existing;
  const installed = s.fleet.installedMW;
  for (let t = 0; t < T; t++) {
    const held = lp.addColumn(ctx.key('fleet0.held', econ.labels[t]), { ub: installed });
    const run = runColumns(ctx, 'fleet0.run', t, held, ex);
    index.existingHeld.push(held);
    index.existingRun.push(run);
    if (t === 0) {
      addStreamCash(ctx, t, econ.dfMining, [], ex.resalePerMW[t] * installed);
    } else {
      lp.addRow(
        ctx.key('fleet0.keep', econ.labels[t]),
        [
          [held, 1],
          [index.existingHeld[t - 1], -1],
        ],
        -Infinity,
        0,
      );
      addStreamCash(ctx, t, econ.dfMining, [[index.existingHeld[t - 1], ex.resalePerMW[t]]]);
    }
    addStreamCash(ctx, t, econ.dfMining, [[held, -ex.resalePerMW[t]]]);
  }

  const rf = econ.refresh;
  const spec = s.fleet.refresh;
  if (!rf || !spec) return;
  const fixed = ctx.plan ? planRefreshes(ctx) : null;
  let free = false;
  for (let t = 0; t < T; t++) {
    const fix = fixed && planFixes(ctx, t);
    free ||= !fix;
    const bound = fix ? { lb: fixed[t], ub: fixed[t] } : { ub: spec.maxMW };
    const buy = capitalColumn(ctx, `refresh.${t}`, ['fleet1.buy', econ.labels[t]], t, bound, {
      option: -1,
      start: t,
      mwPerUnit: 1,
    }).col;
    const avail = lp.addColumn(ctx.key('fleet1.avail', econ.labels[t]), t === 0 ? { ub: 0 } : {});
    const run = runColumns(ctx, 'fleet1.run', t, avail, rf);
    index.refreshBuy.push(buy);
    index.refreshRunnable.push(avail);
    index.refreshRun.push(run);
    if (t > 0) {
      const pAvail = index.refreshRunnable[t - 1];
      const pBuy = index.refreshBuy[t - 1];
      lp.addRow(
        ctx.key('fleet1.keep', econ.labels[t]),
        [
          [avail, 1],
          [pAvail, -1],
          [pBuy, -1],
        ],
        -Infinity,
        0,
      );
      addStreamCash(ctx, t, econ.dfMining, [
        [pAvail, rf.resalePerMW[t]],
        [pBuy, rf.resalePerMW[t]],
      ]);
    }
    addStreamCash(ctx, t, econ.dfMining, [
      [buy, -rf.pricePerMW[t]],
      [avail, -rf.resalePerMW[t]],
    ]);
  }
  // One cap per case: its shared purchases and its own after the reveal.
  if (free)
    lp.addRow(
      ctx.key('fleet1.max'),
      index.refreshBuy.map((c): Term => [c, 1]),
      -Infinity,
      spec.maxMW,
    );
}

/**
 * A fleet's run column(s) of month t, capped by the MW held, with their margin and power terms. One
 * column (`<name>.<month>`) without price bins; with them one per bin (`<name>.<month>.b<b>`), and
 * the first is returned (the others are in `index.runByBin`).
 */
function runColumns(
  ctx: BuildContext,
  name: string,
  t: number,
  held: number,
  fe: FleetEconomics,
): number {
  const { lp, econ } = ctx;
  const label = econ.labels[t];
  const cap = name === 'fleet0.run' ? 'fleet0.runcap' : 'fleet1.runcap';
  if (!fe.binMarginPerMW) {
    const run = lp.addColumn(ctx.key(name, label));
    lp.addRow(
      ctx.key(cap, label),
      [
        [run, 1],
        [held, -1],
      ],
      -Infinity,
      0,
    );
    addStreamCash(ctx, t, econ.dfMining, [[run, fe.marginPerMW[t]]]);
    ctx.powerTerms[t].push([run, 1]);
    return run;
  }
  const cols = fe.binMarginPerMW[t].map((margin, b) => {
    const run = lp.addColumn(ctx.key(name, label, `b${b}`));
    lp.addRow(
      ctx.key(cap, label, `b${b}`),
      [
        [run, 1],
        [held, -1],
      ],
      -Infinity,
      0,
    );
    addStreamCash(ctx, t, econ.dfMining, [[run, margin]]);
    ctx.binPowerTerms[t][b].push([run, 1]);
    return run;
  });
  (name === 'fleet0.run' ? ctx.index.existingRunByBin : ctx.index.refreshRunByBin).push(cols);
  return cols[0];
}

/** The plan's refresh purchases that apply to this case, MW by month. */
function planRefreshes(ctx: BuildContext): number[] {
  const out = new Array<number>(ctx.econ.T).fill(0);
  for (const r of ctx.plan?.refreshes ?? []) {
    if (!rowApplies(ctx, r)) continue;
    const t = ctx.econ.labels.indexOf(r.month);
    if (t >= 0) out[t] += r.mw;
  }
  return out;
}
