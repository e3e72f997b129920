/**
 * @module cases — the cases a scenario is solved over (docs/model.md, "Uncertainty"): a
 * deterministic scenario is one case of probability 1; an `uncertainty` block gives one case per
 * entry, equal to the base path before the reveal month and on its own path from it on. Each case
 * has its hashprice path over the horizon and the merchant tail.
 */
import { floored, floorPath, heldSeries, projectedPath } from './hashprice';
import type { Scenario } from './schema';
import { monthIndex } from './time';

/** One case: its name, probability, hashprice path (months 0 … T+L−1) and delivery slip. */
export interface CaseSpec {
  readonly name: string;
  readonly probability: number;
  /** Hashprice, $/PH/day, for the horizon and the merchant tail after it. */
  readonly hashprice: readonly number[];
  /** Months every build of this case commences later than planned. */
  readonly extraBuildMonths: number;
}

/** Months of hashprice a scenario needs: the horizon and the merchant tail. */
export function pathMonths(s: Scenario): number {
  return s.horizonMonths + s.valuation.merchantTailMonths;
}

/**
 * Index of the reveal month: the first month whose decisions may differ between cases. T for a
 * deterministic scenario (every decision shared; there is one case); default 12 months after the
 * start (docs/model.md).
 */
export function revealIndex(s: Scenario): number {
  const u = s.uncertainty;
  if (!u) return s.horizonMonths;
  return u.revealMonth ? monthIndex(s.startMonth, u.revealMonth) : 12;
}

/**
 * The cases of a scenario: one for a deterministic scenario, one per `uncertainty.scenarios` entry
 * otherwise. A projection's floor (docs/model.md, "Hashprice floor (v3)") applies after a case's
 * multiplier — max(multiplier × projected_t, floor_t): the marginal machines switch off whatever
 * moved the price — and not to a case's own series, which is taken as given (as a `series` is).
 */
export function casesOf(s: Scenario): CaseSpec[] {
  const months = pathMonths(s);
  const projected = projectedPath(s, months);
  const floor = floorPath(s, months);
  const base = floored(projected, floor);
  const u = s.uncertainty;
  if (!u) return [{ name: 'base', probability: 1, hashprice: base, extraBuildMonths: 0 }];
  const r = revealIndex(s);
  return u.scenarios.map((c) => {
    const own = c.usdPerPhDay ? heldSeries(c.usdPerPhDay, s.horizonMonths, months) : null;
    const mult = c.hashpriceMultiplier ?? 1;
    const hashprice = base.map((v, t) => {
      if (t < r) return v;
      if (own) return own[t];
      // Without a floor exactly v × mult, as before the floor existed.
      return floor ? Math.max(projected[t] * mult, floor[t]) : v * mult;
    });
    return {
      name: c.name,
      probability: c.probability,
      hashprice,
      extraBuildMonths: c.extraBuildMonths,
    };
  });
}

/**
 * The mean-path case: the probability-weighted hashprice of the cases (equal to the base before the
 * reveal), no slip.
 */
export function meanCase(s: Scenario): CaseSpec {
  const cases = casesOf(s);
  const hashprice = cases[0].hashprice.map((_, t) =>
    cases.reduce((a, c) => a + c.probability * c.hashprice[t], 0),
  );
  return { name: 'mean path', probability: 1, hashprice, extraBuildMonths: 0 };
}
