/**
 * @module reason — the answer in plain words: the decision as the months show it, and what decides
 * it (hashprice against the fleet breakeven and the halvings, each offer's value against its capex,
 * the caps that leave MW idle, the marginal values), every figure read from the answer and its
 * scenario. Pure; the engine adds it to every answer as `reason` and a board report calls it.
 */
import { fleetBreakevens } from './breakevens';
import { miningWords } from './reason-mining';
import { decisionWords, factsOf, heldMW, NOISE_MW, type ReasonRow } from './reason-facts';
import type { Reason, ReasonFacts } from './reason-schema';
import {
  capitalised,
  listWords,
  monthWords,
  mwWords,
  pairWords,
  perPhDay,
  usdDeltaWords,
  usdWords,
} from './reason-words';
import { isLease, type HpcOption, type Scenario, type SolveResult } from './schema';
import { isPortfolio, sitesOf, type SiteView } from './sites';

export type { Reason, ReasonFacts };

/** A marginal value under this many USD is nothing to report. */
const WORTH_USD = 1;

/** What an offer costs and earns, in words: `$65/kW-month, capex $10M per MW of IT`. */
function offerTerms(o: HpcOption): string {
  const price = isLease(o)
    ? `$${o.leaseUsdPerKwMonth}/kW-month`
    : `${usdWords(o.computeUsdPerMWItMonth)} per MW of IT-month of compute`;
  return `${price}, capex ${usdWords(o.capexUsdPerMWIt)} per MW of IT`;
}

/** Why each offer on a site is taken or not. */
function offerWords(view: SiteView, result: SolveResult): string[] {
  return view.scenario.hpcOptions.map((o) => {
    const built = result.plan.builds
      .filter((x) => x.optionId === o.id && x.siteId === view.id && x.mw >= NOISE_MW)
      .reduce((a, x) => a + x.mw, 0);
    if (!built) {
      if (result.notes?.some((n) => n.startsWith(`${o.id} is not offered`)))
        return `“${o.name}” cannot commence within the horizon`;
      return `“${o.name}” does not pay under these inputs (${offerTerms(o)})`;
    }
    const kpi = result.kpis?.options?.find((x) => x.optionId === o.id);
    const worth = kpi
      ? `: it is worth ${usdWords(kpi.valuePerMWItUsd)} per MW of IT (margins and residual, ` +
        `discounted) against ${usdWords(o.capexUsdPerMWIt)} of capex`
      : '';
    return `“${o.name}” pays (${offerTerms(o)})${worth}`;
  });
}

/** Why MW stand idle at the end: the caps on conversion and what mining them would earn. */
function idleWords(view: SiteView, facts: ReasonFacts, rows: readonly ReasonRow[]): string[] {
  const last = rows.at(-1);
  if (!facts.idleMW || !facts.idleFromMonth || !last) return [];
  const site = view.scenario.site;
  const capMW = view.scenario.hpcOptions.reduce((a, o) => a + o.maxMW, 0);
  const causes: string[] = [];
  if (facts.convertedMW >= Math.min(site.hpcEligibleMW, capMW) - 0.01)
    causes.push(
      site.hpcEligibleMW <= capMW
        ? `only ${mwWords(site.hpcEligibleMW)} may convert`
        : `the offers take at most ${mwWords(capMW)}`,
    );
  else causes.push(facts.convertedMW > 0 ? 'converting more does not pay' : 'no conversion pays');
  const b = fleetBreakevens(view.scenario);
  const cheapest = Math.min(b.existingUsdPerPhDay, b.refreshUsdPerPhDay ?? Infinity);
  const whose = cheapest === b.existingUsdPerPhDay ? "fleet's" : "newer ASICs'";
  if (last.hashpriceUsdPerPhDay < cheapest) {
    const [hp, be] = pairWords(last.hashpriceUsdPerPhDay, cheapest, perPhDay);
    causes.push(
      `mining would not cover the ${whose} ${be} breakeven (hashprice ${hp} in ` +
        `${monthWords(last.month)})`,
    );
  } else if (heldMW(last) < NOISE_MW)
    causes.push(
      view.scenario.fleet.refresh ? 'new ASICs for them do not pay back' : 'no ASICs are left',
    );
  const who = facts.siteIdleFromMonth
    ? `The site stands idle from ${monthWords(facts.siteIdleFromMonth)}`
    : `${mwWords(facts.idleMW)} stand idle from ${monthWords(facts.idleFromMonth)}`;
  return [`${who} because ${listWords(causes)}`];
}

/** The marginal values of the optimum worth a sentence (positive, computed). */
function marginalWords(result: SolveResult): string[] {
  const m = result.marginalValues;
  if (!m) return [];
  const out: string[] = [];
  if ((m.gridMWUsd ?? 0) >= WORTH_USD)
    out.push(`One more MW of grid in every month would add ${usdWords(m.gridMWUsd as number)}`);
  if ((m.earlierCommencementUsd ?? 0) >= WORTH_USD)
    out.push(
      'Every offer commencing one month earlier would add ' +
        usdWords(m.earlierCommencementUsd as number),
    );
  if ((m.facilityPerMillionUsd ?? 0) >= WORTH_USD)
    out.push(
      `Funding binds: $1M more facility would add ${usdWords(m.facilityPerMillionUsd as number)}`,
    );
  return out;
}

/** The months of each site: a portfolio's per-site rows, or the answer's own. */
function siteRows(result: SolveResult, view: SiteView): readonly ReasonRow[] {
  if (view.id === undefined) return result.months;
  return result.sites?.find((x) => x.id === view.id)?.months ?? [];
}

/**
 * The reason of an answer in plain words: the decision exactly as the months show it (conversions,
 * when mining stops, when the fleet is sold, what stands idle) and what decides it, each figure
 * read from `result` (months, KPIs, breakevens, marginal values) and `scenario`. A portfolio's
 * sites are listed in the order their rent starts. An answer without a plan (infeasible, failed)
 * gets its diagnosis as the reason and no facts.
 *
 * @param scenario the parsed scenario the answer is of
 * @param result its answer (`optimize` or `evaluate`)
 * @example
 * const r = reasonOf(scenario, await optimize(scenario));
 * r.decision; // "Convert nothing: mining stops and the fleet is sold in Mar 2028; the site …"
 * r.because;  // ["AI lease does not pay under these inputs ($65/kW-month, …)", …]
 */
export function reasonOf(scenario: Scenario, result: SolveResult): Reason {
  if (!result.months.length) {
    const because = (result.diagnosis ?? []).slice(0, 3).map((d) => d.message);
    const decision =
      result.status === 'infeasible' ? 'No plan meets every constraint' : 'No answer';
    return {
      decision,
      because: because.length ? because : result.message ? [result.message] : [],
      facts: [],
    };
  }
  const views = sitesOf(scenario).map((view) => {
    const rows = siteRows(result, view);
    const builds = result.plan.builds.filter((b) => b.siteId === view.id);
    return { view, rows, facts: factsOf(rows, builds, view.id) };
  });
  const rentStart = (v: (typeof views)[number]) =>
    result.sites?.find((x) => x.id === v.view.id)?.kpis.firstCommencementMonth ?? '9999-99';
  if (isPortfolio(scenario)) views.sort((a, b) => (rentStart(a) < rentStart(b) ? -1 : 1));
  const nameOf = (id: string) =>
    scenario.hpcOptions?.find((o) => o.id === id)?.name ??
    scenario.sites?.flatMap((x) => x.hpcOptions).find((o) => o.id === id)?.name ??
    id;
  const multi = views.length > 1 || isPortfolio(scenario);
  const decision = views
    .map(({ view, rows, facts }) => {
      const phases = (result.phases ?? []).filter((p) => p.siteId === view.id);
      const text = decisionWords(facts, rows, phases, nameOf);
      return multi ? `${view.name}: ${text[0].toLowerCase()}${text.slice(1)}` : text;
    })
    .join('. ');
  const because: string[] = [];
  for (const { view, rows, facts } of views) {
    const prefix = multi ? `${view.name}: ` : '';
    for (const line of [
      ...offerWords(view, result),
      ...miningWords(scenario, view, facts, rows),
      ...idleWords(view, facts, rows),
    ])
      because.push(prefix + line);
  }
  const uplift = result.kpis?.npvVsMiningOnlyUsd;
  if (uplift != null && Math.abs(uplift) >= WORTH_USD)
    because.push(
      `The plan is worth ${usdDeltaWords(uplift)} NPV over mining only` +
        (result.kpis?.npvBasis ? ` (${result.kpis.npvBasis.label})` : ''),
    );
  because.push(...marginalWords(result));
  // The answer's message as a sentence, as the lines above are.
  const m = result.status === 'timedout' ? result.message : undefined;
  if (m) because.push(capitalised(m));
  return { decision, because, facts: views.map((v) => v.facts) };
}
