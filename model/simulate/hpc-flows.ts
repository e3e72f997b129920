/**
 * @module simulate/hpc-flows — a site's HPC cash, project-debt ceiling and value on one path: the
 * sum of its cohorts' tracks, with each cohort's events (slip, capex factor, default) applied.
 */
import type { Cohort } from './cohorts';
import type { CohortEvents } from './risks';
import { addTrackTax, emptyHpcTax, type HpcTax } from './tax-path';
import type { CohortTax, SimTax } from './tax-plan';

/** A site's HPC figures on a path (arrays of month t < T, $M). */
export interface HpcFlows {
  readonly cash: Float64Array;
  readonly advance: Float64Array;
  /** Value of the in-horizon cash at each option's rate (firm), $M. */
  valueIn: number;
  /** Value after the horizon (flows and residuals), $M. */
  after: number;
  /** Taxable income beyond the cash (null without tax). */
  readonly tax: HpcTax | null;
}

/** Zeroed figures for T months (with room for the tax of `st`'s years when taxed). */
export function emptyHpcFlows(T: number, st: SimTax | null = null): HpcFlows {
  return {
    cash: new Float64Array(T),
    advance: new Float64Array(T),
    valueIn: 0,
    after: 0,
    tax: st ? emptyHpcTax(T, st.years) : null,
  };
}

/**
 * Fills `out` from the cohorts; `events[i]` applies to `cohorts[i]` (none: every cohort as
 * planned, with the credit as the economics have it); `taxes[i]` is its tax (with `st`; else none).
 */
export function hpcFlows(
  cohorts: readonly Cohort[],
  events: readonly CohortEvents[] | null,
  out: HpcFlows,
  taxes: readonly CohortTax[] | null = null,
  st: SimTax | null = null,
): HpcFlows {
  out.cash.fill(0);
  out.advance.fill(0);
  out.valueIn = 0;
  out.after = 0;
  const tax = out.tax;
  if (tax) {
    tax.adj.fill(0);
    tax.years.fill(0);
    tax.pv = 0;
    tax.residual = 0;
  }
  const T = out.cash.length;
  cohorts.forEach((c, i) => {
    const e = events?.[i];
    const track = e?.slipped && c.slipped ? c.slipped : c.planned;
    const f = e?.capexFactor ?? 1;
    const tau = e?.defaultMonth ?? Infinity;
    const beta = c.backstop;
    for (let t = 0; t < T; t++) {
      const cash = track.flow[t] * (t < tau ? 1 : beta) - f * track.building[t];
      out.cash[t] += cash;
      out.advance[t] += f * track.advance[t];
      out.valueIn += c.df[t] * cash;
    }
    let after = track.after;
    if (tau !== Infinity && track.afterFrom.length) {
      const from = Math.max(0, tau - T);
      if (from < track.afterFrom.length) after -= (1 - beta) * track.afterFrom[from];
    }
    out.after += after;
    const tt = taxes?.[i];
    if (tax && tt && st) {
      const own = track === c.planned ? tt.planned : (tt.slipped ?? tt.planned);
      addTrackTax(tax, st, own, track, f, tau, beta);
    }
  });
  return out;
}
