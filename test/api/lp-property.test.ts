/**
 * @module lp-property — 200 generated scenarios (seeded; 1–8 offers, blocks, 12–240 months,
 * financing sources on and off, uncertainty): the `/api/lp` file of each, read and solved by GLPK,
 * agrees with the optimum's npvUsd / 1e6 (a MILP within the gap it reports), no answer is
 * `error` where GLPK proves optimal or infeasible, and no plan has a cohort under
 * `solve.minBuildMW`.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, buildModel, optimize, toLpText, type Scenario } from '../../model';
import { loadPreset } from '../../data/load';
import { solveWithGlpk } from '../helpers/lp-parse';
import { rng } from '../helpers/rng';

/**
 * A scenario of the shape the adversarial run used; long horizons keep to one or two continuous
 * offers.
 */
function generated(seed: number): Scenario {
  const r = rng(seed);
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  // Mostly short horizons (GLPK's MILP search grows fast with months × offers); one in ten up to
  // 240 months.
  const T = r.next() < 0.9 ? r.int(12, 48) : r.int(49, 240);
  s.name = `property ${seed}`;
  s.horizonMonths = T;
  const blocks = T <= 36 && r.next() < 0.25;
  const n = T > 48 ? r.int(1, 2) : blocks ? r.int(1, 3) : r.int(1, 8);
  s.hpcOptions = Array.from({ length: n }, (_, i) => ({
    ...s.hpcOptions[0],
    id: `offer-${i}`,
    leaseUsdPerKwMonth: Math.round(r.between(90, 180)),
    buildMonths: r.int(3, 18),
    switchoverMonths: 0,
    maxMW: r.int(10, 100),
    blockMW: blocks ? r.pick([5, 10, 25]) : 0,
    decisionIntervalMonths: r.int(1, 6),
  }));
  s.hpcOptions.forEach((o: any) => (o.switchoverMonths = Math.min(o.buildMonths, r.int(0, 3))));
  if (r.next() < 0.4) delete s.financing.facility;
  if (r.next() < 0.4) delete s.financing.projectDebt;
  if (r.next() < 0.3) s.financing.equity = { limitUsd: r.int(0, 300) * 1e6, issuanceCost: 0.05 };
  if (r.next() < 0.3)
    s.financing.existingDebt = {
      balanceUsd: r.int(10, 100) * 1e6,
      couponPerYear: 0.06,
      maturityMonth: '2028-06',
    };
  s.financing.cashUsd = r.int(20, 300) * 1e6;
  if (r.next() < 0.3) s.valuation = { method: 'equity', merchantTailMonths: r.int(0, 36) };
  if (T >= 24 && T <= 48 && !blocks && r.next() < 0.25) {
    s.uncertainty = {
      scenarios: [
        { name: 'low', probability: 0.4, hashpriceMultiplier: 0.6 },
        { name: 'high', probability: 0.6, hashpriceMultiplier: 1.3, extraBuildMonths: r.int(0, 4) },
      ],
    };
  }
  // 10 s: the minimum-build MILPs that do not end by then answer from the dive (timedout, checked
  // below as well).
  s.solve = { timeLimitSeconds: 10, mipRelGap: 1e-6 };
  return ScenarioSchema.parse(s);
}

describe('every /api/lp file agrees with GLPK', () => {
  it('200 generated scenarios: GLPK on the LP text = npvUsd / 1e6; no error where GLPK decides', async () => {
    const statuses: Record<string, number> = {};
    for (let seed = 1; seed <= Number(process.env.LP_PROPERTY_COUNT ?? 200); seed++) {
      const s = generated(seed);
      const answer = await optimize(s);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const glpk = await solveWithGlpk(toLpText(buildModel(s).lp));
      const what =
        `seed ${seed} (${s.horizonMonths} months, ${s.hpcOptions!.length} ` +
        `offers): ${answer.status} ${answer.message ?? ''} vs GLPK ${glpk.status}`;
      if (glpk.status === 'optimal' || glpk.status === 'infeasible')
        expect(answer.status, what).not.toBe('error');
      if (glpk.status === 'infeasible') expect(answer.status, what).toBe('infeasible');
      // Readable plans: no cohort under solve.minBuildMW in any plan answered, found in the time.
      if (answer.status === 'optimal' || answer.status === 'timedout')
        for (const b of answer.plan.builds)
          expect(b.mw, `${what}: ${b.optionId} ${b.month}`).toBeGreaterThanOrEqual(
            s.solve.minBuildMW - 1e-6,
          );
      // A time-out in the search for that plan leaves the LP solved (no integer column): its
      // optimum is still npvUsd + kpis.minBuildCostUsd.
      const lpSolved =
        answer.status === 'optimal' ||
        (answer.status === 'timedout' && answer.solver.integers === 0);
      if (glpk.status === 'optimal' && lpSolved) {
        // The LP has no minimum build: its optimum is npvUsd + what that cost.
        const npvM = (answer.npvUsd! + (answer.kpis?.minBuildCostUsd ?? 0)) / 1e6;
        // (An LP answer's mipGap is the min-build search's, not the LP's.)
        const gap = (answer.solver.integers ? Math.max(answer.solver.mipGap ?? 0, 0) : 0) + 1e-6;
        expect(
          Math.abs(glpk.objective - npvM) / Math.max(1, Math.abs(glpk.objective)),
          what,
        ).toBeLessThanOrEqual(gap);
      }
    }
    expect(statuses.optimal).toBeGreaterThan(Number(process.env.LP_PROPERTY_COUNT ?? 200) / 2);
  }, 600_000);
});
