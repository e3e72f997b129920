/**
 * @module simulate/cohorts — the plan's HPC cohorts as month arrays, computed once per request
 * (docs/montecarlo.md): each cohort's building capex, its other flows (margin, power charged by
 * bins, a cloud's GPUs), its project-debt ceiling and its value after the horizon, as planned and,
 * when slips are asked for, slipped.
 */
import type { OptionEconomics } from '../economics';
import type { PowerMarketEconomics } from '../power-market';

/** A cohort's arrays for one commencement (as planned, or slipped), in $M for its MW. */
export interface CohortTrack {
  /** Building capex paid in month t < T (overruns scale it). */
  readonly building: Float64Array;
  /** Every other flow of month t < T: margin − power charged by bins − GPU purchases. */
  readonly flow: Float64Array;
  /** Project-debt ceiling of month t < T (scales with the building’s capex). */
  readonly advance: Float64Array;
  /** Value after the horizon at the option’s rate: the flows of months ≥ T and the residual. */
  readonly after: number;
  /**
   * Σ_{t ≥ max(T, τ)} df^o_t × flow_t for τ = T + i: the part of `after` a default in month τ
   * scales by the backstop (leases with a sampled default only; else empty).
   */
  readonly afterFrom: Float64Array;
  /** The flow of month T + i, undiscounted (what a default scales after the horizon; as `afterFrom`). */
  readonly flowAfter: Float64Array;
  /** The option's economics this track was computed from (the tax reads its profiles). */
  readonly economics: OptionEconomics;
  /** Month (index) the cohort commences: its lease clocks start here. */
  readonly commencement: number;
}

/** One build of the plan. */
export interface Cohort {
  readonly option: number;
  readonly start: number;
  readonly mw: number;
  /** Discount factor of month t < T at the option’s rate. */
  readonly df: Float64Array;
  readonly planned: CohortTrack;
  /** With `risks.slip`: the same build commencing late; else null. */
  readonly slipped: CohortTrack | null;
  /** Monthly survival q of a lease whose default is sampled; 1 when none is. */
  readonly survival: number;
  /** The backstop share β a defaulted lease still earns. */
  readonly backstop: number;
}

/** A cohort's arrays from its option's economics (a variant: credit as expected or plain, a slip). */
export function cohortTrack(
  oe: OptionEconomics,
  start: number,
  mw: number,
  T: number,
  market: PowerMarketEconomics | null,
  sampledDefault: boolean,
): CohortTrack {
  const building = new Float64Array(T);
  const flow = new Float64Array(T);
  const advance = new Float64Array(T);
  const b = oe.buildMonths;
  const flowAt = (t: number) => {
    const j = t - start;
    const charged = market ? oe.poweredAt(j) * market.hpcPowerAt(t) : 0;
    return oe.marginAt(j) - oe.equipmentAt(j) - charged;
  };
  for (let t = 0; t < T; t++) {
    const j = t - start;
    building[t] = j >= 0 && j < b ? (mw * oe.capexPerMW) / b : 0;
    flow[t] = mw * flowAt(t);
    advance[t] = mw * oe.advanceAt(j);
  }
  const end = oe.valueEnd(start);
  const afterFrom = new Float64Array(sampledDefault ? Math.max(0, end - T) + 1 : 0);
  const flowAfter = new Float64Array(Math.max(0, afterFrom.length - 1));
  for (let t = end - 1; t >= T && sampledDefault; t--) {
    flowAfter[t - T] = mw * flowAt(t);
    afterFrom[t - T] = afterFrom[t - T + 1] + oe.dfAt(t) * mw * flowAt(t);
  }
  return {
    building,
    flow,
    advance,
    after: mw * (oe.postHorizonValue(start) + oe.residualValue(start)),
    afterFrom,
    flowAfter,
    economics: oe,
    commencement: start + oe.commencementOffset,
  };
}
