/**
 * @module lib/uncertainty — the bear/base/bull form of the uncertainty panel: its defaults, its
 * check (errors in the field's units) and the scenario's `uncertainty` block it stands for; and
 * what a two-stage plan does in each case after the reveal, as sentences (docs/model.md,
 * "Uncertainty").
 */
import type { Plan, ScenarioInput, Uncertainty } from '../../../model/schema';
import { addMonths, formatMonth, formatMW } from './format';

/** One case as typed: probability in %, hashprice multiplier in ×. */
export interface CaseForm {
  readonly name: string;
  readonly probabilityPct: string;
  readonly multiplier: string;
}

/** The panel's inputs as typed. `revealMonths` counts months after the scenario's start. */
export interface UncertaintyForm {
  readonly cases: readonly CaseForm[];
  readonly revealMonths: string;
}

/**
 * Bear 25 % at half the hashprice, base 45 % as is, bull 30 % at one and a half; revealed a year
 * in.
 */
export const DEFAULT_UNCERTAINTY_FORM: UncertaintyForm = {
  cases: [
    { name: 'bear', probabilityPct: '25', multiplier: '0.5' },
    { name: 'base', probabilityPct: '45', multiplier: '1' },
    { name: 'bull', probabilityPct: '30', multiplier: '1.5' },
  ],
  revealMonths: '12',
};

/**
 * A problem with one input of the form: `field` is `cases.0.probabilityPct`, `cases.1.multiplier`,
 * `revealMonths` or `probabilities`.
 */
export interface FormIssue {
  readonly field: string;
  readonly message: string;
}

const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/**
 * The `uncertainty` block the form stands for, or the form's problems (then no block):
 * probabilities in 0–100 % adding up to 100 %, multipliers above 0 × and at most 10 ×, the reveal
 * inside the horizon.
 */
export function toUncertainty(
  form: UncertaintyForm,
  scenario: Pick<ScenarioInput, 'startMonth' | 'horizonMonths'>,
): { uncertainty?: Uncertainty; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const cases = form.cases.map((c, i) => {
    const pct = number(c.probabilityPct);
    if (!Number.isFinite(pct))
      issues.push({ field: `cases.${i}.probabilityPct`, message: 'must be a number in %' });
    else if (pct < 0)
      issues.push({ field: `cases.${i}.probabilityPct`, message: 'must be at least 0 %' });
    else if (pct > 100)
      issues.push({ field: `cases.${i}.probabilityPct`, message: 'must be at most 100 %' });
    const x = number(c.multiplier);
    if (!Number.isFinite(x))
      issues.push({ field: `cases.${i}.multiplier`, message: 'must be a number (×)' });
    else if (x <= 0)
      issues.push({ field: `cases.${i}.multiplier`, message: 'must be more than 0 ×' });
    else if (x > 10)
      issues.push({ field: `cases.${i}.multiplier`, message: 'must be at most 10 ×' });
    return { name: c.name, probability: pct / 100, hashpriceMultiplier: x, extraBuildMonths: 0 };
  });
  const sumPct = form.cases.reduce((s, c) => s + number(c.probabilityPct), 0);
  if (Number.isFinite(sumPct) && Math.abs(sumPct - 100) > 1e-6) {
    issues.push({
      field: 'probabilities',
      message: `probabilities add up to ${Number(sumPct.toFixed(4))} %; they must add up to 100 %`,
    });
  }
  const reveal = number(form.revealMonths);
  const last = scenario.horizonMonths - 1;
  if (!Number.isInteger(reveal) || reveal < 1 || reveal > last) {
    issues.push({
      field: 'revealMonths',
      message: `must be a whole number of months from 1 to ${last}`,
    });
  }
  if (issues.length) return { issues };
  return {
    uncertainty: { revealMonth: addMonths(scenario.startMonth, reveal), scenarios: cases },
    issues,
  };
}

/**
 * What the plan does after the reveal in each case, one sentence per case, from the builds and ASIC
 * purchases that carry the case's name: "bear: converts 50 MW more from Jan 2028", "base: nothing
 * more after the reveal".
 */
export function caseSentences(plan: Plan, caseNames: readonly string[]): string[] {
  return caseNames.map((name) => {
    const builds = plan.builds.filter((b) => b.case === name && b.mw > 1e-6);
    const buys = plan.refreshes.filter((r) => r.case === name && r.mw > 1e-6);
    const parts: string[] = [];
    if (builds.length) {
      const mw = builds.reduce((s, b) => s + b.mw, 0);
      const first = builds.map((b) => b.month).sort()[0];
      parts.push(`converts ${formatMW(mw)} more from ${formatMonth(first)}`);
    }
    if (buys.length) {
      const mw = buys.reduce((s, r) => s + r.mw, 0);
      const first = buys.map((r) => r.month).sort()[0];
      parts.push(`buys ${formatMW(mw)} of new ASICs from ${formatMonth(first)}`);
    }
    return `${name}: ${parts.length ? parts.join('; ') : 'nothing more after the reveal'}`;
  });
}
