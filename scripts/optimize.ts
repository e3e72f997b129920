/**
 * @module optimize — command line: `npm run optimize -- <preset id | scenario.json> [--out answer.json] [--lp model.lp]`
 * Optimises a scenario and prints the plan, the KPIs and a yearly schedule as readable tables.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScenarioSchema, buildModel, optimize, toLpText, type SolveResult } from '../model';
import { DEFAULT_PRESET_ID, listPresets, loadPreset } from '../data/load';

const usage = `usage: npm run optimize -- <preset id | path/to/scenario.json> [--out answer.json] [--lp model.lp]
presets: ${listPresets().map((p) => p.id).join(', ')} (default ${DEFAULT_PRESET_ID})`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', short: 'o' }, lp: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const source = positionals[0] ?? DEFAULT_PRESET_ID;
let raw: unknown;
try {
  raw = /\.json$/i.test(source) ? JSON.parse(readFileSync(source, 'utf8')) : loadPreset(source);
} catch (e) {
  console.error(`cannot read ${source}: ${e instanceof Error ? e.message : e}`);
  process.exit(2);
}
if (raw === undefined) {
  console.error(`no preset or file "${source}"\n${usage}`);
  process.exit(2);
}
const parsed = ScenarioSchema.safeParse(raw);
if (!parsed.success) {
  console.error(`the scenario is not valid:`);
  for (const i of parsed.error.issues) console.error(`  ${i.path.join('.') || '(root)'}: ${i.message}`);
  process.exit(2);
}
const scenario = parsed.data;
if (values.lp) {
  writeFileSync(values.lp, toLpText(buildModel(scenario).lp));
  console.log(`LP written to ${values.lp} ($M and MW)`);
}
const answer = await optimize(scenario);
print(answer);
if (values.out) {
  writeFileSync(values.out, JSON.stringify(answer, null, 2));
  console.log(`\nanswer written to ${values.out}`);
}
process.exit(answer.status === 'optimal' ? 0 : 1);

function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const a = Math.abs(v);
  return a >= 1e9 ? `$${(v / 1e9).toFixed(2)}B` : a >= 1e6 ? `$${(v / 1e6).toFixed(1)}M` : `$${(v / 1e3).toFixed(0)}k`;
}

function table(rows: (string | number)[][], header: string[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function print(a: SolveResult): void {
  console.log(`\n${scenario.name}\nstatus: ${a.status}${a.message ? ` — ${a.message}` : ''}`);
  console.log(`solver: ${a.solver.name}, ${a.solver.variables} variables, ${a.solver.constraints} constraints, build ${a.solver.buildMs.toFixed(1)} ms, solve ${a.solver.ms.toFixed(1)} ms`);
  for (const d of a.diagnosis ?? []) console.log(`  ✗ ${d.message}`);
  if (a.status !== 'optimal' && a.status !== 'timedout') return;
  const k = a.kpis!;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %/y`);
  console.log(`\nNPV ${usd(a.npvUsd)} (${a.valuation?.method ?? 'firm'} value, ${k.npvBasis?.label ?? ''}) · vs mining only ${usd(k.npvVsMiningOnlyUsd)} · conversion IRR ${pct(k.conversionIrrPerYear)} · conversion payback ${k.conversionPaybackMonth ?? 'beyond horizon'}`);
  console.log(`peak debt ${usd(k.peakDebtUsd)}${k.peakDebtMonth ? ` (${k.peakDebtMonth})` : ''} · min covenant headroom ${usd(k.minCovenantHeadroomUsd)} (${k.minCovenantHeadroomMonth})`);
  console.log(`HPC committed ${k.hpcCommittedMW.toFixed(1)} MW, online at horizon ${k.hpcOnlineAtHorizonMW.toFixed(1)} MW`);
  for (const n of a.notes ?? []) console.log(`  note: ${n}`);
  console.log('\nPlan — HPC phases');
  console.log(a.phases?.length ? table(a.phases.map((p) => [p.startMonth === p.endMonth ? p.startMonth : `${p.startMonth} … ${p.endMonth}`, p.optionId, p.case ?? 'all cases', p.mw.toFixed(2), p.commencementMonth]), ['start', 'offer', 'case', 'grid MW', 'commences']) : '  none: keep mining');
  if (a.scenarios) {
    console.log('\nCases');
    console.log(table(a.scenarios.map((c) => [c.name, c.probability.toFixed(2), usd(c.npvUsd)]), ['case', 'probability', 'NPV']));
    console.log(`VSS ${usd(a.vssUsd)} · EVPI ${usd(a.evpiUsd)}`);
  }
  if (a.plan.refreshes.length) {
    console.log('\nPlan — ASIC purchases');
    console.log(table(a.plan.refreshes.map((r) => [r.month, r.mw.toFixed(2)]), ['month', 'grid MW']));
  }
  console.log('\nSchedule (every 6th month)');
  const rows = a.months
    .filter((_, i) => i % 6 === 0 || i === a.months.length - 1)
    .map((m) => [m.month, m.hashpriceUsdPerPhDay.toFixed(1), m.miningMW.toFixed(1), m.hpcBuildingMW.toFixed(1), m.hpcOnlineMW.toFixed(1), m.idleMW.toFixed(1), usd(m.cashUsd), usd(m.debtUsd), usd(m.distributionUsd)]);
  console.log(table(rows, ['month', '$/PH/day', 'mining MW', 'building MW', 'HPC MW', 'idle MW', 'cash', 'debt', 'distributed']));
}
