/**
 * @module report/decision — the board report's decision: what the plan does, in one sentence and a
 * line per offer, read from the answer's plan and months (never from a template of guesses).
 */
import type { MonthRow, Scenario, SolveResult } from '../schema';
import { allOptions } from '../sites';
import { reportMonth, reportMW } from './format';

/** The decision: a sentence, and a line per offer converted (and the ASIC refresh). */
export interface Decision {
  readonly verdict: string;
  readonly lines: readonly string[];
}

const mining = (r: MonthRow) => r.miningExistingMW + r.miningRefreshMW;

/** What a plan that converts nothing does with the site: keep mining, or sell and sit idle. */
function withoutConversion(months: readonly MonthRow[]): string {
  let idleFrom = months.length;
  while (idleFrom > 0 && mining(months[idleFrom - 1]) < 1e-3) idleFrom--;
  if (idleFrom === months.length) return 'Keep the site mining: no conversion pays';
  if (idleFrom === 0) return 'Leave the site idle: mining does not cover its cash costs';
  return (
    `Convert nothing; mine until ${reportMonth(months[idleFrom - 1].month)}, ` +
    `then the site is idle from ${reportMonth(months[idleFrom].month)}`
  );
}

/** The decision of an answer; an answer without a plan says why (its diagnosis). */
export function decisionOf(scenario: Scenario, result: SolveResult): Decision {
  if (result.status !== 'optimal')
    return {
      verdict: `No plan: the answer is ${result.status}`,
      lines: (result.diagnosis ?? []).map((d) => d.message).concat(result.message ?? []),
    };
  const name = (id: string) =>
    allOptions(scenario).find((o) => o.option.id === id)?.option.name ?? id;
  const lines: string[] = [];
  const byOption = new Map<string, { mw: number; months: string[] }>();
  for (const b of result.plan.builds.filter((b) => b.mw > 1e-6)) {
    const e = byOption.get(b.optionId) ?? { mw: 0, months: [] };
    e.mw += b.mw;
    e.months.push(b.month);
    byOption.set(b.optionId, e);
  }
  for (const [id, e] of byOption) {
    const months = e.months.sort();
    const phase = result.phases?.find((p) => p.optionId === id);
    const when =
      months[0] === months.at(-1)
        ? `in ${reportMonth(months[0])}`
        : `from ${reportMonth(months[0])} to ${reportMonth(months.at(-1))}`;
    const from = phase ? `, commencing ${reportMonth(phase.commencementMonth)}` : '';
    lines.push(`${name(id)}: ${reportMW(e.mw)} of grid converted ${when}${from}`);
  }
  const refresh = result.plan.refreshes.filter((r) => r.mw > 1e-6);
  if (refresh.length)
    lines.push(
      `Newer ASICs: ${reportMW(refresh.reduce((s, r) => s + r.mw, 0))} bought from ` +
        reportMonth(refresh.map((r) => r.month).sort()[0]),
    );
  const total = [...byOption.values()].reduce((s, e) => s + e.mw, 0);
  const first = [...byOption.values()].flatMap((e) => e.months).sort()[0];
  const verdict =
    total > 1e-3 && first
      ? `Convert ${reportMW(total)} of grid to HPC from ${reportMonth(first)}`
      : withoutConversion(result.months);
  return { verdict, lines };
}
