/**
 * @module diagnose-search — the next month that cannot be funded, from month `start` on, with the
 * injections of earlier months in place (docs/model.md, "Infeasibility and its diagnosis"): the
 * first month t such that months start … t cannot all go without an injection (every other
 * decision free, later months free to inject), and its shortfall, the least Σ_k inject_{k,t} with
 * months start … t − 1 at 0. Two searches give the same answer: `elasticNext` in two or three
 * solves of the elastic LP, and `bisectionNext`, a bisection on "months start … t need no
 * injection" in about log₂(T) + 2 full solves, kept as its check.
 */
import { USD_PER_MODEL_UNIT as M } from './units';
import { type InjectionLp, NOISE_USD } from './diagnose-lp';
import type { LpSolution } from './solvers/types';

/** What the search found: a short month and the injections ($M, by column), none, or a failure. */
export type NextShort =
  | { readonly kind: 'short'; readonly month: number; readonly values: ArrayLike<number> }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly message: string };

/** A search for the next short month from `start`. */
export type ShortSearch = (e: InjectionLp, start: number) => Promise<NextShort>;

/**
 * The decades by which the elastic objective's weight falls from month `start` to the last month:
 * steep enough that an early injection seldom pays for itself by a saving later, shallow enough for
 * the solver's tolerances (a weight of 10⁻⁴ is far above its dual tolerance of 10⁻⁷).
 */
const WEIGHT_DECADES = 4;

const noInjection = () => 0;

/** Month t's least injection with months start … t − 1 at 0 and later months free. */
const amountAt = (e: InjectionLp, t: number): Promise<LpSolution> =>
  e.solve(t, t, (u) => (u === t ? 1 : 0));

/** The answer of the amount solve at month t (a failure when it did not end optimal). */
const shortAt = (t: number, amount: LpSolution): NextShort =>
  amount.status === 'optimal' && amount.values
    ? { kind: 'short', month: t, values: amount.values }
    : { kind: 'failed', message: amount.message ?? amount.status };

/**
 * The bisection: is the LP with no injection in months start … T − 1 feasible? If not, the first t
 * for which months start … t without one are infeasible, by bisection (later months free), then
 * that month's least injection.
 */
export const bisectionNext: ShortSearch = async (e, start) => {
  const feasibleThrough = async (t: number) =>
    (await e.solve(start, t + 1, noInjection)).status === 'optimal';
  if (await feasibleThrough(e.T - 1)) return { kind: 'none' };
  if (e.secondsLeft() <= 0) return { kind: 'failed', message: 'the time limit was reached' };
  let lo = start;
  let hi = e.T - 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await feasibleThrough(mid)) lo = mid + 1;
    else hi = mid;
  }
  return shortAt(lo, await amountAt(e, lo));
};

/**
 * The elastic search: one solve of the elastic LP with every month from `start` free to inject,
 * month t's injection weighted 10^(−4 (t − start) / (T − start)) — so that the earliest month
 * that must inject does, and later ones inject rather than earlier ones — names a candidate month
 * s, the first with an injection. The amount solve at s (months start … s − 1 held at 0) then
 * proves it: optimal with an injection above rounding, s is the month the bisection finds, with the
 * same least injection (the same LP). Optimal with none, s could go without, and the caller goes
 * on from s + 1 as the bisection's next step would. Infeasible (an early injection of the weighted
 * solve was needed after all), the bisection answers from `start`.
 */
export const elasticNext: ShortSearch = async (e, start) => {
  const span = e.T - start;
  const weighted = await e.solve(start, start, (t) =>
    Math.pow(10, (-WEIGHT_DECADES * (t - start)) / span),
  );
  if (weighted.status === 'timedout')
    return { kind: 'failed', message: 'the time limit was reached' };
  if (weighted.status !== 'optimal' || !weighted.values) return bisectionNext(e, start);
  const s = firstInjection(e, weighted.values, start);
  if (s === null) return { kind: 'none' };
  const amount = await amountAt(e, s);
  if (amount.status === 'infeasible') return bisectionNext(e, start);
  return shortAt(s, amount);
};

/** The first month ≥ `start` whose injections (all cases) exceed rounding, or null. */
function firstInjection(e: InjectionLp, values: ArrayLike<number>, start: number): number | null {
  for (let t = start; t < e.T; t++) {
    const usd = e.inject.reduce((sum, cols) => sum + values[cols[t]], 0) * M;
    if (usd > NOISE_USD) return t;
  }
  return null;
}
