/** @module results — reads a solved model back as the answer: the plan, the monthly schedule and the KPIs. */
import type { BuiltModel } from './build';
import { USD_PER_MODEL_UNIT as M } from './economics';
import type { Kpis, MonthRow, Plan, Scenario } from './schema';
import { existingDebtSchedule } from './parts/finance';
import { monthlyRate } from './time';

/** Values below this (MW or $M) are solver noise and read as zero. */
const NOISE = 1e-9;
const clean = (v: number) => (Math.abs(v) < NOISE ? 0 : v);

/** The capital plan in a solution: builds per option and month, refresh purchases per month. */
export function extractPlan(model: BuiltModel, x: ArrayLike<number>): Plan {
  const { econ, index, lp } = model;
  const builds: Plan['builds'] = [];
  for (const b of index.builds) {
    const units = lp.colInt[b.col] ? Math.round(x[b.col]) : x[b.col];
    const mw = clean(units * b.mwPerUnit);
    if (mw > 0) builds.push({ optionId: econ.options[b.option].option.id, month: econ.labels[b.start], mw });
  }
  const refreshes: Plan['refreshes'] = [];
  index.refreshBuy.forEach((c, t) => {
    const mw = clean(x[c]);
    if (mw > 0) refreshes.push({ month: econ.labels[t], mw });
  });
  return { builds, refreshes };
}

/** Month-by-month schedule of a solution, in USD and MW. */
export function extractMonths(model: BuiltModel, x: ArrayLike<number>): MonthRow[] {
  const { econ, index, scenario: s } = model;
  const T = econ.T;
  const fin = s.financing;
  const debt = existingDebtSchedule(model);
  const y = monthlyRate(fin.cashYieldPerYear);
  const rf = monthlyRate(fin.facility?.ratePerYear ?? 0);
  const rp = monthlyRate(fin.projectDebt?.ratePerYear ?? 0);
  const v = (cols: number[], t: number) => (cols.length ? clean(x[cols[t]]) : 0);
  const rows: MonthRow[] = [];
  for (let t = 0; t < T; t++) {
    let building = 0, switching = 0, online = 0, margin = 0, capex = 0;
    const byOption: Record<string, number> = Object.fromEntries(econ.options.map((o) => [o.option.id, 0]));
    for (const b of index.builds) {
      const oe = econ.options[b.option];
      const mw = clean(x[b.col] * b.mwPerUnit);
      if (mw === 0) continue;
      const j = t - b.start;
      if (j < 0) continue;
      if (j < oe.buildMonths) building += mw;
      if (j >= oe.occupyOffset && j < oe.buildMonths) switching += mw;
      if (j >= oe.buildMonths) {
        online += mw;
        byOption[oe.option.id] += mw;
      }
      margin += mw * oe.marginAt(j);
      capex += mw * oe.capexAt(j);
    }
    const run0 = v(index.existingRun, t);
    const run1 = v(index.refreshRun, t);
    const held0 = v(index.existingHeld, t);
    const prevHeld0 = t === 0 ? s.fleet.installedMW : v(index.existingHeld, t - 1);
    const buy = v(index.refreshBuy, t);
    const avail = v(index.refreshRunnable, t);
    const prevHeld1 = t === 0 ? 0 : v(index.refreshRunnable, t - 1) + v(index.refreshBuy, t - 1);
    const rf1 = econ.refresh;
    const miningRevenue = run0 * econ.existing.revenuePerMW[t] + (rf1 ? run1 * rf1.revenuePerMW[t] : 0);
    const miningCost = run0 * econ.existing.costPerMW + (rf1 ? run1 * rf1.costPerMW : 0);
    const sale = (prevHeld0 - held0) * econ.existing.resalePerMW + (rf1 ? (prevHeld1 - avail) * rf1.resalePerMW : 0);
    const cash = v(index.cash, t);
    const fac = v(index.facility, t);
    const proj = v(index.projectDebt, t);
    const prevCash = t === 0 ? fin.cashUsd / M : v(index.cash, t - 1);
    const interest = (t === 0 ? 0 : rf * v(index.facility, t - 1) + rp * v(index.projectDebt, t - 1)) + debt.coupon[t];
    const mining = run0 + run1;
    const occupied = v(index.occupancy, t);
    rows.push({
      month: econ.labels[t],
      gridMW: econ.gridMW[t],
      hashpriceUsdPerPhDay: econ.hashprice[t],
      miningMW: mining,
      miningExistingMW: run0,
      miningRefreshMW: run1,
      hpcBuildingMW: clean(building),
      hpcSwitchingMW: clean(switching),
      hpcOnlineMW: clean(online),
      hpcOnlineByOption: byOption,
      idleMW: clean(econ.gridMW[t] - mining - occupied),
      fleetExistingHeldMW: held0,
      fleetRefreshHeldMW: clean(avail + buy),
      cashUsd: cash * M,
      debtUsd: (fac + proj + debt.balance[t]) * M,
      facilityUsd: fac * M,
      projectDebtUsd: proj * M,
      existingDebtUsd: debt.balance[t] * M,
      distributionUsd: v(index.distribution, t) * M,
      equityRaisedUsd: v(index.equity, t) * M,
      miningRevenueUsd: miningRevenue * M,
      miningCostUsd: miningCost * M,
      hpcMarginUsd: clean(margin) * M,
      hpcCapexUsd: clean(capex) * M,
      asicPurchaseUsd: (rf1 ? buy * rf1.pricePerMW : 0) * M,
      asicSaleUsd: clean(sale) * M,
      interestUsd: interest * M,
      cashYieldUsd: y * prevCash * M,
      overheadUsd: s.site.overheadUsdPerMonth,
      covenantHeadroomUsd: (cash - fin.minCashUsd / M) * M,
    });
  }
  return rows;
}

/** Terminal value at the end of the last month (not discounted), USD. */
export function terminalValue(model: BuiltModel, x: ArrayLike<number>): number {
  const { econ, index } = model;
  const T = econ.T;
  const dfEnd = econ.df[T - 1];
  let tv = x[index.cash[T - 1]] - x[index.facility[T - 1]] - x[index.projectDebt[T - 1]];
  tv -= existingDebtSchedule(model).outstandingAtHorizon;
  tv += x[index.existingHeld[T - 1]] * econ.existing.resalePerMW;
  if (econ.refresh && index.refreshBuy.length) {
    tv += (x[index.refreshRunnable[T - 1]] + x[index.refreshBuy[T - 1]]) * econ.refresh.resalePerMW;
  }
  for (const b of index.builds) tv += (x[b.col] * b.mwPerUnit * econ.options[b.option].postHorizonValue(b.start)) / dfEnd;
  return tv * M;
}

/**
 * Monthly IRR of a flow series (index 0 at time 0, then month ends), annualised; null when no sign change
 * or no root in (−99 %, +1000 %) a year.
 */
export function irrPerYear(flows: readonly number[]): number | null {
  const npv = (r: number) => flows.reduce((a, f, i) => a + f / Math.pow(1 + r, i), 0);
  let lo = Math.pow(0.01, 1 / 12) - 1;
  let hi = Math.pow(11, 1 / 12) - 1;
  let flo = npv(lo);
  const fhi = npv(hi);
  if (!(flo * fhi < 0)) return null;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    const fm = npv(mid);
    if (flo * fm <= 0) hi = mid;
    else {
      lo = mid;
      flo = fm;
    }
    if (hi - lo < 1e-12) break;
  }
  return Math.pow(1 + (lo + hi) / 2, 12) - 1;
}

/** KPIs of a solution. `npvUsd` is the objective in USD. */
export function extractKpis(model: BuiltModel, x: ArrayLike<number>, months: readonly MonthRow[], npvUsd: number): Kpis {
  const committed = extractPlan(model, x).builds.reduce((a, b) => a + b.mw, 0);
  return kpisOf(model.scenario, months, npvUsd, terminalValue(model, x), committed);
}

/**
 * KPIs from a monthly schedule, its NPV and terminal value (USD) and the HPC MW committed.
 * IRR: of the equity flows — at time 0 minus the starting equity (cash + installed fleet's resale − existing
 * debt), then distributions − equity raised each month, plus the terminal value at the end.
 * Payback: the first month the cumulative HPC net cash (lease margin − capex) is back at ≥ 0.
 */
export function kpisOf(s: Scenario, months: readonly MonthRow[], npvUsd: number, tv: number, committedMW: number): Kpis {
  const T = months.length;
  const resalePerMW = (s.fleet.resaleUsdPerTH * 1e6) / (s.fleet.efficiencyJPerTH * s.site.miningPue);
  const startEquity = s.financing.cashUsd + s.fleet.installedMW * resalePerMW - (s.financing.existingDebt?.balanceUsd ?? 0);
  const flows = [-startEquity, ...months.map((m, t) => m.distributionUsd - m.equityRaisedUsd + (t === T - 1 ? tv : 0))];
  let peak = -Infinity, peakMonth: string | null = null, minHead = Infinity, minHeadMonth = months[0].month;
  let cumHpc = 0, wasNegative = false, payback: string | null = null;
  for (const m of months) {
    if (m.debtUsd > peak) [peak, peakMonth] = [m.debtUsd, m.month];
    if (m.covenantHeadroomUsd < minHead) [minHead, minHeadMonth] = [m.covenantHeadroomUsd, m.month];
    cumHpc += m.hpcMarginUsd - m.hpcCapexUsd;
    if (cumHpc < -1) wasNegative = true;
    else if (wasNegative && cumHpc >= 0 && payback === null) payback = m.month;
  }
  const years = new Map<number, { occ: number; grid: number }>();
  for (const m of months) {
    const year = Number(m.month.slice(0, 4));
    const a = years.get(year) ?? { occ: 0, grid: 0 };
    a.occ += m.hpcSwitchingMW + m.hpcOnlineMW;
    a.grid += m.gridMW;
    years.set(year, a);
  }
  return {
    npvUsd,
    irrPerYear: irrPerYear(flows),
    paybackMonth: payback,
    peakDebtUsd: Math.max(0, peak),
    peakDebtMonth: peak > 0 ? peakMonth : null,
    minCovenantHeadroomUsd: minHead,
    minCovenantHeadroomMonth: minHeadMonth,
    hpcCommittedMW: committedMW,
    hpcOnlineAtHorizonMW: months[T - 1].hpcOnlineMW,
    hpcShareByYear: [...years].map(([year, a]) => ({ year, share: a.grid > 0 ? a.occ / a.grid : 0 })),
    terminalValueUsd: tv,
    distributionsUsd: months.reduce((a, m) => a + m.distributionUsd, 0),
    equityRaisedUsd: months.reduce((a, m) => a + m.equityRaisedUsd, 0),
  };
}
