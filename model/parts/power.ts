/**
 * @module parts/power — the grid limit: MW mining (both fleets) + MW occupied by HPC ≤ grid MW, every month.
 *
 * Row, month t:  Σ power terms_t [− slack_t] ≤ gridMW_t
 * (elastic mode) slack_t ≥ 0, penalised: the MW a fixed plan would need beyond the grid.
 */
import type { Term } from '../lp';
import { ELASTIC_PENALTY, type BuildContext } from './context';

/** Adds the power rows from the terms the other parts collected. */
export function addPower(ctx: BuildContext): void {
  const { lp, econ, index } = ctx;
  for (let t = 0; t < econ.T; t++) {
    const terms: Term[] = [...ctx.powerTerms[t]];
    if (ctx.elastic) {
      const slack = lp.addColumn(ctx.key('power.slack', econ.labels[t]), { obj: -ELASTIC_PENALTY });
      index.powerSlack.push(slack);
      terms.push([slack, -1]);
    }
    lp.addRow(ctx.key('power', econ.labels[t]), terms, -Infinity, econ.gridMW[t]);
  }
}
