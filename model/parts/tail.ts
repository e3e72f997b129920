/**
 * @module parts/tail — what the ASICs held at the end of the horizon are worth (docs/model.md,
 * "Value after the horizon"): the MW kept running earn their fleet's positive margin for L =
 * `valuation.merchantTailMonths` more months; the rest are sold at the end of month T−1 at that
 * month's resale price.
 *
 * Variables (MW, L > 0 only):
 *   keep⁰ ∈ [0, held⁰_{T−1}]                    installed machines kept running after the horizon
 *   keep¹ ∈ [0, avail¹_{T−1} + buy¹_{T−1}]      refreshed machines kept running (those bought in T−1 included)
 * Row:  keep⁰ + keep¹ + occ_{T−1} ≤ gridMW_{T−1}   (the HPC MW occupying power in T−1 keep theirs)
 * Objective (a present value, in both valuation methods), f = each fleet, held_f its MW held at the
 * end of T−1:
 *   df_{T−1} · resale_f,T−1 · (held_f − keep_f) + keep_f · Σ_{t=T}^{T+L−1} df_t · max(0, margin_f,t),
 *   df = df^m, at the mining rate r_m (docs/model.md, "Rates by risk class")
 */
import type { Term } from '../lp';
import type { BuildContext } from './context';

/**
 * Adds the merchant tail of both fleets. Call after `addMining` and `addHpc` (it reads held MW and
 * occupancy).
 */
export function addTail(ctx: BuildContext): void {
  const { lp, econ, index } = ctx;
  const T = econ.T;
  const last = T - 1;
  // ASIC sales and the tail are mining flows: discounted at r_m.
  const dfEnd = econ.dfMining[last];
  const ex = econ.existing;
  const held0 = index.existingHeld[last];
  lp.addObjective(held0, dfEnd * ex.resalePerMW[last]);
  const rf = econ.refresh;
  const refreshHeld: Term[] =
    rf && index.refreshBuy.length
      ? [
          [index.refreshRunnable[last], 1],
          [index.refreshBuy[last], 1],
        ]
      : [];
  if (rf) for (const [c] of refreshHeld) lp.addObjective(c, dfEnd * rf.resalePerMW[last]);
  if (econ.tail === 0) return;

  const power: Term[] = [[index.occupancy[last], 1]];
  const keep0 = lp.addColumn(ctx.key('tail.keep0'), {
    obj: ex.tailValuePerMW - dfEnd * ex.resalePerMW[last],
  });
  lp.addRow(
    ctx.key('tail.keep0cap'),
    [
      [keep0, 1],
      [held0, -1],
    ],
    -Infinity,
    0,
  );
  index.keepExisting = keep0;
  power.push([keep0, 1]);
  if (rf && refreshHeld.length) {
    const keep1 = lp.addColumn(ctx.key('tail.keep1'), {
      obj: rf.tailValuePerMW - dfEnd * rf.resalePerMW[last],
    });
    lp.addRow(
      ctx.key('tail.keep1cap'),
      [[keep1, 1], ...refreshHeld.map(([c]): Term => [c, -1])],
      -Infinity,
      0,
    );
    index.keepRefresh = keep1;
    power.push([keep1, 1]);
  }
  index.powerRows.push(lp.addRow(ctx.key('tail.power'), power, -Infinity, econ.gridMW[last]));
}
