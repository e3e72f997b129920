/**
 * @module fields — the catalogue of every scenario input the editor shows: label, unit, display
 * scale and slider range, and the label of any input by its path. What a new offer, grid addition,
 * power market or refresh starts as is in lib/templates.ts.
 */
import { isLease } from '../../../model/schema';

/** How a stored value is shown: `usdM` shows USD in $M, `pct` shows a share as %, and so on. */
export type DisplayScale = 'usdM' | 'usdk' | 'pct' | 'none';

/** One editable input; `path` is relative to its panel's base (e.g. an HPC offer). */
export interface FieldDef {
  readonly path: string;
  readonly label: string;
  readonly kind: 'number' | 'int' | 'month' | 'text' | 'bool';
  /** Unit as shown beside the field, in display units (`$M`, `%/yr`, `MW`). */
  readonly unit?: string;
  readonly scale?: DisplayScale;
  /** One line of help, shown under the label. */
  readonly hint?: string;
  /** The field may be left empty (optional in the schema; empty removes the key). */
  readonly optional?: boolean;
  /** Shown in an empty box: the default the API applies. */
  readonly placeholder?: string;
  /** Slider range in display units, for the decision-moving inputs. */
  readonly slider?: {
    readonly min: number;
    readonly max: number;
    readonly step: number;
    readonly label?: string;
  };
}

const FACTOR: Record<DisplayScale, number> = { usdM: 1e-6, usdk: 1e-3, pct: 100, none: 1 };

/**
 * Stored value → display value, rounded to 10 significant digits so 0.07 shows as 7, not
 * 7.000000000000001.
 */
export function toDisplay(value: number, scale: DisplayScale = 'none'): number {
  return Number((value * FACTOR[scale]).toPrecision(10));
}

/** Display value → stored value (the inverse of {@link toDisplay}, rounded the same way). */
export function fromDisplay(value: number, scale: DisplayScale = 'none'): number {
  return Number((value / FACTOR[scale]).toPrecision(12));
}

export const GENERAL_FIELDS: readonly FieldDef[] = [
  { path: 'name', label: 'Scenario name', kind: 'text' },
  { path: 'startMonth', label: 'First month', kind: 'month' },
  {
    path: 'horizonMonths',
    label: 'Horizon',
    kind: 'int',
    unit: 'months',
    hint: '12 to 240 months',
  },
  {
    path: 'solve.minBuildMW',
    label: 'Smallest build',
    kind: 'number',
    unit: 'MW',
    hint: 'no conversion cohort smaller than this (0 allows any size)',
    optional: true,
    placeholder: '1',
  },
];

export const SITE_FIELDS: readonly FieldDef[] = [
  { path: 'site.gridMW', label: 'Grid capacity', kind: 'number', unit: 'MW' },
  {
    path: 'site.hpcEligibleMW',
    label: 'MW eligible for HPC',
    kind: 'number',
    unit: 'MW',
    hint: 'total over all offers',
  },
  {
    path: 'site.energyUsdPerMWh',
    label: 'Power price',
    kind: 'number',
    unit: '$/MWh',
    slider: { min: 10, max: 120, step: 1, label: 'Power price' },
  },
  {
    path: 'site.miningPue',
    label: 'Mining PUE',
    kind: 'number',
    unit: '×',
    hint: 'grid MW per MW at the ASICs',
  },
  {
    path: 'site.overheadUsdPerMonth',
    label: 'Site overhead',
    kind: 'number',
    unit: '$k/month',
    scale: 'usdk',
  },
  {
    path: 'site.maxMWUnderConstruction',
    label: 'Most MW under construction',
    kind: 'number',
    unit: 'MW',
    hint: 'over all HPC builds at once; empty = no limit',
    optional: true,
    placeholder: 'no limit',
  },
];

/** The calendar months, January first (the order of `priceBins` given by month). */
export const CALENDAR_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Fields of one price bin, relative to `site.powerMarket.priceBins.<b>` (or `.<month>.<b>`). */
export const PRICE_BIN_FIELDS: readonly FieldDef[] = [
  { path: 'hoursShare', label: 'Share of hours', kind: 'number', unit: '%', scale: 'pct' },
  { path: 'priceUsdPerMWh', label: 'Price', kind: 'number', unit: '$/MWh' },
];

/** The power market's own numbers, relative to `site.powerMarket`. */
export const POWER_MARKET_FIELDS: readonly FieldDef[] = [
  {
    path: 'demandResponseUsdPerMWMonth',
    label: 'Demand-response credit',
    kind: 'number',
    unit: '$/MW-month',
    hint: 'paid on the MW mining in the first bin',
    optional: true,
    placeholder: '0',
  },
  {
    path: 'transmissionUsdPerKwYear',
    label: 'Transmission (4CP) charge',
    kind: 'number',
    unit: '$/kW-year',
    hint: 'on MW mining in the last bin (the peak) and on HPC load whose power you pay',
    optional: true,
    placeholder: '0',
  },
];

/** The fixed-price contract, relative to `site.powerMarket.contract`. */
export const CONTRACT_FIELDS: readonly FieldDef[] = [
  {
    path: 'mw',
    label: 'Contract volume',
    kind: 'number',
    unit: 'MW',
    hint: 'paid every hour, sold back at the bin price when not drawn',
  },
  { path: 'priceUsdPerMWh', label: 'Contract price', kind: 'number', unit: '$/MWh' },
];

export const GRID_ADDITION_FIELDS: readonly FieldDef[] = [
  { path: 'month', label: 'From month', kind: 'month' },
  { path: 'mw', label: 'Added', kind: 'number', unit: 'MW' },
];

export const FLEET_FIELDS: readonly FieldDef[] = [
  { path: 'fleet.installedMW', label: 'Installed fleet', kind: 'number', unit: 'MW' },
  { path: 'fleet.efficiencyJPerTH', label: 'Efficiency', kind: 'number', unit: 'J/TH' },
  { path: 'fleet.uptime', label: 'Uptime', kind: 'number', unit: '%', scale: 'pct' },
  { path: 'fleet.poolFee', label: 'Pool fee', kind: 'number', unit: '%', scale: 'pct' },
  {
    path: 'fleet.opexUsdPerMWMonth',
    label: 'Mining opex (ex power)',
    kind: 'number',
    unit: '$/MW-month',
  },
  { path: 'fleet.resaleUsdPerTH', label: 'Resale value', kind: 'number', unit: '$/TH' },
];

export const REFRESH_FIELDS: readonly FieldDef[] = [
  {
    path: 'fleet.refresh.efficiencyJPerTH',
    label: 'New ASIC efficiency',
    kind: 'number',
    unit: 'J/TH',
  },
  { path: 'fleet.refresh.priceUsdPerTH', label: 'Purchase price', kind: 'number', unit: '$/TH' },
  { path: 'fleet.refresh.resaleUsdPerTH', label: 'Resale value', kind: 'number', unit: '$/TH' },
  { path: 'fleet.refresh.maxMW', label: 'Most MW bought', kind: 'number', unit: 'MW' },
];

export const PROJECTION_FIELDS: readonly FieldDef[] = [
  {
    path: 'market.hashprice.btcUsd',
    label: 'BTC price at start',
    kind: 'number',
    unit: '$k',
    scale: 'usdk',
    slider: { min: 20, max: 250, step: 1, label: 'BTC price' },
  },
  {
    path: 'market.hashprice.btcGrowthPerYear',
    label: 'BTC price growth',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
  },
  { path: 'market.hashprice.networkEhs', label: 'Network hashrate', kind: 'number', unit: 'EH/s' },
  {
    path: 'market.hashprice.networkGrowthPerYear',
    label: 'Network growth',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    slider: { min: 0, max: 80, step: 1, label: 'Network growth' },
  },
  { path: 'market.hashprice.feesBtcPerBlock', label: 'Fees', kind: 'number', unit: 'BTC/block' },
  { path: 'market.hashprice.halvingMonth', label: 'Halving month', kind: 'month' },
];

/**
 * The optional floor of a projection (docs/model.md, "Hashprice floor (v3)"): the marginal
 * machines' cash cost, relative to `market.hashprice.floor`.
 */
export const FLOOR_FIELDS: readonly FieldDef[] = [
  {
    path: 'marginalJPerTH',
    label: 'Marginal efficiency',
    kind: 'number',
    unit: 'J/TH',
    hint: 'efficiency of the least efficient machines still running, at the start',
  },
  {
    path: 'powerUsdPerMWh',
    label: 'Marginal power price',
    kind: 'number',
    unit: '$/MWh',
    hint: 'what the marginal machines pay',
  },
  {
    path: 'efficiencyGainPerYear',
    label: 'Efficiency gain',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    hint: 'how fast their J/TH falls',
    optional: true,
    placeholder: '0',
  },
  {
    path: 'otherCostUsdPerPhDay',
    label: 'Other cash cost',
    kind: 'number',
    unit: '$/PH/day',
    hint: 'beyond power',
    optional: true,
    placeholder: '0',
  },
];

/** The floor's path in a scenario. */
export const FLOOR_PATH = 'market.hashprice.floor';

/** Fields every HPC offer has (a lease or a GPU cloud), relative to `hpcOptions.<i>`. */
export const OFFER_COMMON_FIELDS: readonly FieldDef[] = [
  { path: 'name', label: 'Offer name', kind: 'text' },
  { path: 'id', label: 'Id', kind: 'text', hint: 'lower-case letters, digits and -' },
  { path: 'itMWPerGridMW', label: 'IT MW per grid MW', kind: 'number', unit: 'MW IT/MW' },
  {
    path: 'capexUsdPerMWIt',
    label: 'Conversion capex',
    kind: 'number',
    unit: '$M/MW IT',
    scale: 'usdM',
    slider: { min: 4, max: 16, step: 0.1, label: 'Capex' },
  },
  {
    path: 'buildMonths',
    label: 'Build time',
    kind: 'int',
    unit: 'months',
    slider: { min: 3, max: 36, step: 1, label: 'Build time' },
  },
  { path: 'switchoverMonths', label: 'Mining stops before go-live', kind: 'int', unit: 'months' },
  { path: 'opexUsdPerMWItMonth', label: 'HPC opex', kind: 'number', unit: '$/MW IT/mo' },
  {
    path: 'opexEscalatorPerYear',
    label: 'Opex escalator',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    hint: 'opex rises by this each year after commencement',
    optional: true,
    placeholder: '0',
  },
  {
    path: 'discountRatePerYear',
    label: 'Discount rate of this offer',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    hint: 'its margins and capex at this rate; empty = its class rate (lease or cloud)',
    optional: true,
  },
  {
    path: 'blockMW',
    label: 'Build block',
    kind: 'number',
    unit: 'MW',
    hint: '0 = any size, else ≥ 0.1',
  },
  {
    path: 'decisionIntervalMonths',
    label: 'Block start every',
    kind: 'int',
    unit: 'months',
    optional: true,
    placeholder: '3',
  },
  { path: 'maxMW', label: 'Takes at most', kind: 'number', unit: 'MW' },
  { path: 'earliestStartMonth', label: 'Earliest start', kind: 'month', optional: true },
  {
    path: 'latestStartMonth',
    label: 'Latest start (offer expires)',
    kind: 'month',
    optional: true,
  },
  {
    path: 'rampMonths',
    label: 'Halls come online over',
    kind: 'int',
    unit: 'months',
    hint: '0 = all at commencement',
    optional: true,
    placeholder: '0',
  },
];

/** A lease's own fields: the tenant's rent and terms, and its credit. */
export const LEASE_OFFER_FIELDS: readonly FieldDef[] = [
  {
    path: 'leaseUsdPerKwMonth',
    label: 'Lease rate',
    kind: 'number',
    unit: '$/kW-month',
    hint: 'per kW of critical IT',
    slider: { min: 50, max: 250, step: 1, label: 'Lease rate' },
  },
  { path: 'escalatorPerYear', label: 'Escalator', kind: 'number', unit: '%/yr', scale: 'pct' },
  { path: 'termMonths', label: 'Term', kind: 'int', unit: 'months' },
  {
    path: 'renewalProbability',
    label: 'Renewal probability',
    kind: 'number',
    unit: '%',
    scale: 'pct',
    optional: true,
    placeholder: '0',
  },
  {
    path: 'tenantCapexShare',
    label: 'Tenant-funded capex',
    kind: 'number',
    unit: '%',
    scale: 'pct',
  },
  { path: 'tenantPaysPower', label: 'Tenant pays power', kind: 'bool' },
  {
    path: 'defaultProbabilityPerYear',
    label: 'Tenant default risk',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    hint: 'chance per year the tenant stops paying',
    optional: true,
    placeholder: '0',
  },
  {
    path: 'backstopShare',
    label: 'Backstop after a default',
    kind: 'number',
    unit: '% of margin',
    scale: 'pct',
    hint: 'share a guarantor still pays',
    optional: true,
    placeholder: '0',
  },
  {
    path: 'residual.capRatePerYear',
    label: 'Residual cap rate',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    hint: 'building worth 12 × last month’s margin ÷ this at each contract end; empty = none',
    optional: true,
  },
  {
    path: 'residual.refitCapexUsdPerMWIt',
    label: 'Refit at re-letting',
    kind: 'number',
    unit: '$M/MW IT',
    scale: 'usdM',
    hint: 'taken off the residual value; needs a cap rate',
    optional: true,
    placeholder: '0',
  },
];

/**
 * A GPU cloud's own fields: the compute it sells and the GPUs it buys (docs/model.md "GPU
 * cloud").
 */
export const CLOUD_OFFER_FIELDS: readonly FieldDef[] = [
  {
    path: 'computeUsdPerMWItMonth',
    label: 'Compute price',
    kind: 'number',
    unit: '$k/MW IT/mo',
    scale: 'usdk',
    hint: 'new GPUs, fully billed',
    slider: { min: 200, max: 1500, step: 10, label: 'Compute price' },
  },
  {
    path: 'utilisation',
    label: 'Utilisation',
    kind: 'number',
    unit: '%',
    scale: 'pct',
    hint: 'share of the IT billed',
  },
  {
    path: 'gpuCapexUsdPerMWIt',
    label: 'GPU purchase',
    kind: 'number',
    unit: '$M/MW IT',
    scale: 'usdM',
    hint: 'at go-live and every GPU life',
  },
  { path: 'gpuLifeMonths', label: 'GPU life', kind: 'int', unit: 'months' },
  {
    path: 'computePriceChangePerYear',
    label: 'Compute price change with age',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    hint: 'e.g. −20: a generation earns 20 % less each year',
    optional: true,
    placeholder: '0',
  },
];

/**
 * The fields an offer shows: the common ones and its kind's own ("cloud" or, by default, a lease).
 */
export function offerFieldsFor(offer: { readonly kind?: 'lease' | 'cloud' }): readonly FieldDef[] {
  return [...OFFER_COMMON_FIELDS, ...(isLease(offer) ? LEASE_OFFER_FIELDS : CLOUD_OFFER_FIELDS)];
}

/** Every offer field, either kind (for labels by path). */
export const OFFER_FIELDS: readonly FieldDef[] = [
  ...OFFER_COMMON_FIELDS,
  ...LEASE_OFFER_FIELDS,
  ...CLOUD_OFFER_FIELDS,
];

/** The risk classes with their own discount rate (`valuation.discountRates`). */
const DISCOUNT_RATE_CLASSES = [
  { key: 'mining', label: 'mining', what: 'mining margins, ASIC trades and their tail' },
  { key: 'lease', label: 'leases', what: "every lease offer's flows and residual" },
  { key: 'cloud', label: 'GPU clouds', what: "every GPU cloud offer's flows" },
] as const;

export const FINANCING_FIELDS: readonly FieldDef[] = [
  { path: 'financing.cashUsd', label: 'Cash at start', kind: 'number', unit: '$M', scale: 'usdM' },
  {
    path: 'financing.minCashUsd',
    label: 'Minimum cash (covenant)',
    kind: 'number',
    unit: '$M',
    scale: 'usdM',
  },
  {
    path: 'financing.cashYieldPerYear',
    label: 'Yield on cash',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
  },
  {
    path: 'financing.discountRatePerYear',
    label: 'Discount rate',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    slider: { min: 4, max: 30, step: 0.5, label: 'Discount rate' },
  },
  ...DISCOUNT_RATE_CLASSES.map(
    ({ key, label, what }): FieldDef => ({
      path: `valuation.discountRates.${key}`,
      label: `Discount rate: ${label}`,
      kind: 'number',
      unit: '%/yr',
      scale: 'pct',
      hint: `${what}; empty = the discount rate`,
      optional: true,
    }),
  ),
];

/** Optional financing sections: each can be switched on (with `defaults`) or off. */
export const FINANCING_SECTIONS: readonly {
  readonly path: string;
  readonly title: string;
  readonly defaults: Record<string, unknown>;
  readonly fields: readonly FieldDef[];
}[] = [
  {
    path: 'financing.existingDebt',
    title: 'Existing debt',
    defaults: { balanceUsd: 0, couponPerYear: 0.05, maturityMonth: '2030-12' },
    fields: [
      { path: 'balanceUsd', label: 'Balance', kind: 'number', unit: '$M', scale: 'usdM' },
      { path: 'couponPerYear', label: 'Coupon', kind: 'number', unit: '%/yr', scale: 'pct' },
      { path: 'maturityMonth', label: 'Maturity', kind: 'month' },
    ],
  },
  {
    path: 'financing.facility',
    title: 'Revolving facility',
    defaults: { limitUsd: 50_000_000, ratePerYear: 0.1 },
    fields: [
      {
        path: 'limitUsd',
        label: 'Facility limit',
        kind: 'number',
        unit: '$M',
        scale: 'usdM',
        slider: { min: 0, max: 300, step: 5, label: 'Facility limit' },
      },
      { path: 'ratePerYear', label: 'Interest', kind: 'number', unit: '%/yr', scale: 'pct' },
    ],
  },
  {
    path: 'financing.projectDebt',
    title: 'Project debt',
    defaults: { advanceRate: 0.7, ratePerYear: 0.08, amortizationMonths: 120 },
    fields: [
      {
        path: 'advanceRate',
        label: 'Advance rate',
        kind: 'number',
        unit: '% of capex',
        scale: 'pct',
      },
      { path: 'ratePerYear', label: 'Interest', kind: 'number', unit: '%/yr', scale: 'pct' },
      { path: 'amortizationMonths', label: 'Amortisation', kind: 'int', unit: 'months' },
    ],
  },
  {
    path: 'financing.equity',
    title: 'Equity raises',
    defaults: { limitUsd: 0, issuanceCost: 0.05 },
    fields: [
      { path: 'limitUsd', label: 'Most raised', kind: 'number', unit: '$M', scale: 'usdM' },
      { path: 'issuanceCost', label: 'Issuance cost', kind: 'number', unit: '%', scale: 'pct' },
    ],
  },
];

/** The optional tax block (`tax`, docs/model.md "Tax"): its fields, relative to `tax`. */
export const TAX_FIELDS: readonly FieldDef[] = [
  {
    path: 'ratePerYear',
    label: 'Tax rate',
    kind: 'number',
    unit: '%/yr',
    scale: 'pct',
    hint: 'on taxable income: federal 21 % plus the state rate',
  },
  {
    path: 'bonusShare',
    label: 'Bonus depreciation',
    kind: 'number',
    unit: '%',
    scale: 'pct',
    hint: 'share of ASIC, GPU and short-life building capex deducted at once; the rest straight line',
    optional: true,
    placeholder: '100',
  },
  {
    path: 'hpcShortLifeShare',
    label: 'Short-life share of buildings',
    kind: 'number',
    unit: '%',
    scale: 'pct',
    hint:
      'share of building capex that is 15-year site and electrical work, eligible for bonus ' +
      'depreciation; the rest is the 39-year shell',
    optional: true,
    placeholder: '50',
  },
  {
    path: 'openingNolUsd',
    label: 'Opening NOL',
    kind: 'number',
    unit: '$M',
    scale: 'usdM',
    hint: 'net operating loss carried forward at the start',
    optional: true,
    placeholder: '0',
  },
  {
    path: 'nolLimitShare',
    label: 'NOL limit',
    kind: 'number',
    unit: '% of income',
    scale: 'pct',
    hint: "most of a month's taxable income a carried-forward loss may offset (80 % since 2018)",
    optional: true,
    placeholder: '80',
  },
];

/**
 * Every labelled field by its full path, for naming inputs in "what changed" (HPC offers by index).
 */
export function fieldLabel(
  path: string,
): { label: string; unit?: string; scale?: DisplayScale } | undefined {
  // A portfolio site's own inputs (`sites.1.site.gridMW`) are labelled as in the single-site form,
  // with the site's number.
  const site = /^sites\.(\d+)\.(.+)$/.exec(path);
  if (site) {
    const f =
      site[2] === 'name'
        ? { label: 'Site name' }
        : site[2] === 'id'
          ? { label: 'Site id' }
          : fieldLabel(site[2]);
    return f && { ...f, label: `${f.label} (site ${Number(site[1]) + 1})` };
  }
  const offer = /^hpcOptions\.(\d+)\.(.+)$/.exec(path);
  if (offer) {
    const f = OFFER_FIELDS.find((x) => x.path === offer[2]);
    return (
      f && { label: `${f.label} (offer ${Number(offer[1]) + 1})`, unit: f.unit, scale: f.scale }
    );
  }
  const bin = /^site\.powerMarket\.priceBins\.(\d+)(?:\.(\d+))?\.(\w+)$/.exec(path);
  if (bin) {
    const f = PRICE_BIN_FIELDS.find((x) => x.path === bin[3]);
    const where =
      bin[2] === undefined
        ? `bin ${Number(bin[1]) + 1}`
        : `${CALENDAR_MONTHS[Number(bin[1])] ?? `list ${bin[1]}`}, bin ${Number(bin[2]) + 1}`;
    return f && { label: `${f.label} (${where})`, unit: f.unit, scale: f.scale };
  }
  if (path === 'site.powerMarket.priceBins') return { label: 'Price bins' };
  const market = /^site\.powerMarket\.(contract\.)?(\w+)$/.exec(path);
  if (market) {
    const f = (market[1] ? CONTRACT_FIELDS : POWER_MARKET_FIELDS).find((x) => x.path === market[2]);
    if (f) return { label: f.label, unit: f.unit, scale: f.scale };
  }
  for (const s of FINANCING_SECTIONS) {
    const f = s.fields.find((x) => `${s.path}.${x.path}` === path);
    if (f) return { label: `${s.title}: ${f.label.toLowerCase()}`, unit: f.unit, scale: f.scale };
  }
  if (path === 'tax') return { label: 'Tax' };
  const tax = /^tax\.(\w+)$/.exec(path);
  if (tax) {
    const f = TAX_FIELDS.find((x) => x.path === tax[1]);
    if (f) return { label: f.label, unit: f.unit, scale: f.scale };
  }
  if (path === 'market.hashprice.usdPerPhDay')
    return { label: 'Hashprice series', unit: '$/PH/day' };
  if (path === 'market.hashprice.kind') return { label: 'Hashprice input' };
  if (path === FLOOR_PATH) return { label: 'Hashprice floor' };
  const floor = FLOOR_FIELDS.find((x) => `${FLOOR_PATH}.${x.path}` === path);
  if (floor)
    return {
      label: `Hashprice floor: ${floor.label.toLowerCase()}`,
      unit: floor.unit,
      scale: floor.scale,
    };
  const all = [
    ...GENERAL_FIELDS,
    ...SITE_FIELDS,
    ...FLEET_FIELDS,
    ...REFRESH_FIELDS,
    ...PROJECTION_FIELDS,
    ...FINANCING_FIELDS,
  ];
  const f = all.find((x) => x.path === path);
  return f && { label: f.label, unit: f.unit, scale: f.scale };
}

/**
 * A problem's field as the editor names it (a whole offer or grid addition by its number, a
 * portfolio site's with the site's number), never a dot path.
 */
export function issueLabel(path: string): string {
  const item = /^(?:sites\.(\d+)\.)?(hpcOptions|site\.gridAdditions)\.(\d+)(\..*)?$/.exec(path);
  if (item && !item[4]) {
    const what = item[2] === 'hpcOptions' ? 'HPC offer' : 'Grid addition';
    return `${what} ${Number(item[3]) + 1}${item[1] ? ` (site ${Number(item[1]) + 1})` : ''}`;
  }
  return (
    fieldLabel(path)?.label ??
    fieldLabel(path.split('.').slice(0, -1).join('.'))?.label ??
    (path ? 'This input' : 'The scenario')
  );
}
