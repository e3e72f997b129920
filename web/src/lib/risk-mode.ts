/**
 * @module lib/risk-mode — which Monte Carlo the Risk view asks for (docs/montecarlo.md): the policy
 * simulator or the hindsight bound (both after tax when the scenario has a tax block).
 */

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

/** The mode the form asks for: policy unless hindsight is asked. */
export function riskMode(asked: string): RiskMode {
  return asked === 'hindsight' ? 'hindsight' : 'policy';
}
