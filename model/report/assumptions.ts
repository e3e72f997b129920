/**
 * @module report/assumptions — the board report's assumptions: the scenario's key inputs with their
 * units, and where each shipped figure comes from (data/README.md, which gives the source and date
 * of every figure the presets use).
 */
import type { Scenario } from '../schema';
import { sitesOf } from '../sites';
import { reportDay, reportMonth, reportNumber, reportPct } from './format';

/** One assumption as the report prints it. */
export interface AssumptionRow {
  readonly group: string;
  readonly label: string;
  readonly value: string;
  readonly unit: string;
  /** Where the figure comes from ('' when it is the scenario's own). */
  readonly source: string;
  /** When the source reported it ('' when undated). */
  readonly date: string;
}

/**
 * The date of the market figures every preset shares (BTC price, network hashrate, fees): the
 * Hashrate Index and JPMorgan figures of data/README.md, "Presets".
 */
export const MARKET_FIGURES_DATE = '2026-01-12';

const ILLUSTRATIVE = 'illustrative assumption (data/README.md)';
/** Where the presets' own site, offer and financing figures are sourced, preset by preset. */
const PRESET = 'data/README.md, "Presets"';

/**
 * The shipped market figures with their source: a scenario that keeps the figure is credited
 * with it; one that changes it shows its own.
 */
const MARKET_SOURCES: Record<string, { shipped: number; source: string; date: string }> = {
  btcUsd: {
    shipped: 90_000,
    source: 'Hashrate Index, $91,132, rounded',
    date: MARKET_FIGURES_DATE,
  },
  networkEhs: {
    shipped: 1050,
    source: 'Hashrate Index 1,024 EH/s; JPMorgan Oct 2025 average 1,082 EH/s; between',
    date: MARKET_FIGURES_DATE,
  },
  feesBtcPerBlock: {
    shipped: 0.02,
    source: 'fees 0.55 % of rewards, under 1 % (data/README.md)',
    date: '2026-01',
  },
  btcGrowthPerYear: { shipped: 0.1, source: ILLUSTRATIVE, date: '' },
  networkGrowthPerYear: { shipped: 0.25, source: ILLUSTRATIVE, date: '' },
  marginalJPerTH: { shipped: 21.5, source: 'CoinShares Q1 2026: S19 XP class (Bitmain)', date: '' },
  powerUsdPerMWh: { shipped: 60, source: 'CoinShares Q1 2026 ($0.06/kWh)', date: '' },
  efficiencyGainPerYear: {
    shipped: 0.2,
    source: 'derived from asics.csv and hashprice-history.csv; fitted 19.0 %/yr (calibration)',
    date: '',
  },
};

/**
 * Whether the scenario's market starts from the presets' dated figures (BTC price and network
 * hashrate of `MARKET_FIGURES_DATE`).
 */
export function usesShippedMarket(s: Scenario): boolean {
  const hp = s.market.hashprice;
  return (
    hp.kind === 'projection' &&
    hp.btcUsd === MARKET_SOURCES.btcUsd.shipped &&
    hp.networkEhs === MARKET_SOURCES.networkEhs.shipped
  );
}

/** The market's rows: the projection (and its floor) or the series. */
function marketRows(s: Scenario): AssumptionRow[] {
  const hp = s.market.hashprice;
  const group = 'Market';
  if (hp.kind === 'series')
    return [
      {
        group,
        label: 'Hashprice (a series)',
        value: `${reportNumber(hp.usdPerPhDay[0], 2)} → ${reportNumber(hp.usdPerPhDay.at(-1)!, 2)}`,
        unit: 'USD/PH/day',
        source: '',
        date: '',
      },
    ];
  const sourced = (key: string, label: string, x: number, value: string, unit: string) => {
    const known = MARKET_SOURCES[key];
    const same = known && Math.abs(known.shipped - x) < 1e-9;
    return {
      group,
      label,
      value,
      unit,
      source: same ? known.source : "this scenario's own figure",
      date: same && known.date ? reportDay(known.date) : '',
    };
  };
  const rows = [
    sourced('btcUsd', 'BTC price at the start', hp.btcUsd, reportNumber(hp.btcUsd, 0), 'USD'),
    sourced(
      'btcGrowthPerYear',
      'BTC price growth',
      hp.btcGrowthPerYear,
      reportPct(hp.btcGrowthPerYear),
      'per year',
    ),
    sourced(
      'networkEhs',
      'Network hashrate at the start',
      hp.networkEhs,
      reportNumber(hp.networkEhs, 0),
      'EH/s',
    ),
    sourced(
      'networkGrowthPerYear',
      'Network hashrate growth',
      hp.networkGrowthPerYear,
      reportPct(hp.networkGrowthPerYear),
      'per year',
    ),
    sourced(
      'feesBtcPerBlock',
      'Transaction fees',
      hp.feesBtcPerBlock,
      reportNumber(hp.feesBtcPerBlock, 3),
      'BTC/block',
    ),
    {
      group,
      label: 'Halving',
      value: reportMonth(hp.halvingMonth),
      unit: 'month',
      source: 'block 1,050,000, about mid-April 2028',
      date: '',
    },
  ];
  const f = hp.floor;
  if (f)
    rows.push(
      sourced(
        'marginalJPerTH',
        'Floor: marginal machines',
        f.marginalJPerTH,
        reportNumber(f.marginalJPerTH, 1),
        'J/TH',
      ),
      sourced(
        'powerUsdPerMWh',
        'Floor: their power price',
        f.powerUsdPerMWh,
        reportNumber(f.powerUsdPerMWh, 2),
        'USD/MWh',
      ),
      sourced(
        'efficiencyGainPerYear',
        'Floor: efficiency gain',
        f.efficiencyGainPerYear,
        reportPct(f.efficiencyGainPerYear),
        'per year',
      ),
    );
  return rows;
}

/** A row of a preset's own figure (sourced per preset in data/README.md) or an illustrative one. */
const row = (group: string, label: string, value: string, unit: string, illustrative = false) => ({
  group,
  label,
  value,
  unit,
  source: illustrative ? ILLUSTRATIVE : PRESET,
  date: '',
});

/** Each site's power, fleet and offers (a portfolio's rows name their site). */
function siteRows(s: Scenario): AssumptionRow[] {
  const views = sitesOf(s);
  return views.flatMap(({ name, scenario: v }) => {
    const g = views.length > 1 ? `Site: ${name}` : 'Site and fleet';
    const rows: AssumptionRow[] = [
      row(g, 'Grid at the start', reportNumber(v.site.gridMW, 1), 'MW'),
      row(g, 'Power price', reportNumber(v.site.energyUsdPerMWh, 2), 'USD/MWh'),
      row(g, 'Installed fleet', reportNumber(v.fleet.installedMW, 1), 'MW'),
      row(g, 'Fleet efficiency', reportNumber(v.fleet.efficiencyJPerTH, 1), 'J/TH'),
      row(g, 'Mining opex', reportNumber(v.fleet.opexUsdPerMWMonth, 0), 'USD/MW-month', true),
    ];
    for (const o of v.hpcOptions) {
      const og = `Offer: ${o.name}`;
      if (o.kind === 'cloud')
        rows.push(
          row(og, 'Compute revenue', reportNumber(o.computeUsdPerMWItMonth, 0), 'USD/MW IT-month'),
          row(og, 'GPU capex', reportNumber(o.gpuCapexUsdPerMWIt / 1e6, 2), 'USD M/MW IT'),
        );
      else
        rows.push(
          row(og, 'Lease rent', reportNumber(o.leaseUsdPerKwMonth, 2), 'USD/kW-month'),
          row(og, 'Escalator', reportPct(o.escalatorPerYear), 'per year'),
          row(og, 'Term', reportNumber(o.termMonths, 0), 'months'),
        );
      rows.push(
        row(og, 'Building capex', reportNumber(o.capexUsdPerMWIt / 1e6, 2), 'USD M/MW IT'),
        row(og, 'Build time', reportNumber(o.buildMonths, 0), 'months'),
        row(og, 'Most MW', reportNumber(o.maxMW, 1), 'grid MW'),
      );
      if (o.discountRatePerYear !== undefined)
        rows.push(row(og, 'Discount rate', reportPct(o.discountRatePerYear), 'per year'));
    }
    return rows;
  });
}

function financingRows(s: Scenario): AssumptionRow[] {
  const f = s.financing;
  const g = 'Financing';
  const rows: AssumptionRow[] = [
    row(g, 'Cash at the start', reportNumber(f.cashUsd / 1e6, 1), 'USD M'),
    row(g, 'Minimum cash (covenant)', reportNumber(f.minCashUsd / 1e6, 1), 'USD M'),
    row(g, 'Discount rate', reportPct(f.discountRatePerYear), 'per year', true),
  ];
  if (f.facility)
    rows.push(
      row(g, 'Facility limit', reportNumber(f.facility.limitUsd / 1e6, 1), 'USD M'),
      row(g, 'Facility rate', reportPct(f.facility.ratePerYear), 'per year'),
    );
  if (f.projectDebt)
    rows.push(
      row(g, 'Project debt advance', reportPct(f.projectDebt.advanceRate, 0), 'of capex'),
      row(g, 'Project debt rate', reportPct(f.projectDebt.ratePerYear), 'per year'),
    );
  return rows;
}

/**
 * The report's assumptions, grouped: the market (credited to its source when the scenario keeps
 * the shipped figure), each site's power, fleet and offers, and the financing.
 */
export function assumptionRows(s: Scenario): AssumptionRow[] {
  return [
    {
      group: 'Horizon',
      label: 'Start and length',
      value: `${reportMonth(s.startMonth)}, ${s.horizonMonths}`,
      unit: 'months',
      source: '',
      date: '',
    },
    ...marketRows(s),
    ...siteRows(s),
    ...financingRows(s),
  ];
}
