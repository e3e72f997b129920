/**
 * @module deadline — one deadline per request (docs/model.md, "One pipeline"): every solve inside
 * an optimize — the MILP, its marginal-value re-solves, the tie-break, the mining-only baseline —
 * shares the scenario's `solve.timeLimitSeconds`, and a time-limited answer keeps the best plan
 * found and its gap.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, optimize } from '../../model';
import { longScenario } from '../helpers/scenarios';

describe('one deadline per request', () => {
  it(
    'a MILP that needs more than its limit answers within L + 3 s with its ' +
      'incumbent plan and gap, marginal values "all" included',
    async () => {
      const L = 2;
      const s = longScenario(L) as any;
      s.solve.marginalValues = 'all';
      const scenario = ScenarioSchema.parse(s);
      const t0 = performance.now();
      const answer = await optimize(scenario);
      const seconds = (performance.now() - t0) / 1000;
      // HiGHS' limit is wall-clock time, so a busy machine does not stretch it; the margin covers the
      // model build.
      expect(seconds).toBeLessThan(L + 3);
      expect(['timedout', 'optimal']).toContain(answer.status);
      if (answer.status === 'timedout' && answer.npvUsd === null) {
        // On a busy machine HiGHS may find no plan at all in L s: then the answer says so, and
        // carries no months.
        expect(answer.message).toMatch(/time limit of 2 s reached before any plan was found/);
        expect(answer.months).toEqual([]);
      } else if (answer.status === 'timedout') {
        // The incumbent is a whole answer: its plan, its months and KPIs.
        expect(answer.months).toHaveLength(240);
        expect(answer.kpis).not.toBeNull();
        expect(answer.solver.timeLimitHit).toBe(true);
        expect(answer.solver.mipGap).not.toBeNull();
        expect(answer.npvUsd).not.toBeNull();
        expect(answer.message).toMatch(/best plan found, gap/);
      }
    },
  );
});
