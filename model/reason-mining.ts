/**
 * @module reason-mining — why a site's mining stops when it does, in words (model/reason.ts): its
 * MW switch over to HPC, hashprice falls below the fleet's breakeven (after a halving), or selling
 * the ASICs before a halving is worth more than the margin left; and that the fleet pauses in the
 * dearest power hours. Every figure is read from the months and the scenario.
 */
import { fleetBreakevens } from './breakevens';
import { HALVING_INTERVAL_MONTHS } from './hashprice';
import { heldMW, hpcMW, NOISE_MW, type ReasonRow } from './reason-facts';
import type { ReasonFacts } from './reason-schema';
import { monthWords, mwWords, pairWords, perPhDay, usdWords } from './reason-words';
import type { Scenario } from './schema';
import type { SiteView } from './sites';
import { monthLabel, monthNumber } from './time';

/** A sale under this many USD is no sale worth a sentence. */
const WORTH_USD = 1;

/** The halving months of the scenario's projected hashprice (none for a series). */
function halvings(s: Scenario): string[] {
  const hp = s.market.hashprice;
  if (hp.kind !== 'projection') return [];
  const first = monthNumber(hp.halvingMonth);
  const start = monthNumber(s.startMonth);
  const out: string[] = [];
  for (let n = first; n < start + s.horizonMonths; n += HALVING_INTERVAL_MONTHS)
    if (n >= start) out.push(monthLabel(n));
  return out;
}

const within = (a: string, b: string, months: number) =>
  Math.abs(monthNumber(a) - monthNumber(b)) <= months;

/** Why mining stops when it does (or pauses in dear hours); none when the months do not say. */
export function miningWords(
  s: Scenario,
  view: SiteView,
  facts: ReasonFacts,
  rows: readonly ReasonRow[],
): string[] {
  const out: string[] = [];
  const k = rows.findIndex((r) => r.month === facts.miningStopsMonth);
  const paused = rows
    .slice(0, k < 0 ? rows.length : k)
    .find((r) => r.miningMWByBin && r.miningMW < heldMW(r) - hpcMW(r) - 0.05 && r.miningMW > 0);
  if (paused)
    out.push(
      `In the dearest power hours the fleet pauses: ${mwWords(paused.miningMW)} of the ` +
        `${mwWords(heldMW(paused))} held mine on average in ${monthWords(paused.month)}`,
    );
  if (k <= 0) return out;
  const stop = rows[k];
  const before = rows[k - 1];
  const b = fleetBreakevens(view.scenario);
  const refreshOnly = before.fleetExistingHeldMW < NOISE_MW && b.refreshUsdPerPhDay != null;
  const breakeven = refreshOnly ? (b.refreshUsdPerPhDay as number) : b.existingUsdPerPhDay;
  const fleet = refreshOnly ? 'newer fleet' : 'fleet';
  const month = monthWords(stop.month);
  if (hpcMW(stop) - hpcMW(before) >= 0.5 * before.miningMW) {
    out.push(`Mining stops in ${month} because its MW switch over to HPC`);
    return out;
  }
  const [hp, be] = pairWords(stop.hashpriceUsdPerPhDay, breakeven, perPhDay);
  const past = halvings(s)
    .filter((h) => h <= stop.month && within(h, stop.month, 12))
    .at(-1);
  if (stop.hashpriceUsdPerPhDay < breakeven) {
    out.push(
      `Mining stops in ${month}: ${past ? `after the ${monthWords(past)} halving ` : ''}` +
        `hashprice (${hp}) is below the ${fleet}'s ${be} breakeven`,
    );
    return out;
  }
  const soldAt = rows.findIndex((r) => r.month === facts.fleetSoldMonth);
  const sale =
    soldAt < 0 ? 0 : rows.slice(k - 1, soldAt + 1).reduce((a, r) => a + r.asicSaleUsd, 0);
  if (sale < WORTH_USD) return out;
  const next = halvings(s).find((h) => h > stop.month && within(h, stop.month, 12));
  const after = next ? rows.find((r) => r.month === next) : undefined;
  const cut = after
    ? `the ${monthWords(after.month)} halving then cuts hashprice to ` +
      `${pairWords(after.hashpriceUsdPerPhDay, breakeven, perPhDay)[0]}, and `
    : '';
  out.push(
    `Mining stops in ${month} although hashprice (${hp}) still covers the ${fleet}'s ${be} ` +
      `breakeven: ${cut}selling the ASICs (${usdWords(sale)}) is worth more than the margin left`,
  );
  return out;
}
