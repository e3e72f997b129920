/**
 * @module headline — the answer in one sentence (what to do, what it is worth against keeping the
 * site mining, the conversion IRR, the lease breakeven), the plan's phases, the NPV after and
 * before tax when the scenario has a tax block, and the red flags a CFO looks for first.
 */
import type { MonthRow, ScenarioInput, SolveResult } from '../../../model/schema';
import {
  formatMonth,
  formatMW,
  formatPct,
  formatUsd,
  formatUsdDelta,
  localeNumber,
} from './format';
import { formatParameterValue } from './parameters';
import { offerKind } from './kinds';
import { offerPaths, offersOf } from './portfolio';

/**
 * Answer fields the model is adding (NPV over the mining-only plan, conversion IRR, NPV basis,
 * phases, notes). Read as optional: each piece of the headline shows only once the API sends it.
 * Remove this when `SolveResult` carries them.
 */
/**
 * The answer fields the headline reads (all in the answer schema; `phases` and `notes` may be
 * absent).
 */
export type UpcomingAnswer = Pick<SolveResult, 'phases' | 'notes'>;

/** The headline: one sentence, the phases of the plan as lines, and the model's notes. */
export interface Headline {
  readonly verdict: string;
  readonly phases: readonly string[];
  readonly notes: readonly string[];
}

/**
 * The lease rate whose breakeven the headline quotes: the first lease offer's
 * (`hpcOptions.<i>.leaseUsdPerKwMonth`, or in a portfolio the first lease over the sites,
 * `sites.<k>.hpcOptions.<i>.…`); none without a lease (GPU clouds only).
 */
export function headlineBreakeven(scenario: ScenarioInput): string | undefined {
  const first = offerPaths(scenario).find((o) => offerKind(o.offer) === 'lease');
  return first && `${first.path}.leaseUsdPerKwMonth`;
}

const mining = (r: MonthRow) => r.miningExistingMW + r.miningRefreshMW;

/**
 * What happens to a site that converts nothing, as its months show it: it keeps mining, or its
 * fleet is sold (the month from which no ASIC is held to the end) and it stands idle from the
 * month from which nothing mines.
 */
export function withoutConversion(months: readonly MonthRow[]): string {
  const tail = (holds: (r: MonthRow) => boolean) => {
    let k = months.length;
    while (k > 0 && holds(months[k - 1])) k--;
    return k;
  };
  const idleFrom = tail((r) => mining(r) < 1e-3);
  if (idleFrom === months.length) return 'Keep mining';
  const from = months[idleFrom]?.month;
  const sold = tail((r) => r.fleetExistingHeldMW < 1e-3 && r.fleetRefreshHeldMW < 1e-3);
  if (idleFrom === 0) return 'Site idle throughout: mining does not cover its cash costs';
  return sold < months.length
    ? `Fleet sold in ${formatMonth(months[sold].month)}, site idle from ${formatMonth(from)}`
    : `Mining stops in ${formatMonth(from)}, site idle`;
}

/**
 * The total of MW figures as their lines read: 110 MW and 94.5 MW make "204.5 MW", never the
 * "204 MW" of rounding the exact sum (parts under 1 kW are left out, as their lines are).
 */
export function totalMW(parts: readonly number[]): string {
  const shown = parts
    .filter((mw) => Math.abs(mw) >= 1e-3)
    .map((mw) =>
      formatMW(mw)
        .replace(/[, MW]/g, '')
        .replace('−', '-'),
    );
  const digits = Math.max(0, ...shown.map((x) => x.split('.')[1]?.length ?? 0));
  const sum = shown.reduce((s, x) => s + Number(x), 0);
  return `${localeNumber(sum, digits, digits)} MW`;
}

/**
 * The plan's steps, one line per offer (its MW and when they start), and the ASIC refresh; never
 * "in N steps".
 */
function phaseLines(result: SolveResult & UpcomingAnswer, scenario: ScenarioInput): string[] {
  const name = (id: string) => offersOf(scenario).find((o) => o.id === id)?.name ?? id;
  if (result.phases?.length) {
    return result.phases.map(
      (p) =>
        `${name(p.optionId)}: ${formatMW(p.mw)} converted ${formatMonth(p.startMonth)}` +
        (p.endMonth !== p.startMonth ? `–${formatMonth(p.endMonth)}` : '') +
        `, lease from ${formatMonth(p.commencementMonth)}`,
    );
  }
  const lines: string[] = [];
  for (const o of offersOf(scenario)) {
    const builds = result.plan.builds.filter((b) => b.optionId === o.id && b.mw > 1e-6);
    if (!builds.length) continue;
    const mw = builds.reduce((s, b) => s + b.mw, 0);
    const months = builds.map((b) => b.month).sort();
    const when =
      months[0] === months.at(-1)
        ? `in ${formatMonth(months[0])}`
        : `from ${formatMonth(months[0])} to ${formatMonth(months.at(-1))}`;
    lines.push(`${o.name}: ${formatMW(mw)} converted ${when}`);
  }
  const refresh = result.plan.refreshes.filter((r) => r.mw > 1e-6);
  if (refresh.length)
    lines.push(
      `Newer ASICs: ${formatMW(refresh.reduce((s, r) => s + r.mw, 0))} bought from ` +
        formatMonth(refresh.map((r) => r.month).sort()[0]),
    );
  return lines;
}

/**
 * The headline of an optimal answer, e.g. "Convert 100 MW from Jan 2027: +$248M NPV over mining
 * only (at 12 %/yr, as of 2027-01); conversion IRR 31 %; breaks even at $96.41/kW-month".
 * @param leaseBreakeven the first offer's breakeven lease rate (from /api/breakeven), when known;
 * `null` when none exists.
 */
export function makeHeadline(
  result: SolveResult & UpcomingAnswer,
  scenario: ScenarioInput,
  leaseBreakeven?: number | null,
): Headline {
  const k = result.kpis;
  // The MW of the lines the headline lists under it, so that the total is their sum as read.
  const lineMW = result.phases?.length
    ? result.phases.map((p) => p.mw)
    : offersOf(scenario).map((o) =>
        result.plan.builds.filter((b) => b.optionId === o.id).reduce((s, b) => s + b.mw, 0),
      );
  const hpcMW = lineMW.reduce((s, mw) => s + mw, 0);
  const first = result.phases?.length
    ? result.phases.map((p) => p.startMonth).sort()[0]
    : result.plan.builds.map((b) => b.month).sort()[0];
  const action =
    hpcMW > 1e-3 && first
      ? `Convert ${totalMW(lineMW)} from ${formatMonth(first)}`
      : withoutConversion(result.months);
  const basis = k?.npvBasis?.label ? ` (${k.npvBasis.label})` : '';
  const taxed = afterTaxNpv(result, scenario) ? ' after tax' : '';
  const worth =
    k?.npvVsMiningOnlyUsd != null
      ? `${formatUsdDelta(k.npvVsMiningOnlyUsd)} NPV over mining only${taxed}${basis}`
      : `NPV${taxed} ${formatUsd(result.npvUsd)}${basis}`;
  const parts = [`${action}: ${worth}`];
  if (k?.conversionIrrPerYear != null)
    parts.push(`conversion IRR ${formatPct(k.conversionIrrPerYear, 0)}`);
  const quoted = headlineBreakeven(scenario);
  if (leaseBreakeven != null && quoted)
    parts.push(`breaks even at ${formatParameterValue(quoted, leaseBreakeven, scenario)}`);
  return {
    verdict: parts.join('; '),
    phases: phaseLines(result, scenario),
    notes: result.notes ?? [],
  };
}

/** The plan's NPV after tax and the same plan's before tax (docs/model.md "Tax"). */
export interface AfterTaxNpv {
  /** The answer's `npvUsd`, after tax. */
  readonly afterTaxUsd: number;
  /** `kpis.npvBeforeTaxUsd`: the same plan before tax (npvUsd + the tax's PV). */
  readonly beforeTaxUsd: number;
}

/**
 * Both NPVs of an answer whose scenario has a tax block and whose answer carries the before-tax
 * figure; none otherwise (a pre-tax answer has one NPV).
 */
export function afterTaxNpv(result: SolveResult, scenario: ScenarioInput): AfterTaxNpv | undefined {
  const before = result.kpis?.npvBeforeTaxUsd;
  if (!scenario.tax || before == null || result.npvUsd == null) return undefined;
  return { afterTaxUsd: result.npvUsd, beforeTaxUsd: before };
}

/**
 * A red flag on the answer: thin covenant headroom, debt near its limit, months the plan needs new
 * equity.
 */
export interface RiskFlag {
  readonly key: 'covenant' | 'facility' | 'equity';
  readonly text: string;
}

/** The red flags of an optimal answer (none when the plan has room everywhere). */
export function riskFlags(result: SolveResult, scenario: ScenarioInput): RiskFlag[] {
  const out: RiskFlag[] = [];
  const k = result.kpis;
  if (!k) return out;
  const minCash = scenario.financing.minCashUsd;
  // Thin: under a tenth of the covenant's minimum, or nothing at all when there is no minimum.
  if (k.minCovenantHeadroomUsd < Math.max(0.1 * minCash, 0.5)) {
    out.push({
      key: 'covenant',
      text:
        `Covenant headroom ${formatUsd(Math.max(0, k.minCovenantHeadroomUsd))} in ` +
        `${formatMonth(k.minCovenantHeadroomMonth)}: cash at its ${formatUsd(minCash)} minimum, ` +
        'no room for a bad month.',
    });
  }
  const limit = scenario.financing.facility?.limitUsd;
  if (limit && limit > 0) {
    const peak = result.months.reduce(
      (best, r) => (r.facilityUsd > best.facilityUsd ? r : best),
      result.months[0],
    );
    if (peak && peak.facilityUsd >= 0.9 * limit) {
      out.push({
        key: 'facility',
        text:
          `Facility drawn to ${formatUsd(peak.facilityUsd)} of its ${formatUsd(limit)} limit ` +
          `(${formatPct(peak.facilityUsd / limit, 0)}) in ${formatMonth(peak.month)}; ` +
          `peak debt ${formatUsd(k.peakDebtUsd)}.`,
      });
    }
  }
  const raises = result.months.filter((r) => r.equityRaisedUsd > 0.5);
  if (raises.length) {
    const total = raises.reduce((s, r) => s + r.equityRaisedUsd, 0);
    const shown = raises
      .slice(0, 3)
      .map((r) => `${formatMonth(r.month)} (${formatUsd(r.equityRaisedUsd)})`)
      .join(', ');
    out.push({
      key: 'equity',
      text:
        `New equity of ${formatUsd(total)} in ${raises.length} ` +
        `${raises.length === 1 ? 'month' : 'months'}: ${shown}${raises.length > 3 ? ', …' : ''}.`,
    });
  }
  return out;
}
