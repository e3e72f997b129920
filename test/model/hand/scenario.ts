/**
 * @module hand/scenario — small scenarios and tolerance checks shared by the hand-worked model
 * tests.
 */
import { expect } from 'vitest';
import { ScenarioSchema } from '../../../model/schema';
import type { Scenario, ScenarioInput, SolveResult } from '../../../model/schema';
import type { MinerInputs } from './arithmetic';

/** First month of every hand case unless it says otherwise. */
export const START = '2027-01';
/** NPV tolerance, relative. */
export const NPV_REL = 1e-6;
/** MW tolerance, absolute. */
export const MW_ABS = 1e-6;

/** Overrides for one section of a scenario. */
export type Section<K extends keyof ScenarioInput> = Partial<Exclude<ScenarioInput[K], undefined>>;

/**
 * A small scenario: a 10 MW site with no fleet, no HPC and $1M of cash, unless overridden; v1
 * valuation unless given.
 */
export function scenario(s: {
  name: string;
  horizonMonths: number;
  hashprice: ScenarioInput['market']['hashprice'];
  startMonth?: string;
  site?: Section<'site'>;
  fleet?: Section<'fleet'>;
  hpcOptions?: ScenarioInput['hpcOptions'];
  financing?: Section<'financing'>;
  /**
   * Default: v1's conventions ("equity" value, flat ASIC prices, no merchant tail), which these
   * cases work by hand.
   */
  valuation?: ScenarioInput['valuation'];
  asicPriceIndex?: 'hashprice' | 'flat';
  uncertainty?: ScenarioInput['uncertainty'];
}): Scenario {
  return ScenarioSchema.parse({
    name: s.name,
    startMonth: s.startMonth ?? START,
    horizonMonths: s.horizonMonths,
    site: {
      gridMW: 10,
      hpcEligibleMW: 0,
      energyUsdPerMWh: 40,
      miningPue: 1.05,
      overheadUsdPerMonth: 60_000,
      ...s.site,
    },
    fleet: {
      installedMW: 0,
      efficiencyJPerTH: 20,
      uptime: 0.95,
      poolFee: 0.02,
      opexUsdPerMWMonth: 3000,
      resaleUsdPerTH: 2,
      ...s.fleet,
    },
    market: { hashprice: s.hashprice, asicPriceIndex: s.asicPriceIndex ?? 'flat' },
    valuation: s.valuation ?? { method: 'equity', merchantTailMonths: 0 },
    ...(s.uncertainty ? { uncertainty: s.uncertainty } : {}),
    hpcOptions: s.hpcOptions ?? [],
    financing: {
      cashUsd: 1_000_000,
      minCashUsd: 0,
      cashYieldPerYear: 0.1,
      discountRatePerYear: 0.1,
      ...s.financing,
    },
  });
}

/** The miner inputs of a scenario's existing fleet (or of its refresh ASICs). */
export function miners(sc: Scenario, which: 'existing' | 'refresh' = 'existing'): MinerInputs {
  const eff =
    which === 'existing' ? sc.fleet!.efficiencyJPerTH : sc.fleet!.refresh!.efficiencyJPerTH;
  return {
    efficiencyJPerTH: eff,
    miningPue: sc.site!.miningPue,
    uptime: sc.fleet!.uptime,
    poolFee: sc.fleet!.poolFee,
    energyUsdPerMWh: sc.site!.energyUsdPerMWh,
    opexUsdPerMWMonth: sc.fleet!.opexUsdPerMWMonth,
  };
}

export function expectNpv(r: SolveResult, hand: number, what = 'npvUsd'): void {
  expect(r.status, `${what}: status`).toBe('optimal');
  const npv = r.npvUsd as number;
  expect(
    Math.abs(npv - hand) / Math.abs(hand),
    `${what}: model ${npv} vs hand ${hand}`,
  ).toBeLessThan(NPV_REL);
}

export function expectMW(actual: number, hand: number, what: string): void {
  expect(Math.abs(actual - hand), `${what}: model ${actual} vs hand ${hand}`).toBeLessThan(MW_ABS);
}

/** The answer's month rows, checked to be one per month of the horizon. */
export function monthsOf(r: SolveResult, sc: Scenario): SolveResult['months'] {
  expect(r.months, 'one row per month').toHaveLength(sc.horizonMonths);
  return r.months;
}

/** Sum of MW in a plan's builds (or refreshes), by month. */
export function mwByMonth(rows: readonly { month: string; mw: number }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) if (r.mw > MW_ABS) m.set(r.month, (m.get(r.month) ?? 0) + r.mw);
  return m;
}

/**
 * Hand case c, a covenant breach: no fleet, no HPC, $1M cash, $100k overhead a month, yield 4 %/yr,
 * minCash $450k — infeasible from month 5 (hand-worked.test.ts works it out).
 */
export function covenantBreach(): Scenario {
  return scenario({
    name: 'hand c: covenant breach',
    horizonMonths: 12,
    hashprice: { kind: 'series', usdPerPhDay: Array<number>(12).fill(40) },
    site: { overheadUsdPerMonth: 100_000 },
    financing: {
      cashUsd: 1_000_000,
      minCashUsd: 450_000,
      cashYieldPerYear: 0.04,
      discountRatePerYear: 0.1,
    },
  });
}
