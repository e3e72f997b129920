/**
 * @module rates — the discount rate of each value stream (docs/model.md, "Rates by risk class"):
 * mining at r_m, each HPC option at r_o, everything else at d = financing.discountRatePerYear.
 */
import type { HpcOption, Scenario } from './schema';

/** The rates a scenario's valuation uses, per year, resolved to numbers (the answer echoes them). */
export interface StreamRates {
  readonly mining: number;
  readonly lease: number;
  readonly cloud: number;
}

/** Each class's rate: `valuation.discountRates`, each defaulting to d. */
export function streamRates(s: Pick<Scenario, 'valuation' | 'financing'>): StreamRates {
  const d = s.financing.discountRatePerYear;
  const r = s.valuation.discountRates;
  return { mining: r?.mining ?? d, lease: r?.lease ?? d, cloud: r?.cloud ?? d };
}

/** An option's rate r_o: its own `discountRatePerYear`, else its class's. */
export function optionRate(s: Pick<Scenario, 'valuation' | 'financing'>, o: HpcOption): number {
  return o.discountRatePerYear ?? streamRates(s)[o.kind];
}
