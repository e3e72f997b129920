/**
 * @module parts/profile — the shape of a cohort's cash profile (a lease's or a cloud's) and the
 * ramp both share; `economics` turns a profile into an option's per-MW economics.
 */

/**
 * A cohort's cash profile per grid MW over months j since its start, computed once (`parts/lease`
 * builds a lease's, `parts/cloud` a cloud's). Arrays are indexed by j = 0 … lastMonth−1 and are 0
 * before commencement.
 */
export interface CohortProfile {
  /** Last month (exclusive) of the cohort with any cash flow. */
  readonly lastMonth: number;
  /** Revenue before opex and power, expected, $M per MW. */
  readonly revenue: Float64Array;
  /**
   * Expected margin (revenue − opex − power when not binned − transmission when not binned), $M per
   * MW.
   */
  readonly margin: Float64Array;
  /** Expected share of the MW earning on power the operator pays, with price bins only. */
  readonly powered: Float64Array;
  /**
   * The plain-recursion and decaying parts of `margin` and `powered` (docs/model.md, "Tenant credit
   * and ramps").
   */
  readonly steady: { readonly margin: Float64Array; readonly powered: Float64Array };
  readonly decaying: { readonly margin: Float64Array; readonly powered: Float64Array };
  /** Monthly survival ratio q of the decaying part (1: nothing decays). */
  readonly decay: number;
  /**
   * Equipment bought in month j beyond the building (a cloud's GPUs), $M per MW; not financed by
   * project debt.
   */
  readonly equipment: Float64Array;
  /**
   * The value after the horizon of month t's flows (t ≥ T): null for contracted flows (a lease: all
   * count to their end); a cloud's merchant rule (margin as it is for the tail, each purchase × the
   * share of its life the tail covers).
   */
  readonly tail: { readonly end: number; equipmentWeight(t: number): number } | null;
}

/** Share of a cohort's IT earning in month k after commencement: min(1, (k+1)/r); r = 0 is 1. */
export function rampShare(r: number, k: number): number {
  return r > 0 ? Math.min(1, (k + 1) / r) : 1;
}

/**
 * Opex factor of month k after commencement: (1 + e)^floor(k/12), e = `opexEscalatorPerYear`
 * (docs/model.md, "HPC cohorts"); e = 0 is 1.
 */
export function opexEscalation(e: number, k: number): number {
  return e > 0 ? Math.pow(1 + e, Math.floor(k / 12)) : 1;
}

/**
 * Non-zero first differences [j, f(j) − f(j−1)] of a per-MW profile over j = 0 … n−1, with f = 0
 * before month 0: the jumps a recursion over the profile adds month by month.
 */
export function differences(n: number, f: (j: number) => number): [number, number][] {
  const out: [number, number][] = [];
  let prev = 0;
  for (let j = 0; j < n; j++) {
    const v = f(j);
    if (v !== prev) out.push([j, v - prev]);
    prev = v;
  }
  return out;
}
