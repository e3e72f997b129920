/**
 * @module breakevens — the hashprice at which a running MW of each fleet of a site covers its power
 * and opex (docs/model.md, "Unit economics").
 */
import { powerMarketOf } from './power-market';
import type { SiteScenario, SolveResult } from './schema';
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from './time';

/**
 * Breakeven hashprice of a site's existing fleet and of its refresh (null without one), USD/PH/day.
 * With a power market the power price is the first month's hours-weighted Σ_b h_b p_b (a fleet that
 * runs in every hour), not `energyUsdPerMWh`, which the market replaces.
 */
export function fleetBreakevens(s: SiteScenario): NonNullable<SolveResult['breakevens']> {
  const f = s.fleet;
  const price = powerMarketOf(s)?.binsAt(0).averagePrice ?? s.site.energyUsdPerMWh;
  const cost = HOURS_PER_MONTH * f.uptime * price + f.opexUsdPerMWMonth;
  const at = (e: number) =>
    cost / ((1000 / (e * s.site.miningPue)) * DAYS_PER_MONTH * f.uptime * (1 - f.poolFee));
  return {
    existingUsdPerPhDay: at(f.efficiencyJPerTH),
    refreshUsdPerPhDay: f.refresh ? at(f.refresh.efficiencyJPerTH) : null,
  };
}
