/**
 * @module tie-break.test — the tie-break (docs/model.md, "Value") solved on the columns it may move
 * alone (`Lp.restrict`) finds what the whole LP with the plan and operations held finds: GLPK
 * solves that LP, built here from the optimum's LP by bounds and one row, and its least financing
 * cost is the tie-break's; the point is feasible in it and keeps the value within the tolerance. With
 * a tax block in "firm" value the tie-break holds the tax too; GLPK's LP leaves it free and finds the
 * same least cost.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset, presetIds } from '../../data/load';
import { buildModel, ScenarioSchema } from '../../model';
import { primalViolation } from '../../model/lp';
import { lpRunner } from '../../model/lp-runner';
import { glpkSolver } from '../../model/solvers/glpk';
import { financingCost, heldColumns, TIE_TOLERANCE, tieBreak } from '../../model/tie-break';

const TAX = { ratePerYear: 0.25, openingNolUsd: 40e6 };

describe('the tie-break on its restricted LP', () => {
  const cases = presetIds().flatMap((id) =>
    [false, true].map((taxed) => ({ id, taxed, label: `${id}${taxed ? ', after tax' : ''}` })),
  );
  it.each(cases)(
    '$label: least financing cost as on the whole LP (GLPK)',
    async ({ id, taxed }) => {
      const preset = loadPreset(id) as Record<string, unknown>;
      const s = ScenarioSchema.parse({
        ...preset,
        horizonMonths: Math.min(60, Number(preset.horizonMonths)),
        ...(taxed ? { tax: TAX } : {}),
      });
      const model = buildModel(s);
      const { lp } = model;
      const runner = lpRunner(s);
      const { solution } = await runner.solve(lp);
      expect(solution.status).toBe('optimal');
      const x = solution.values!;
      const point = await tieBreak(model, x, runner);
      expect(point).not.toBeNull();
      // The whole LP of the rule: the plan and operations (a MILP's integers too) at the optimum's
      // values, the value at least the optimum's less the tolerance, least financing cost.
      const value = lp.objectiveAt(x);
      const whole = lp.clone();
      // The tax is left free here: the tie-break holds it in "firm" value (it is the plan's and the
      // operations'), and must find the least cost a free tax allows.
      const tax = new Set(model.cases.flatMap((c) => c.tax?.cols ?? []));
      const held = new Set([...heldColumns(model)].filter((j) => !tax.has(j)));
      if (taxed && s.valuation.method === 'firm') expect(tax.size).toBeGreaterThan(0);
      for (let j = 0; j < lp.numCols; j++)
        if (held.has(j) || lp.colInt[j]) {
          whole.colLb[j] = whole.colUb[j] = held.has(j) ? x[j] : Math.round(x[j]);
          whole.colInt[j] = false;
        }
      const terms = lp.colObj.flatMap((c, j) => (c ? [[j, c] as [number, number]] : []));
      const floor = value - lp.objectiveConstant - TIE_TOLERANCE * Math.max(1, Math.abs(value));
      whole.addRow('tiebreak.value', terms, floor, Infinity);
      const cost = financingCost(model);
      whole.colObj.splice(0, lp.numCols, ...cost);
      whole.objectiveConstant = 0;
      const glpk = await glpkSolver.solve(whole, { timeLimitSeconds: 120, mipRelGap: 1e-6 });
      expect(glpk.status).toBe('optimal');
      const at = whole.objectiveAt(point!);
      expect(Math.abs(at - glpk.objective!)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(at)));
      expect(primalViolation(whole, point!).max).toBeLessThanOrEqual(1e-6);
      expect(lp.objectiveAt(point!)).toBeGreaterThanOrEqual(floor + lp.objectiveConstant - 1e-9);
    },
    120_000,
  );

  it.each(presetIds())(
    "%s: re-optimised on the optimum's own model, the held columns are the optimum's values exactly",
    async (id) => {
      const preset = loadPreset(id) as Record<string, unknown>;
      const s = ScenarioSchema.parse({
        ...preset,
        horizonMonths: Math.min(60, Number(preset.horizonMonths)),
      });
      const model = buildModel(s);
      if (model.lp.numIntegers) return;
      const runner = lpRunner(s);
      const first = await runner.solve(model.lp, undefined, undefined, true);
      try {
        const x = first.solution.values!;
        const point = await tieBreak(model, x, runner, first.live);
        expect(point).not.toBeNull();
        // A held build the simplex kept basic came back with rounding (1e-11 to 1e-9 MW), which a
        // plan could read as a cohort.
        const off = [...heldColumns(model)].filter((j) => point![j] !== x[j]);
        expect(off).toEqual([]);
        expect(primalViolation(model.lp, point!).max).toBeLessThanOrEqual(1e-6);
      } finally {
        first.live?.dispose();
      }
    },
    120_000,
  );
});
