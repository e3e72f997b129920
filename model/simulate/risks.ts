/**
 * @module simulate/risks — the risk events of one path (docs/montecarlo.md, "Risks"): for each
 * cohort of the plan, in order, whether it slips, its capex factor and the month its tenant
 * defaults. Drawn from a stream of their own, seeded by (seed, path), so the market path is the
 * same with or without risks.
 */
import { uniformStream } from '../montecarlo';
import type { Cohort } from './cohorts';
import type { Risks } from './options';

/** One cohort's events on a path. */
export interface CohortEvents {
  readonly slipped: boolean;
  /** Building capex × this (1 without overruns). */
  readonly capexFactor: number;
  /** First month (index) the lease earns only its backstop; Infinity when it never defaults. */
  readonly defaultMonth: number;
}

/** Keeps the risk stream apart from the market's (same path index, another seed). */
const RISK_STREAM_KEY = 0x7f4a7c15;

/**
 * The events of path `index` for `cohorts` (every site's, in order). Four uniforms are drawn per
 * cohort whatever the risks asked for, so that one risk's events do not move with another's.
 *
 * @example drawEvents(cohorts, risks, 42, 0)[0].defaultMonth
 */
export function drawEvents(
  cohorts: readonly Cohort[],
  risks: Risks,
  seed: number,
  index: number,
): CohortEvents[] {
  const u = uniformStream((seed ^ RISK_STREAM_KEY) >>> 0, index);
  const sigma = risks.capexOverrun?.volatility ?? 0;
  return cohorts.map((c) => {
    const uSlip = u();
    // Box–Muller's first normal of the pair.
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const uDefault = u();
    const slipped = c.slipped !== null && uSlip < (risks.slip?.probability ?? 0);
    const track = slipped && c.slipped ? c.slipped : c.planned;
    // P(K ≤ k) = 1 − q^k: the lease earns in full in month k after commencement with probability q^k.
    const k = c.survival < 1 ? Math.ceil(Math.log(uDefault) / Math.log(c.survival)) : Infinity;
    return {
      slipped,
      capexFactor: sigma > 0 ? Math.exp(sigma * z - (sigma * sigma) / 2) : 1,
      defaultMonth: track.commencement + Math.max(1, k),
    };
  });
}
