/**
 * @module simulate/site-step — one site's mining in one month of a path (docs/montecarlo.md, "The
 * policy"): MW whose power a cohort takes sold at its switch-over (the installed fleet first), each
 * fleet run in every bin where its margin is positive (the better margin first where power is
 * short), MW idle `sellAfterIdleMonths` months in a row sold, the plan's refresh purchases paid.
 */
import type { FleetTable } from './fleet-table';
import type { SitePlan } from './site-plan';

/** A site's fleet state on a path. */
export interface FleetState {
  /** Installed MW held. */
  held0: number;
  /** Refreshed MW held and runnable (bought before this month). */
  avail1: number;
  /** Months in a row each fleet has had idle MW. */
  idle0: number;
  idle1: number;
}

/** What a site's month gave. */
export interface SiteMonth {
  /** Mining margins + ASIC sales − purchases, $M (the mining stream's cash). */
  cash: number;
  /** Mining revenue, $M (what the BTC mined is worth that month). */
  revenue: number;
  /** MW mining, hours-weighted over bins. */
  miningMW: number;
  /** MW sold this month (both fleets). */
  soldMW: number;
}

export function openingFleet(sp: SitePlan): FleetState {
  return { held0: sp.installedMW, avail1: 0, idle0: 0, idle1: 0 };
}

const margin = (f: FleetTable, i: number, hp: number) => f.share[i] * hp - f.cost[i];

/** What a month of a path gives every site: hashprice, the ASIC price index, the idle limit. */
export interface MonthAt {
  hp: number;
  index: number;
  idleLimit: number;
}

/** Month t of site `sp` (`at.idleLimit` = sellAfterIdleMonths). Mutates `st` and `out`. */
export function stepSite(
  sp: SitePlan,
  st: FleetState,
  t: number,
  at: MonthAt,
  out: SiteMonth,
): void {
  const { hp, index, idleLimit } = at;
  const ex = sp.existing;
  const rf = sp.refresh;
  let held0 = st.held0;
  let held1 = st.avail1 + (t > 0 ? sp.buys[t - 1] : 0);
  let sold0 = 0;
  let sold1 = 0;
  const occ = sp.occupied[t];
  const room = Math.max(0, sp.grid[t] - occ);
  const rise = occ - (t > 0 ? sp.occupied[t - 1] : 0);
  if (rise > 0) {
    const sell = Math.min(rise, Math.max(0, held0 + held1 - room));
    sold0 = Math.min(held0, sell);
    sold1 = Math.min(held1, sell - sold0);
    held0 -= sold0;
    held1 -= sold1;
  }
  let cash = 0;
  let revenue = 0;
  let mw = 0;
  let top0 = 0;
  let top1 = 0;
  const B = ex.bins;
  for (let b = 0; b < B; b++) {
    const i = t * B + b;
    const m0 = margin(ex, i, hp);
    const m1 = rf ? margin(rf, i, hp) : Number.NEGATIVE_INFINITY;
    let left = room;
    let run0 = 0;
    let run1 = 0;
    if (m1 > m0) {
      if (m1 > 0) left -= run1 = Math.min(held1, left);
      if (m0 > 0) run0 = Math.min(held0, left);
    } else {
      if (m0 > 0) left -= run0 = Math.min(held0, left);
      if (m1 > 0) run1 = Math.min(held1, left);
    }
    if (run0 > 0) {
      cash += run0 * m0;
      revenue += run0 * ex.share[i] * hp;
    }
    if (run1 > 0 && rf) {
      cash += run1 * m1;
      revenue += run1 * rf.share[i] * hp;
    }
    mw += ex.hours[i] * (run0 + run1);
    if (run0 > top0) top0 = run0;
    if (run1 > top1) top1 = run1;
  }
  // MW that ran in no bin this month count towards a sale after `idleLimit` months in a row.
  const idle0 = held0 - top0;
  const idle1 = held1 - top1;
  st.idle0 = idle0 > 1e-9 ? st.idle0 + 1 : 0;
  st.idle1 = idle1 > 1e-9 ? st.idle1 + 1 : 0;
  if (st.idle0 >= idleLimit) {
    sold0 += idle0;
    held0 -= idle0;
    st.idle0 = 0;
  }
  if (st.idle1 >= idleLimit) {
    sold1 += idle1;
    held1 -= idle1;
    st.idle1 = 0;
  }
  cash +=
    index *
    (sold0 * ex.resalePerMW + (rf ? sold1 * rf.resalePerMW - sp.buys[t] * rf.pricePerMW : 0));
  st.held0 = held0;
  st.avail1 = held1;
  out.cash = cash;
  out.revenue = revenue;
  out.miningMW = mw;
  out.soldMW = sold0 + sold1;
}

/**
 * What the machines held at the end of month T−1 are worth (docs/model.md, "Value after the
 * horizon"), $M at the mining rate: those kept running earn their positive bin margins for the tail
 * at the last month's hashprice, the rest are sold; the fleet that gains more by running keeps the
 * power first. `dfm` holds the mining discount factors of months 0 … T+L−1. With a tax, `taxOnKeep`
 * is each fleet's tax per MW kept rather than sold (the choice is made after it; the value returned
 * is before it) and `kept` receives the MW each fleet keeps.
 */
export function tailValue(
  sp: SitePlan,
  st: FleetState,
  T: number,
  hpLast: number,
  index: number,
  dfm: Float64Array,
  taxOnKeep: readonly [number, number] = NO_TAX,
  kept?: Float64Array,
): number {
  const last = T - 1;
  const held0 = st.held0;
  const held1 = st.avail1 + sp.buys[last];
  const sale0 = dfm[last] * sp.existing.resalePerMW * index;
  const sale1 = sp.refresh ? dfm[last] * sp.refresh.resalePerMW * index : 0;
  const gain0 = runValue(sp.existing, hpLast, T, dfm) - sale0;
  const gain1 = sp.refresh ? runValue(sp.refresh, hpLast, T, dfm) - sale1 : 0;
  let value = held0 * sale0 + held1 * sale1;
  let room = Math.max(0, sp.grid[last] - sp.occupied[last]);
  const keep = (held: number, gain: number, f: 0 | 1) => {
    const k = gain - taxOnKeep[f] > 0 ? Math.min(held, room) : 0;
    room -= k;
    value += k * gain;
    if (kept) kept[f] = k;
  };
  if (gain1 - taxOnKeep[1] > gain0 - taxOnKeep[0]) {
    keep(held1, gain1, 1);
    keep(held0, gain0, 0);
  } else {
    keep(held0, gain0, 0);
    keep(held1, gain1, 1);
  }
  return value;
}

const NO_TAX = [0, 0] as const;

/** Σ_{t=T}^{T+L−1} dfm_t × Σ_b max(0, margin_{t,b}) at the last month's hashprice, $M per MW. */
function runValue(f: FleetTable, hp: number, T: number, dfm: Float64Array): number {
  let run = 0;
  for (let t = T; t < dfm.length; t++) {
    let m = 0;
    for (let b = 0; b < f.bins; b++) m += Math.max(0, margin(f, t * f.bins + b, hp));
    run += dfm[t] * m;
  }
  return run;
}
