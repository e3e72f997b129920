/**
 * @module csv — the monthly schedule and cash flows of an answer as CSV (one row per month, units
 * in the header).
 */
import { type CsvOptions, csvCell as writeCell, toCsv } from '../../../model/csv';
import type { MonthRow, Plan } from '../../../model/schema';

/** One column of the monthly schedule: header (with unit) and how to read it from a month row. */
export interface ScheduleColumn {
  readonly header: string;
  readonly value: (row: MonthRow, i: number) => number | string;
}

const MW_COLUMNS: [keyof MonthRow, string][] = [
  ['gridMW', 'grid_mw'],
  ['miningExistingMW', 'mining_existing_mw'],
  ['miningRefreshMW', 'mining_refresh_mw'],
  ['hpcBuildingMW', 'hpc_building_mw'],
  ['hpcSwitchingMW', 'hpc_switching_mw'],
  ['hpcOnlineMW', 'hpc_online_mw'],
  ['idleMW', 'idle_mw'],
  ['fleetExistingHeldMW', 'fleet_existing_held_mw'],
  ['fleetRefreshHeldMW', 'fleet_refresh_held_mw'],
];

const USD_COLUMNS: [keyof MonthRow, string][] = [
  ['miningRevenueUsd', 'mining_revenue_usd'],
  ['miningCostUsd', 'mining_cost_usd'],
  ['hpcMarginUsd', 'hpc_margin_usd'],
  ['hpcCapexUsd', 'hpc_capex_usd'],
  ['asicPurchaseUsd', 'asic_purchase_usd'],
  ['asicSaleUsd', 'asic_sale_usd'],
  ['interestUsd', 'interest_usd'],
  ['cashYieldUsd', 'cash_yield_usd'],
  ['overheadUsd', 'overhead_usd'],
  ['equityRaisedUsd', 'equity_raised_usd'],
  ['distributionUsd', 'distribution_usd'],
  ['cashUsd', 'cash_usd'],
  ['facilityUsd', 'facility_usd'],
  ['projectDebtUsd', 'project_debt_usd'],
  ['existingDebtUsd', 'existing_debt_usd'],
  ['debtUsd', 'debt_usd'],
  ['covenantHeadroomUsd', 'covenant_headroom_usd'],
];

/**
 * With a tax block (docs/model.md "Tax"): the month's taxable income (negative: a loss carried
 * forward) and the income tax paid after loss carry-forwards.
 */
const TAX_COLUMNS: [keyof MonthRow, string][] = [
  ['taxableIncomeUsd', 'taxable_income_usd'],
  ['taxUsd', 'tax_paid_usd'],
];

/**
 * The market's month fields beside the hashprice, written when the answer has them: the floor (with
 * `market.hashprice.floor`) and the network hashrate a projection implies (docs/model.md,
 * "Hashprice floor (v3)").
 */
const MARKET_COLUMNS: [keyof MonthRow, string][] = [
  ['hashpriceFloorUsdPerPhDay', 'hashprice_floor_usd_per_ph_day'],
  ['networkEhs', 'network_ehs'],
];

/** How the web's downloads write CSV: numbers rounded to 1e-6, `\n` line ends. */
const WEB_CSV: CsvOptions = { decimals: 6, eol: '\n' };

/**
 * One cell as the web's downloads write it (model/csv's writer, rounded to 1e-6): quoted when it
 * holds a comma, quote or line break (RFC 4180); a non-finite number is an empty cell.
 */
export const csvCell = (v: number | string): string => writeCell(v, WEB_CSV);

/**
 * The columns of the monthly schedule (CSV and the XLSX's monthly sheet): month, hashprice (its
 * floor and the network hashrate when the answer has them), MW schedule (with MW whose build
 * starts that month, per HPC offer) and every cash-flow line, with the taxable income and tax paid
 * when `months` carry them; units in the headers (`cash_usd`, `grid_mw`).
 * @param optionIds HPC offer ids, for the per-offer columns (in this order).
 * @param months the rows to be written (only read for which optional columns they carry).
 */
export function scheduleColumns(
  plan: Plan,
  optionIds: readonly string[],
  months: readonly MonthRow[] = [],
): ScheduleColumn[] {
  const taxed = months.some((r) => r.taxUsd !== undefined || r.taxableIncomeUsd !== undefined);
  const started = (id: string, month: string) =>
    plan.builds.filter((b) => b.optionId === id && b.month === month).reduce((s, b) => s + b.mw, 0);
  const market = MARKET_COLUMNS.filter(([k]) => months.some((r) => r[k] !== undefined));
  return [
    { header: 'month', value: (r) => r.month },
    { header: 'hashprice_usd_per_ph_day', value: (r) => r.hashpriceUsdPerPhDay },
    ...market.map(([k, h]) => ({
      header: h,
      value: (r: MonthRow) => (r[k] as number | undefined) ?? '',
    })),
    ...MW_COLUMNS.map(([k, h]) => ({ header: h, value: (r: MonthRow) => r[k] as number })),
    ...optionIds.flatMap((id) => [
      { header: `hpc_started_mw:${id}`, value: (r: MonthRow) => started(id, r.month) },
      { header: `hpc_online_mw:${id}`, value: (r: MonthRow) => r.hpcOnlineByOption[id] ?? 0 },
    ]),
    {
      header: 'refresh_bought_mw',
      value: (r) => plan.refreshes.filter((x) => x.month === r.month).reduce((s, x) => s + x.mw, 0),
    },
    ...USD_COLUMNS.map(([k, h]) => ({ header: h, value: (r: MonthRow) => r[k] as number })),
    ...(taxed ? TAX_COLUMNS : []).map(([k, h]) => ({
      header: h,
      value: (r: MonthRow) => (r[k] as number | undefined) ?? Number.NaN,
    })),
  ];
}

/**
 * The answer's months as CSV ({@link scheduleColumns}), rounded to 1e-6; `\n` line ends; a header
 * row.
 * @param optionIds HPC offer ids, for the per-offer columns (in this order).
 */
export function monthsToCsv(
  months: readonly MonthRow[],
  plan: Plan,
  optionIds: readonly string[],
): string {
  const columns = scheduleColumns(plan, optionIds, months);
  return toCsv(
    [columns.map((c) => c.header), ...months.map((row, i) => columns.map((c) => c.value(row, i)))],
    WEB_CSV,
  );
}

/** A safe file name from a scenario name: `texas-100-mw-air-cooled`. */
export function fileSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'switchyard'
  );
}

/** Rows (the first one the header) as CSV text, `\n` line ends. */
export function rowsToCsv(rows: readonly (readonly (number | string)[])[]): string {
  return toCsv(rows, WEB_CSV);
}

/** Offers a file to the user as a download (a Blob URL on a temporary link). */
export function downloadText(
  filename: string,
  text: string | Blob | ArrayBuffer,
  mime: string,
): void {
  const url = URL.createObjectURL(text instanceof Blob ? text : new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
