/**
 * @module portfolio-years — a site's monthly MW by use averaged over each calendar year (the
 * portfolio's sites × years chart).
 */
import type { MonthRow } from '../../../model/schema';
import type { AllocationKey } from '../charts/scales';

/**
 * One calendar year of one site: the average MW of each use over the months of that year in the
 * horizon.
 */
export interface YearMW {
  readonly year: number;
  /** Months of the year inside the horizon (a first or last year may be partial). */
  readonly months: number;
  /** Average grid MW by allocation key (`miningExisting`, `hpc:<offer id>`, …). */
  readonly mw: Readonly<Record<string, number>>;
}

/** The average MW of each of `keys` per calendar year of `rows`, in year order. */
export function yearlyMW(rows: readonly MonthRow[], keys: readonly AllocationKey[]): YearMW[] {
  const byYear = new Map<number, MonthRow[]>();
  for (const r of rows) {
    const y = Number(r.month.slice(0, 4));
    byYear.set(y, [...(byYear.get(y) ?? []), r]);
  }
  return [...byYear].map(([year, list]) => ({
    year,
    months: list.length,
    mw: Object.fromEntries(
      keys.map((k) => [k.key, list.reduce((s, r) => s + Math.max(0, k.value(r)), 0) / list.length]),
    ),
  }));
}
