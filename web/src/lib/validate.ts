/**
 * @module validate — the scenario checked in the browser with the API's own schema, before any
 * request: problems named by dot path in the units the field shows ("must be at most 100 %"), and
 * warnings for valid but suspicious inputs.
 */
import type { ScenarioInput } from '../../../model/schema';
import { ScenarioSchema, zodIssues } from '../../../model/schema';
import type { FieldIssue } from './api';
import { CALENDAR_MONTHS, fieldLabel, toDisplay } from './fields';
import { joinPath } from './paths';
import { siteScenario, sitePaths } from './portfolio';

const number = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 6 });

/**
 * A zod issue's message with its bound in the field's display unit (150 in a % field: "must be at
 * most 100 %"); the paths and unknown keys are worded by the API's own `zodIssues`.
 */
function message(issue: {
  code: string;
  message: string;
  path: PropertyKey[];
  maximum?: unknown;
  minimum?: unknown;
  inclusive?: boolean;
  origin?: string;
}): string {
  const f = fieldLabel(issue.path.join('.'));
  const unit = f?.unit ? ` ${f.unit}` : '';
  const bound = (v: unknown) => `${number(toDisplay(Number(v), f?.scale))}${unit}`;
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `must be ${issue.inclusive === false ? 'below' : 'at most'} ${bound(issue.maximum)}`;
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `must be ${issue.inclusive === false ? 'above' : 'at least'} ${bound(issue.minimum)}`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
    return 'must not be empty';
  const shares =
    /^hoursShare must sum to 1(?: \(list (\d+), calendar month \d+\))?, got (.+)$/.exec(
      issue.message,
    );
  if (shares) {
    const month = shares[1] === undefined ? '' : ` in ${CALENDAR_MONTHS[Number(shares[1])]}`;
    return `the shares of hours must add up to 100 %${month}, not ${number(toDisplay(Number(shares[2]), 'pct'))} %`;
  }
  return issue.message;
}

/**
 * Whether two lists of problems say the same (path and message, in order): the `equals` of the memos
 * that hold them, so that a slider's move, which leaves them as they were (none), updates no field.
 */
export function sameIssues(a: readonly FieldIssue[], b: readonly FieldIssue[]): boolean {
  return (
    a.length === b.length && a.every((x, i) => x.path === b[i].path && x.message === b[i].message)
  );
}

/**
 * The problems the API would refuse `scenario` for, as the editor shows them (none for a valid
 * scenario).
 */
export function validateScenario(scenario: unknown): FieldIssue[] {
  const r = ScenarioSchema.safeParse(scenario);
  return r.success
    ? []
    : zodIssues(r.error, { message: (i) => message(i as Parameters<typeof message>[0]) });
}

/**
 * Valid but suspicious inputs: the answer will be right for them, but they are probably not what
 * was meant.
 */
export function scenarioWarnings(s: ScenarioInput): FieldIssue[] {
  const out: FieldIssue[] = [];
  const fmt = (usd: number) => `$${number(toDisplay(usd, 'usdM'))}M`;
  sitePaths(s).forEach((base, i) => {
    const { site } = siteScenario(s, i);
    const gridMW = site.gridMW + (site.gridAdditions ?? []).reduce((t, a) => t + a.mw, 0);
    if (site.hpcEligibleMW > gridMW) {
      out.push({
        path: joinPath(base, 'site.hpcEligibleMW'),
        message:
          `${number(site.hpcEligibleMW)} MW may be converted, but the grid has ` +
          `${number(gridMW)} MW at most: no more than that can be.`,
      });
    }
  });
  if (s.financing.cashUsd < s.financing.minCashUsd) {
    out.push({
      path: 'financing.cashUsd',
      message:
        `Starting cash ${fmt(s.financing.cashUsd)} is below the covenant's ` +
        `minimum ${fmt(s.financing.minCashUsd)}: the plan must raise or borrow at once.`,
    });
  }
  return out;
}
