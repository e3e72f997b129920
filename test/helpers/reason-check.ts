/**
 * @module test/helpers/reason-check — reads the plain-words reason (and the plan box) as a person
 * would, and lists every statement the answer's months contradict. It shares no code with
 * model/reason.ts: months are read from the words ("Mar 2028") and checked against the rows.
 */
import { loadPreset } from '../../data/load';
import type { MonthRow, Plan, ScenarioInput, SolveResult } from '../../model/schema';

/** texas-100mw with its lease at $65/kW-month: no conversion pays, the fleet is sold. */
export function lease65(): ScenarioInput {
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  s.hpcOptions[0].leaseUsdPerKwMonth = 65;
  return s;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const MONTH = String.raw`((?:${MONTHS.join('|')}) \d{4})`;
const EPS = 1e-3;

/** `Mar 2028` → `2028-03`. */
export function monthOf(words: string): string {
  const [m, y] = words.split(' ');
  return `${y}-${String(MONTHS.indexOf(m) + 1).padStart(2, '0')}`;
}

type Row = Pick<
  MonthRow,
  | 'month'
  | 'miningMW'
  | 'idleMW'
  | 'hpcOnlineMW'
  | 'hpcSwitchingMW'
  | 'hpcBuildingMW'
  | 'fleetExistingHeldMW'
  | 'fleetRefreshHeldMW'
  | 'hashpriceUsdPerPhDay'
>;

const held = (r: Row) => r.fleetExistingHeldMW + r.fleetRefreshHeldMW;
const converting = (r: Row) => r.hpcOnlineMW + r.hpcSwitchingMW + r.hpcBuildingMW;

/** The statements of one site's words that its rows and builds contradict. */
export function siteContradictions(
  words: string,
  rows: readonly Row[],
  builds: Plan['builds'],
): string[] {
  const out: string[] = [];
  const from = (m: string) => rows.filter((r) => r.month >= m);
  const before = (m: string) => rows.filter((r) => r.month < m).at(-1);
  const say = (what: string) => out.push(`${what} — in: ${words}`);
  for (const [, w] of words.matchAll(new RegExp(`[Ff]leet (?:is )?sold in ${MONTH}`, 'g'))) {
    const m = monthOf(w);
    if (!from(m).length) say(`${w} is not a month of the answer`);
    if (from(m).some((r) => held(r) > EPS || r.miningMW > EPS))
      say(`the fleet is said sold in ${w} but ASICs are held or mine after it`);
    const prev = before(m);
    if (prev && held(prev) < EPS) say(`the fleet is said sold in ${w} but was gone before`);
  }
  for (const [, w] of words.matchAll(
    new RegExp(`[Mm]ining stops(?: and [^.;]*?)? in ${MONTH}`, 'g'),
  )) {
    const m = monthOf(w);
    if (from(m).some((r) => r.miningMW > EPS)) say(`mining is said to stop in ${w} but goes on`);
    const prev = before(m);
    if (prev && prev.miningMW < EPS) say(`mining is said to stop in ${w} but had stopped before`);
  }
  for (const [, w] of words.matchAll(new RegExp(`[Ss]ite (?:stands )?idle from ${MONTH}`, 'g'))) {
    const m = monthOf(w);
    if (from(m).some((r) => r.miningMW > EPS || converting(r) > EPS || r.idleMW < EPS))
      say(`the site is said idle from ${w} but mines or converts`);
    const prev = before(m);
    if (prev && prev.miningMW < EPS && converting(prev) < EPS)
      say(`the site is said idle from ${w} but was idle before`);
  }
  for (const [, mw, w] of words.matchAll(
    new RegExp(`([\\d,.]+) MW stand idle from ${MONTH}`, 'g'),
  )) {
    const x = Number(mw.replace(/,/g, ''));
    const m = monthOf(w);
    if (from(m).some((r) => r.idleMW < x - 0.06)) say(`${mw} MW are said idle from ${w}`);
    if (Math.abs((rows.at(-1)?.idleMW ?? 0) - x) > 0.06) say(`${mw} MW idle at the end`);
  }
  for (const [, mw, , w] of words.matchAll(
    new RegExp(`convert ([\\d,.]+) MW to “([^”]+)” from ${MONTH}`, 'gi'),
  )) {
    const x = Number(mw.replace(/,/g, ''));
    const starts = builds.filter((b) => b.mw > EPS);
    if (!starts.length) say('a conversion is said but the plan builds nothing');
    const sorted = starts.map((b) => b.month).sort();
    if (sorted[0] !== monthOf(w)) say(`the first conversion is said to start ${w}`);
    const total = starts.reduce((a, b) => a + b.mw, 0);
    if (Math.abs(total - x) > 0.06 && !/ and /.test(words)) say(`${mw} MW said converted`);
  }
  if (/[Cc]onvert nothing|[Kk]eep (?:the site )?mining/.test(words)) {
    if (builds.some((b) => b.mw > EPS)) say('"convert nothing" but the plan builds');
    if (rows.some((r) => converting(r) > EPS)) say('"convert nothing" but MW convert');
  }
  if (/[Kk]eep (?:the site )?mining/.test(words) && rows.some((r) => r.miningMW < EPS))
    say('"keep mining" but some month mines nothing');
  for (const [, mw] of words.matchAll(/keep ([\d,.]+) MW mining to the end/g)) {
    const x = Number(mw.replace(/,/g, ''));
    if (Math.abs((rows.at(-1)?.miningMW ?? 0) - x) > 0.06) say(`${mw} MW said mining at the end`);
  }
  for (const [, w, hp, be] of words.matchAll(
    new RegExp(
      `Mining stops in ${MONTH}:[^$]*\\$([\\d.]+)/PH/day\\) is below [^$]*\\$([\\d.]+)/PH/day`,
      'g',
    ),
  )) {
    const row = rows.find((r) => r.month === monthOf(w));
    if (Number(hp) >= Number(be)) say(`hashprice $${hp} said below $${be}`);
    if (row && row.hashpriceUsdPerPhDay.toFixed(hp.split('.')[1]?.length ?? 0) !== hp)
      say(`hashprice in ${w} is ${row.hashpriceUsdPerPhDay}, said $${hp}`);
  }
  return out;
}

/**
 * Every contradiction between an answer's months and its reason (decision and because lines) and,
 * when given, the plan box's lines. A portfolio's words are split by site name.
 */
export function reasonContradictions(
  result: Pick<SolveResult, 'months' | 'plan' | 'sites'>,
  texts: readonly string[],
): string[] {
  if (!result.sites?.length)
    return texts.flatMap((t) => siteContradictions(t, result.months, result.plan.builds));
  const out: string[] = [];
  for (const text of texts)
    for (const site of result.sites) {
      const at = text.indexOf(`${site.name}:`);
      if (at < 0) continue;
      const rest = text.slice(at + site.name.length + 1);
      const next = result.sites
        .map((x) => rest.indexOf(`${x.name}:`))
        .filter((i) => i >= 0)
        .sort((a, b) => a - b)[0];
      const part = next === undefined ? rest : rest.slice(0, next);
      const builds = result.plan.builds.filter((b) => b.siteId === site.id);
      out.push(...siteContradictions(part, site.months as Row[], builds));
    }
  return out;
}
