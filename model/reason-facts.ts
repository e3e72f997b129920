/**
 * @module reason-facts — what a site's months show (when mining stops, when the fleet is sold, what
 * stands idle) and the plan in one sentence written from those facts alone, so that the words of
 * model/reason.ts can never contradict the months.
 */
import type { ReasonFacts } from './reason-schema';
import { capitalised, listWords, monthWords, mwWords } from './reason-words';
import type { MonthRow, Phase } from './schema';

/** MW below this are solver noise: nothing mines, nothing is held, nothing stands idle. */
export const NOISE_MW = 1e-3;

/** The month fields the reason reads (a single site's rows or a portfolio site's). */
export type ReasonRow = Pick<
  MonthRow,
  | 'month'
  | 'gridMW'
  | 'hashpriceUsdPerPhDay'
  | 'miningMW'
  | 'idleMW'
  | 'hpcOnlineMW'
  | 'hpcBuildingMW'
  | 'hpcSwitchingMW'
  | 'fleetExistingHeldMW'
  | 'fleetRefreshHeldMW'
  | 'asicSaleUsd'
  | 'miningMWByBin'
>;

export const heldMW = (r: ReasonRow) => r.fleetExistingHeldMW + r.fleetRefreshHeldMW;
/** MW the conversion occupies in a month: building, switching over or online. */
export const hpcMW = (r: ReasonRow) => r.hpcOnlineMW + r.hpcSwitchingMW;

/** Index of the first month from which `holds` is true to the end (rows.length: not in the last). */
function tailFrom(rows: readonly ReasonRow[], holds: (r: ReasonRow) => boolean): number {
  let k = rows.length;
  while (k > 0 && holds(rows[k - 1])) k--;
  return k;
}

/**
 * The facts of one site's months.
 * @param builds the plan's builds on this site (grid MW and start month)
 */
export function factsOf(
  rows: readonly ReasonRow[],
  builds: readonly { month: string; mw: number }[],
  siteId?: string,
): ReasonFacts {
  const at = (k: number) => (k < rows.length ? rows[k].month : null);
  const last = rows.at(-1);
  const idleMW = last && last.idleMW >= NOISE_MW ? last.idleMW : 0;
  const real = builds.filter((b) => b.mw >= NOISE_MW);
  return {
    ...(siteId !== undefined ? { siteId } : {}),
    convertedMW: real.reduce((a, b) => a + b.mw, 0),
    firstBuildMonth: real.map((b) => b.month).sort()[0] ?? null,
    miningStopsMonth: at(tailFrom(rows, (r) => r.miningMW < NOISE_MW)),
    fleetSoldMonth: at(tailFrom(rows, (r) => heldMW(r) < NOISE_MW)),
    idleMW,
    idleFromMonth: idleMW ? at(tailFrom(rows, (r) => r.idleMW >= idleMW - STEADY_MW)) : null,
    siteIdleFromMonth: idleMW ? at(tailFrom(rows, siteIdle)) : null,
  };
}

/** Idle MW that differ by less than this are the same figure in words. */
const STEADY_MW = 0.05;

/** A month with nothing mining, nothing converting and some grid idle. */
const siteIdle = (r: ReasonRow) =>
  r.miningMW < NOISE_MW && hpcMW(r) + r.hpcBuildingMW < NOISE_MW && r.idleMW >= NOISE_MW;

/** The plan's conversions on a site in words: `convert 100 MW to AI lease from Jan 2027 (…)`. */
function conversionWords(phases: readonly Phase[], nameOf: (id: string) => string): string[] {
  const byOption = new Map<string, Phase[]>();
  for (const p of phases) byOption.set(p.optionId, [...(byOption.get(p.optionId) ?? []), p]);
  return [...byOption].map(([id, list]) => {
    const mw = list.reduce((a, p) => a + p.mw, 0);
    const start = list.map((p) => p.startMonth).sort()[0];
    const live = list.map((p) => p.commencementMonth).sort()[0];
    return (
      `convert ${mwWords(mw)} to “${nameOf(id)}” from ${monthWords(start)} ` +
      `(first rent ${monthWords(live)})`
    );
  });
}

/** What happens to mining and the idle MW, in words, from the facts alone. */
function courseWords(facts: ReasonFacts, rows: readonly ReasonRow[]): string[] {
  const out: string[] = [];
  const stops = facts.miningStopsMonth;
  const sold = facts.fleetSoldMonth;
  if (!stops) out.push(`keep ${mwWords(rows.at(-1)?.miningMW ?? 0)} mining to the end`);
  else if (stops === rows[0]?.month)
    out.push(
      sold === stops ? `the fleet is sold in ${monthWords(sold)} without mining` : 'nothing mines',
    );
  else if (sold === stops) out.push(`mining stops and the fleet is sold in ${monthWords(sold)}`);
  else {
    out.push(`mining stops in ${monthWords(stops)}`);
    out.push(sold ? `the fleet is sold in ${monthWords(sold)}` : 'the ASICs are kept');
  }
  const from = facts.idleFromMonth;
  const site = facts.siteIdleFromMonth;
  if (site) {
    const grows =
      from && from !== site ? ` (${mwWords(facts.idleMW)} from ${monthWords(from)})` : '';
    out.push(`the site stands idle from ${monthWords(site)}${grows}`);
  } else if (from) out.push(`${mwWords(facts.idleMW)} stand idle from ${monthWords(from)}`);
  return out;
}

/**
 * A site's plan in one sentence, e.g. "Convert nothing: mining stops and the fleet is sold in Mar
 * 2028; the site stands idle from Mar 2028".
 */
export function decisionWords(
  facts: ReasonFacts,
  rows: readonly ReasonRow[],
  phases: readonly Phase[],
  nameOf: (id: string) => string,
): string {
  const convert = conversionWords(phases, nameOf);
  const head = convert.length ? listWords(convert) : 'convert nothing';
  const course = courseWords(facts, rows).join('; ');
  const text = convert.length ? `${head}; ${course}` : `${head}: ${course}`;
  return capitalised(text);
}
