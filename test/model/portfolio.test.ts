/**
 * A portfolio of sites on one balance sheet (docs/model.md, "Portfolio"): a one-site portfolio is
 * the single-site scenario, independent sites with money to spare add up, the site attributions sum
 * to the total's operating part, and shared funding makes sites convert in sequence, the better one
 * first, with the binding month named.
 */
import { describe, expect, it } from 'vitest';
import { listPresets, loadPreset } from '../../data/load';
import { hasStreamRates } from '../helpers/stream-rates';
import { ScenarioSchema, evaluate, optimize, type Scenario, type SolveResult } from '../../model';

const parse = (s: unknown): Scenario => ScenarioSchema.parse(s);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

/** The single-site form moved into a one-site portfolio (site id `main`). */
function asPortfolio(raw: Record<string, unknown>, id = 'main'): Record<string, unknown> {
  const { site, fleet, hpcOptions, ...rest } = raw;
  return { ...rest, sites: [{ id, name: `Site ${id}`, site, fleet, hpcOptions }] };
}

/** Σ_t df_t × FCF_t + TV_assets of an answer: its operating part. */
function operatingPart(s: Scenario, r: SolveResult): number {
  const d = s.financing.discountRatePerYear;
  return (
    r.months.reduce((a, m, t) => a + Math.pow(1 + d, -(t + 1) / 12) * m.freeCashFlowUsd!, 0) +
    r.kpis!.terminalValuePvUsd!
  );
}

describe('a one-site portfolio is the single-site scenario', () => {
  for (const { id } of listPresets().filter((p) => !('sites' in loadPreset(p.id)!))) {
    it(`${id}: same npvUsd (1e-9) and plan, rows naming the site`, async () => {
      const raw = structuredClone(loadPreset(id)) as Record<string, unknown>;
      const single = await optimize(parse(raw));
      const portfolio = await optimize(parse(asPortfolio(raw)));
      expect(single.status).toBe('optimal');
      expect(portfolio.status).toBe('optimal');
      expect(rel(portfolio.npvUsd!, single.npvUsd!)).toBeLessThanOrEqual(1e-9);
      expect(portfolio.plan.builds).toEqual(
        single.plan.builds.map((b) => ({ ...b, siteId: 'main' })),
      );
      expect(portfolio.plan.refreshes).toEqual(
        single.plan.refreshes.map((r) => ({ ...r, siteId: 'main' })),
      );
      expect(portfolio.months.map((m) => m.cashUsd)).toEqual(single.months.map((m) => m.cashUsd));
      expect(portfolio.sites).toHaveLength(1);
      // The site's attribution is the total's operating part at d (with rates by class the
      // operating part is not at d alone: test/model/valuation-v3.test.ts checks that case).
      if (!hasStreamRates(raw))
        expect(
          rel(portfolio.sites![0].npvUsd, operatingPart(parse(raw), single)),
        ).toBeLessThanOrEqual(1e-9);
    }, 120_000);
  }

  it('evaluating the portfolio optimum’s own plan gives its npvUsd (1e-6)', async () => {
    const s = parse(
      asPortfolio(structuredClone(loadPreset('texas-100mw')) as Record<string, unknown>),
    );
    const opt = await optimize(s);
    const ev = await evaluate(s, opt.plan);
    expect(ev.status).toBe('optimal');
    expect(rel(ev.npvUsd!, opt.npvUsd!)).toBeLessThanOrEqual(1e-6);
    expect(ev.sites?.[0].id).toBe('main');
  }, 120_000);
});

/** A second, different site on the default preset's market: its own power price, grid and offer. */
function otherSite(raw: Record<string, any>): Record<string, any> {
  const site = {
    ...raw.site,
    gridMW: 60,
    gridAdditions: [],
    hpcEligibleMW: 60,
    energyUsdPerMWh: 38,
    overheadUsdPerMonth: 150_000,
  };
  const fleet = { ...raw.fleet, installedMW: 60, efficiencyJPerTH: 21 };
  const hpcOptions = [
    { ...raw.hpcOptions[0], id: 'west-lease', leaseUsdPerKwMonth: 165, maxMW: 60, buildMonths: 12 },
  ];
  return { site, fleet, hpcOptions };
}

describe('independent sites with money to spare', () => {
  it('the portfolio optimum is the sum of the separate optima (1e-6), and each site its own', async () => {
    const base = structuredClone(loadPreset('texas-100mw')) as Record<string, any>;
    base.financing = { ...base.financing, cashUsd: 5e9, minCashUsd: 0 };
    delete base.financing.existingDebt;
    const b = otherSite(base);
    const alone = [parse(base), parse({ ...base, ...b })];
    const [ra, rb] = await Promise.all(alone.map((s) => optimize(s)));
    const { site, fleet, hpcOptions, ...rest } = base;
    const portfolio = parse({
      ...rest,
      sites: [
        { id: 'east', name: 'East', site, fleet, hpcOptions },
        { id: 'west', name: 'West', ...b },
      ],
    });
    const r = await optimize(portfolio);
    expect(r.status).toBe('optimal');
    const cash = base.financing.cashUsd;
    // Each separate optimum counts the starting cash once; the portfolio counts it once for both.
    expect(rel(r.npvUsd! - cash, ra.npvUsd! - cash + (rb.npvUsd! - cash))).toBeLessThanOrEqual(
      1e-6,
    );
    expect(rel(r.sites![0].npvUsd, ra.npvUsd! - cash)).toBeLessThanOrEqual(1e-6);
    expect(rel(r.sites![1].npvUsd, rb.npvUsd! - cash)).toBeLessThanOrEqual(1e-6);
    // The attributions sum to the total's operating part: npvUsd − cashUsd (no debt, no equity, no
    // lender spread).
    expect(rel(r.sites![0].npvUsd + r.sites![1].npvUsd, r.npvUsd! - cash)).toBeLessThanOrEqual(
      1e-9,
    );
    expect(
      rel(r.sites![0].npvUsd + r.sites![1].npvUsd, operatingPart(portfolio, r)),
    ).toBeLessThanOrEqual(1e-9);
    // Rows name their site; totals are the sites' sums.
    expect(new Set(r.plan.builds.map((x) => x.siteId))).toEqual(new Set(['east', 'west']));
    r.months.forEach((m, t) =>
      expect(m.miningMW).toBeCloseTo(
        r.sites![0].months[t].miningMW + r.sites![1].months[t].miningMW,
        6,
      ),
    );
  }, 180_000);
});

/**
 * Two sites with no miners, one 20 MW offer each; `cash` − 10M of headroom and nothing else to fund
 * capex with.
 */
function fundingScenario(
  sites: readonly { id: string; lease: number }[],
  cashUsd: number,
): Scenario {
  const entry = ({ id, lease }: { id: string; lease: number }) => ({
    id,
    name: id,
    site: {
      gridMW: 20,
      hpcEligibleMW: 20,
      energyUsdPerMWh: 45,
      miningPue: 1.05,
      overheadUsdPerMonth: 0,
    },
    fleet: {
      installedMW: 0,
      efficiencyJPerTH: 20,
      uptime: 0.95,
      poolFee: 0.02,
      opexUsdPerMWMonth: 4000,
      resaleUsdPerTH: 0,
    },
    hpcOptions: [
      {
        id: `${id}-lease`,
        name: `${id} lease`,
        leaseUsdPerKwMonth: lease,
        escalatorPerYear: 0,
        termMonths: 120,
        itMWPerGridMW: 0.75,
        capexUsdPerMWIt: 6_000_000,
        tenantCapexShare: 0,
        buildMonths: 6,
        switchoverMonths: 0,
        opexUsdPerMWItMonth: 15_000,
        tenantPaysPower: true,
        blockMW: 0,
        maxMW: 20,
      },
    ],
  });
  return parse({
    name: 'two sites, one balance sheet',
    startMonth: '2027-01',
    horizonMonths: 60,
    market: { hashprice: { kind: 'series', usdPerPhDay: new Array(60).fill(40) } },
    financing: { cashUsd, minCashUsd: 10_000_000, cashYieldPerYear: 0, discountRatePerYear: 0.12 },
    sites: sites.map(entry),
    solve: { mustGoFirst: sites.length > 1 ? ['slow'] : [] },
  });
}

describe('shared funding binds', () => {
  // 20 MW × 0.75 × $6M = $90M of capex per site; $100M of cash, $10M of it the covenant: one site
  // at a time.
  const cash = 100_000_000;

  it('each site alone converts at once; together they convert in sequence, ' +
    'the better first, and the answer names the binding month', async () => {
    for (const id of ['fast', 'slow']) {
      const alone = await optimize(
        fundingScenario([{ id, lease: id === 'fast' ? 180 : 150 }], cash),
      );
      expect(alone.status).toBe('optimal');
      expect(alone.plan.builds).toEqual([
        { optionId: `${id}-lease`, month: '2027-01', mw: expect.closeTo(20, 6), siteId: id },
      ]);
    }
    const both = fundingScenario(
      [
        { id: 'slow', lease: 150 },
        { id: 'fast', lease: 180 },
      ],
      cash,
    );
    const r = await optimize(both);
    expect(r.status).toBe('optimal');
    const fast = r.plan.builds.filter((b) => b.siteId === 'fast');
    const slow = r.plan.builds.filter((b) => b.siteId === 'slow');
    expect(fast).toEqual([
      { optionId: 'fast-lease', month: '2027-01', mw: expect.closeTo(20, 6), siteId: 'fast' },
    ]);
    const slowFirst = slow.map((b) => b.month).sort()[0];
    expect(slowFirst > '2027-01').toBe(true);
    expect(r.sequencing!.order.map((o) => o.siteId)).toEqual(['fast', 'slow']);
    expect(r.sequencing!.order[1].firstBuildMonth).toBe(slowFirst);
    // The binding month: cash at the covenant with nothing left to draw, no later than the second
    // site's start.
    const binding = r.sequencing!.bindingMonths;
    expect(binding.length).toBeGreaterThan(0);
    expect(binding[0].month <= slowFirst).toBe(true);
    const row = r.months.find((m) => m.month === binding[0].month)!;
    expect(row.cashUsd).toBeCloseTo(10_000_000, 0);
    // One more dollar that month is worth more than a dollar held (the covenant's shadow value).
    expect(binding[0].cashShadowUsdPerUsd).toBeGreaterThan(0);
    // The slower site going first costs NPV; its first start is month 0.
    const first = r.sequencing!.mustGoFirst[0];
    expect(first.siteId).toBe('slow');
    expect(first.startMonth).toBe('2027-01');
    expect(first.npvLostUsd).toBeGreaterThan(0);
    // With money to spare both convert at once.
    const rich = await optimize(
      fundingScenario(
        [
          { id: 'slow', lease: 150 },
          { id: 'fast', lease: 180 },
        ],
        1e9,
      ),
    );
    expect(rich.plan.builds.map((b) => b.month)).toEqual(['2027-01', '2027-01']);
    expect(rich.sequencing!.bindingMonths).toEqual([]);
  }, 180_000);
});

describe('portfolio input', () => {
  const raw = () =>
    asPortfolio(structuredClone(loadPreset('texas-100mw')) as Record<string, unknown>);
  const issues = (s: unknown) => {
    const r = ScenarioSchema.safeParse(s);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names the field when both forms or neither are given', () => {
    const base = structuredClone(loadPreset('texas-100mw')) as Record<string, any>;
    expect(issues({ ...raw(), site: base.site })).toEqual([
      expect.stringMatching(/^site: must not be given with sites/),
    ]);
    const { site: _, fleet: __, hpcOptions: ___, ...neither } = base;
    expect(issues(neither)).toEqual([
      expect.stringMatching(/^site: required/),
      expect.stringMatching(/^fleet: required/),
      expect.stringMatching(/^hpcOptions: required/),
    ]);
  });

  it('names a duplicate option id over sites, a duplicate site id, too many sites', () => {
    const s = raw() as Record<string, any>;
    const second = { ...structuredClone(s.sites[0]), id: 'second' };
    expect(issues({ ...s, sites: [s.sites[0], second] })).toEqual([
      expect.stringMatching(
        /^sites\.1\.hpcOptions\.0\.id: duplicate id "ai-lease" \(also sites\.0\.hpcOptions\.0/,
      ),
    ]);
    expect(
      issues({ ...s, sites: [s.sites[0], { ...second, id: 'main', hpcOptions: [] }] }),
    ).toEqual([expect.stringMatching(/^sites\.1\.id: duplicate site id "main"/)]);
    const many = Array.from({ length: 21 }, (_, i) => ({
      ...structuredClone(s.sites[0]),
      id: `s${i}`,
      hpcOptions: [],
    }));
    expect(issues({ ...s, sites: many })).toEqual(['sites: at most 20 sites']);
  });

  it('a portfolio plan row must name a known site', async () => {
    const { planIssues } = await import('../../model');
    const s = parse(raw());
    expect(
      planIssues(s, { builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 5 }], refreshes: [] }),
    ).toEqual([
      { path: 'plan.builds.0.siteId', message: expect.stringMatching(/^required in a portfolio/) },
    ]);
    expect(
      planIssues(s, {
        builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 5, siteId: 'elsewhere' }],
        refreshes: [],
      }),
    ).toEqual([
      { path: 'plan.builds.0.siteId', message: expect.stringMatching(/unknown site "elsewhere"/) },
    ]);
    expect(
      planIssues(s, {
        builds: [{ optionId: 'ai-lease', month: '2027-01', mw: 5, siteId: 'main' }],
        refreshes: [{ month: '2027-02', mw: 1 }],
      }),
    ).toEqual([{ path: 'plan.refreshes.0.siteId', message: expect.stringMatching(/^required/) }]);
  });
});
