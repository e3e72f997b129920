/**
 * @module report/page — the board report as one self-contained HTML page for print (no script, no
 * external file): page 1 the decision, the key figures, the value bridge, the charts and the risk
 * figures of a Monte Carlo run; then the assumptions with their units, dates and sources, the
 * valuation basis (docs/model.md, "Baseline and KPIs") and the solver's status.
 */
import type { MonteCarloSummary, Scenario, SolveResult } from '../../model';
import {
  assumptionRows,
  bridgeRows,
  decisionOf,
  keyFigures,
  reportDay,
  marketDateText,
  riskFigures,
  solverLines,
  valuationLines,
  type CalibrationDates,
  type ReportFigure,
} from '../../model/report';
import { escapeHtml as esc } from '../html';
import { allocationSvg, cashDebtSvg, valueBridgeSvg } from './charts';
import { REPORT_CSS } from './style';

/** What a report is made from. */
export interface ReportInput {
  readonly scenario: Scenario;
  readonly result: SolveResult;
  /** What the report is of, e.g. `Preset texas-100mw` or `Saved plan “Base”, version 3`. */
  readonly subject: string;
  /** The dates of the market calibration (data/calibration.json). */
  readonly calibration: CalibrationDates;
  /** A finished Monte Carlo run of this scenario and plan, with its id; none: no risk section. */
  readonly monteCarlo?: { readonly id: string; readonly summary: MonteCarloSummary };
  /** The day the report is prepared, `YYYY-MM-DD`. */
  readonly preparedOn: string;
}

/** Why the optimum is what it is: the answer's reason in plain words (model/reason.ts), if any. */
const reasonSection = (result: ReportInput['result']) =>
  result.reason?.because.length
    ? `<div class="reason" data-slot="reason"><p>Why:</p>${list(result.reason.because)}</div>`
    : '';

const figures = (list: readonly ReportFigure[]) =>
  '<dl class="figures">' +
  list
    .map(
      (f) =>
        `<div class="figure" data-figure="${f.id}"><dt>${esc(f.label)}</dt><dd>${esc(f.value)}` +
        `${f.note ? ` <small>${esc(f.note)}</small>` : ''}</dd></div>`,
    )
    .join('') +
  '</dl>';

const list = (lines: readonly string[]) =>
  `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`;

function bridgeTable(result: SolveResult): string {
  const rows = bridgeRows(result);
  if (!rows.length) return '<p>No value bridge: the answer has no mining-only baseline.</p>';
  const body = rows
    .map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`)
    .join('');
  return `<table class="bridge"><tbody>${body}</tbody></table>`;
}

function riskSection(mc: ReportInput['monteCarlo']): string {
  if (!mc) return '';
  return (
    '<section class="risk"><h2>Risk (Monte Carlo)</h2>' +
    `<p>${mc.summary.paths} seeded paths (seed ${mc.summary.seed}), run ${esc(mc.id)}.</p>` +
    `${figures(riskFigures(mc.summary))}</section>`
  );
}

function assumptionsTable(scenario: Scenario): string {
  const head =
    '<tr><th>Assumption</th><th>Value</th><th>Unit</th><th>Source</th><th>Date</th></tr>';
  let group = '';
  const body = assumptionRows(scenario)
    .map((r) => {
      const heading =
        r.group === group
          ? ''
          : `<tr class="group"><th colspan="5">${esc((group = r.group))}</th></tr>`;
      return (
        `${heading}<tr><td>${esc(r.label)}</td><td class="num">${esc(r.value)}</td>` +
        `<td>${esc(r.unit)}</td><td>${esc(r.source)}</td><td class="date">${esc(r.date)}</td></tr>`
      );
    })
    .join('');
  return `<table class="assumptions"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** The report page (HTML, UTF-8). */
export function reportPage(input: ReportInput): string {
  const { scenario, result } = input;
  const decision = decisionOf(scenario, result);
  const charts = [allocationSvg(result.months), cashDebtSvg(result.months)].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Board report — ${esc(scenario.name)}</title>
<style>${REPORT_CSS}</style></head><body><main class="report">
<header><h1>${esc(scenario.name)}</h1>
<p class="meta">Board report · ${esc(input.subject)} · prepared ${esc(reportDay(input.preparedOn))}</p></header>
<section class="decision"><h2>Decision</h2><p class="verdict">${esc(decision.verdict)}</p>
${decision.lines.length ? list(decision.lines) : ''}
${reasonSection(result)}
${figures(keyFigures(result))}</section>
<section class="bridge-section"><h2>Value bridge</h2>
<div class="side">${valueBridgeSvg(result)}${bridgeTable(result)}</div></section>
${charts.length ? `<section class="charts"><h2>Key charts</h2>${charts.join('')}</section>` : ''}
${riskSection(input.monteCarlo)}
<section class="assumptions-section"><h2>Assumptions</h2>
<p class="market-date">${esc(marketDateText(input.calibration, scenario))}</p>
${assumptionsTable(scenario)}
<p class="sources">Sources, units and dates of every shipped figure: data/README.md.</p></section>
<section><h2>Valuation basis</h2>${list(valuationLines(result, scenario))}</section>
<section><h2>Solver</h2>${list(solverLines(result))}</section>
</main></body></html>`;
}
