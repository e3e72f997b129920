/**
 * @module parts/lease — the cash profile of a lease cohort (`kind: "lease"`, docs/model.md "HPC"),
 * per grid MW over months j since its start, beside the cloud's (`parts/cloud`); `parts/hpc` turns
 * it into sparse rows.
 */
import type { PowerMarketEconomics } from '../power-market';
import type { LeaseOption, SiteScenario } from '../schema';
import { HOURS_PER_MONTH } from '../time';
import { USD_PER_MODEL_UNIT } from '../units';
import { opexEscalation, rampShare, type CohortProfile } from './profile';

/**
 * A lease's profile: rent with its escalator, term and renewal, ramp and tenant credit
 * (docs/model.md, "HPC").
 */
export function leaseProfile(
  s: SiteScenario,
  o: LeaseOption,
  c: number,
  market: PowerMarketEconomics | null,
): CohortProfile {
  const it = o.itMWPerGridMW;
  const p = o.renewalProbability;
  const term = o.termMonths;
  const lastMonth = c + term * (p > 0 ? 2 : 1);
  // With price bins the operator's power (and transmission) varies by calendar month: it leaves the
  // profile by j and is charged on the powered MW by month (parts/hpc.ts).
  const binned = market !== null && !o.tenantPaysPower;
  const powerPerMW = o.tenantPaysPower || binned ? 0 : HOURS_PER_MONTH * s.site.energyUsdPerMWh;
  // Tenant credit (docs/model.md, "Tenant credit and ramps"): the margin of month k is × S_k + (1 −
  // S_k)β, S_k = q^k, split into a steady part β × margin and a decaying part (1 − β) q^k × margin,
  // each with a sparse recursion in the LP. Without a hazard the factor is 1 and nothing decays.
  const d = o.defaultProbabilityPerYear;
  const beta = d > 0 ? o.backstopShare : 1;
  const q = d > 0 && beta < 1 ? Math.pow(1 - d, 1 / 12) : 1;
  const r = o.rampMonths;
  const revenue = new Float64Array(lastMonth);
  const margin = new Float64Array(lastMonth);
  const powered = new Float64Array(lastMonth);
  const steady = { margin: new Float64Array(lastMonth), powered: new Float64Array(lastMonth) };
  const decaying = { margin: new Float64Array(lastMonth), powered: new Float64Array(lastMonth) };
  // The escalators change once a year: their factors are computed on each year's first month.
  let escalator = 1;
  let opexFactor = 1;
  for (let k = 0; c + k < lastMonth; k++) {
    // The extension's margin counts × renewalProbability; the ramp and the hazard run on through
    // it.
    const w = (k < term ? 1 : p) * rampShare(r, k);
    const survival = Math.pow(q, k);
    const credit = q < 1 ? survival + (1 - survival) * beta : 1;
    if (k % 12 === 0) {
      escalator = Math.pow(1 + o.escalatorPerYear, Math.floor(k / 12));
      opexFactor = opexEscalation(o.opexEscalatorPerYear, k);
    }
    const rent = (w * o.leaseUsdPerKwMonth * 1000 * it * escalator) / USD_PER_MODEL_UNIT;
    const opex = o.opexUsdPerMWItMonth * it * opexFactor;
    const plain = rent - (w * (opex + powerPerMW)) / USD_PER_MODEL_UNIT;
    revenue[c + k] = credit * rent;
    margin[c + k] = credit * plain;
    if (binned) powered[c + k] = credit * w;
    steady.margin[c + k] = q < 1 ? beta * plain : plain;
    decaying.margin[c + k] = q < 1 ? (1 - beta) * survival * plain : 0;
    if (binned) {
      steady.powered[c + k] = q < 1 ? beta * w : w;
      decaying.powered[c + k] = q < 1 ? (1 - beta) * survival * w : 0;
    }
  }
  return {
    lastMonth,
    revenue,
    margin,
    powered,
    steady,
    decaying,
    decay: q,
    equipment: new Float64Array(lastMonth),
    tail: null,
  };
}
