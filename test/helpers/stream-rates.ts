/**
 * @module helpers/stream-rates — a scenario as posted, with or without the v3 valuation fields
 * (docs/model.md "Rates by risk class"): rates by class, an option's own rate, a lease's residual.
 * Tests that check a v2 property (one rate for every flow, nothing after a lease) run the deal
 * presets without them.
 */

/** The sites of a scenario as posted (a single-site scenario is its own one site). */
const sitesOf = (raw: any): any[] => raw.sites?.map((s: any) => s) ?? [raw];

/** Whether the scenario values any stream at its own rate or a building after its lease. */
export function hasStreamRates(raw: any): boolean {
  return (
    raw.valuation?.discountRates !== undefined ||
    sitesOf(raw).some((s) =>
      s.hpcOptions.some((o: any) => o.discountRatePerYear !== undefined || o.residual),
    )
  );
}

/** A copy of the scenario valued as v2: one rate for every flow, no residual. */
export function withoutStreamRates<T>(raw: T): T {
  const s = structuredClone(raw) as any;
  if (s.valuation) delete s.valuation.discountRates;
  for (const site of sitesOf(s))
    for (const o of site.hpcOptions) {
      delete o.discountRatePerYear;
      delete o.residual;
    }
  return s;
}
