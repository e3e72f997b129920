/**
 * @module lib/risk-policy — the policy run's own inputs in the Risk view (docs/montecarlo.md): the
 * idle months before a fleet is sold (`policy.sellAfterIdleMonths`), delivery slips (`risks.slip`)
 * and capex overruns (`risks.capexOverrun`), as typed and as the request takes them.
 */

/** The policy run's inputs as typed (blank: the API's default, or no such risk). */
export interface RiskPolicyForm {
  /** Months in a row a fleet's MW may idle before they are sold (blank: 6). */
  readonly sellAfterIdleMonths?: string;
  /** Chance that a build commences late, % (blank with the months: no slips). */
  readonly slipProbabilityPct?: string;
  /** Months a slipped build commences late. */
  readonly slipMonths?: string;
  /** σ of the log of each cohort's capex factor, % (blank: no overruns). */
  readonly capexOverrunVolPct?: string;
}

/** What the form shows for each input: label, unit and one line on what it does. */
export const POLICY_FIELDS: readonly {
  field: keyof RiskPolicyForm;
  label: string;
  unit: string;
  note: string;
}[] = [
  {
    field: 'sellAfterIdleMonths',
    label: 'Sell idle machines after',
    unit: 'months (1–240)',
    note: 'MW that earn nothing this many months in a row are sold at that month’s resale price.',
  },
  {
    field: 'slipProbabilityPct',
    label: 'Delivery slip, chance',
    unit: '% per build (blank: none)',
    note: 'Each build may commence late: rent starts later, capex is paid as planned.',
  },
  {
    field: 'slipMonths',
    label: 'Delivery slip, delay',
    unit: 'months (0–60)',
    note: 'How much later a slipped build commences.',
  },
  {
    field: 'capexOverrunVolPct',
    label: 'Capex overrun volatility',
    unit: '% σ of log capex (blank: none)',
    note: 'Each cohort’s building capex × a lognormal factor of mean 1 with this spread.',
  },
];

/** The blank inputs: the API's defaults, no slips, no overruns. */
export const DEFAULT_POLICY_FORM: Required<RiskPolicyForm> = {
  sellAfterIdleMonths: '6',
  slipProbabilityPct: '',
  slipMonths: '',
  capexOverrunVolPct: '',
};

/** Checks a field in its units (as lib/risk does), returning its value. */
type Check = (
  field: keyof RiskPolicyForm,
  lo: number,
  hi: number,
  unit: string,
  whole?: boolean,
) => number;

/**
 * The request's `policy` and `risks` from the form (`check` records any problem): each only when
 * asked; a slip needs both its chance and its delay.
 */
export function policyAndRisks(
  form: RiskPolicyForm,
  check: Check,
): {
  policy?: { sellAfterIdleMonths: number };
  risks?: {
    slip?: { probability: number; months: number };
    capexOverrun?: { volatility: number };
  };
} {
  const asked = (f: keyof RiskPolicyForm) => (form[f] ?? '').trim() !== '';
  const idle = asked('sellAfterIdleMonths')
    ? check('sellAfterIdleMonths', 1, 240, 'months', true)
    : undefined;
  const slip =
    asked('slipProbabilityPct') || asked('slipMonths')
      ? {
          probability: check('slipProbabilityPct', 0, 100, '%') / 100,
          months: check('slipMonths', 0, 60, 'months', true),
        }
      : undefined;
  const vol = asked('capexOverrunVolPct') ? check('capexOverrunVolPct', 0, 200, '%') : undefined;
  const risks = {
    ...(slip ? { slip } : {}),
    ...(vol !== undefined ? { capexOverrun: { volatility: vol / 100 } } : {}),
  };
  return {
    ...(idle !== undefined ? { policy: { sellAfterIdleMonths: idle } } : {}),
    ...(slip || vol !== undefined ? { risks } : {}),
  };
}
