/**
 * @module scripts/lib/portfolio — the benchmarks' generated portfolio: n sites on the default
 * preset's market, 120 months (scripts/bench-portfolio.ts, scripts/bench-simulate.ts).
 */
import { ScenarioSchema, type Scenario } from '../../model';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';

/** Months of the generated portfolio. */
export const MONTHS = 120;

/**
 * n sites on the default preset's market, each its own grid, power price, fleet and two lease
 * offers.
 */
export function portfolioOf(n: number, move = 1): Scenario {
  const base = loadPreset(DEFAULT_PRESET_ID) as any;
  const sites = Array.from({ length: n }, (_, i) => {
    const mw = 60 + 15 * (i % 5);
    const lease = {
      ...base.hpcOptions[0],
      maxMW: mw,
      leaseUsdPerKwMonth: (135 + 5 * (i % 7)) * move,
      buildMonths: 12 + (i % 4) * 2,
    };
    return {
      id: `site-${i + 1}`,
      name: `Site ${i + 1}`,
      site: {
        ...base.site,
        gridMW: mw,
        gridAdditions: [],
        hpcEligibleMW: mw,
        energyUsdPerMWh: 38 + (i % 5) * 2,
        overheadUsdPerMonth: 150_000,
      },
      fleet: { ...base.fleet, installedMW: mw, efficiencyJPerTH: 17.5 + (i % 3) * 2 },
      hpcOptions: [
        { ...lease, id: `s${i + 1}-long` },
        {
          ...lease,
          id: `s${i + 1}-short`,
          termMonths: 84,
          leaseUsdPerKwMonth: lease.leaseUsdPerKwMonth * 1.1,
          earliestStartMonth: '2028-01',
          maxMW: mw / 2,
        },
      ],
    };
  });
  const { site: _, fleet: __, hpcOptions: ___, ...rest } = base;
  return ScenarioSchema.parse({
    ...rest,
    name: `${n}-site portfolio`,
    horizonMonths: MONTHS,
    sites,
    financing: {
      ...base.financing,
      cashUsd: 80e6 * n,
      minCashUsd: 15e6 * n,
      facility: { ...base.financing.facility, limitUsd: 50e6 * n },
    },
  });
}

/**
 * `sites` sites of `portfolioOf` over `months` months, each with `offers` lease offers of terms 60,
 * 75, … months and rents 2 % apart, each up to half the site's grid: the largest scenario the API
 * admits is `wideOf(20, 8, 240)` before the size cap (docs/solvers.md, "The largest scenario").
 */
export function wideOf(sites: number, offers: number, months: number): Scenario {
  const raw = JSON.parse(JSON.stringify(portfolioOf(sites)));
  raw.name = `${sites}-site × ${offers}-offer × ${months}-month portfolio`;
  raw.horizonMonths = months;
  raw.sites.forEach((s: any, i: number) => {
    const base = s.hpcOptions[0];
    s.hpcOptions = Array.from({ length: offers }, (_, k) => ({
      ...base,
      id: `s${i + 1}-o${k + 1}`,
      termMonths: 60 + 15 * k,
      leaseUsdPerKwMonth: base.leaseUsdPerKwMonth * (1 + 0.02 * k),
      maxMW: s.site.gridMW / 2,
    }));
  });
  return raw;
}
