/**
 * @module tax-lp.test — the tax rows of the LP (docs/model.md, "Tax") as a solver sees them: a
 * month's taxable income is never split into a gain and a loss at once, a loss is used as early as
 * the limit allows, the months' tax is the rule's, the value bridge still adds up, the evaluator
 * reproduces the optimum, and a two-stage scenario with one case is the deterministic answer.
 * (The hand-worked figures are in tax.test.ts; GLPK agrees on the /api/lp text in
 * test/api/agreement.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../data/load';
import { buildModel, evaluate, optimize, ScenarioSchema, type Scenario } from '../../model';
import { lpRunner } from '../../model/lp-runner';
import { generateScenarios } from './reference/generate';

const TAX = { ratePerYear: 0.25, bonusShare: 0.8, openingNolUsd: 30e6 };

const parse = (s: unknown, tax: unknown = TAX): Scenario =>
  ScenarioSchema.parse({ ...(s as object), tax });

/** The value LP's optimum of a scenario and the columns of its tax rows. */
async function taxColumns(s: Scenario) {
  const model = buildModel(s);
  const solved = await lpRunner(s).solve(model.lp);
  expect(solved.solution.status).toBe('optimal');
  const x = solved.solution.values!;
  const named = (prefix: string) =>
    model.lp.colNames.flatMap((n, j) => (n.startsWith(prefix) ? [[n, x[j]] as const] : []));
  return { pos: named('tax_pos'), neg: named('tax_neg'), used: named('tax_used') };
}

describe('the tax rows at an optimum', () => {
  const generated = generateScenarios(20, 20261206);
  it.each(generated.map((s, i) => [i, s] as const))(
    'generated scenario %i: no month has both a taxable gain and a loss above 1e-6',
    async (_, raw) => {
      const s = parse(raw);
      const { pos, neg } = await taxColumns(s);
      expect(pos.length).toBeGreaterThan(s.horizonMonths - 1);
      pos.forEach(([name, p], i) => {
        expect(neg[i][0]).toBe(name.replace('tax_pos', 'tax_neg'));
        expect(Math.min(p, neg[i][1]), name).toBeLessThanOrEqual(1e-6);
      });
    },
    60_000,
  );

  it('months follow the rule in order: the loss used is min(carried, 80 % of the gain)', async () => {
    const s = parse(loadPreset('texas-100mw'));
    const a = await optimize(s);
    let nol = TAX.openingNolUsd;
    for (const m of a.months) {
      const income = m.taxableIncomeUsd!;
      const used = Math.min(nol, 0.8 * Math.max(0, income));
      nol += Math.max(0, -income) - used;
      expect(m.taxUsd!).toBeCloseTo(0.25 * (Math.max(0, income) - used), 0);
    }
    expect(a.kpis!.nolAtHorizonUsd!).toBeCloseTo(nol, 0);
    // The preset's capex makes early losses; a tax is still paid in some month.
    expect(a.months.some((m) => m.taxUsd! > 1e5)).toBe(true);
  });

  it('cash reconciles with the tax paid in each month', async () => {
    const s = parse(loadPreset('texas-100mw'));
    const a = await optimize(s);
    const y = Math.pow(1 + s.financing.cashYieldPerYear, 1 / 12) - 1;
    let prev = s.financing.cashUsd;
    let prevDebt = 0;
    for (const m of a.months) {
      const debt = m.facilityUsd + m.projectDebtUsd;
      const expected =
        prev * (1 + y) +
        m.freeCashFlowUsd! -
        m.taxUsd! -
        m.interestUsd +
        (debt - prevDebt) +
        m.equityRaisedUsd -
        m.distributionUsd;
      expect(m.cashUsd).toBeCloseTo(expected, -1);
      prev = m.cashUsd;
      prevDebt = debt;
    }
  });
});

describe.each(['texas-100mw', 'river-bend', 'riot-portfolio', 'ercot-flex'])(
  '%s after tax',
  (id) => {
    it('the evaluator reproduces the optimum, the bridge adds up, taxes lower the value', async () => {
      // The shipped tax block (riot-portfolio's) left out: the pre-tax answer to compare with.
      const { tax: _shipped, ...raw } = loadPreset(id) as Record<string, unknown>;
      const pre = await optimize(ScenarioSchema.parse(raw));
      const s = parse(raw);
      const a = await optimize(s);
      expect(a.status).toBe('optimal');
      const e = await evaluate(s, a.plan);
      expect(Math.abs(e.npvUsd! - a.npvUsd!) / Math.abs(a.npvUsd!)).toBeLessThan(1e-6);
      const k = a.kpis!;
      expect(a.npvUsd!).toBeLessThan(pre.npvUsd!);
      expect(k.taxPvUsd!).toBeGreaterThan(0);
      expect(k.npvBeforeTaxUsd!).toBeCloseTo(a.npvUsd! + k.taxPvUsd!, 0);
      // The same plan before tax is worth no more than the pre-tax optimum.
      expect(k.npvBeforeTaxUsd!).toBeLessThanOrEqual(pre.npvUsd! * (1 + 1e-9));
      if (k.valueBridge) {
        const { taxUsd = 0, ...rest } = k.valueBridge;
        const sum = Object.values(rest).reduce((x, v) => x + v, 0) + taxUsd;
        expect(Math.abs(sum - k.npvVsMiningOnlyUsd!)).toBeLessThan(1e-6 * Math.abs(a.npvUsd!));
      }
    }, 120_000);
  },
);

it('two-stage with one case equals the deterministic answer after tax', async () => {
  const raw = loadPreset('texas-100mw') as Record<string, unknown>;
  const det = await optimize(parse(raw));
  const one = await optimize(
    parse({ ...raw, uncertainty: { scenarios: [{ name: 'only', probability: 1 }] } }),
  );
  expect(one.status).toBe('optimal');
  expect(Math.abs(one.npvUsd! - det.npvUsd!) / Math.abs(det.npvUsd!)).toBeLessThan(1e-9);
  expect(one.kpis!.taxPvUsd!).toBeCloseTo(det.kpis!.taxPvUsd!, -1);
}, 120_000);
