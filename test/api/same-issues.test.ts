/**
 * @module test/api/same-issues — the browser's engine refuses a bad body exactly as the API does:
 * the same status, code, message and issues, for bodies of every solve and analysis route.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { ApiErrorSchema, inProcessPoints } from '../../model';
import { createEngine, engineError } from '../../model/engine';

// Points run on this thread: no refused request reaches a solve, and none starts a thread pool.
const app = createApp({ analyses: inProcessPoints() });
const engine = createEngine();

const scenario = () => structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;
const withScenario = (f: (s: any) => void) => {
  const s = scenario();
  f(s);
  return s;
};
const axis = (parameter: string, from: number, to: number, steps: number) => ({
  parameter,
  from,
  to,
  steps,
});

type Kind = 'optimize' | 'evaluate' | 'sensitivity' | 'breakeven' | 'map';

/** A refused answer as both sides give it. */
interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

const bodies: readonly { name: string; kind: Kind; body: () => unknown; code: string }[] = [
  {
    name: 'an unknown key at the top',
    kind: 'optimize',
    body: () => ({ ...scenario(), colour: 'red' }),
    code: 'invalid_scenario',
  },
  {
    name: 'a number sent as a string',
    kind: 'optimize',
    body: () => withScenario((s) => (s.site.gridMW = '100')),
    code: 'invalid_scenario',
  },
  {
    name: 'a missing field',
    kind: 'optimize',
    body: () => withScenario((s) => delete s.fleet.uptime),
    code: 'invalid_scenario',
  },
  {
    name: 'a share above 1',
    kind: 'optimize',
    body: () => withScenario((s) => (s.fleet.poolFee = 2)),
    code: 'invalid_scenario',
  },
  {
    name: 'a horizon too long, and a bad month',
    kind: 'optimize',
    body: () =>
      withScenario((s) => Object.assign(s, { horizonMonths: 241, startMonth: '2027-13' })),
    code: 'invalid_scenario',
  },
  {
    name: 'lease fields on a cloud offer',
    kind: 'optimize',
    body: () => withScenario((s) => (s.hpcOptions[0].kind = 'cloud')),
    code: 'invalid_scenario',
  },
  {
    name: 'a cloud field on a lease',
    kind: 'optimize',
    body: () => withScenario((s) => (s.hpcOptions[0].utilisation = 0.9)),
    code: 'invalid_scenario',
  },
  {
    name: 'an unknown key deep down, one not an identifier',
    kind: 'optimize',
    body: () => withScenario((s) => (s.site['grid MW'] = 5)),
    code: 'invalid_scenario',
  },
  { name: 'an array', kind: 'optimize', body: () => [], code: 'invalid_scenario' },
  { name: 'null', kind: 'optimize', body: () => null, code: 'invalid_scenario' },
  {
    name: 'a duplicate offer id',
    kind: 'optimize',
    body: () => withScenario((s) => s.hpcOptions.push({ ...s.hpcOptions[0] })),
    code: 'invalid_scenario',
  },
  {
    name: 'an evaluate request without its plan',
    kind: 'evaluate',
    body: () => ({ scenario: scenario() }),
    code: 'invalid_request',
  },
  {
    name: 'a plan with an unknown key and a negative MW',
    kind: 'evaluate',
    body: () => ({
      scenario: scenario(),
      plan: { builds: [{ optionId: 'ai-lease', month: '2028-01', mw: -5 }], extra: 1 },
    }),
    code: 'invalid_request',
  },
  {
    name: 'a plan naming an unknown offer',
    kind: 'evaluate',
    body: () => ({
      scenario: scenario(),
      plan: { builds: [{ optionId: 'no-such-offer', month: '2028-01', mw: 10 }] },
    }),
    code: 'invalid_plan',
  },
  {
    name: 'a plan building after the horizon',
    kind: 'evaluate',
    body: () => ({
      scenario: scenario(),
      plan: { builds: [{ optionId: scenario().hpcOptions[0].id, month: '2099-01', mw: 10 }] },
    }),
    code: 'invalid_plan',
  },
  {
    name: 'a sensitivity parameter that is no field',
    kind: 'sensitivity',
    body: () => ({ scenario: scenario(), parameters: ['site.energyUsdPerMWh', 'site.energy'] }),
    code: 'invalid_parameter',
  },
  {
    name: 'a sensitivity low case out of range',
    kind: 'sensitivity',
    body: () => ({ scenario: scenario(), low: 1 }),
    code: 'invalid_request',
  },
  {
    name: 'a breakeven parameter of an offer that does not exist',
    kind: 'breakeven',
    body: () => ({ scenario: scenario(), parameter: 'hpcOptions.5.leaseUsdPerKwMonth' }),
    code: 'invalid_parameter',
  },
  {
    name: 'a breakeven range backwards',
    kind: 'breakeven',
    body: () => ({ scenario: scenario(), parameter: 'site.energyUsdPerMWh', from: 60, to: 30 }),
    code: 'invalid_parameter',
  },
  {
    name: 'a map axis with too many steps',
    kind: 'map',
    body: () => ({
      scenario: scenario(),
      x: axis('market.hashprice.btcUsd', 4e4, 2e5, 42),
      y: axis('site.energyUsdPerMWh', 30, 60, 3),
    }),
    code: 'invalid_request',
  },
  {
    name: 'a map axis beyond its field’s bounds',
    kind: 'map',
    body: () => ({
      scenario: scenario(),
      x: axis('market.hashprice.btcUsd', 4e4, 2e5, 3),
      y: axis('fleet.uptime', 0.5, 1.2, 3),
    }),
    code: 'invalid_parameter',
  },
  {
    name: 'a map axis on a text field',
    kind: 'map',
    body: () => ({
      scenario: scenario(),
      x: axis('name', 0, 1, 3),
      y: axis('site.energyUsdPerMWh', 30, 60, 3),
    }),
    code: 'invalid_parameter',
  },
];

/** The API's answer to the body, as a refusal. */
async function viaApi(kind: Kind, body: unknown): Promise<Refusal> {
  const res = await app.request(`/api/${kind}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const { error } = ApiErrorSchema.parse(await res.json());
  return {
    status: res.status,
    code: error.code,
    message: error.message,
    issues: error.issues ?? [],
  };
}

/** The engine's answer to the body, as the browser's worker calls it and posts its failure. */
async function viaEngine(kind: Kind, body: unknown): Promise<Refusal> {
  try {
    if (kind === 'optimize' || kind === 'evaluate') await engine.solve(kind, body);
    else await engine.analyse(kind, body, inProcessPoints());
  } catch (e) {
    const refused = engineError(e);
    if (!refused) throw e;
    const { status, code, message, issues } = refused;
    return { status, code, message, issues };
  }
  throw new Error(`the engine answered a bad ${kind} body`);
}

describe('the engine refuses a bad body as the API does', () => {
  it('has twenty bad bodies or more, of every route', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(20);
    expect(new Set(bodies.map((b) => b.kind)).size).toBe(5);
  });

  it.each(bodies)('$kind: $name', async ({ kind, body, code }) => {
    const api = await viaApi(kind, body());
    expect(api.status).toBe(400);
    expect(api.code).toBe(code);
    expect(api.issues.length).toBeGreaterThan(0);
    expect(await viaEngine(kind, body())).toEqual(api);
  });
});
