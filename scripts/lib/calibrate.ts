/**
 * @module scripts/lib/calibrate — fits the Monte Carlo process and the hashprice floor of
 * docs/model.md to the monthly market history (method and figures: docs/market.md,
 * "Calibration"). Pure functions of the history: `npm run calibrate` writes what `calibrate`
 * returns, `npm run backtest` refits them on each origin's past, and their test recomputes the
 * committed figures.
 */
import { monthIndex } from '../../model/time';
import type { MarketMonth } from '../../test/data/tables';

/**
 * Share of a Brownian motion's one-month variance that the change between two successive monthly
 * means has (Working, Econometrica 1960; docs/market.md, "Calibration").
 */
export const MONTHLY_MEAN_VARIANCE_SHARE = 2 / 3;

/** Maximum-likelihood fit of one factor's monthly log changes. */
export interface FactorFit {
  /** Mean monthly log change. */
  readonly meanLogChangePerMonth: number;
  /** Standard deviation of the monthly log changes of the monthly means (divisor n) × √12. */
  readonly volatilityOfMeansPerYear: number;
  /**
   * The process's volatility: volatilityOfMeansPerYear / √MONTHLY_MEAN_VARIANCE_SHARE, the
   * volatility of the underlying motion whose monthly means the history records.
   */
  readonly volatilityPerYear: number;
  /**
   * exp(12 × mean + σ²/2) − 1, σ = volatilityPerYear: the growth of docs/montecarlo.md whose
   * process (log drift ln(1 + g) − σ²/2 a year) has this mean log change.
   */
  readonly growthPerYear: number;
}

/** The two correlated geometric Brownian motions of docs/montecarlo.md, fitted. */
export interface ProcessFit {
  /** Monthly log changes the fit used (months − 1). */
  readonly changes: number;
  readonly btc: FactorFit;
  readonly network: FactorFit;
  /** Correlation of the BTC and network log changes. */
  readonly correlation: number;
}

/**
 * Maximum likelihood of a bivariate normal on the monthly log changes of the BTC price and the
 * network hashrate (means, variances with divisor n, correlation), scaled to a year. The history
 * holds monthly means, whose successive changes have 2/3 of the underlying motion's monthly
 * variance: the variances are divided by that share (the covariance too, so the correlation is
 * the same).
 * @throws Error when the history has fewer than 3 months
 */
export function fitProcess(history: readonly MarketMonth[]): ProcessFit {
  if (history.length < 3) throw new Error(`invalid history: ${history.length} months`);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 1; i < history.length; i++) {
    x.push(Math.log(history[i].btcUsd / history[i - 1].btcUsd));
    y.push(Math.log(history[i].networkEhs / history[i - 1].networkEhs));
  }
  const n = x.length;
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / n;
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const factor = (m: number, ss: number): FactorFit => {
    const volatilityOfMeansPerYear = Math.sqrt((ss / n) * 12);
    const volatilityPerYear = volatilityOfMeansPerYear / Math.sqrt(MONTHLY_MEAN_VARIANCE_SHARE);
    return {
      meanLogChangePerMonth: m,
      volatilityOfMeansPerYear,
      volatilityPerYear,
      growthPerYear: Math.exp(12 * m + volatilityPerYear ** 2 / 2) - 1,
    };
  };
  return {
    changes: n,
    btc: factor(mx, sxx),
    network: factor(my, syy),
    correlation: sxy / Math.sqrt(sxx * syy),
  };
}

/**
 * Volatility per √year of ln(btc / network), the hashprice's without the halvings:
 * √(σ_b² + σ_n² − 2ρ σ_b σ_n).
 */
export function ratioVolatility(fit: ProcessFit): number {
  const sb = fit.btc.volatilityPerYear;
  const sn = fit.network.volatilityPerYear;
  return Math.sqrt(Math.max(0, sb * sb + sn * sn - 2 * fit.correlation * sb * sn));
}

/** A month in which miners capitulated: the hashrate fell, at a 12-month low of the hashprice. */
export interface Capitulation {
  readonly month: string;
  readonly usdPerPhDay: number;
}

/**
 * The capitulation months of a history: the network hashrate fell from the month before while the
 * hashprice stood below its lowest of the 12 months before (which the history must hold). There
 * revenue met the marginal machines' cash cost and they switched off: the floor binds.
 */
export function capitulations(history: readonly MarketMonth[]): Capitulation[] {
  const out: Capitulation[] = [];
  for (let i = 12; i < history.length; i++) {
    const m = history[i];
    const low = Math.min(...history.slice(i - 12, i).map((p) => p.usdPerPhDay));
    if (m.networkEhs < history[i - 1].networkEhs && m.usdPerPhDay < low)
      out.push({ month: m.month, usdPerPhDay: m.usdPerPhDay });
  }
  return out;
}

/** The floor as a line in log space: its value at a reference month and its yearly decline. */
export interface FloorLine {
  /** The history's last month: t = 0 of the line. */
  readonly referenceMonth: string;
  /** The floor in the reference month, USD per PH/s per day. */
  readonly usdPerPhDayAtReference: number;
  /** 1 − exp(slope): the share by which the floor falls each year. */
  readonly efficiencyGainPerYear: number;
  /** The month whose hashprice the floor touches (it lies on or below every other month's). */
  readonly bindingMonth: string;
  /** The capitulation months the slope was fitted to. */
  readonly points: readonly Capitulation[];
}

/**
 * The floor of a history: its slope is the least-squares slope of ln(hashprice) on time over the
 * capitulation months; its level is the highest at which no month of the history lies below it (the
 * model holds hashprice ≥ floor, so the history must too). Null while the capitulations do not span
 * 12 months (the slope is not identified yet).
 */
export function fitFloorLine(history: readonly MarketMonth[]): FloorLine | null {
  const points = capitulations(history);
  const referenceMonth = history[history.length - 1].month;
  const years = (month: string) => monthIndex(referenceMonth, month) / 12;
  const t = points.map((p) => years(p.month));
  if (points.length < 2 || t[t.length - 1] - t[0] < 1) return null;
  const v = points.map((p) => Math.log(p.usdPerPhDay));
  const n = points.length;
  const mt = t.reduce((s, a) => s + a, 0) / n;
  const mv = v.reduce((s, a) => s + a, 0) / n;
  let stt = 0;
  let stv = 0;
  for (let i = 0; i < n; i++) {
    stt += (t[i] - mt) ** 2;
    stv += (t[i] - mt) * (v[i] - mv);
  }
  const slope = stv / stt;
  // Each month's hashprice carried along the slope to the reference month; the floor is the least.
  let level = Number.POSITIVE_INFINITY;
  let bindingMonth = referenceMonth;
  for (const m of history) {
    const atReference = Math.log(m.usdPerPhDay) - slope * years(m.month);
    if (atReference < level) {
      level = atReference;
      bindingMonth = m.month;
    }
  }
  return {
    referenceMonth,
    usdPerPhDayAtReference: Math.exp(level),
    efficiencyGainPerYear: 1 - Math.exp(slope),
    bindingMonth,
    points,
  };
}

/** The line's floor in a month, USD per PH/s per day. */
export function floorAt(line: FloorLine, month: string): number {
  const years = monthIndex(line.referenceMonth, month) / 12;
  return line.usdPerPhDayAtReference * (1 - line.efficiencyGainPerYear) ** years;
}

/** The calibration `npm run calibrate` writes to data/calibration.json. */
export interface Calibration {
  readonly calibratedOn: { readonly from: string; readonly to: string };
  /** The last day of the history's source. */
  readonly historyEnds: string;
  readonly method: string;
  /** The Monte Carlo's process, in the form of its API (`btc`, `network`). */
  readonly monteCarlo: {
    readonly btc: { readonly volatilityPerYear: number };
    readonly network: { readonly volatilityPerYear: number; readonly correlation: number };
  };
  /**
   * Drifts of the fitted process, as the projection's growth rates (the history's, not a
   * forecast), and the log drift of their ratio, hashprice without the halvings, with its standard
   * error σ_ratio / √years (docs/market.md, "Calibration").
   */
  readonly drift: {
    readonly btcGrowthPerYear: number;
    readonly networkGrowthPerYear: number;
    readonly hashpriceLogDriftPerYear: number;
    readonly hashpriceLogDriftStandardError: number;
  };
  /** `market.hashprice.floor` of the projection, valid for a start in the reference month. */
  readonly floor: {
    readonly marginalJPerTH: number;
    readonly powerUsdPerMWh: number;
    readonly efficiencyGainPerYear: number;
    readonly otherCostUsdPerPhDay: number;
    readonly referenceMonth: string;
    readonly usdPerPhDayAtReference: number;
    readonly bindingMonth: string;
    readonly marginalMachine: string;
    readonly capitulations: readonly Capitulation[];
  };
}

/** A machine of the ASIC catalogue. */
export interface Machine {
  readonly model: string;
  readonly efficiencyJPerTH: number;
}

/**
 * Fits the process and the floor to the history. The marginal machine is the catalogue's least
 * efficient one; the power price is what makes its cash cost, 0.024 × J/TH × $/MWh, equal the
 * fitted floor of the reference month.
 * @throws Error when the floor is not identified or the catalogue is empty
 */
export function calibrate(
  history: readonly MarketMonth[],
  machines: readonly Machine[],
): Calibration {
  const process = fitProcess(history);
  const line = fitFloorLine(history);
  if (!line) throw new Error('invalid history: fewer than two capitulations a year apart');
  const marginal = [...machines].sort((a, b) => b.efficiencyJPerTH - a.efficiencyJPerTH)[0];
  if (!marginal) throw new Error('invalid catalogue: empty');
  const last = history[history.length - 1];
  return {
    calibratedOn: { from: history[0].month, to: last.month },
    historyEnds: `${last.month}-${String(last.days).padStart(2, '0')}`,
    method: 'docs/market.md',
    monteCarlo: {
      btc: { volatilityPerYear: process.btc.volatilityPerYear },
      network: {
        volatilityPerYear: process.network.volatilityPerYear,
        correlation: process.correlation,
      },
    },
    drift: {
      btcGrowthPerYear: process.btc.growthPerYear,
      networkGrowthPerYear: process.network.growthPerYear,
      hashpriceLogDriftPerYear:
        12 * (process.btc.meanLogChangePerMonth - process.network.meanLogChangePerMonth),
      hashpriceLogDriftStandardError: ratioVolatility(process) / Math.sqrt(process.changes / 12),
    },
    floor: {
      marginalJPerTH: marginal.efficiencyJPerTH,
      powerUsdPerMWh: line.usdPerPhDayAtReference / (0.024 * marginal.efficiencyJPerTH),
      efficiencyGainPerYear: line.efficiencyGainPerYear,
      otherCostUsdPerPhDay: 0,
      referenceMonth: line.referenceMonth,
      usdPerPhDayAtReference: line.usdPerPhDayAtReference,
      bindingMonth: line.bindingMonth,
      marginalMachine: marginal.model,
      capitulations: line.points,
    },
  };
}

/**
 * The source of web/src/lib/calibration.ts, which `npm run calibrate` writes beside
 * data/calibration.json: the app may not read data/ (docs/style.md), so the Monte Carlo's defaults
 * reach it as a module of the same figures.
 */
export function calibrationModule(calibration: Calibration): string {
  const { monteCarlo: mc, calibratedOn } = calibration;
  return `/**
 * @module lib/calibration — the Monte Carlo process fitted to the market history, as
 * data/calibration.json holds it (method: docs/market.md, "Calibration"). Written by
 * \`npm run calibrate\`; not edited by hand.
 */

/** The history's first and last month. */
export const CALIBRATED_ON = { from: '${calibratedOn.from}', to: '${calibratedOn.to}' } as const;

/** The history's last day: the date of the latest market figure fitted. */
export const HISTORY_ENDS = '${calibration.historyEnds}';

/** Volatilities per √year and their correlation. */
export const CALIBRATED_PROCESS = {
  btcVolatilityPerYear: ${mc.btc.volatilityPerYear},
  networkVolatilityPerYear: ${mc.network.volatilityPerYear},
  correlation: ${mc.network.correlation},
} as const;
`;
}
