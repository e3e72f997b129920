/**
 * @module lib/risk — the Risk view's inputs as typed (volatilities in %/√yr, the correlation as a
 * plain number), their check in those units, and the Monte Carlo request they stand for
 * (docs/montecarlo.md).
 */
import { LIMITS, type ScenarioInput } from '../../../model/schema';
import { CALIBRATED_ON, CALIBRATED_PROCESS } from './calibration';
import type { MonteCarloBody } from './montecarlo-api';
import { riskMode } from './risk-mode';
import { DEFAULT_POLICY_FORM, policyAndRisks, type RiskPolicyForm } from './risk-policy';
import type { FormIssue } from './uncertainty';

/** The Risk view's inputs as typed (the policy's own: lib/risk-policy). */
export interface RiskForm extends RiskPolicyForm {
  readonly paths: string;
  readonly seed: string;
  readonly btcVolatilityPct: string;
  readonly networkVolatilityPct: string;
  readonly correlation: string;
  /** `policy` or `hindsight` (lib/risk-mode). */
  readonly mode: string;
  /** Share of mined BTC kept, % (blank: no treasury; policy mode only). */
  readonly holdSharePct: string;
  /** The BTC-backed loan, % (all three blank: no loan; with a treasury only). */
  readonly loanMaxLtvPct?: string;
  readonly loanRatePct?: string;
  readonly marginCallLtvPct?: string;
}

/** The loan's fields, in the order the form shows them. */
export const LOAN_FIELDS = ['loanMaxLtvPct', 'loanRatePct', 'marginCallLtvPct'] as const;

/** A share per √year as the form's %, to 0.01 %. */
const pct = (share: number) => String(Math.round(share * 10_000) / 100);

/**
 * 500 paths, seed 1, and the volatilities and correlation calibrated to the market history
 * (lib/calibration, docs/market.md "Calibration"), the volatilities to 0.01 %, the correlation to
 * 0.0001.
 */
export const DEFAULT_RISK_FORM: RiskForm = {
  paths: '500',
  seed: '1',
  btcVolatilityPct: pct(CALIBRATED_PROCESS.btcVolatilityPerYear),
  networkVolatilityPct: pct(CALIBRATED_PROCESS.networkVolatilityPerYear),
  correlation: String(Math.round(CALIBRATED_PROCESS.correlation * 10_000) / 10_000),
  mode: 'policy',
  holdSharePct: '',
  loanMaxLtvPct: '',
  loanRatePct: '',
  marginCallLtvPct: '',
  ...DEFAULT_POLICY_FORM,
};

/** What the calibrated defaults say beside their inputs. */
export const CALIBRATION_NOTE = `calibrated on ${CALIBRATED_ON.from} to ${CALIBRATED_ON.to}`;

const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The request the form stands for, or its problems (then no request). */
export function toMonteCarloRequest(
  form: RiskForm,
  scenario: ScenarioInput,
): { request?: MonteCarloBody; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const text = (field: keyof RiskForm) => form[field] ?? '';
  const check = (field: keyof RiskForm, lo: number, hi: number, unit: string, whole = false) => {
    const v = number(text(field));
    // "1 month", not "1 months".
    const units = (n: number) => (unit === 'months' && n === 1 ? 'month' : unit);
    if (!Number.isFinite(v) || (whole && !Number.isInteger(v)))
      issues.push({
        field,
        message: whole ? 'must be a whole number' : `must be a number${unit ? ` in ${unit}` : ''}`,
      });
    else if (v < lo)
      issues.push({ field, message: `must be at least ${lo}${unit ? ` ${units(lo)}` : ''}` });
    else if (v > hi)
      issues.push({
        field,
        message: `must be at most ${hi.toLocaleString('en-US')}${unit ? ` ${units(hi)}` : ''}`,
      });
    return v;
  };
  const paths = check('paths', 1, LIMITS.maxMonteCarloPaths, '', true);
  const seed = check('seed', 0, 2 ** 32 - 1, '', true);
  const btc = check('btcVolatilityPct', 0, 500, '%/√yr');
  const network = check('networkVolatilityPct', 0, 500, '%/√yr');
  const correlation = check('correlation', -1, 1, '');
  const mode = riskMode(form.mode);
  const hold =
    mode === 'policy' && form.holdSharePct.trim() !== ''
      ? check('holdSharePct', 0, 100, '%')
      : undefined;
  const loanAsked = hold !== undefined && LOAN_FIELDS.some((f) => text(f).trim() !== '');
  const [maxLtv, rate, callLtv] = LOAN_FIELDS.map((f) =>
    loanAsked ? check(f, 0, 100, '%') : Number.NaN,
  );
  const policyRisks = mode === 'policy' ? policyAndRisks(form, check) : {};
  if (loanAsked && callLtv < maxLtv)
    issues.push({ field: 'marginCallLtvPct', message: 'must be at least the loan’s maximum LTV' });
  const loan = loanAsked
    ? { maxLtv: maxLtv / 100, ratePerYear: rate / 100, marginCallLtv: callLtv / 100 }
    : undefined;
  if (scenario.market.hashprice.kind !== 'projection') {
    issues.push({
      field: 'scenario',
      message:
        'needs a hashprice projection (BTC price and network hashrate), not a series: ' +
        'Monte Carlo samples around the projection',
    });
  }
  if (issues.length) return { issues };
  const { uncertainty: _cases, ...plain } = scenario;
  return {
    request: {
      scenario: plain,
      paths,
      seed,
      btc: { volatilityPerYear: btc / 100 },
      network: { volatilityPerYear: network / 100, correlation },
      mode,
      ...policyRisks,
      ...(hold !== undefined
        ? { treasury: { holdShare: hold / 100, ...(loan ? { loan } : {}) } }
        : {}),
    },
    issues,
  };
}
