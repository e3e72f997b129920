/**
 * Portfolios through the API (docs/api.md, "Portfolio"): 400s naming the field, plans naming their
 * site, the preset's answer with its sites and sequencing, and analyses whose parameter path names
 * a site's field by id.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { expect400 } from '../helpers/expect400';
import { loadPreset } from '../../data/load';
import {
  BreakevenResponseSchema,
  ScenarioSchema,
  SolveResultSchema,
  parameterSpec,
  readParameter,
  setParameters,
} from '../../model';

const app = createApp();
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
const riot = () => structuredClone(loadPreset('riot-portfolio')) as any;

describe('portfolio requests', () => {
  it('a 400 names the field: both forms, a duplicate option id over sites, a plan row without its site', async () => {
    const single = structuredClone(loadPreset('texas-100mw')) as any;
    await expect400(
      await post('/api/optimize', { ...riot(), site: single.site }),
      'site',
      /must not be given with sites/,
    );
    const dup = riot();
    dup.sites[1].hpcOptions[0].id = 'amd-lease';
    await expect400(
      await post('/api/optimize', dup),
      'sites.1.hpcOptions.0.id',
      /duplicate id "amd-lease"/,
    );
    await expect400(
      await post('/api/evaluate', {
        scenario: riot(),
        plan: { builds: [{ optionId: 'amd-lease', month: '2026-01', mw: 50 }], refreshes: [] },
      }),
      'plan.builds.0.siteId',
      /required in a portfolio/,
    );
    await expect400(
      await post('/api/evaluate', {
        scenario: riot(),
        plan: {
          builds: [{ optionId: 'amd-lease', month: '2026-01', mw: 50, siteId: 'corsicana' }],
          refreshes: [],
        },
      }),
      'plan.builds.0.optionId',
      /on site corsicana/,
    );
    await expect400(
      await post('/api/optimize', { ...riot(), solve: { mustGoFirst: ['odessa'] } }),
      'solve.mustGoFirst.0',
      /unknown site "odessa"/,
    );
  });

  it('the preset answers with its sites and sequencing; a cap a fixed plan breaks names the site’s path', async () => {
    const res = await post('/api/optimize', { ...riot(), solve: { mustGoFirst: ['corsicana'] } });
    expect(res.status).toBe(200);
    const answer = SolveResultSchema.parse(await res.json());
    expect(answer.status).toBe('optimal');
    expect(answer.sites!.map((s) => s.id)).toEqual(['rockdale', 'corsicana']);
    expect(
      answer.plan.builds.every(
        (b) => b.siteId === (b.optionId === 'amd-lease' ? 'rockdale' : 'corsicana'),
      ),
    ).toBe(true);
    const seq = answer.sequencing!;
    expect(seq.order.map((o) => o.siteId).sort()).toEqual(['corsicana', 'rockdale']);
    expect(seq.facilityPerMillionUsd).toBe(answer.marginalValues!.facilityPerMillionUsd);
    // Funding binds in this preset (Corsicana's new build is larger than the money): the binding
    // months are named, and in each the covenant holds with no headroom.
    expect(seq.bindingMonths.length).toBeGreaterThan(0);
    for (const b of seq.bindingMonths)
      expect(answer.months.find((m) => m.month === b.month)!.covenantHeadroomUsd).toBeCloseTo(0, 0);
    expect(seq.mustGoFirst[0]).toMatchObject({
      siteId: 'corsicana',
      startMonth: expect.stringMatching(/^\d{4}-\d{2}$/),
    });
    expect(seq.mustGoFirst[0].npvLostUsd).toBeGreaterThanOrEqual(0);
    expect(seq.mustGoFirst[0].npvUsd! + seq.mustGoFirst[0].npvLostUsd!).toBeCloseTo(
      answer.npvUsd!,
      0,
    );
    // A fixed plan over Rockdale's cap: infeasible, named by the site's path.
    const over = await post('/api/evaluate', {
      scenario: riot(),
      plan: {
        builds: [{ optionId: 'amd-lease', month: '2026-01', mw: 300, siteId: 'rockdale' }],
        refreshes: [],
      },
    });
    const evaluated = SolveResultSchema.parse(await over.json());
    expect(evaluated.status).toBe('infeasible');
    expect(evaluated.diagnosis!.map((d) => d.constraint)).toContain('sites.0.hpcOptions.0.maxMW');
  }, 180_000);
});

describe('a parameter path names a site’s field', () => {
  const s = () => ScenarioSchema.parse(riot());

  it('by id or by index, read, labelled and set on the right site', () => {
    const byId = 'sites.rockdale.hpcOptions.amd-lease.leaseUsdPerKwMonth';
    expect(readParameter(s(), byId)).toBe(104);
    expect(readParameter(s(), 'sites.1.site.energyUsdPerMWh')).toBe(38);
    expect(parameterSpec(s(), byId).label).toBe('rockdale: amd-lease: lease rate');
    const moved = setParameters(s(), [{ path: byId, value: 120 }]);
    expect(moved.sites![0].hpcOptions[0]).toMatchObject({ leaseUsdPerKwMonth: 120 });
    expect(moved.sites![1].hpcOptions[0]).toMatchObject({ leaseUsdPerKwMonth: 150 });
    expect(() => readParameter(s(), 'sites.odessa.site.gridMW')).toThrow(/sites has 2 entries/);
  });

  it('a breakeven on one site’s lease rate re-optimises the portfolio', async () => {
    const res = await post('/api/breakeven', {
      scenario: riot(),
      parameter: 'sites.rockdale.hpcOptions.amd-lease.leaseUsdPerKwMonth',
      from: 20,
      to: 104,
    });
    expect(res.status).toBe(200);
    const answer = BreakevenResponseSchema.parse(await res.json());
    expect(answer.parameter).toBe('sites.rockdale.hpcOptions.amd-lease.leaseUsdPerKwMonth');
    expect(answer.scan.every((p) => p.status === 'optimal')).toBe(true);
    // More rent never lowers the portfolio's NPV.
    const npv = answer.scan.map((p) => p.npvUsd!);
    for (let i = 1; i < npv.length; i++)
      expect(npv[i]).toBeGreaterThanOrEqual(npv[i - 1] - 1e-6 * Math.abs(npv[i - 1]));
  }, 300_000);
});
