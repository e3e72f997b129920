/** Scenarios for API tests that need a solve to take a while. */
import { loadPreset } from '../../data/load';
import type { ScenarioInput } from '../../model';

/**
 * A MILP that keeps HiGHS busy up to its time limit: 240 months, 5 MW blocks on every month, two
 * offers.
 */
export function longScenario(timeLimitSeconds: number): ScenarioInput {
  const s = structuredClone(loadPreset('texas-blocks')) as any;
  s.horizonMonths = 240;
  s.hpcOptions[0].blockMW = 5;
  s.hpcOptions[0].decisionIntervalMonths = 1;
  s.hpcOptions.push({
    ...s.hpcOptions[0],
    id: 'second',
    leaseUsdPerKwMonth: s.hpcOptions[0].leaseUsdPerKwMonth * 0.97,
    buildMonths: 9,
  });
  s.solve = { solver: 'highs', timeLimitSeconds, mipRelGap: 0 };
  return s;
}
