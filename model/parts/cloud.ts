/**
 * @module parts/cloud — the cash profile of a GPU cloud cohort (`kind: "cloud"`, docs/model.md "GPU
 * cloud"), per grid MW over months j since its start; `parts/hpc` turns it into sparse rows like a
 * lease's.
 *
 * With commencement c (b + the case's extra build months), k = j − c ≥ 0, a = k mod L_g (the age of
 * the GPUs bought last), ramp_k = min(1, (k+1)/r), it = itMWPerGridMW, all per grid MW:
 *   GPU purchase  gpuCapexUsdPerMWIt × it                at k = 0, L_g, 2L_g …  (not ramped)
 *   revenue       computeUsdPerMWItMonth × it × utilisation × (1 + computePriceChangePerYear)^floor(a/12) × ramp_k
 *   margin        revenue − (opex_k × it + power) × ramp_k,  power = 730.5 × energyUsdPerMWh (the
 *                 operator's, whatever the utilisation); with price bins power and transmission leave the margin
 *                 and are charged on the powered MW ramp_k by calendar month (`market.hpcPowerAt`)
 *   opex_k        opexUsdPerMWItMonth × (1 + opexEscalatorPerYear)^floor(k/12) (docs/model.md, "HPC cohorts")
 * No tenant, no term: the flows run on to the end of the merchant tail (month T + L − 1), where the
 * margin counts as it is and a purchase falling due in tail month t counts × min(1, (T + L −
 * t)/L_g).
 */
import type { PowerMarketEconomics } from '../power-market';
import type { CloudOption, SiteScenario } from '../schema';
import { HOURS_PER_MONTH } from '../time';
import { USD_PER_MODEL_UNIT as M } from '../units';
import { opexEscalation, rampShare, type CohortProfile } from './profile';

/** The profile of a cloud cohort commencing c months after its start (tail end T + L). */
export function cloudProfile(
  s: SiteScenario,
  o: CloudOption,
  c: number,
  market: PowerMarketEconomics | null,
): CohortProfile {
  const T = s.horizonMonths;
  const end = T + s.valuation.merchantTailMonths;
  const lastMonth = end;
  const it = o.itMWPerGridMW;
  const life = o.gpuLifeMonths;
  const gpu = (o.gpuCapexUsdPerMWIt * it) / M;
  const binned = market !== null;
  const powerPerMW = binned ? 0 : HOURS_PER_MONTH * s.site.energyUsdPerMWh;
  const revenue = new Float64Array(lastMonth);
  const margin = new Float64Array(lastMonth);
  const powered = new Float64Array(lastMonth);
  const equipment = new Float64Array(lastMonth);
  for (let k = 0; c + k < lastMonth; k++) {
    const w = rampShare(o.rampMonths, k);
    const age = k % life;
    const rent =
      (w *
        o.computeUsdPerMWItMonth *
        it *
        o.utilisation *
        Math.pow(1 + o.computePriceChangePerYear, Math.floor(age / 12))) /
      M;
    revenue[c + k] = rent;
    const opex = o.opexUsdPerMWItMonth * it * opexEscalation(o.opexEscalatorPerYear, k);
    margin[c + k] = rent - (w * (opex + powerPerMW)) / M;
    if (binned) powered[c + k] = w;
    if (age === 0) equipment[c + k] = gpu;
  }
  return {
    lastMonth,
    revenue,
    margin,
    powered,
    steady: { margin, powered },
    decaying: { margin: new Float64Array(lastMonth), powered: new Float64Array(lastMonth) },
    decay: 1,
    equipment,
    tail: { end, equipmentWeight: (t) => Math.min(1, (end - t) / life) },
  };
}
