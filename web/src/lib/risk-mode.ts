/**
 * @module lib/risk-mode — which Monte Carlo the Risk view asks for (docs/montecarlo.md): the policy
 * simulator or the hindsight bound, and why a scenario with a tax block gets the bound.
 */
import type { ScenarioInput } from '../../../model/schema';

export type RiskMode = 'policy' | 'hindsight';

/** What each mode means, one line each. */
export const MODE_NOTES: Record<RiskMode, string> = {
  policy:
    'policy: a rule that knows only the past runs the plan on each path (sells idle fleets, ' +
    'draws debt as cash runs short), with the deal’s risks sampled',
  hindsight:
    'hindsight: an LP per path that sees the whole path — the perfect-foresight bound, kinder ' +
    'than any real policy',
};

/** Why a scenario with a tax block runs the hindsight bound. */
export const TAX_NOTE =
  'This scenario has a tax block: the policy simulator values flows before tax, so the run uses ' +
  'the hindsight bound (after tax) instead. Remove the tax block to simulate the policy.';

/** The mode the form asks for, and the one sent: hindsight when policy is asked with tax. */
export function riskMode(
  asked: string,
  scenario: Pick<ScenarioInput, 'tax'>,
): { mode: RiskMode; forcedByTax: boolean } {
  const wanted: RiskMode = asked === 'hindsight' ? 'hindsight' : 'policy';
  const forcedByTax = wanted === 'policy' && !!scenario.tax;
  return { mode: forcedByTax ? 'hindsight' : wanted, forcedByTax };
}
