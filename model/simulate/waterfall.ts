/**
 * @module simulate/waterfall — the cash waterfall at the end of each month (docs/montecarlo.md,
 * "Cash waterfall"): interest and coupons; project debt above its ceiling repaid; a shortfall below
 * `minCashUsd` drawn from project debt up to its ceiling, then the BTC-backed loan, the facility,
 * equity; a surplus repaying the facility, the loan, then project debt. Short after all of them:
 * the path is unfunded in that month (the gap is carried as an injection so the path goes on).
 */
import { existingDebtSchedule, financingTerms } from '../parts/finance';
import type { Scenario } from '../schema';
import { discountFactor, monthlyRate } from '../time';
import { USD_PER_MODEL_UNIT as M } from '../units';
import type { Treasury } from './options';

/** The financing's fixed terms, $M and monthly rates. */
export interface FinanceTerms {
  readonly T: number;
  readonly firm: boolean;
  readonly cash0: number;
  readonly minCash: number;
  readonly y: number;
  readonly rf: number;
  readonly rp: number;
  readonly rl: number;
  readonly facilityLimit: number;
  readonly equityLimit: number;
  readonly issuance: number;
  readonly existing0: number;
  readonly existingBalance: Float64Array;
  readonly existingOut: Float64Array;
  /** The existing debt's coupon of month t (deductible in "equity" value). */
  readonly existingCoupon: Float64Array;
  readonly outstandingAtHorizon: number;
  /** Spreads over the discount rate (firm value's only cost of debt). */
  readonly spreadF: number;
  readonly spreadP: number;
  readonly spreadL: number;
  readonly maxLtv: number;
  readonly marginCallLtv: number;
  /** Discount factor at d of month t < T. */
  readonly df: Float64Array;
}

/** The terms of a scenario's financing and treasury. */
export function financeTerms(s: Scenario, treasury: Treasury | undefined): FinanceTerms {
  const T = s.horizonMonths;
  const fin = s.financing;
  const src = financingTerms(fin);
  const debt = existingDebtSchedule({ scenario: s, econ: { T } });
  const rd = monthlyRate(fin.discountRatePerYear);
  const rl = monthlyRate(treasury?.loan?.ratePerYear ?? 0);
  return {
    T,
    firm: s.valuation.method === 'firm',
    cash0: fin.cashUsd / M,
    minCash: fin.minCashUsd / M,
    y: monthlyRate(fin.cashYieldPerYear),
    rf: src.facilityRate,
    rp: src.projectDebtRate,
    rl,
    facilityLimit: src.facilityLimit,
    equityLimit: src.equityLimit,
    issuance: src.issuanceCost,
    existing0: src.existingDebt,
    existingBalance: Float64Array.from(debt.balance),
    existingOut: Float64Array.from(debt.coupon.map((c, t) => c + debt.repayment[t])),
    existingCoupon: Float64Array.from(debt.coupon),
    outstandingAtHorizon: debt.outstandingAtHorizon,
    spreadF: Math.max(0, src.facilityRate - rd),
    spreadP: Math.max(0, src.projectDebtRate - rd),
    spreadL: Math.max(0, rl - rd),
    maxLtv: treasury?.loan?.maxLtv ?? 0,
    marginCallLtv: treasury?.loan?.marginCallLtv ?? 0,
    df: Float64Array.from({ length: T }, (_, t) => discountFactor(fin.discountRatePerYear, t)),
  };
}

/** The balance sheet of a path, $M, updated month by month. */
export interface Balances {
  cash: number;
  facility: number;
  projectDebt: number;
  loan: number;
  /** Equity raised so far (gross). */
  equity: number;
  /** Equity raised this month (gross). */
  equityNow: number;
  /** First month the path could not be funded, −1 while funded. */
  unfunded: number;
}

export function openingBalances(f: FinanceTerms): Balances {
  return {
    cash: f.cash0,
    facility: 0,
    projectDebt: 0,
    loan: 0,
    equity: 0,
    equityNow: 0,
    unfunded: -1,
  };
}

/** Below this ($M, a millionth of a dollar) a gap is rounding. */
const EPS = 1e-12;

/**
 * Month t's end: `inflow` is the month's operating cash ($M), `ceiling` the project-debt ceiling,
 * `loanRoom` the most the loan may be drawn to (maxLtv × BTC value), `loanCap` the most it may stay
 * at (the margin-call line after the month's call; 0 once no BTC is left). Mutates `b`.
 */
export function settleMonth(
  f: FinanceTerms,
  b: Balances,
  t: number,
  inflow: number,
  ceiling: number,
  loanRoom: number,
  loanCap = Number.POSITIVE_INFINITY,
): void {
  let cash =
    (1 + f.y) * b.cash +
    inflow -
    f.existingOut[t] -
    f.rf * b.facility -
    f.rp * b.projectDebt -
    f.rl * b.loan;
  if (b.projectDebt > ceiling) {
    cash -= b.projectDebt - ceiling;
    b.projectDebt = ceiling;
  }
  if (b.loan > loanCap) {
    cash -= b.loan - loanCap;
    b.loan = loanCap;
  }
  b.equityNow = 0;
  let need = f.minCash - cash;
  if (need > EPS) {
    // Closures per month would cost more than the month's arithmetic: each source inline.
    let d = Math.min(Math.max(0, ceiling - b.projectDebt), need);
    b.projectDebt += d;
    need -= d;
    d = Math.min(Math.max(0, loanRoom - b.loan), need);
    b.loan += d;
    need -= d;
    d = Math.min(Math.max(0, f.facilityLimit - b.facility), need);
    b.facility += d;
    need -= d;
    if (need > EPS && f.issuance < 1) {
      const gross = Math.min(need / (1 - f.issuance), f.equityLimit - b.equity);
      if (gross > 0) {
        b.equity += gross;
        b.equityNow = gross;
        need -= gross * (1 - f.issuance);
      }
    }
    if (need > 1e-9 && b.unfunded < 0) b.unfunded = t;
    b.cash = f.minCash;
    return;
  }
  let surplus = Math.max(0, -need);
  let r = Math.min(b.facility, surplus);
  b.facility -= r;
  surplus -= r;
  r = Math.min(b.loan, surplus);
  b.loan -= r;
  surplus -= r;
  r = Math.min(b.projectDebt, surplus);
  b.projectDebt -= r;
  surplus -= r;
  b.cash = f.minCash + surplus;
}
