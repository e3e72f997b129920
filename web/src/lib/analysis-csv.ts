/**
 * @module analysis-csv — the analyses' answers as CSV tables: tornado, breakevens and the decision
 * map (API units, named in the headers).
 */
import type {
  BreakevenResponse,
  MapResponse,
  SensitivityResponse,
} from '../../../model/analyses/schema';
import { rowsToCsv } from './csv';

/**
 * The tornado: one row per input, its base, low and high values with the NPV and HPC MW at each.
 */
export function tornadoCsv(t: SensitivityResponse): string {
  return rowsToCsv([
    [
      'parameter',
      'label',
      'unit',
      'base_value',
      'base_npv_usd',
      'low_value',
      'low_status',
      'low_npv_usd',
      'low_hpc_mw',
      'high_value',
      'high_status',
      'high_npv_usd',
      'high_hpc_mw',
    ],
    ...t.rows.map((r) => [
      r.parameter,
      r.label,
      r.unit,
      r.base,
      t.baseNpvUsd ?? '',
      r.low.value,
      r.low.status,
      r.low.npvUsd ?? '',
      r.low.hpcMW ?? '',
      r.high.value,
      r.high.status,
      r.high.npvUsd ?? '',
      r.high.hpcMW ?? '',
    ]),
  ]);
}

/**
 * The breakevens: one row per input searched, the value where the optimum changes (empty when it
 * does not) and both sides.
 */
export function breakevensCsv(items: readonly BreakevenResponse[]): string {
  return rowsToCsv([
    [
      'parameter',
      'label',
      'breakeven_value',
      'tolerance',
      'searched_from',
      'searched_to',
      'below_value',
      'below_hpc_mw',
      'below_npv_usd',
      'above_value',
      'above_hpc_mw',
      'above_npv_usd',
      'message',
    ],
    ...items.map((b) => [
      b.parameter,
      b.label,
      b.value ?? '',
      b.tolerance,
      b.from,
      b.to,
      b.below?.value ?? '',
      b.below?.hpcMW ?? '',
      b.below?.npvUsd ?? '',
      b.above?.value ?? '',
      b.above?.hpcMW ?? '',
      b.above?.npvUsd ?? '',
      b.message,
    ]),
  ]);
}

/**
 * The decision map: one row per cell, the two inputs' values (units in the headers), the HPC share,
 * MW and NPV.
 */
export function mapCsv(m: MapResponse): string {
  const head = (a: MapResponse['x']) => `${a.parameter} (${a.unit || a.label})`;
  return rowsToCsv([
    [head(m.x), head(m.y), 'status', 'hpc_share', 'hpc_mw', 'npv_usd'],
    ...m.cells.map((c) => [c.x, c.y, c.status, c.hpcShare ?? '', c.hpcMW ?? '', c.npvUsd ?? '']),
  ]);
}
