/**
 * @module power-market — the site's power market by month (docs/model.md, "Power markets"): the
 * price bins of month t (by the calendar month of startMonth + t), their hours-weighted price, the
 * credits and charges per MW, and the contract hedge. Pure; money in $M.
 */
import type { PriceBin, SiteScenario } from './schema';
import { USD_PER_MODEL_UNIT as M } from './units';
import { HOURS_PER_MONTH, monthNumber } from './time';

/**
 * The market of one month: bins in list order (the first earns demand response, the last pays
 * transmission).
 */
export interface MonthBins {
  /** Hours shares h_b (Σ = 1). */
  readonly share: readonly number[];
  /** Prices p_b, USD/MWh. */
  readonly price: readonly number[];
  /** Σ_b h_b p_b, USD/MWh. */
  readonly averagePrice: number;
}

/** A site's power market, per month t (t may lie past the horizon). */
export interface PowerMarketEconomics {
  /** The bins of month t. */
  binsAt(t: number): MonthBins;
  /** Demand-response credit per MW mining in the first bin, $M per month. */
  readonly demandResponsePerMW: number;
  /**
   * Transmission charge per MW mining in the last bin (or per HPC MW earning on operator-paid
   * power), $M per month.
   */
  readonly transmissionPerMW: number;
  /** The contract's margin of month t, $M: 730.5 × mw × (Σ_b h_b p_b − contract price) / 1e6. */
  contractAt(t: number): number;
  /**
   * Power and transmission per grid MW of HPC load the operator pays for in month t, $M: (730.5 Σ_b
   * h_b p_b + transmission) / 1e6.
   */
  hpcPowerAt(t: number): number;
}

/**
 * The market of a scenario's site, or null without `site.powerMarket` (every MWh at
 * energyUsdPerMWh).
 */
export function powerMarketOf(s: SiteScenario): PowerMarketEconomics | null {
  const pm = s.site.powerMarket;
  if (!pm) return null;
  const lists: readonly (readonly PriceBin[])[] = Array.isArray(pm.priceBins[0])
    ? (pm.priceBins as PriceBin[][])
    : [pm.priceBins as PriceBin[]];
  const byList: MonthBins[] = lists.map((l) => ({
    share: l.map((b) => b.hoursShare),
    price: l.map((b) => b.priceUsdPerMWh),
    averagePrice: l.reduce((a, b) => a + b.hoursShare * b.priceUsdPerMWh, 0),
  }));
  const first = monthNumber(s.startMonth);
  // Calendar month of startMonth + t: month numbers are years × 12 + (month − 1), so mod 12 is
  // January = 0.
  const binsAt = (t: number) => byList[lists.length === 1 ? 0 : (((first + t) % 12) + 12) % 12];
  const transmissionPerMW = (pm.transmissionUsdPerKwYear * 1000) / 12 / M;
  return {
    binsAt,
    demandResponsePerMW: pm.demandResponseUsdPerMWMonth / M,
    transmissionPerMW,
    contractAt: (t) =>
      pm.contract
        ? (HOURS_PER_MONTH *
            pm.contract.mw *
            (binsAt(t).averagePrice - pm.contract.priceUsdPerMWh)) /
          M
        : 0,
    hpcPowerAt: (t) => (HOURS_PER_MONTH * binsAt(t).averagePrice) / M + transmissionPerMW,
  };
}
