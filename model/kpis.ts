/**
 * @module kpis — the answer's KPIs from its outcome and the mining-only plan's (docs/model.md,
 * "Baseline and KPIs"): NPV against mining only, the conversion's IRR and payback, peak debt,
 * covenant headroom and liquidity, HPC shares and, with price bins, the value of flexibility.
 */
import type { Outcome } from './outcome';
import type { Kpis, MonthRow, Scenario } from './schema';
import { gridSigns, runningSumsBracket } from './irr-scan';
import { sitesOf } from './sites';

/**
 * The IRR's grid of 1 + i: 0.01 × 1100^(n/2000), n = 0 … 2000 (docs/model.md, "Baseline and KPIs").
 * A constant, worked out once: 2,001 powers were a quarter of a request's KPIs.
 */
const IRR_GRID: readonly number[] = Object.freeze(
  Array.from({ length: 2001 }, (_, n) => 0.01 * Math.pow(1100, n / 2000)),
);

/**
 * The conversion's IRR (docs/model.md, "Baseline and KPIs"): D_t = FCF_t − the mining-only plan's
 * FCF_t, month T−1 also gaining the difference of TV_assets / df_{T−1}; |D_t| < 1e-6 · max|D|
 * counts as 0; f(i) = Σ D_t (1+i)^(−(t+1)/12). The root of f when f changes sign exactly once on
 * the grid 1+i = 0.01 × 1100^(n/2000), n = 0 … 2000 (bisection to 1e-12), else null.
 */
export function conversionIrr(diff: readonly number[], scan = false): number | null {
  let peak = 0;
  for (const d of diff) peak = Math.max(peak, Math.abs(d));
  if (peak === 0) return null;
  // A typed array keeps the 2,001 sums below in unboxed doubles.
  const D = Float64Array.from(diff, (d) => (Math.abs(d) < 1e-6 * peak ? 0 : d));
  // f(g) = Σ_t D_t g^(−(t+1)/12), g = 1+i: a product of monthly factors, no power per term.
  const f = (g: number) => {
    const r = Math.pow(g, -1 / 12);
    let factor = 1;
    let sum = 0;
    for (let t = 0; t < D.length; t++) {
      factor *= r;
      sum += D[t] * factor;
    }
    return sum;
  };
  const bracket = oneRootBracket(D, IRR_GRID, f, scan);
  if (bracket === null) return null;
  let [lo, hi] = bracket;
  let flo = f(lo);
  while (hi - lo > 1e-12) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (fm === 0) return mid - 1;
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return (lo + hi) / 2 - 1;
}

/**
 * The grid cell [grid[at], next point with a sign] where f changes sign, when it does exactly once
 * on the grid; else null. Where D's running sums change sign at most once each way (so do flows
 * that change sign once: capex, then margins), f has at most one root each side of 0 % and the cell
 * is found by a binary search on about 12 grid points, each the same sum as the full scan's (the
 * same bits), instead of all 2,001 (`runningSumsBracket`, module irr-scan). Otherwise, or when a
 * sum it reads is too near 0, the signs of every point, most of them bounded rather than summed
 * (`gridSigns`: about a tenth of the sums). `scan` forces the full scan (tests compare the two).
 */
function oneRootBracket(
  D: Float64Array,
  grid: readonly number[],
  f: (g: number) => number,
  scan: boolean,
): [number, number] | null {
  if (!scan) {
    const cell = runningSumsBracket(D, grid);
    if (cell !== undefined) return cell;
  }
  // The points summed, in order: all of them in the full scan; else those `gridSigns` needs, every
  // point between two of them having their sign (module irr-scan).
  const points: [number, number][] = scan ? grid.map((g, n) => [n, f(g)]) : gridSigns(D, grid);
  let changes = 0;
  let at = -1;
  let prev = 0;
  let prevIndex = -1;
  points.forEach(([, v], i) => {
    const sign = Math.sign(v);
    if (sign === 0) return;
    if (prev !== 0 && sign !== prev) {
      changes++;
      at = prevIndex;
    }
    prev = sign;
    prevIndex = i;
  });
  if (changes !== 1) return null;
  // The change may span zero-valued grid points (each one summed): widen hi to the next point with
  // a sign.
  let k = at + 1;
  while (points[k][1] === 0 && k < points.length - 1) k++;
  return [grid[points[at][0]], grid[points[k][0]]];
}

/**
 * D_t of a plan against the mining-only plan (v3, docs/model.md "Baseline and KPIs"), USD: the
 * plan's value flow minus the baseline's in month t, for t = 0 … the last month either has a flow
 * (merchant tail, lease term and extension, each residual in its own month; financing frictions in
 * "firm" value), at the expected values the NPV uses, nothing lumped into month T−1.
 */
export function conversionFlows(plan: Outcome, base: Outcome): number[] {
  const a = plan.value.flows;
  const b = base.value.flows;
  return Array.from({ length: Math.max(a.length, b.length) }, (_, t) => (a[t] ?? 0) - (b[t] ?? 0));
}

/**
 * The uplift over mining-only split by where it comes from (docs/model.md, "Baseline and KPIs"):
 * the parts add up to npvVsMiningOnlyUsd. In "firm" value the financing frictions are the
 * difference of their PVs; in "equity" value, what leverage adds (the rest).
 */
export function valueBridge(
  plan: Outcome,
  base: Outcome,
  method: Scenario['valuation']['method'],
): NonNullable<Kpis['valueBridge']> {
  const [p, b] = [plan.value, base.value];
  const parts = {
    inHorizonUsd: p.inHorizonUsd - b.inHorizonUsd,
    postHorizonContractedUsd: p.postHorizonUsd - b.postHorizonUsd,
    residualUsd: p.residualUsd - b.residualUsd,
    asicTailUsd: p.asicTailUsd - b.asicTailUsd,
  };
  const taxed = plan.value.taxUsd !== 0 || base.value.taxUsd !== 0;
  const taxUsd = b.taxUsd - p.taxUsd;
  const operating =
    parts.inHorizonUsd +
    parts.postHorizonContractedUsd +
    parts.residualUsd +
    parts.asicTailUsd +
    taxUsd;
  return {
    ...parts,
    financingFrictionsUsd:
      method === 'equity' ? plan.npvUsd - base.npvUsd - operating : b.frictionsUsd - p.frictionsUsd,
    ...(taxed ? { taxUsd } : {}),
  };
}

/** Each option built: its MW of IT and value per MW of IT (docs/model.md, "Value per MW of IT"). */
function optionsOf(out: Outcome): NonNullable<Kpis['options']> {
  return out.value.options
    .filter((o) => o.mwIt > 1e-9)
    .map((o) => ({ optionId: o.optionId, mwIt: o.mwIt, valuePerMWItUsd: o.valueUsd / o.mwIt }));
}

/**
 * The month from which the cumulative D_t (without the value after the horizon) stays ≥ 0, after
 * being < 0; else null.
 */
function paybackOf(months: readonly MonthRow[], base: readonly MonthRow[]): string | null {
  let cum = 0;
  let negative = false;
  let from: string | null = null;
  months.forEach((m, t) => {
    cum += m.freeCashFlowUsd! - base[t].freeCashFlowUsd!;
    if (cum < -1) {
      negative = true;
      from = null;
    } else if (negative && cum >= 0 && from === null) from = m.month;
  });
  return negative ? from : null;
}

/** Average share of grid MW occupied by HPC (switching or online), per calendar year. */
export function hpcShareByYear(
  months: readonly Pick<MonthRow, 'month' | 'gridMW' | 'hpcSwitchingMW' | 'hpcOnlineMW'>[],
): Kpis['hpcShareByYear'] {
  const years = new Map<number, { occ: number; grid: number }>();
  for (const m of months) {
    const year = Number(m.month.slice(0, 4));
    const a = years.get(year) ?? { occ: 0, grid: 0 };
    a.occ += m.hpcSwitchingMW + m.hpcOnlineMW;
    a.grid += m.gridMW;
    years.set(year, a);
  }
  return [...years].map(([year, a]) => ({ year, share: a.grid > 0 ? a.occ / a.grid : 0 }));
}

/**
 * With price bins: the demand-response credits and the transmission (4CP) charges over the horizon,
 * discounted as npvUsd ((1+d)^(−(t+1)/12)), and the value of flexibility the plan gives up against
 * the mining-only plan: the credits that plan earns and this one does not, plus the charges this
 * plan pays and that plan does not (docs/model.md, "Power markets").
 */
function flexibilityOf(
  months: readonly MonthRow[],
  base: readonly MonthRow[] | null,
  rate: number,
) {
  const pv = (rows: readonly MonthRow[], f: (m: MonthRow) => number) =>
    rows.reduce((a, m, t) => a + f(m) * Math.pow(1 + rate, -(t + 1) / 12), 0);
  const credits = (rows: readonly MonthRow[]) => pv(rows, (m) => m.powerCreditsUsd ?? 0);
  const charges = (rows: readonly MonthRow[]) => pv(rows, (m) => m.transmissionUsd ?? 0);
  return {
    powerCreditsPvUsd: credits(months),
    transmissionPvUsd: charges(months),
    flexibilityGivenUpPvUsd: base
      ? credits(base) - credits(months) + charges(months) - charges(base)
      : null,
  };
}

/**
 * The least liquidity over the months (docs/model.md, "Baseline and KPIs"): min over t of cash_t −
 * minCashUsd + the facility's limit − its balance_t (limit 0 without a facility), USD, and the
 * first month at it (within $1).
 */
export function liquidityOf(
  s: Scenario,
  months: readonly Pick<MonthRow, 'month' | 'cashUsd' | 'facilityUsd'>[],
): { usd: number; month: string } {
  const fin = s.financing;
  const spare = fin.facility?.limitUsd ?? 0;
  let usd = Infinity;
  let month = months[0].month;
  for (const m of months) {
    const v = m.cashUsd - fin.minCashUsd + spare - m.facilityUsd;
    // Within $1 of the least is the same level: the month shown is the first, not solver noise.
    if (v < usd - 1) [usd, month] = [v, m.month];
  }
  return { usd, month };
}

/**
 * KPIs of an outcome, against the mining-only plan's outcome (null when that plan is infeasible:
 * the KPIs that compare with it are null). Payback: the first month the cumulative HPC net cash
 * (lease margin − capex) is back at ≥ 0; conversion payback: the month from which the cumulative
 * D_t stays ≥ 0.
 */
export function kpisOf(s: Scenario, out: Outcome, committedMW: number, base: Outcome | null): Kpis {
  const { months } = out;
  const T = months.length;
  const dfEnd = Math.pow(1 + s.financing.discountRatePerYear, -T / 12);
  let peak = -Infinity,
    peakMonth: string | null = null,
    minHead = Infinity,
    minHeadMonth = months[0].month;
  const liquidity = liquidityOf(s, months);
  let cumHpc = 0,
    wasNegative = false,
    payback: string | null = null;
  for (const m of months) {
    if (m.debtUsd > peak) [peak, peakMonth] = [m.debtUsd, m.month];
    if (m.covenantHeadroomUsd < minHead) [minHead, minHeadMonth] = [m.covenantHeadroomUsd, m.month];
    cumHpc += m.hpcMarginUsd - m.hpcCapexUsd;
    if (cumHpc < -1) wasNegative = true;
    else if (wasNegative && cumHpc >= 0 && payback === null) payback = m.month;
  }
  const irr = base ? conversionIrr(conversionFlows(out, base)) : null;
  const rate = s.financing.discountRatePerYear;
  return {
    ...(sitesOf(s).some((v) => v.scenario.site.powerMarket)
      ? flexibilityOf(months, base?.months ?? null, rate)
      : {}),
    npvUsd: out.npvUsd,
    npvVsMiningOnlyUsd: base ? out.npvUsd - base.npvUsd : null,
    miningOnlyNpvUsd: base ? base.npvUsd : null,
    conversionIrrPerYear: irr,
    valueBridge: base ? valueBridge(out, base, s.valuation.method) : null,
    options: optionsOf(out),
    conversionPaybackMonth: base ? paybackOf(months, base.months) : null,
    npvBasis: {
      method: s.valuation.method,
      discountRatePerYear: rate,
      asOfMonth: s.startMonth,
      label: `at ${+(rate * 100).toFixed(2)} %/yr, as of ${s.startMonth}`,
    },
    irrPerYear: irr,
    paybackMonth: payback,
    peakDebtUsd: Math.max(0, peak),
    peakDebtMonth: peak > 0 ? peakMonth : null,
    minCovenantHeadroomUsd: minHead,
    minCovenantHeadroomMonth: minHeadMonth,
    ...(s.tax
      ? {
          taxPvUsd: out.value.taxUsd,
          nolAtHorizonUsd: out.value.nolAtHorizonUsd,
          npvBeforeTaxUsd: out.npvUsd + out.value.taxUsd,
        }
      : {}),
    minLiquidityUsd: liquidity.usd,
    minLiquidityMonth: liquidity.month,
    hpcCommittedMW: committedMW,
    hpcOnlineAtHorizonMW: months[T - 1].hpcOnlineMW,
    hpcShareByYear: hpcShareByYear(months),
    terminalValueUsd: out.terminalValuePvUsd / dfEnd,
    terminalValuePvUsd: out.terminalValuePvUsd,
    merchantTailKeptMW: out.tailKeptMW,
    distributionsUsd: months.reduce((a, m) => a + m.distributionUsd, 0),
    equityRaisedUsd: months.reduce((a, m) => a + m.equityRaisedUsd, 0),
  };
}
