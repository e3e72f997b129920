/**
 * @module parts/power — the grid limit: MW mining (both fleets) + MW occupied by HPC ≤ grid MW,
 * every month; with price bins (docs/model.md, "Power markets") in every bin, and the contract
 * hedge.
 *
 * Row, month t:  Σ power terms_t [− slack_t] ≤ gridMW_t
 * With bins, one row per bin b of month t:  Σ_f run_{f,t,b} + occ_t [− slack_t] ≤ gridMW_t  (HPC is firm load)
 * (elastic mode) slack_t ≥ 0, penalised: the MW a fixed plan would need beyond the grid. Cash
 * (constant), month t, with a contract of mw at price c: 730.5 · mw · (Σ_b h_b p_b − c) / 1e6 — a
 * hedge: paid for every hour, sold back at the bin price when not drawn, so it moves no decision
 * unless funding binds.
 */
import type { Term } from '../lp';
import { ELASTIC_PENALTY, type BuildContext } from './context';

/** Adds the power rows from the terms the other parts collected, and the contract's margin. */
export function addPower(ctx: BuildContext): void {
  const { lp, econ, index } = ctx;
  for (let t = 0; t < econ.T; t++) {
    const terms: Term[] = [...ctx.powerTerms[t]];
    if (ctx.elastic) {
      const slack = lp.addColumn(ctx.key('power.slack', econ.labels[t]), { obj: -ELASTIC_PENALTY });
      index.powerSlack.push(slack);
      terms.push([slack, -1]);
    }
    const bins = ctx.binPowerTerms[t];
    if (!econ.market) {
      index.powerRows.push(
        lp.addRow(ctx.key('power', econ.labels[t]), terms, -Infinity, econ.gridMW[t]),
      );
      continue;
    }
    bins.forEach((own, b) =>
      index.powerRows.push(
        lp.addRow(
          ctx.key('power', econ.labels[t], `b${b}`),
          [...terms, ...own],
          -Infinity,
          econ.gridMW[t],
        ),
      ),
    );
    ctx.cashConst[t] += econ.market.contractAt(t);
  }
}
