/**
 * @module tables — reads the sourced CSV tables and JSON reference files of data/ (described in
 * data/README.md) for the test that checks them; the app reads only the presets (data/load.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Resolved from this module, not the cwd, so the test finds the files from anywhere.
const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../data');

/**
 * Splits CSV text into records of fields (RFC 4180: `"` quotes a field, `""` is a quote inside one;
 * LF or CRLF line ends). A trailing newline does not make an empty record.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(record);
      record = [];
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('invalid CSV: unterminated quoted field');
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

/** A CSV row keyed by header; its typed accessors name the file, line and column of a bad value. */
class Row {
  constructor(
    private readonly file: string,
    private readonly line: number,
    private readonly cells: ReadonlyMap<string, string>,
  ) {}
  str(col: string): string {
    const v = this.cells.get(col);
    if (v === undefined) throw new Error(`invalid ${this.file}: no column ${col}`);
    return v.trim();
  }
  opt(col: string): string | null {
    return this.str(col) === '' ? null : this.str(col);
  }
  num(col: string): number {
    const v = this.optNum(col);
    if (v === null) throw new Error(`invalid ${this.file} line ${this.line}, ${col}: empty`);
    return v;
  }
  optNum(col: string): number | null {
    const s = this.opt(col);
    if (s === null) return null;
    const v = Number(s);
    if (!Number.isFinite(v))
      throw new Error(`invalid ${this.file} line ${this.line}, ${col}: ${s}`);
    return v;
  }
  oneOf<T extends string>(col: string, allowed: readonly T[]): T {
    const s = this.str(col);
    if (!(allowed as readonly string[]).includes(s))
      throw new Error(`invalid ${this.file} line ${this.line}, ${col}: ${s}`);
    return s as T;
  }
}

function readCsv(file: string): Row[] {
  const [header, ...records] = parseCsv(readFileSync(join(DATA_DIR, file), 'utf8'));
  if (!header) throw new Error(`invalid ${file}: empty`);
  return records.map((r, i) => {
    if (r.length !== header.length)
      throw new Error(
        `invalid ${file} line ${i + 2}: ${r.length} fields, header has ${header.length}`,
      );
    return new Row(file, i + 2, new Map(header.map((h, j) => [h, r[j]])));
  });
}

/** How a figure was reported: as given, approximately (`~`), as a bound, or as a range. */
export type Qualifier = 'reported' | 'approx' | 'below' | 'above' | 'range';
const QUALIFIERS: readonly Qualifier[] = ['reported', 'approx', 'below', 'above', 'range'];

/** An ASIC model from `data/asics.csv`. */
export interface Asic {
  readonly model: string;
  /** Joules per terahash. */
  readonly efficiencyJPerTH: number;
  readonly qualifier: Qualifier;
  readonly notes: string;
  readonly source: string;
  /** Date of the figure, or null where the reference does not date it. */
  readonly date: string | null;
}

/** The ASIC catalogue (`data/asics.csv`), in file order. */
export function loadAsics(): Asic[] {
  return readCsv('asics.csv').map((r) => ({
    model: r.str('model'),
    efficiencyJPerTH: r.num('efficiency_j_per_th'),
    qualifier: r.oneOf('qualifier', QUALIFIERS),
    notes: r.str('notes'),
    source: r.str('source'),
    date: r.opt('date'),
  }));
}

/** A reported hashprice from `data/hashprice-history.csv`. */
export interface HashpricePoint {
  /** `YYYY-MM-DD` or `YYYY-MM`: the day or the (first) month reported. */
  readonly date: string;
  /** Last month of a period, or null for a single day or month. */
  readonly dateEnd: string | null;
  /** USD per PH/s per day; the bound for `below`/`above`, the low end for `range`. */
  readonly usdPerPhDay: number;
  /** High end for `range`, else null. */
  readonly usdPerPhDayHigh: number | null;
  readonly qualifier: Qualifier;
  readonly context: string;
  readonly source: string;
}

/** Reported hashprices (`data/hashprice-history.csv`), oldest first. */
export function loadHashpriceHistory(): HashpricePoint[] {
  return readCsv('hashprice-history.csv').map((r) => ({
    date: r.str('date'),
    dateEnd: r.opt('date_end'),
    usdPerPhDay: r.num('usd_per_ph_day'),
    usdPerPhDayHigh: r.optNum('usd_per_ph_day_high'),
    qualifier: r.oneOf('qualifier', QUALIFIERS),
    context: r.str('context'),
    source: r.str('source'),
  }));
}

/**
 * One month of `data/market-history.csv` (data/README.md, "market-history.csv"): month means of
 * the daily Coin Metrics figures and the hashprice they give.
 */
export interface MarketMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** Days of the month in the source (the last month may be short). */
  readonly days: number;
  /** Blocks mined in those days. */
  readonly blocks: number;
  /** Mean of the daily BTC price, USD. */
  readonly btcUsd: number;
  /** Mean difficulty of the month's blocks. */
  readonly difficulty: number;
  /** Network hashrate the difficulty implies, difficulty × 2^32 / 600, in EH/s. */
  readonly networkEhs: number;
  /** Fees per block, BTC (the month's fees ÷ its blocks). */
  readonly feesBtcPerBlock: number;
  /** Subsidy per block, BTC (the month's new coins ÷ its blocks: blended in a halving month). */
  readonly subsidyBtcPerBlock: number;
  /** 144 × (subsidy + fees) × btcUsd / (networkEhs × 1000), USD per PH/s per day. */
  readonly usdPerPhDay: number;
}

/** The monthly market history (`data/market-history.csv`), oldest first. */
export function loadMarketHistory(): MarketMonth[] {
  return readCsv('market-history.csv').map((r) => ({
    month: r.str('month'),
    days: r.num('days'),
    blocks: r.num('blocks'),
    btcUsd: r.num('btc_usd'),
    difficulty: r.num('difficulty'),
    networkEhs: r.num('network_ehs'),
    feesBtcPerBlock: r.num('fees_btc_per_block'),
    subsidyBtcPerBlock: r.num('subsidy_btc_per_block'),
    usdPerPhDay: r.num('usd_per_ph_day'),
  }));
}

/**
 * Implied rent, USD per kW of critical IT per month: value ÷ years ÷ kW ÷ 12.
 * @example impliedRentUsdPerKwMonth(7e9, 15, 245) // ≈ 158.73
 */
export function impliedRentUsdPerKwMonth(
  contractValueUsd: number,
  termYears: number,
  mwIt: number,
): number {
  return contractValueUsd / termYears / (mwIt * 1000) / 12;
}

/**
 * A published HPC/AI lease (`data/lease-deals.csv`); an expanded deal has `initial` + `expanded`
 * rows.
 */
export interface LeaseDeal {
  readonly deal: string;
  readonly tenant: string;
  readonly phase: 'contracted' | 'initial' | 'expanded';
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY-MM/YYYY-MM` (signed in two steps). */
  readonly signed: string;
  /** MW of critical IT. */
  readonly mwIt: number;
  readonly mwItQualifier: Qualifier;
  /** Utility (gross) MW, where reported. */
  readonly utilityMW: number | null;
  /** Total contract value, USD (for Galaxy Helios: the lower bound, >$1B a year × 15 y). */
  readonly contractValueUsd: number;
  readonly valueQualifier: Qualifier;
  readonly termYears: number;
  readonly termQualifier: Qualifier;
  /** value ÷ years ÷ kW ÷ 12, rounded to cents in the file. */
  readonly impliedUsdPerKwMonth: number;
  /** The `~` figure the reference quotes for this row (data/README.md), or null. */
  readonly reportedUsdPerKwMonth: number | null;
  /** Rent escalator per year (0.03 = 3 %), or null where none was reported. */
  readonly escalatorPerYear: number | null;
  readonly leaseStructure: string;
  readonly capexFunding: string;
  readonly timeToPower: string;
  readonly source: string;
  /** `lease` (a tenant rents the building) or `cloud` (the operator sells compute on its GPUs). */
  readonly kind: 'lease' | 'cloud';
  /** Building capex per MW of IT, USD, low and high ends; null where not public. */
  readonly capexUsdPerMWItLow: number | null;
  readonly capexUsdPerMWItHigh: number | null;
  /** Who guarantees the tenant's payments, and how much (text; "none …" where none). */
  readonly backstop: string;
  /** The backstop in USD where reported as an amount, else null. */
  readonly backstopUsd: number | null;
  /** Months from signing to the first capacity in service; null where not stated. */
  readonly monthsToFirstPower: number | null;
  readonly monthsToFirstPowerQualifier: Qualifier | null;
  /** Date of the source (`YYYY-MM-DD` or `YYYY-MM`). */
  readonly sourceDate: string;
  /** Address of the source, or null where none was found (the notes say so). */
  readonly sourceUrl: string | null;
  readonly notes: string;
}

/** Published lease deals (`data/lease-deals.csv`), in file order. */
export function loadLeaseDeals(): LeaseDeal[] {
  return readCsv('lease-deals.csv').map((r) => ({
    deal: r.str('deal'),
    tenant: r.str('tenant'),
    phase: r.oneOf('phase', ['contracted', 'initial', 'expanded'] as const),
    signed: r.str('signed'),
    mwIt: r.num('mw_it'),
    mwItQualifier: r.oneOf('mw_it_qualifier', QUALIFIERS),
    utilityMW: r.optNum('utility_mw'),
    contractValueUsd: r.num('contract_value_usd'),
    valueQualifier: r.oneOf('value_qualifier', QUALIFIERS),
    termYears: r.num('term_years'),
    termQualifier: r.oneOf('term_qualifier', QUALIFIERS),
    impliedUsdPerKwMonth: r.num('implied_usd_per_kw_month'),
    reportedUsdPerKwMonth: r.optNum('reported_usd_per_kw_month'),
    escalatorPerYear: r.optNum('escalator_per_year'),
    leaseStructure: r.str('lease_structure'),
    capexFunding: r.str('capex_funding'),
    timeToPower: r.str('time_to_power'),
    source: r.str('source'),
    kind: r.oneOf('kind', ['lease', 'cloud'] as const),
    capexUsdPerMWItLow: r.optNum('capex_usd_per_mw_it_low'),
    capexUsdPerMWItHigh: r.optNum('capex_usd_per_mw_it_high'),
    backstop: r.str('backstop'),
    backstopUsd: r.optNum('backstop_usd'),
    monthsToFirstPower: r.optNum('months_to_first_power'),
    monthsToFirstPowerQualifier:
      r.opt('months_to_first_power_qualifier') === null
        ? null
        : r.oneOf('months_to_first_power_qualifier', QUALIFIERS),
    sourceDate: r.str('source_date'),
    sourceUrl: r.opt('source_url'),
    notes: r.str('notes'),
  }));
}

/** A financing fact from `data/financing.csv`; empty cells are null. */
export interface FinancingFact {
  readonly item: string;
  readonly kind: string;
  readonly amountUsd: number | null;
  readonly amountQualifier: Qualifier | null;
  /** Interest or coupon per year (0.0775 = 7.75 %), or null. */
  readonly ratePerYear: number | null;
  readonly rateNote: string;
  readonly maturity: string | null;
  /** Loan as a share of cost, low and high ends. */
  readonly advanceShareLow: number | null;
  readonly advanceShareHigh: number | null;
  readonly notes: string;
  readonly source: string;
  readonly date: string | null;
}

/** Financing reference facts (`data/financing.csv`), in file order. */
export function loadFinancing(): FinancingFact[] {
  return readCsv('financing.csv').map((r) => ({
    item: r.str('item'),
    kind: r.str('kind'),
    amountUsd: r.optNum('amount_usd'),
    amountQualifier:
      r.opt('amount_qualifier') === null ? null : r.oneOf('amount_qualifier', QUALIFIERS),
    ratePerYear: r.optNum('rate_per_year'),
    rateNote: r.str('rate_note'),
    maturity: r.opt('maturity'),
    advanceShareLow: r.optNum('advance_share_low'),
    advanceShareHigh: r.optNum('advance_share_high'),
    notes: r.str('notes'),
    source: r.str('source'),
    date: r.opt('date'),
  }));
}

/**
 * How a figure in a JSON reference file was obtained: the CSV qualifiers, or computed, or assumed.
 */
export type FigureQualifier = Qualifier | 'derived' | 'assumption';
const FIGURE_QUALIFIERS: readonly FigureQualifier[] = [...QUALIFIERS, 'derived', 'assumption'];

/**
 * One number in a JSON reference file (`data/ercot-price-bins.json`, `gpu-cloud.json`,
 * `tenant-credit.json`, `portfolio-sites.json`): always with its unit, date and source.
 * `derived` figures state their arithmetic in `source`; `assumption` figures say why.
 */
export interface SourcedFigure {
  readonly value: number;
  /** High end of a `range`. */
  readonly valueHigh?: number;
  readonly unit: string;
  readonly qualifier: FigureQualifier;
  /** `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or `undated` where the source page carries no date. */
  readonly date: string;
  readonly source: string;
  readonly note?: string;
}

/** A sourced statement without a number (a rule, a coverage clause), in a JSON reference file. */
export interface SourcedText {
  readonly text: string;
  readonly date: string;
  readonly source: string;
}

/** The JSON reference files, by name (without `.json`). */
export const REFERENCE_FILES = [
  'ercot-price-bins',
  'gpu-cloud',
  'tenant-credit',
  'portfolio-sites',
] as const;
export type ReferenceFile = (typeof REFERENCE_FILES)[number];

/** A JSON reference file as written. @throws Error naming the file when it is not JSON. */
export function loadReference(name: ReferenceFile): Record<string, unknown> {
  const file = `${name}.json`;
  try {
    return JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`invalid ${file}: ${(e as Error).message}`);
  }
}

const FIGURE_DATE = /^(\d{4}(-\d{2}(-\d{2})?)?|undated)$/;

/**
 * Every figure (an object with a numeric `value`) and every sourced text (an object with a string
 * `text`) in a parsed reference file, with its JSON path. Checks each one and lists what is wrong
 * in `problems` (empty when every figure has a unit, a known qualifier, a date and a source).
 */
export function sourcedEntries(doc: unknown): {
  figures: { path: string; figure: SourcedFigure }[];
  texts: { path: string; text: SourcedText }[];
  problems: string[];
} {
  const figures: { path: string; figure: SourcedFigure }[] = [];
  const texts: { path: string; text: SourcedText }[] = [];
  const problems: string[] = [];
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${path}[${i}]`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if ('value' in o) {
      if (typeof o.value !== 'number' || !Number.isFinite(o.value)) problems.push(`${path}: value`);
      if (!nonEmpty(o.unit)) problems.push(`${path}: unit`);
      if (!nonEmpty(o.source)) problems.push(`${path}: source`);
      if (typeof o.date !== 'string' || !FIGURE_DATE.test(o.date)) problems.push(`${path}: date`);
      if (!(FIGURE_QUALIFIERS as readonly unknown[]).includes(o.qualifier))
        problems.push(`${path}: qualifier`);
      if ((o.qualifier === 'range') !== (typeof o.valueHigh === 'number'))
        problems.push(`${path}: valueHigh goes with qualifier range`);
      figures.push({ path, figure: o as unknown as SourcedFigure });
    }
    if ('text' in o) {
      if (!nonEmpty(o.text)) problems.push(`${path}: text`);
      if (!nonEmpty(o.source)) problems.push(`${path}: source`);
      if (typeof o.date !== 'string' || !FIGURE_DATE.test(o.date)) problems.push(`${path}: date`);
      texts.push({ path, text: o as unknown as SourcedText });
    }
    for (const [k, v] of Object.entries(o)) walk(v, path === '' ? k : `${path}.${k}`);
  };
  walk(doc, '');
  return { figures, texts, problems };
}

/** One price bin in the form of the planned `site.powerMarket.priceBins`. */
export interface PriceBin {
  readonly hoursShare: number;
  readonly priceUsdPerMWh: number;
}

/**
 * The 12 lists of price bins (January first) of `data/ercot-price-bins.json`, in the form of the
 * planned `priceBins` form: `summerBins` in its `summerMonths`, `annualBins` in the others. An
 * approximation derived from annual 2024 statistics (see data/README.md).
 */
export function ercotPriceBinsByMonth(): PriceBin[][] {
  type FileBin = { hoursShare: SourcedFigure; priceUsdPerMWh: SourcedFigure };
  const doc = loadReference('ercot-price-bins') as {
    annualBins: FileBin[];
    summerBins: FileBin[];
    byCalendarMonth: { summerMonths: number[] };
  };
  const plain = (bins: FileBin[]) =>
    bins.map((b) => ({ hoursShare: b.hoursShare.value, priceUsdPerMWh: b.priceUsdPerMWh.value }));
  return Array.from({ length: 12 }, (_, i) =>
    plain(doc.byCalendarMonth.summerMonths.includes(i + 1) ? doc.summerBins : doc.annualBins),
  );
}
