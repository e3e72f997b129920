/**
 * Bad input gets 400/413 with every faulty field named — never a 5xx. Also presets, 404s and the LP
 * route's errors.
 */
import { describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from '../../api/app';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';
import { ApiErrorSchema, ScenarioSchema, SolveResultSchema } from '../../model';

const app = createApp();
const send = (path: string, body: string, type = 'application/json') =>
  app.request(path, { method: 'POST', body, headers: { 'Content-Type': type } });
const base = () => structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;

async function expectIssues(res: Response, status: number, paths: string[]) {
  expect(res.status).toBe(status);
  const body = ApiErrorSchema.parse(await res.json());
  const named = (body.error.issues ?? []).map((i) => i.path);
  for (const p of paths) expect(named, `issues: ${JSON.stringify(body.error.issues)}`).toContain(p);
  for (const i of body.error.issues ?? []) expect(i.message.length).toBeGreaterThan(3);
  return body;
}

const mutations: { name: string; mutate(s: any): void; paths: string[] }[] = [
  { name: 'wrong type', mutate: (s) => (s.site.gridMW = '100'), paths: ['site.gridMW'] },
  { name: 'missing field', mutate: (s) => delete s.fleet.uptime, paths: ['fleet.uptime'] },
  {
    name: 'negative MW',
    mutate: (s) => (s.site.hpcEligibleMW = -5),
    paths: ['site.hpcEligibleMW'],
  },
  { name: 'share above 1', mutate: (s) => (s.fleet.poolFee = 2), paths: ['fleet.poolFee'] },
  {
    name: 'share above 1 in an offer',
    mutate: (s) => (s.hpcOptions[0].tenantCapexShare = 1.5),
    paths: ['hpcOptions.0.tenantCapexShare'],
  },
  { name: 'unknown key at the top', mutate: (s) => (s.colour = 'red'), paths: ['colour'] },
  {
    name: 'unknown key deep',
    mutate: (s) => (s.financing.facility.limitUSD = 5),
    paths: ['financing.facility.limitUSD'],
  },
  { name: 'horizon too long', mutate: (s) => (s.horizonMonths = 241), paths: ['horizonMonths'] },
  { name: 'horizon too short', mutate: (s) => (s.horizonMonths = 11), paths: ['horizonMonths'] },
  { name: 'fractional horizon', mutate: (s) => (s.horizonMonths = 60.5), paths: ['horizonMonths'] },
  { name: 'bad month', mutate: (s) => (s.startMonth = '2027-13'), paths: ['startMonth'] },
  {
    name: 'too many offers',
    mutate: (s) =>
      (s.hpcOptions = Array.from({ length: 9 }, (_, i) => ({ ...s.hpcOptions[0], id: `o${i}` }))),
    paths: ['hpcOptions'],
  },
  {
    name: 'duplicate offer id',
    mutate: (s) => s.hpcOptions.push({ ...s.hpcOptions[0] }),
    paths: ['hpcOptions.1.id'],
  },
  {
    name: 'bad hashprice kind',
    mutate: (s) => (s.market.hashprice.kind = 'guess'),
    paths: ['market.hashprice.kind'],
  },
  {
    name: 'series of the wrong length',
    mutate: (s) => (s.market.hashprice = { kind: 'series', usdPerPhDay: [40, 41] }),
    paths: ['market.hashprice.usdPerPhDay'],
  },
  {
    name: 'switchover longer than the build',
    mutate: (s) => (s.hpcOptions[0].switchoverMonths = s.hpcOptions[0].buildMonths + 1),
    paths: ['hpcOptions.0.switchoverMonths'],
  },
  {
    name: 'null where a number goes',
    mutate: (s) => (s.financing.cashUsd = null),
    paths: ['financing.cashUsd'],
  },
  {
    name: 'a block too small to solve (1e-9 MW)',
    mutate: (s) => (s.hpcOptions[0].blockMW = 1e-9),
    paths: ['hpcOptions.0.blockMW'],
  },
  {
    name: 'a block just under 0.1 MW',
    mutate: (s) => (s.hpcOptions[0].blockMW = 0.0999),
    paths: ['hpcOptions.0.blockMW'],
  },
  {
    name: 'several faults at once',
    mutate: (s) => {
      s.site.gridMW = -1;
      s.fleet.uptime = 3;
      s.extra = 1;
    },
    paths: ['site.gridMW', 'fleet.uptime', 'extra'],
  },
];

describe('POST /api/optimize rejects bad scenarios with 400 naming each field', () => {
  it.each(mutations)('$name', async ({ mutate, paths }) => {
    const s = base();
    mutate(s);
    const body = await expectIssues(await send('/api/optimize', JSON.stringify(s)), 400, paths);
    expect(body.error.code).toBe('invalid_scenario');
  });
  it.each(mutations)('/api/lp too: $name', async ({ mutate, paths }) => {
    const s = base();
    mutate(s);
    await expectIssues(await send('/api/lp', JSON.stringify(s)), 400, paths);
  });
});

describe("power markets and option kinds: 400 naming the field, in the user's terms", () => {
  const flex = () => structuredClone(loadPreset('ercot-flex')) as any;
  const cloudAt = (s: any) => s.hpcOptions.findIndex((o: any) => o.kind === 'cloud');
  const cases: { name: string; mutate(s: any): void; path: (s: any) => string; message: RegExp }[] =
    [
      {
        name: 'bins whose shares do not sum to 1',
        mutate: (s) => (s.site.powerMarket.priceBins[6][0].hoursShare = 0.8),
        path: () => 'site.powerMarket.priceBins',
        message: /hoursShare must sum to 1 \(list 6, calendar month 7\), got 0\.937/,
      },
      {
        name: 'a cloud option given a lease rate',
        mutate: (s) => (s.hpcOptions[cloudAt(s)].leaseUsdPerKwMonth = 150),
        path: (s) => `hpcOptions.${cloudAt(s)}.leaseUsdPerKwMonth`,
        message: /a cloud option has no leaseUsdPerKwMonth/,
      },
      {
        name: 'a cloud option given tenantPaysPower',
        mutate: (s) => (s.hpcOptions[cloudAt(s)].tenantPaysPower = true),
        path: (s) => `hpcOptions.${cloudAt(s)}.tenantPaysPower`,
        message: /a cloud option has no tenantPaysPower/,
      },
      {
        name: 'a cloud option without its compute price',
        mutate: (s) => delete s.hpcOptions[cloudAt(s)].computeUsdPerMWItMonth,
        path: (s) => `hpcOptions.${cloudAt(s)}.computeUsdPerMWItMonth`,
        message: /expected number/,
      },
      {
        name: 'a cloud option without its GPU life',
        mutate: (s) => delete s.hpcOptions[cloudAt(s)].gpuLifeMonths,
        path: (s) => `hpcOptions.${cloudAt(s)}.gpuLifeMonths`,
        message: /expected number/,
      },
      {
        name: 'a utilisation above 1',
        mutate: (s) => (s.hpcOptions[cloudAt(s)].utilisation = 90),
        path: (s) => `hpcOptions.${cloudAt(s)}.utilisation`,
        message: /share, not a percentage/,
      },
      {
        name: 'a lease given a GPU price',
        mutate: (s) => (s.hpcOptions[0].gpuCapexUsdPerMWIt = 1e6),
        path: () => 'hpcOptions.0.gpuCapexUsdPerMWIt',
        message: /a lease has no gpuCapexUsdPerMWIt/,
      },
      {
        name: 'an unknown kind',
        mutate: (s) => (s.hpcOptions[0].kind = 'colo'),
        path: () => 'hpcOptions.0.kind',
        message: /lease.*cloud/,
      },
    ];
  it.each(cases)('$name', async ({ mutate, path, message }) => {
    for (const route of ['/api/optimize', '/api/lp']) {
      const s = flex();
      mutate(s);
      const body = await expectIssues(await send(route, JSON.stringify(s)), 400, [path(s)]);
      const issue = body.error.issues!.find((i) => i.path === path(s))!;
      expect(issue.message).toMatch(message);
    }
  });
  it('a v1 option without kind is a lease', async () => {
    const s = base();
    expect(s.hpcOptions[0].kind).toBeUndefined();
    expect(ScenarioSchema.parse(s).hpcOptions![0].kind).toBe('lease');
  });
});

describe('blockMW', () => {
  it.each([0, 0.1, 10])('%s MW is accepted', (blockMW) => {
    const s = base();
    s.hpcOptions[0].blockMW = blockMW;
    expect(ScenarioSchema.safeParse(s).success).toBe(true);
  });
  it('the 400 says what is allowed', async () => {
    const s = base();
    s.hpcOptions[0].blockMW = 1e-9;
    const body = await expectIssues(await send('/api/optimize', JSON.stringify(s)), 400, [
      'hpcOptions.0.blockMW',
    ]);
    expect(body.error.issues!.find((i) => i.path === 'hpcOptions.0.blockMW')!.message).toMatch(
      /0 .*or at least 0\.1 MW/,
    );
  });
});

describe('bodies that are not scenarios', () => {
  it.each([
    ['not JSON', '{"name": '],
    ['empty', ''],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"scenario"'],
    ['null', 'null'],
    ['form data', 'name=x&gridMW=1'],
  ])('%s → 400 naming the body', async (_, body) => {
    for (const route of ['/api/optimize', '/api/evaluate', '/api/lp']) {
      await expectIssues(await send(route, body), 400, ['(body)']);
    }
  });

  it('a 10 MB body → 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) });
    expect(big.length).toBeGreaterThan(MAX_BODY_BYTES);
    for (const route of ['/api/optimize', '/api/evaluate', '/api/lp']) {
      const res = await send(route, big);
      await expectIssues(res, 413, ['(body)']);
    }
  });

  it('50,000 unknown keys → a small 400: the first 50 issues and a count of the rest', async () => {
    const s = base();
    for (let i = 0; i < 50_000; i++) s[`k${i}`] = 1;
    const res = await send('/api/optimize', JSON.stringify(s));
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text.length).toBeLessThan(20_000);
    const body = ApiErrorSchema.parse(JSON.parse(text));
    expect(body.error.issues).toHaveLength(50);
    expect(body.error.issues![0].path).toBe('k0');
    expect(body.error.message).toMatch(/50000 issues, the first 50 listed; more: 49950/);
  });

  it('a huge unknown key is named, cut short', async () => {
    const s = base();
    s.site['x'.repeat(100_000)] = 1;
    const res = await send('/api/optimize', JSON.stringify(s));
    const body = ApiErrorSchema.parse(await res.json());
    const issue = body.error.issues!.find((i) => i.path.startsWith('site.xxx'))!;
    expect(issue.path.length).toBeLessThanOrEqual(200);
    expect(issue.path.endsWith('…')).toBe(true);
    expect(issue.message.length).toBeLessThanOrEqual(200);
  });

  it('deep nesting and prototype keys are refused, not followed', async () => {
    const depth = 100_000;
    const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const s = JSON.stringify(base()).replace(/"site":\{[^}]*\}/, `"site":${deep}`);
    const res1 = await send('/api/optimize', s);
    expect(res1.status).toBe(400);
    const issues = ApiErrorSchema.parse(await res1.json()).error.issues ?? [];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.path.length > 0)).toBe(true);
    const proto = '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}';
    const res = await send('/api/optimize', proto);
    expect(res.status).toBe(400);
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe('POST /api/evaluate', () => {
  it('names faults in the scenario and the plan by their full paths', async () => {
    const s = base();
    s.site.gridMW = -1;
    await expectIssues(
      await send('/api/evaluate', JSON.stringify({ scenario: s, plan: { builds: [] } })),
      400,
      ['scenario.site.gridMW'],
    );
    await expectIssues(
      await send(
        '/api/evaluate',
        JSON.stringify({
          scenario: base(),
          plan: { builds: [{ optionId: 'ai-lease', month: '2027-01', mw: -3 }] },
        }),
      ),
      400,
      ['plan.builds.0.mw'],
    );
    await expectIssues(await send('/api/evaluate', JSON.stringify({ scenario: base() })), 400, [
      'plan',
    ]);
  });

  it('rejects a plan that does not fit the scenario: unknown offer, month outside the horizon', async () => {
    const plan = {
      builds: [
        { optionId: 'nope', month: '2027-03', mw: 10 },
        { optionId: 'ai-lease', month: '2040-01', mw: 10 },
      ],
      refreshes: [],
    };
    const body = await expectIssues(
      await send('/api/evaluate', JSON.stringify({ scenario: base(), plan })),
      400,
      ['plan.builds.0.optionId', 'plan.builds.1.month'],
    );
    expect(body.error.code).toBe('invalid_plan');
  });

  it('a plan over a cap is an answer: infeasible, with the cap named', async () => {
    const s = base();
    const plan = {
      builds: [{ optionId: s.hpcOptions[0].id, month: '2027-03', mw: s.hpcOptions[0].maxMW + 10 }],
      refreshes: [],
    };
    const res = await send('/api/evaluate', JSON.stringify({ scenario: s, plan }));
    expect(res.status).toBe(200);
    const a = SolveResultSchema.parse(await res.json());
    expect(a.status).toBe('infeasible');
    expect(a.diagnosis!.map((d) => d.constraint)).toContain('hpcOptions.0.maxMW');
  });
});

describe('presets and unknown routes', () => {
  it('lists presets and serves each as a valid scenario', async () => {
    const list = (await (await app.request('/api/presets')).json()) as {
      id: string;
      name: string;
      description: string;
    }[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.map((p) => p.id)).toContain(DEFAULT_PRESET_ID);
    for (const p of list) {
      const res = await app.request(`/api/presets/${p.id}`);
      expect(res.status).toBe(200);
      expect(ScenarioSchema.safeParse(await res.json()).success).toBe(true);
    }
  });
  it('404s with the envelope', async () => {
    for (const path of ['/api/presets/nope', '/api/presets/..%2Fpackage', '/api/nothing']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      ApiErrorSchema.parse(await res.json());
    }
  });
  it('health answers', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).status).toBe('ok');
  });
});
