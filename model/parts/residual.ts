/**
 * @module parts/residual — a leased building's value when its contract ends (docs/model.md,
 * "Residual value of a leased building"): a value item at the option's rate, not cash.
 *
 * Per grid MW of a cohort commencing c months after its start, τ = termMonths, π =
 * renewalProbability, events at k = τ − 1 (weight 1 − π) and k = 2τ − 1 (weight π), months after
 * commencement; at each, m = the month's margin at full ramp, survival and utilisation (rent − opex
 * − power − transmission), and the building is worth 12 · m / capRatePerYear −
 * refitCapexUsdPerMWIt · itMWPerGridMW, counted at the end of that month.
 */
import type { HpcOption } from '../schema';
import { USD_PER_MODEL_UNIT as M } from '../units';
import { rampShare, type CohortProfile } from './profile';

/** One contract end of a cohort: month j since its start, weight and its margin per MW. */
export interface ResidualEvent {
  /** Months since the cohort's start: c + k. */
  readonly j: number;
  /** Probability weight: 1 − π at the term's end, π at the extension's. */
  readonly weight: number;
  /**
   * The month's margin per grid MW at full ramp, survival and (for the extension) renewal, $M,
   * without power charged by price bins (the caller subtracts it by calendar month).
   */
  readonly margin: number;
}

/**
 * The contract ends of a lease cohort with a residual (none for a cloud or a lease without one),
 * read from its profile: the profile's margin of that month divided by the ramp, renewal and credit
 * factors it carries, so that every term of the margin (escalators included) is the profile's.
 */
export function residualEvents(o: HpcOption, c: number, profile: CohortProfile): ResidualEvent[] {
  if (o.kind === 'cloud' || !o.residual) return [];
  const p = o.renewalProbability;
  const term = o.termMonths;
  const q = profile.decay;
  const beta = o.defaultProbabilityPerYear > 0 ? o.backstopShare : 1;
  const ends = [
    { k: term - 1, weight: 1 - p, renewal: 1 },
    { k: 2 * term - 1, weight: p, renewal: p },
  ];
  return ends
    .filter((e) => e.weight > 0)
    .map((e) => {
      const survival = Math.pow(q, e.k);
      const credit = q < 1 ? survival + (1 - survival) * beta : 1;
      const factor = e.renewal * rampShare(o.rampMonths, e.k) * credit;
      return { j: c + e.k, weight: e.weight, margin: profile.margin[c + e.k] / factor };
    });
}

/** The building's value per grid MW, $M, at a contract's end whose monthly margin is m ($M). */
export function residualPerMW(o: HpcOption, m: number): number {
  if (o.kind === 'cloud' || !o.residual) return 0;
  const { capRatePerYear, refitCapexUsdPerMWIt } = o.residual;
  return (12 * m) / capRatePerYear - (refitCapexUsdPerMWIt * o.itMWPerGridMW) / M;
}
