/**
 * @module cli/print — an optimize answer as readable tables: the plan, the KPIs and a schedule of
 * every 6th month.
 */
import type { SolveResult } from '../../model';

/** Dollars in k/M/B, `—` for none. */
export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const a = Math.abs(v);
  return a >= 1e9
    ? `$${(v / 1e9).toFixed(2)}B`
    : a >= 1e6
      ? `$${(v / 1e6).toFixed(1)}M`
      : `$${(v / 1e3).toFixed(0)}k`;
}

/** A text table: the first column left-aligned, the others right-aligned. */
export function table(rows: (string | number)[][], header: string[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    line(cells[0]),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

/**
 * The answer for a person: status, solver figures, KPIs, the plan and the schedule; lines go to
 * `out`.
 */
export function printAnswer(
  name: string,
  a: SolveResult,
  out: (line: string) => void = console.log,
): void {
  out(`\n${name}\nstatus: ${a.status}${a.message ? ` — ${a.message}` : ''}`);
  out(
    `solver: ${a.solver.name}, ${a.solver.variables} variables, ` +
      `${a.solver.constraints} constraints, build ` +
      `${a.solver.buildMs.toFixed(1)} ms, solve ${a.solver.ms.toFixed(1)} ms`,
  );
  for (const d of a.diagnosis ?? []) out(`  ✗ ${d.message}`);
  if ((a.status !== 'optimal' && a.status !== 'timedout') || !a.kpis) return;
  const k = a.kpis;
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %/y`;
  out(
    `\nNPV ${usd(a.npvUsd)} (${a.valuation?.method ?? 'firm'} value, ` +
      `${k.npvBasis?.label ?? ''}) · vs mining only ` +
      `${usd(k.npvVsMiningOnlyUsd)} · conversion IRR ` +
      `${pct(k.conversionIrrPerYear)} · conversion payback ` +
      `${k.conversionPaybackMonth ?? 'beyond horizon'}`,
  );
  out(
    'peak debt ' +
      `${usd(k.peakDebtUsd)}${k.peakDebtMonth ? ` (${k.peakDebtMonth})` : ''} ` +
      `· min covenant headroom ${usd(k.minCovenantHeadroomUsd)} ` +
      `(${k.minCovenantHeadroomMonth})`,
  );
  out(
    `HPC committed ${k.hpcCommittedMW.toFixed(1)} MW, online at horizon ${k.hpcOnlineAtHorizonMW.toFixed(1)} MW`,
  );
  for (const n of a.notes ?? []) out(`  note: ${n}`);
  out('\nPlan — HPC phases');
  out(
    a.phases?.length
      ? table(
          a.phases.map((p) => [
            p.startMonth === p.endMonth ? p.startMonth : `${p.startMonth} … ${p.endMonth}`,
            p.optionId,
            p.case ?? 'all cases',
            p.mw.toFixed(2),
            p.commencementMonth,
          ]),
          ['start', 'offer', 'case', 'grid MW', 'commences'],
        )
      : '  none: keep mining',
  );
  if (a.scenarios) {
    out('\nCases');
    out(
      table(
        a.scenarios.map((c) => [c.name, c.probability.toFixed(2), usd(c.npvUsd)]),
        ['case', 'probability', 'NPV'],
      ),
    );
    out(`VSS ${usd(a.vssUsd)} · EVPI ${usd(a.evpiUsd)}`);
  }
  if (a.plan.refreshes.length) {
    out('\nPlan — ASIC purchases');
    out(
      table(
        a.plan.refreshes.map((r) => [r.month, r.mw.toFixed(2)]),
        ['month', 'grid MW'],
      ),
    );
  }
  out('\nSchedule (every 6th month)');
  const rows = a.months
    .filter((_, i) => i % 6 === 0 || i === a.months.length - 1)
    .map((m) => [
      m.month,
      m.hashpriceUsdPerPhDay.toFixed(1),
      m.miningMW.toFixed(1),
      m.hpcBuildingMW.toFixed(1),
      m.hpcOnlineMW.toFixed(1),
      m.idleMW.toFixed(1),
      usd(m.cashUsd),
      usd(m.debtUsd),
      usd(m.distributionUsd),
    ]);
  out(
    table(rows, [
      'month',
      '$/PH/day',
      'mining MW',
      'building MW',
      'HPC MW',
      'idle MW',
      'cash',
      'debt',
      'distributed',
    ]),
  );
}
