/**
 * @module size-limits — the largest model a scenario may ask for: the LP grows with the sites and the
 * offers times the months, and the largest admitted scenario must answer within the default time
 * limit (docs/solvers.md, "The largest scenario"). Pure: the schema (model/schema.ts) reports what
 * this returns.
 */
import { LIMITS } from './schema-base';

/** What a scenario's size is counted in: the fields the user typed. */
export interface ScenarioSize {
  /** Sites: `sites.length`, 1 in the single-site form. */
  readonly sites: number;
  /** Offers over every site (`hpcOptions`, or `sites.*.hpcOptions`). */
  readonly offers: number;
  /** `horizonMonths`. */
  readonly months: number;
}

/** One refusal: the field it names and the sentence that says the limit. */
export interface SizeIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

const n = (v: number) => v.toLocaleString('en-US');

/**
 * The refusals of a scenario too large to answer within the default time limit: sites × months over
 * `LIMITS.maxSiteMonths`, offers × months over `LIMITS.maxOfferMonths`; none when it fits.
 * @example sizeIssues({ sites: 20, offers: 160, months: 240 }, true)[0].path // ['sites']
 */
export function sizeIssues(size: ScenarioSize, portfolio: boolean): SizeIssue[] {
  const out: SizeIssue[] = [];
  const { sites, offers, months } = size;
  // The limit in the units typed: the sites (offers) the horizon allows, the months the sites (offers) allow.
  const within = (cap: number, count: number, what: string) =>
    `at most ${n(cap)}: at most ${n(Math.floor(cap / months))} ${what} over ${n(months)} months, ` +
    `or at most ${n(Math.floor(cap / Math.max(1, count)))} months with ${n(count)} ${what}`;
  if (sites * months > LIMITS.maxSiteMonths)
    out.push({
      path: ['sites'],
      message:
        `${n(sites)} sites × ${n(months)} months (horizonMonths) = ${n(sites * months)} site-months; ` +
        within(LIMITS.maxSiteMonths, sites, 'sites'),
    });
  if (offers * months > LIMITS.maxOfferMonths)
    out.push({
      path: [portfolio ? 'sites' : 'hpcOptions'],
      message:
        `${n(offers)} offers${portfolio ? ' over all sites (sites.*.hpcOptions)' : ' (hpcOptions)'} × ` +
        `${n(months)} months (horizonMonths) = ${n(offers * months)} offer-months; ` +
        within(LIMITS.maxOfferMonths, offers, 'offers'),
    });
  return out;
}
