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

/**
 * `texas-100mw` over 205 months with two continuous leases, its own $82M and the $100M facility (no
 * project debt, no equity), valued as equity: every dollar of rent goes into the next MW, so the
 * LP optimum has a sliver in most decision months and its minimum-build MILP does not end in a
 * minute (docs/model.md, "Plans a person can read").
 */
export function selfFundedScenario(timeLimitSeconds: number, minBuildMW = 1): ScenarioInput {
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  const lease = (id: string, rent: number, build: number, maxMW: number, every: number) => ({
    ...s.hpcOptions[0],
    id,
    name: `${id}: 15-year lease at $${rent}/kW-month`,
    leaseUsdPerKwMonth: rent,
    buildMonths: build,
    switchoverMonths: 0,
    maxMW,
    blockMW: 0,
    decisionIntervalMonths: every,
  });
  s.name = 'Self-funded, 205 months';
  s.horizonMonths = 205;
  s.hpcOptions = [lease('offer-0', 104, 8, 55, 4), lease('offer-1', 100, 9, 80, 3)];
  delete s.financing.projectDebt;
  s.financing.cashUsd = 82e6;
  s.financing.equity = { limitUsd: 0, issuanceCost: 0.05 };
  s.valuation = { method: 'equity', merchantTailMonths: 26 };
  s.solve = { timeLimitSeconds, mipRelGap: 1e-6, minBuildMW };
  return s;
}
