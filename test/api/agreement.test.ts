/**
 * Independent checks of every optimum: the /api/lp text solved by a second solver (GLPK, through a
 * separate LP reader) and by HiGHS's own LP reader equals npvUsd / 1e6; /api/evaluate of the
 * optimum's plan returns its npvUsd. For every preset and perturbed versions of each.
 */
import { describe, expect, it } from 'vitest';
import loadHighs from 'highs';
import { createApp } from '../../api/app';
import { listPresets, loadPreset } from '../../data/load';
import { hasStreamRates } from '../helpers/stream-rates';
import { SolveResultSchema, isLease, type ScenarioInput } from '../../model';
import { movePrice } from '../../scripts/lib/offers';
import { solveWithGlpk } from '../helpers/lp-parse';

const app = createApp();
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });

type Perturb = { name: string; apply(s: any): void };
/**
 * Every site of a scenario in the single-site form (a portfolio's sites, or the scenario itself).
 */
const sites = (s: any): any[] => s.sites ?? [s];
const offers = (s: any): any[] => sites(s).flatMap((x) => x.hpcOptions);
const perturbations: Perturb[] = [
  { name: 'as shipped', apply: () => {} },
  { name: 'offer prices −25 %', apply: (s) => offers(s).forEach((o: any) => movePrice(o, 0.75)) },
  {
    name: 'BTC −40 %, energy +30 %',
    apply: (s) => {
      if (s.market.hashprice.kind === 'projection') s.market.hashprice.btcUsd *= 0.6;
      for (const x of sites(s)) x.site.energyUsdPerMWh *= 1.3;
    },
  },
  {
    name: 'tight cash, dearer capex',
    apply: (s) => {
      s.financing.cashUsd = s.financing.minCashUsd * 1.5;
      offers(s).forEach((o: any) => (o.capexUsdPerMWIt *= 1.2));
    },
  },
  {
    name: 'discount 8 %, tenant pays capex half',
    apply: (s) => {
      s.financing.discountRatePerYear = 0.08;
      offers(s)
        .filter(isLease)
        .forEach((o: any) => (o.tenantCapexShare = 0.5));
    },
  },
  {
    name: '"equity" valuation, flat ASIC prices',
    apply: (s) => {
      s.valuation = { method: 'equity', merchantTailMonths: 12 };
      s.market.asicPriceIndex = 'flat';
    },
  },
  {
    name: 'rates by class (mining 20 %, leases 8 %, clouds 15 %, the first offer 10 %), residuals at 6.5 %',
    apply: (s) => {
      s.valuation = { ...s.valuation, discountRates: { mining: 0.2, lease: 0.08, cloud: 0.15 } };
      offers(s)
        .filter(isLease)
        .forEach((o: any) => (o.residual = { capRatePerYear: 0.065, refitCapexUsdPerMWIt: 5e5 }));
      offers(s)[0].discountRatePerYear = 0.1;
    },
  },
  {
    name: 'three hashprice cases, revealed in month 9, one slipping',
    apply: (s) => {
      s.uncertainty = {
        revealMonth: s.startMonth.slice(0, 5) + '10',
        scenarios: [
          { name: 'bear', probability: 0.3, hashpriceMultiplier: 0.6, extraBuildMonths: 3 },
          { name: 'base', probability: 0.5 },
          { name: 'bull', probability: 0.2, hashpriceMultiplier: 1.5 },
        ],
      };
    },
  },
  {
    name: 'tax at 25 %, 60 % bonus, $40M of losses carried forward (docs/model.md, "Tax")',
    apply: (s) => {
      s.tax = { ratePerYear: 0.25, bonusShare: 0.6, openingNolUsd: 40e6 };
    },
  },
  {
    name: '"equity" valuation after tax (interest deducted), two cases revealed in month 9',
    apply: (s) => {
      s.valuation = { ...s.valuation, method: 'equity' };
      s.tax = { ratePerYear: 0.21, hpcShortLifeShare: 0.3, nolLimitShare: 0.8 };
      s.uncertainty = {
        revealMonth: s.startMonth.slice(0, 5) + '10',
        scenarios: [
          { name: 'bear', probability: 0.4, hashpriceMultiplier: 0.6, extraBuildMonths: 3 },
          { name: 'base', probability: 0.6 },
        ],
      };
    },
  },
];

const highsPromise = loadHighs();
const cases = listPresets().flatMap((p) =>
  perturbations.map((q) => ({ preset: p.id, perturb: q })),
);

describe.each(cases)('$preset, $perturb.name', ({ preset, perturb }) => {
  it('is optimal and agrees with GLPK on the LP text, HiGHS on the LP text, and the evaluator', async () => {
    const scenario = structuredClone(loadPreset(preset)) as ScenarioInput;
    perturb.apply(scenario);
    const res = await post('/api/optimize', scenario);
    expect(res.status).toBe(200);
    const answer = SolveResultSchema.parse(await res.json());
    expect(answer.status, answer.message).toBe('optimal');
    const npvM = answer.npvUsd! / 1e6;
    // (With rates by class the operating part is no longer at d alone: test/model checks it.)
    if (answer.sites && !hasStreamRates(scenario)) {
      // A portfolio's site attributions sum to the total's operating part, Σ_t df_t × FCF_t +
      // TV_assets.
      const d = (scenario as any).financing.discountRatePerYear as number;
      const operating =
        answer.months.reduce(
          (a, m, t) => a + Math.pow(1 + d, -(t + 1) / 12) * m.freeCashFlowUsd!,
          0,
        ) + answer.kpis!.terminalValuePvUsd!;
      const sum = answer.sites.reduce((a, x) => a + x.npvUsd, 0);
      expect(Math.abs(sum - operating) / Math.max(1, Math.abs(operating))).toBeLessThan(1e-9);
    }

    const lp = await post('/api/lp', scenario);
    expect(lp.status).toBe(200);
    expect(lp.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await lp.text();

    // The LP text is the value LP without the minimum build: where that rule changed the answer
    // its optimum is npvUsd + kpis.minBuildCostUsd (README, /api/lp; docs/model.md "Plans a person can read").
    const lpM = npvM + (answer.kpis?.minBuildCostUsd ?? 0) / 1e6;
    const glpk = await solveWithGlpk(text);
    expect(glpk.status).toBe('optimal');
    expect(Math.abs(glpk.objective - lpM) / Math.max(1, Math.abs(lpM))).toBeLessThan(1e-6);

    const highs = await highsPromise;
    const viaText = highs.solve(text, { output_flag: false });
    expect(viaText.Status).toBe('Optimal');
    expect(Math.abs(viaText.ObjectiveValue - lpM) / Math.max(1, Math.abs(lpM))).toBeLessThan(1e-6);

    const ev = await post('/api/evaluate', { scenario, plan: answer.plan });
    expect(ev.status).toBe(200);
    const evaluated = SolveResultSchema.parse(await ev.json());
    expect(evaluated.status).toBe('optimal');
    expect(
      Math.abs(evaluated.npvUsd! - answer.npvUsd!) / Math.max(1, Math.abs(answer.npvUsd!)),
    ).toBeLessThan(1e-6);
  });
});

/**
 * Block builds whose cap is not a whole number of blocks (maxMW / blockMW fractional): the build
 * columns' upper bounds are fractional. The exported file must carry the same rounded bounds as the
 * solve, so that GLPK reads it and both readers agree with npvUsd / 1e6 within the reported gap.
 */
const blockCases = [
  { blockMW: 10, maxMW: 95, horizonMonths: 60, financing: true },
  { blockMW: 30, maxMW: 100, horizonMonths: 36, financing: false },
  { blockMW: 7, maxMW: 50, horizonMonths: 24, financing: true },
  { blockMW: 0.5, maxMW: 12.25, horizonMonths: 12, financing: false },
];

describe.each(blockCases)('blocks of $blockMW MW up to $maxMW MW, $horizonMonths months', (c) => {
  it('the /api/lp file of the MILP is read by GLPK and HiGHS, with the API optimum', async () => {
    const scenario = structuredClone(loadPreset('texas-blocks')) as any;
    // A build must commence within the horizon: short horizons get a build that fits.
    const buildMonths = Math.min(
      scenario.hpcOptions[0].buildMonths,
      Math.floor(c.horizonMonths / 2),
    );
    Object.assign(scenario.hpcOptions[0], {
      blockMW: c.blockMW,
      maxMW: c.maxMW,
      buildMonths,
      switchoverMonths: Math.min(scenario.hpcOptions[0].switchoverMonths, buildMonths),
    });
    scenario.horizonMonths = c.horizonMonths;
    if (!c.financing) delete scenario.financing.facility;
    scenario.solve = { ...scenario.solve, mipRelGap: 0 };
    const answer = SolveResultSchema.parse(await (await post('/api/optimize', scenario)).json());
    expect(answer.status, answer.message).toBe('optimal');
    const npvM = answer.npvUsd! / 1e6;
    const text = await (await post('/api/lp', scenario)).text();
    expect(text).toMatch(/\nGenerals\n/);
    const tol = Math.max(1e-6, answer.solver.mipGap ?? 0) * Math.max(1, Math.abs(npvM));

    const glpk = await solveWithGlpk(text);
    expect(glpk.status).toBe('optimal');
    expect(Math.abs(glpk.objective - npvM)).toBeLessThanOrEqual(tol);

    const viaText = (await highsPromise).solve(text, { output_flag: false });
    expect(viaText.Status).toBe('Optimal');
    expect(Math.abs(viaText.ObjectiveValue - npvM)).toBeLessThanOrEqual(tol);
  }, 120_000);
});
