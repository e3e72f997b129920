/**
 * @module workbook — a plan's answer as an Excel workbook: inputs, KPIs, the monthly schedule and
 * the plan, one sheet each, units in the headers. Written with ExcelJS (MIT), loaded only when a
 * workbook is asked for.
 */
import type { Kpis, ScenarioInput, SolveResult } from '../../../model/schema';
import { scheduleColumns } from './csv';
import { fieldLabel, toDisplay } from './fields';
import { formatMonth } from './format';
import { offersOf } from './portfolio';

/** A table: the header row, then the data rows. */
export type Table = (readonly (string | number | null)[])[];

/** Every leaf of `value` by dot path (`site.gridMW`, `hpcOptions.0.maxMW`), in document order. */
export function leaves(value: unknown, path = ''): [string, string | number | boolean | null][] {
  if (value === null || typeof value !== 'object')
    return [[path, value as string | number | boolean | null]];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  return entries.flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

/**
 * The inputs sheet: each scenario field with its label, value and unit as the editor shows them,
 * and its path.
 */
export function inputsTable(scenario: ScenarioInput): Table {
  const rows: Table = [['input', 'value', 'unit', 'path']];
  for (const [path, v] of leaves(scenario)) {
    const f = fieldLabel(path);
    const shown =
      typeof v === 'number' ? toDisplay(v, f?.scale) : typeof v === 'boolean' ? String(v) : v;
    rows.push([f?.label ?? path, shown, f?.unit ?? '', path]);
  }
  return rows;
}

/**
 * The unit of a KPI by its name's suffix (the API's naming convention: `npvUsd`, `irrPerYear`,
 * `hpcOnlineAtHorizonMW`).
 */
export function kpiUnit(key: string): string {
  if (/Usd$/.test(key)) return 'USD';
  if (/PerYear$/.test(key)) return 'per year (fraction)';
  if (/MW$/.test(key)) return 'MW';
  if (/Month$/.test(key)) return 'YYYY-MM';
  return '';
}

/** What each KPI is, in words a reader of the sheet uses (the field name is its own column). */
const KPI_WORDS: Readonly<Record<string, string>> = {
  npvUsd: 'NPV of the plan',
  npvVsMiningOnlyUsd: 'NPV uplift over mining only',
  miningOnlyNpvUsd: 'NPV of mining only',
  conversionIrrPerYear: 'Conversion IRR (unlevered, vs mining only)',
  irrPerYear: 'Conversion IRR (older name)',
  conversionPaybackMonth: 'Conversion payback month',
  paybackMonth: 'HPC payback month',
  peakDebtUsd: 'Peak debt',
  peakDebtMonth: 'Peak debt month',
  minCovenantHeadroomUsd: 'Lowest cash above the minimum-cash covenant',
  minCovenantHeadroomMonth: 'Month of the lowest covenant headroom',
  minLiquidityUsd: 'Minimum liquidity (cash above minimum + undrawn facility)',
  minLiquidityMonth: 'Month of the minimum liquidity',
  taxPvUsd: 'Income tax, present value',
  nolAtHorizonUsd: 'Net operating loss carried forward at the horizon',
  npvBeforeTaxUsd: 'NPV of the plan before tax',
  minBuildCostUsd: 'Cost of the minimum-build rules',
  hpcCommittedMW: 'Grid MW committed to HPC by the horizon',
  hpcOnlineAtHorizonMW: 'Grid MW leased to HPC in the last month',
  terminalValueUsd: 'Value of the assets after the horizon',
  terminalValuePvUsd: 'Value of the assets after the horizon, present value',
  merchantTailKeptMW: 'ASIC MW kept running after the horizon',
  distributionsUsd: 'Distributions to equity',
  equityRaisedUsd: 'Equity raised',
  powerCreditsPvUsd: 'Power credits, present value',
  transmissionPvUsd: 'Transmission charges, present value',
  flexibilityGivenUpPvUsd: 'Flexibility given up, present value',
};

/**
 * The KPI sheet: first the valuation the figures are on (method, discount rate, as-of month, tax),
 * then one row per figure — what it is in words, its value, its unit and its field name in the
 * API's answer (per year for the HPC share).
 */
export function kpiTable(kpis: Kpis | null | undefined): Table {
  const rows: Table = [['figure', 'value', 'unit', 'field']];
  const basis = kpis?.npvBasis;
  if (basis) {
    rows.push(['Valuation basis', `${basis.method} value, ${basis.label}`, '', 'npvBasis.label']);
    rows.push([
      'Discount rate',
      basis.discountRatePerYear,
      'per year (fraction)',
      'npvBasis.discountRatePerYear',
    ]);
    rows.push([
      'Discounted to the start of',
      formatMonth(basis.asOfMonth),
      'month',
      'npvBasis.asOfMonth',
    ]);
  }
  if (kpis)
    rows.push([
      'Taxes',
      kpis.npvBeforeTaxUsd != null ? 'after tax' : 'before tax (no tax block)',
      '',
      '',
    ]);
  for (const [key, v] of Object.entries(kpis ?? {})) {
    if (key === 'hpcShareByYear' && Array.isArray(v)) {
      for (const y of v as { year: number; share: number }[])
        rows.push([
          `HPC share of grid MW, ${y.year}`,
          y.share,
          'share of grid MW (fraction)',
          `hpcShareByYear.${y.year}`,
        ]);
    } else if (v === null || typeof v !== 'object') {
      const month = /Month$/.test(key) && typeof v === 'string';
      rows.push([
        KPI_WORDS[key] ?? key,
        month ? formatMonth(v as string) : (v as string | number | null),
        month ? 'month' : kpiUnit(key),
        key,
      ]);
    }
  }
  return rows;
}

/** The monthly sheet: the same columns as the CSV download. */
export function monthlyTable(result: SolveResult, optionIds: readonly string[]): Table {
  const columns = scheduleColumns(result.plan, optionIds, result.months);
  return [
    columns.map((c) => c.header),
    ...result.months.map((r, i) => columns.map((c) => c.value(r, i))),
  ];
}

/** The plan sheet: HPC builds and ASIC refresh purchases. */
export function planTable(result: SolveResult): Table {
  return [
    ['kind', 'offer_id', 'month', 'mw'],
    ...result.plan.builds.map((b) => ['hpc_build', b.optionId, b.month, b.mw]),
    ...result.plan.refreshes.map((r) => ['asic_refresh', '', r.month, r.mw]),
  ];
}

/** The sheets of a plan's workbook, by name, in order. */
export function workbookSheets(
  scenario: ScenarioInput,
  result: SolveResult,
  planName: string,
): [string, Table][] {
  return [
    [
      'Inputs',
      [[`Scenario: ${scenario.name ?? ''}`, `Plan: ${planName}`], ...inputsTable(scenario)],
    ],
    ['KPIs', kpiTable(result.kpis)],
    [
      'Monthly',
      monthlyTable(
        result,
        offersOf(scenario).map((o) => o.id),
      ),
    ],
    ['Plan', planTable(result)],
  ];
}

/**
 * The workbook as .xlsx bytes; ExcelJS is fetched on first use (it is large and only this needs
 * it).
 */
export async function makeWorkbook(
  scenario: ScenarioInput,
  result: SolveResult,
  planName: string,
): Promise<Blob> {
  const mod = await import('exceljs');
  const ExcelJS = ((mod as unknown as { default?: typeof mod }).default ?? mod) as typeof mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Switchyard';
  for (const [name, rows] of workbookSheets(scenario, result, planName)) {
    const ws = wb.addWorksheet(name);
    ws.addRows(rows.map((r) => [...r]));
    const header = ws.getRow(name === 'Inputs' ? 2 : 1);
    header.font = { bold: true };
  }
  const bytes = await wb.xlsx.writeBuffer();
  return new Blob([bytes], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}
