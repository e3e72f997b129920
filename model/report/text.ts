/**
 * @module report/text — the board report's figures and sentences, from the scenario and the answer:
 * the key figures, the value bridge's rows, the valuation basis, the date of the market figures,
 * the risk figures of a Monte Carlo run and the solver's status. What the API's page and the app's
 * Report view both print, so that they print the same.
 */
import type { MonteCarloSummary } from '../montecarlo-stats';
import type { Scenario, SolveResult } from '../schema';
import { MARKET_FIGURES_DATE, usesShippedMarket } from './assumptions';
import {
  reportDay,
  reportMonth,
  reportNumber,
  reportPct,
  reportUsd,
  reportUsdDelta,
} from './format';

/** One figure of the report: a stable id (for tests and styling), a label, a value, a note. */
export interface ReportFigure {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly note?: string;
}

/** When the market history behind the calibration runs (data/calibration.json). */
export interface CalibrationDates {
  readonly calibratedOn: { readonly from: string; readonly to: string };
  /** The history's last day, `YYYY-MM-DD`. */
  readonly historyEnds: string;
}

const within = (m: string | null | undefined) => (m ? `in ${reportMonth(m)}` : undefined);

/** The key figures of the decision: NPV, uplift, mining-only NPV, IRR, payback, debt, liquidity. */
export function keyFigures(result: SolveResult): ReportFigure[] {
  const k = result.kpis;
  if (!k) return [{ id: 'npv', label: 'NPV', value: reportUsd(result.npvUsd) }];
  return [
    { id: 'npv', label: 'NPV', value: reportUsd(result.npvUsd) },
    { id: 'uplift', label: 'Uplift over mining only', value: reportUsdDelta(k.npvVsMiningOnlyUsd) },
    { id: 'mining-only', label: 'Mining-only NPV', value: reportUsd(k.miningOnlyNpvUsd) },
    { id: 'irr', label: 'Conversion IRR', value: reportPct(k.conversionIrrPerYear ?? null) },
    {
      id: 'payback',
      label: 'Conversion payback',
      value: reportMonth(k.conversionPaybackMonth ?? null),
    },
    {
      id: 'peak-debt',
      label: 'Peak debt',
      value: reportUsd(k.peakDebtUsd),
      note: within(k.peakDebtMonth),
    },
    {
      id: 'liquidity',
      label: 'Least liquidity',
      value: reportUsd(k.minLiquidityUsd),
      note: within(k.minLiquidityMonth),
    },
  ];
}

/** One row of the value bridge: its label, a short one for a chart's axis, the amount. */
export interface BridgeRow {
  readonly label: string;
  readonly short: string;
  readonly usd: number;
  /** The amount as the report writes it, signed. */
  readonly value: string;
  /** The last row: the uplift the others add up to. */
  readonly total: boolean;
}

/**
 * The value bridge's rows (kpis.valueBridge, docs/model.md "Baseline and KPIs"), each signed, then
 * the uplift they add up to; none without a bridge.
 */
export function bridgeRows(result: SolveResult): BridgeRow[] {
  const b = result.kpis?.valueBridge;
  if (!b) return [];
  const rows: [string, string, number][] = [
    ['Operating flows within the horizon', 'In the horizon', b.inHorizonUsd],
    ['Contracted flows after the horizon', 'Contract after it', b.postHorizonContractedUsd],
    ["Buildings' residual value", 'Residual', b.residualUsd],
    ['ASICs held at the end', 'ASIC tail', b.asicTailUsd],
    ['Financing frictions', 'Financing', b.financingFrictionsUsd],
    ...(b.taxUsd !== undefined ? [['Tax', 'Tax', b.taxUsd] as [string, string, number]] : []),
  ];
  const uplift = result.kpis?.npvVsMiningOnlyUsd ?? Number.NaN;
  return [...rows, ['Uplift over mining only', 'Uplift', uplift] as [string, string, number]].map(
    ([label, short, usd], i) => ({
      label,
      short,
      usd,
      value: reportUsdDelta(usd),
      total: i === rows.length,
    }),
  );
}

/** The valuation basis in words: `Firm value at 12.0 % a year, as of Jan 2027`. */
export function valuationBasisText(result: SolveResult, scenario: Scenario): string {
  const b = result.kpis?.npvBasis;
  const method = b?.method ?? result.valuation?.method ?? scenario.valuation.method;
  const word = method === 'firm' ? 'Firm value' : 'Equity value';
  const rate = b?.discountRatePerYear ?? scenario.financing.discountRatePerYear;
  return `${word} at ${reportPct(rate)} a year, as of ${reportMonth(b?.asOfMonth ?? scenario.startMonth)}`;
}

/** The valuation's lines: the basis, the merchant tail, the rates by class, where it is defined. */
export function valuationLines(result: SolveResult, scenario: Scenario): string[] {
  const v = result.valuation ?? scenario.valuation;
  const rates = result.valuation?.discountRates;
  return [
    valuationBasisText(result, scenario),
    `ASICs held at the end may mine for ${v.merchantTailMonths} months after the horizon`,
    ...(rates
      ? [
          `Rates by risk class: mining ${reportPct(rates.mining)}, lease ${reportPct(rates.lease)}, ` +
            `cloud ${reportPct(rates.cloud)} a year`,
        ]
      : []),
    'Conventions: docs/model.md ("Baseline and KPIs", "Rates by risk class")',
  ];
}

/**
 * The line that dates the market figures: the presets' market date (or the scenario's own figures)
 * and the calibration's history.
 */
export function marketDateText(c: CalibrationDates, scenario: Scenario): string {
  const figures = usesShippedMarket(scenario)
    ? `Market figures as of ${reportDay(MARKET_FIGURES_DATE)}`
    : "Market figures: this scenario's own";
  return (
    `${figures}; market history ${reportMonth(c.calibratedOn.from)} – ` +
    `${reportMonth(c.calibratedOn.to)}, to ${reportDay(c.historyEnds)} (data/calibration.json)`
  );
}

/** A Monte Carlo run's risk figures. */
export function riskFigures(s: MonteCarloSummary): ReportFigure[] {
  const p = s.plan.npvPercentilesUsd;
  return [
    { id: 'npv-p10', label: 'NPV P10', value: reportUsd(p?.p10) },
    { id: 'npv-p50', label: 'NPV P50', value: reportUsd(p?.p50) },
    { id: 'npv-p90', label: 'NPV P90', value: reportUsd(p?.p90) },
    { id: 'mean-npv', label: 'Mean NPV', value: reportUsd(s.plan.meanNpvUsd) },
    {
      id: 'beats-mining',
      label: 'Plan beats mining only',
      value: reportPct(s.probabilityConversionBeatsMining, 0),
      note: 'of paths',
    },
    {
      id: 'unfunded',
      label: 'Cannot be funded',
      value: reportPct(s.plan.unfundedShare, 1),
      note: 'of paths',
    },
    {
      id: 'peak-debt-p90',
      label: 'Peak debt P90',
      value: reportUsd(s.plan.peakDebtPercentilesUsd?.p90),
    },
    {
      id: 'liquidity-p10',
      label: 'Least liquidity P10',
      value: reportUsd(s.plan.minLiquidityPercentilesUsd?.p10),
    },
  ];
}

/** The solver's status: the answer's status, the solver and its size, the gap, the notes. */
export function solverLines(result: SolveResult): string[] {
  const s = result.solver;
  return [
    `Status: ${result.status}${s.timeLimitHit ? ' (stopped by the time limit)' : ''}`,
    `Solver ${s.name}, ${reportNumber(s.ms, 0)} ms; ${reportNumber(s.variables, 0)} variables ` +
      `(${reportNumber(s.integers, 0)} integer), ${reportNumber(s.constraints, 0)} constraints`,
    `MIP gap ${s.mipGap === null ? 'none (a linear programme)' : reportPct(s.mipGap, 2)}; ` +
      `largest constraint violation ${s.maxViolation.toExponential(1)}`,
    ...(result.notes ?? []),
  ];
}
