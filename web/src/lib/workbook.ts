/**
 * @module workbook — a plan's answer as an Excel workbook: inputs, KPIs, the monthly schedule and
 * the plan, one sheet each, units in the headers. Written with ExcelJS (MIT), loaded only when a
 * workbook is asked for.
 */
import type { Kpis, ScenarioInput, SolveResult } from '../../../model/schema';
import { scheduleColumns } from './csv';
import { fieldLabel, toDisplay } from './fields';
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

/** The KPI sheet: one row per figure (per year for the HPC share). */
export function kpiTable(kpis: Kpis | null | undefined): Table {
  const rows: Table = [['kpi', 'value', 'unit']];
  for (const [key, v] of Object.entries(kpis ?? {})) {
    if (key === 'hpcShareByYear' && Array.isArray(v)) {
      for (const y of v as { year: number; share: number }[])
        rows.push([`hpcShare ${y.year}`, y.share, 'share of grid MW (fraction)']);
    } else if (v === null || typeof v !== 'object')
      rows.push([key, v as string | number | null, kpiUnit(key)]);
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
