/**
 * @module simulate/hpc-flows — a site's HPC cash, project-debt ceiling and value on one path: the
 * sum of its cohorts' tracks, with each cohort's events (slip, capex factor, default) applied.
 */
import type { Cohort } from './cohorts';
import type { CohortEvents } from './risks';

/** A site's HPC figures on a path (arrays of month t < T, $M). */
export interface HpcFlows {
  readonly cash: Float64Array;
  readonly advance: Float64Array;
  /** Value of the in-horizon cash at each option's rate (firm), $M. */
  valueIn: number;
  /** Value after the horizon (flows and residuals), $M. */
  after: number;
}

/** Zeroed figures for T months. */
export function emptyHpcFlows(T: number): HpcFlows {
  return { cash: new Float64Array(T), advance: new Float64Array(T), valueIn: 0, after: 0 };
}

/**
 * Fills `out` from the cohorts; `events[i]` applies to `cohorts[i]` (none: every cohort as
 * planned, with the credit as the economics have it).
 */
export function hpcFlows(
  cohorts: readonly Cohort[],
  events: readonly CohortEvents[] | null,
  out: HpcFlows,
): HpcFlows {
  out.cash.fill(0);
  out.advance.fill(0);
  out.valueIn = 0;
  out.after = 0;
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
  });
  return out;
}
