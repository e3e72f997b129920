/**
 * @module results — reads a solved model back as the answer: the plan, its phases, the monthly
 * schedule (what the KPIs read of it is in outcome.ts, the KPIs themselves in kpis.ts).
 */
import type { BuiltModel, CaseModel, SiteModel } from './build';
import { allOptions } from './sites';
import { USD_PER_MODEL_UNIT as M } from './units';
import type { TaxOutcome } from './parts/tax';
import type { FINANCE_FIELDS, MonthRow, Phase, Plan, Scenario } from './schema';
import { existingDebtSchedule, financingTerms } from './parts/finance';
import { floorPath, impliedNetworkEhs } from './hashprice';
import { labelAt, monthIndex, monthlyRate } from './time';

/** Values below this (MW or $M) are solver noise and read as zero. */
const NOISE = 1e-9;

/** A solution's value with solver noise (below 1e-9, MW or $M) read as zero. */
export const clean = (v: number) => (Math.abs(v) < NOISE ? 0 : v);

/**
 * The capital plan in a solution: builds per option and month, refresh purchases per month. With
 * several cases, rows of months from the reveal on carry the case they belong to; earlier ones are
 * shared (listed once).
 */
export function extractPlan(model: BuiltModel, x: ArrayLike<number>): Plan {
  const { lp } = model;
  const builds: Plan['builds'] = [];
  const refreshes: Plan['refreshes'] = [];
  const multi = model.cases.length > 1;
  model.cases.forEach((c, k) => {
    const own = (t: number) => !multi || t >= model.reveal;
    for (const site of c.sites) {
      const on = site.id !== undefined ? { siteId: site.id } : {};
      for (const b of site.index.builds) {
        if (k > 0 && !own(b.start)) continue;
        const units = lp.colInt[b.col] ? Math.round(x[b.col]) : x[b.col];
        const mw = clean(units * b.mwPerUnit);
        if (mw > 0)
          builds.push({
            optionId: site.econ.options[b.option].option.id,
            month: c.econ.labels[b.start],
            mw,
            ...on,
            ...(multi && own(b.start) ? { case: c.name } : {}),
          });
      }
      site.index.refreshBuy.forEach((col, t) => {
        if (k > 0 && !own(t)) return;
        const mw = clean(x[col]);
        if (mw > 0)
          refreshes.push({
            month: c.econ.labels[t],
            mw,
            ...on,
            ...(multi && own(t) ? { case: c.name } : {}),
          });
      });
    }
  });
  builds.sort(
    (a, b) =>
      a.month.localeCompare(b.month) ||
      a.optionId.localeCompare(b.optionId) ||
      (a.case ?? '').localeCompare(b.case ?? ''),
  );
  refreshes.sort(
    (a, b) =>
      a.month.localeCompare(b.month) ||
      (a.siteId ?? '').localeCompare(b.siteId ?? '') ||
      (a.case ?? '').localeCompare(b.case ?? ''),
  );
  return { builds, refreshes };
}

/**
 * Builds of one option (and case) that start in consecutive months — or on consecutive decision
 * months of a block build — as phases: first and last start month, MW in all, first and last
 * commencement (planned build months).
 */
export function phasesOf(s: Scenario, plan: Plan): Phase[] {
  const out: Phase[] = [];
  const groups = new Map<string, Plan['builds']>();
  for (const b of plan.builds) {
    const k = `${b.siteId ?? ''}|${b.optionId}|${b.case ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), b]);
  }
  for (const rows of groups.values()) {
    const o = allOptions(s).find((h) => h.option.id === rows[0].optionId)?.option;
    const gap = o && o.blockMW > 0 ? o.decisionIntervalMonths : 1;
    const b = o?.buildMonths ?? 0;
    const sorted = [...rows].sort((x, y) => x.month.localeCompare(y.month));
    let phase: Phase | null = null;
    let last = -Infinity;
    for (const r of sorted) {
      const t = monthIndex(s.startMonth, r.month);
      const commencement = labelAt(s.startMonth, t + b);
      if (phase && t - last <= gap) {
        phase.endMonth = r.month;
        phase.mw += r.mw;
        phase.lastCommencementMonth = commencement;
      } else {
        if (phase) out.push(phase);
        phase = {
          optionId: r.optionId,
          startMonth: r.month,
          endMonth: r.month,
          mw: r.mw,
          commencementMonth: commencement,
          lastCommencementMonth: commencement,
          ...(r.case ? { case: r.case } : {}),
          ...(r.siteId ? { siteId: r.siteId } : {}),
        };
      }
      last = t;
    }
    if (phase) out.push(phase);
  }
  return out.sort(
    (a, b) => a.startMonth.localeCompare(b.startMonth) || a.optionId.localeCompare(b.optionId),
  );
}

/**
 * A site's rows of one month: its MW by use and its operating cash (no financing: the balance sheet
 * is shared).
 */
export type SiteMonthRow = Omit<MonthRow, (typeof FINANCE_FIELDS)[number]>;

/** One site's month-by-month MW and operating cash in one case of a solution, USD and MW. */
export function siteMonths(site: SiteModel, x: ArrayLike<number>): SiteMonthRow[] {
  const { econ, index, scenario: s } = site;
  const T = econ.T;
  const v = (cols: number[], t: number) => (cols.length ? clean(x[cols[t]]) : 0);
  const rows: SiteMonthRow[] = [];
  for (let t = 0; t < T; t++) {
    let building = 0,
      switching = 0,
      online = 0,
      margin = 0,
      capex = 0;
    const byOption: Record<string, number> = Object.fromEntries(
      econ.options.map((o) => [o.option.id, 0]),
    );
    for (const b of index.builds) {
      const oe = econ.options[b.option];
      const mw = clean(x[b.col] * b.mwPerUnit);
      if (mw === 0) continue;
      const j = t - b.start;
      if (j < 0) continue;
      if (j < oe.buildMonths) building += mw;
      if (j >= oe.occupyOffset && j < oe.commencementOffset) switching += mw;
      if (j >= oe.commencementOffset) {
        online += mw;
        byOption[oe.option.id] += mw;
      }
      margin +=
        mw * (oe.marginAt(j) - (econ.market ? oe.poweredAt(j) * econ.market.hpcPowerAt(t) : 0));
      capex += mw * oe.capexAt(j);
    }
    const bins = binnedMining(site, x, t);
    const run0 = bins ? bins.run0 : v(index.existingRun, t);
    const run1 = bins ? bins.run1 : v(index.refreshRun, t);
    const held0 = v(index.existingHeld, t);
    const prevHeld0 = t === 0 ? s.fleet.installedMW : v(index.existingHeld, t - 1);
    const buy = v(index.refreshBuy, t);
    const avail = v(index.refreshRunnable, t);
    const prevHeld1 = t === 0 ? 0 : v(index.refreshRunnable, t - 1) + v(index.refreshBuy, t - 1);
    const rf1 = econ.refresh;
    const miningRevenue =
      run0 * econ.existing.revenuePerMW[t] + (rf1 ? run1 * rf1.revenuePerMW[t] : 0);
    const miningCost = bins
      ? bins.cost
      : run0 * econ.existing.costPerMW + (rf1 ? run1 * rf1.costPerMW : 0);
    const sale =
      (prevHeld0 - held0) * econ.existing.resalePerMW[t] +
      (rf1 ? (prevHeld1 - avail) * rf1.resalePerMW[t] : 0);
    const purchase = rf1 ? buy * rf1.pricePerMW[t] : 0;
    const mining = run0 + run1;
    const occupied = v(index.occupancy, t);
    const overhead = s.site.overheadUsdPerMonth / M;
    const extras = bins ? bins.credits - bins.miningTransmission + bins.contract : 0;
    const fcf =
      miningRevenue -
      miningCost +
      extras +
      clean(sale) -
      purchase +
      clean(margin) -
      clean(capex) -
      overhead;
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
      miningRevenueUsd: miningRevenue * M,
      miningCostUsd: miningCost * M,
      hpcMarginUsd: clean(margin) * M,
      hpcCapexUsd: clean(capex) * M,
      asicPurchaseUsd: purchase * M,
      asicSaleUsd: clean(sale) * M,
      overheadUsd: s.site.overheadUsdPerMonth,
      freeCashFlowUsd: clean(fcf) * M,
      ...(bins
        ? {
            miningMWByBin: bins.byBin,
            powerCreditsUsd: clean(bins.credits) * M,
            transmissionUsd: clean(bins.miningTransmission + bins.hpcTransmission) * M,
            hpcTransmissionUsd: clean(bins.hpcTransmission) * M,
            contractHedgeUsd: bins.contract * M,
          }
        : {}),
    });
  }
  return rows;
}

/**
 * Sites' rows of one month added up: every MW and USD field summed, offers merged (their ids are
 * unique).
 */
function sumSiteRows(rows: readonly SiteMonthRow[]): SiteMonthRow {
  if (rows.length === 1) return rows[0];
  const out: Record<string, unknown> = {
    ...rows[0],
    hpcOnlineByOption: { ...rows[0].hpcOnlineByOption },
  };
  for (const r of rows.slice(1)) {
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'number' && k !== 'hashpriceUsdPerPhDay')
        out[k] = ((out[k] as number | undefined) ?? 0) + v;
    }
    Object.assign(out.hpcOnlineByOption as object, r.hpcOnlineByOption);
    if (r.miningMWByBin) {
      const mine = (out.miningMWByBin as number[] | undefined) ?? [];
      out.miningMWByBin = Array.from(
        { length: Math.max(mine.length, r.miningMWByBin.length) },
        (_, b) => (mine[b] ?? 0) + (r.miningMWByBin![b] ?? 0),
      );
    }
  }
  return out as SiteMonthRow;
}

/**
 * Month-by-month schedule of one case of a solution, in USD and MW: the sites' rows summed and the
 * shared balance sheet.
 */
export function extractMonths(
  model: BuiltModel,
  c: CaseModel,
  x: ArrayLike<number>,
  tax: TaxOutcome | null,
): MonthRow[] {
  const { scenario: s } = model;
  const { econ, index } = c;
  const T = econ.T;
  const fin = s.financing;
  const debt = existingDebtSchedule({ scenario: s, econ });
  const y = monthlyRate(fin.cashYieldPerYear);
  const { facilityRate: rf, projectDebtRate: rp } = financingTerms(fin);
  const v = (cols: number[], t: number) => (cols.length ? clean(x[cols[t]]) : 0);
  const perSite = c.sites.map((site) => siteMonths(site, x));
  const floor = floorPath(s, T);
  const rows: MonthRow[] = [];
  for (let t = 0; t < T; t++) {
    const ops = sumSiteRows(perSite.map((r) => r[t]));
    const cash = v(index.cash, t);
    const fac = v(index.facility, t);
    const proj = v(index.projectDebt, t);
    const prevCash = t === 0 ? fin.cashUsd / M : v(index.cash, t - 1);
    const interest =
      (t === 0 ? 0 : rf * v(index.facility, t - 1) + rp * v(index.projectDebt, t - 1)) +
      debt.coupon[t];
    // The fields in the order the answer has always listed them.
    rows.push({
      month: ops.month,
      gridMW: ops.gridMW,
      hashpriceUsdPerPhDay: ops.hashpriceUsdPerPhDay,
      ...marketFields(s, t, ops.hashpriceUsdPerPhDay, floor),
      miningMW: ops.miningMW,
      miningExistingMW: ops.miningExistingMW,
      miningRefreshMW: ops.miningRefreshMW,
      hpcBuildingMW: ops.hpcBuildingMW,
      hpcSwitchingMW: ops.hpcSwitchingMW,
      hpcOnlineMW: ops.hpcOnlineMW,
      hpcOnlineByOption: ops.hpcOnlineByOption,
      idleMW: ops.idleMW,
      fleetExistingHeldMW: ops.fleetExistingHeldMW,
      fleetRefreshHeldMW: ops.fleetRefreshHeldMW,
      cashUsd: cash * M,
      debtUsd: (fac + proj + debt.balance[t]) * M,
      facilityUsd: fac * M,
      projectDebtUsd: proj * M,
      existingDebtUsd: debt.balance[t] * M,
      distributionUsd: v(index.distribution, t) * M,
      equityRaisedUsd: v(index.equity, t) * M,
      miningRevenueUsd: ops.miningRevenueUsd,
      miningCostUsd: ops.miningCostUsd,
      hpcMarginUsd: ops.hpcMarginUsd,
      hpcCapexUsd: ops.hpcCapexUsd,
      asicPurchaseUsd: ops.asicPurchaseUsd,
      asicSaleUsd: ops.asicSaleUsd,
      interestUsd: interest * M,
      cashYieldUsd: y * prevCash * M,
      overheadUsd: ops.overheadUsd,
      freeCashFlowUsd: ops.freeCashFlowUsd,
      covenantHeadroomUsd: (cash - fin.minCashUsd / M) * M,
      ...(ops.miningMWByBin
        ? {
            miningMWByBin: ops.miningMWByBin,
            powerCreditsUsd: ops.powerCreditsUsd,
            transmissionUsd: ops.transmissionUsd,
            hpcTransmissionUsd: ops.hpcTransmissionUsd,
            contractHedgeUsd: ops.contractHedgeUsd,
          }
        : {}),
      ...(tax ? { taxableIncomeUsd: tax.taxableUsd[t], taxUsd: tax.taxUsd[t] } : {}),
    });
  }
  return rows;
}

/**
 * A month's market fields beside its hashprice (docs/model.md, "Hashprice floor (v3)"): the floor
 * when one is set, and the network hashrate a projection implies (none for a series, or where the
 * hashprice is 0).
 */
function marketFields(
  s: Scenario,
  t: number,
  usdPerPhDay: number,
  floor: readonly number[] | null,
): Pick<MonthRow, 'hashpriceFloorUsdPerPhDay' | 'networkEhs'> {
  const networkEhs = impliedNetworkEhs(s, t, usdPerPhDay);
  return {
    ...(floor ? { hashpriceFloorUsdPerPhDay: floor[t] } : {}),
    ...(networkEhs !== undefined ? { networkEhs } : {}),
  };
}

/**
 * Mining in month t of a case with price bins (null without): MW of each fleet as Σ_b h_b · run_b,
 * both fleets' MW by bin, power and opex, the demand-response credit (first bin), transmission on
 * mining (last bin) and on the HPC MW earning on operator-paid power, and the contract's margin; $M
 * (docs/model.md, "Power markets").
 */
function binnedMining(c: SiteModel, x: ArrayLike<number>, t: number) {
  const { econ, index } = c;
  const market = econ.market;
  if (!market) return null;
  const { share } = market.binsAt(t);
  const last = share.length - 1;
  const fleets = [
    { cols: index.existingRunByBin[t], fe: econ.existing },
    ...(econ.refresh && index.refreshRunByBin[t]
      ? [{ cols: index.refreshRunByBin[t], fe: econ.refresh }]
      : []),
  ];
  const byBin = share.map(() => 0);
  const weighted = [0, 0];
  let cost = 0;
  fleets.forEach(({ cols, fe }, f) => {
    cols.forEach((col, b) => {
      const run = clean(x[col]);
      byBin[b] += run;
      weighted[f] += share[b] * run;
      cost += run * fe.binCostPerMW![t][b];
    });
  });
  return {
    run0: weighted[0],
    run1: weighted[1],
    byBin,
    cost,
    credits: byBin[0] * market.demandResponsePerMW,
    miningTransmission: byBin[last] * market.transmissionPerMW,
    hpcTransmission:
      (index.hpcPowered.length ? clean(x[index.hpcPowered[t]]) : 0) * market.transmissionPerMW,
    contract: market.contractAt(t),
  };
}
