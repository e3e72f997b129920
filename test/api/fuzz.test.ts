/**
 * Fuzz: over 10,000 malformed or hostile bodies (seeded fast-check) against every POST and PUT
 * route the app has — found from its route table, so routes added later are fuzzed too. Bodies:
 * arbitrary JSON, a valid request with one node replaced by a hostile value (wrong type, huge
 * number, NaN/Infinity as strings, deep nesting), unknown and prototype keys (`__proto__`,
 * `constructor`, `prototype`) inserted anywhere, fields deleted, and raw text (truncated JSON,
 * number literals that overflow to Infinity, NaN, deep brackets). Every answer must come within a
 * per-request time limit, never be a 5xx, and every 4xx must name at least one field, each with a
 * non-empty path. Solves run on a stub runner that builds the model (so that a scenario the schema
 * lets through but the model cannot build shows as the 500 it would be) and answers at once: this
 * tests the HTTP edge, not the solver.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createApp } from '../../api/app';
import type { SolveRunner } from '../../api/runner';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';
import { ApiErrorSchema, SolveResultSchema, buildModel, type SolveResult } from '../../model';

// FUZZ_SEED=<n> explores other bodies; CI keeps the fixed seed so that a failure reproduces.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122);
const TOTAL_RUNS = 10_500;
// A hang, not a slow machine: one request is a parse and a validation, milliseconds even under
// load; the limit only turns a request that never answers into a named failure instead of a stuck
// run.
const REQUEST_TIMEOUT_MS = 60_000;
/**
 * A route's whole fuzz run (about 1,500 bodies): minutes on a busy machine, never the default 5 s.
 */
const ROUTE_TIMEOUT_MS = 15 * 60_000;

/** A runner that builds the model, then answers at once with a fixed timed-out answer. */
function stubRunner(): SolveRunner {
  const answer = (plan?: SolveResult['plan']): SolveResult =>
    SolveResultSchema.parse({
      status: 'timedout',
      npvUsd: null,
      plan: plan ?? { builds: [], refreshes: [] },
      months: [],
      kpis: null,
      message: 'stub',
      solver: {
        name: 'stub',
        ms: 0,
        buildMs: 0,
        variables: 0,
        constraints: 0,
        integers: 0,
        mipGap: null,
        timeLimitHit: true,
        maxViolation: 0,
      },
    });
  return {
    optimize: async (s) => (buildModel(s), answer()),
    evaluate: async (s, p) => (buildModel(s, { plan: p }), answer(p)),
    stats: () => ({ size: 0, busy: 0, queued: 0 }),
    close: async () => {},
  };
}

const scenario = loadPreset(DEFAULT_PRESET_ID) as unknown as Record<string, unknown>;
const plan = {
  builds: [{ optionId: (scenario.hpcOptions as { id: string }[])[0].id, month: '2027-04', mw: 10 }],
  refreshes: [],
};
/** Valid bodies to mutate, per route; a route not listed gets all of them. */
const BASES: Record<string, unknown[]> = {
  'POST /api/optimize': [scenario],
  'POST /api/lp': [scenario],
  'POST /api/evaluate': [{ scenario, plan }],
  'POST /api/plans': [
    { name: 'fuzz', scenario },
    { name: 'fuzz', scenario, plan },
  ],
  'PUT /api/plans/:id': [
    { name: 'fuzz' },
    { scenario },
    { plan },
    { name: 'fuzz', scenario, plan: null },
  ],
};
const GENERIC_BASES = [scenario, { scenario }, { scenario, plan }];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Every node's path (root included), so a mutation can land anywhere. */
function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function nested(depth: number, leaf: Json, asArray: boolean): Json {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    'null',
    'true',
    '',
    ' ',
    '0x10',
    '١٢',
    1e308,
    -1e308,
    Number.MAX_VALUE,
    -Number.MAX_SAFE_INTEGER,
    2 ** 53 + 1,
    1e-320,
    -1,
    0.5,
    true,
    false,
    [],
    {},
    [null],
    { '': null },
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.tuple(fc.integer({ min: 10, max: 800 }), fc.boolean()).map(([d, arr]) => nested(d, 1, arr)),
  fc.constantFrom<Json>(JSON.parse('{"__proto__": {"polluted": true}}'), {
    constructor: { prototype: { polluted: true } },
  }),
);
const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '',
    ' ',
    'name ',
    'NAME',
    '0',
    '$ref',
    '__defineGetter__',
  ),
  fc.string({ maxLength: 12 }),
);

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? {} : value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
  return copy;
}

/** A JSON body as text: a valid base with one hostile change (or a few), or arbitrary JSON. */
function bodyFor(bases: unknown[]): fc.Arbitrary<string> {
  const base = fc.constantFrom(...(bases as Json[]));
  const mutation = base.chain((b) => {
    const ps = paths(b);
    const at = fc.constantFrom(...ps);
    const objectPaths = ps.filter((p) => {
      let n: unknown = b;
      for (const k of p) n = (n as Record<string | number, unknown>)[k];
      return n !== null && typeof n === 'object' && !Array.isArray(n);
    });
    const replace = fc.tuple(at, hostileValue).map(([p, v]) => setAt(b, p, v));
    const remove = at.filter((p) => p.length > 0).map((p) => setAt(b, p, undefined));
    // Inserted as JSON text so `__proto__` stays an own key, as a hostile client would send it.
    const insert = fc
      .tuple(fc.constantFrom(...objectPaths), hostileKey, hostileValue)
      .map(([p, k, v]) => {
        const marker = '"__fuzz_marker__"';
        const withMarker = setAt(b, [...p, '__fuzz_marker__'], 0);
        return JSON.parse(
          JSON.stringify(withMarker).replace(
            `${marker}:0`,
            () => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
          ),
        ) as Json;
      });
    return fc.oneof(replace, remove, insert);
  });
  const several = base.chain((b) =>
    fc
      .array(fc.tuple(fc.constantFrom(...paths(b).filter((p) => p.length > 0)), hostileValue), {
        minLength: 2,
        maxLength: 6,
      })
      .map((edits) =>
        edits.reduce<Json>((acc, [p, v]) => {
          try {
            return setAt(acc, p, v);
          } catch {
            return acc; // an earlier edit removed the parent
          }
        }, b),
      ),
  );
  const json = fc
    .oneof(
      { weight: 5, arbitrary: mutation },
      { weight: 2, arbitrary: several },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json> },
    )
    .map((v) => JSON.stringify(v));
  const raw = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e999',
      'undefined',
      '{',
      '}',
      '[',
      '{"a":1,}',
      "{'a':1}",
      '{"a":NaN}',
      '{"horizonMonths":Infinity}',
      '\u0000',
      '\ufeff{}',
      'null',
      'true',
      '0',
      '"x"',
    ),
    fc.tuple(base, fc.nat()).map(([b, n]) => {
      const t = JSON.stringify(b);
      return t.slice(0, n % t.length);
    }),
    base.map((b) => JSON.stringify(b).replace(/:(-?\d+(\.\d+)?)(?=[,}])/, ':1e999')),
    base.map((b) => JSON.stringify(b).replace(/:(-?\d+(\.\d+)?)(?=[,}])/g, ':-1e999')),
    fc.integer({ min: 100, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
    fc.integer({ min: 100, max: 20_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  return fc.oneof({ weight: 6, arbitrary: json }, { weight: 1, arbitrary: raw });
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>(
      (_, reject) =>
        (timer = setTimeout(
          () => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms: ${what}`)),
          REQUEST_TIMEOUT_MS,
        )),
    ),
  ]);
}

describe('fuzzing every POST and PUT route', async () => {
  const app = createApp({ runner: stubRunner() });
  const created = await app.request('/api/plans', {
    method: 'POST',
    body: JSON.stringify({ name: 'target', scenario }),
    headers: { 'content-type': 'application/json' },
  });
  const planId = ((await created.json()) as { id: string }).id;
  const routes = [
    ...new Set(
      app.routes
        .filter((r) => r.method === 'POST' || r.method === 'PUT')
        .map((r) => `${r.method} ${r.path}`),
    ),
  ];
  const runsEach = Math.ceil(TOTAL_RUNS / routes.length);

  it('names keys that are not identifiers unambiguously, so no path is empty', async () => {
    const res = await app.request('/api/optimize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...scenario,
        '': 1,
        'a.b': 2,
        site: { ...(scenario.site as object), 'x y': 3 },
      }),
    });
    const paths = ApiErrorSchema.parse(await res.json()).error.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['[""]', '["a.b"]', 'site["x y"]']));
  });

  it('finds the routes', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/optimize',
        'POST /api/evaluate',
        'POST /api/lp',
        'POST /api/plans',
        'PUT /api/plans/:id',
      ]),
    );
  });

  it.each(routes)(
    '%s: no 5xx, no hang, every 4xx names its fields',
    async (route) => {
      const [method, pattern] = route.split(' ');
      const path = pattern.replace(':id', planId);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(bodyFor(BASES[route] ?? GENERIC_BASES), async (body) => {
          const what = `${route} ${body.slice(0, 200)}`;
          const res = await withTimeout(
            Promise.resolve(
              app.request(path, { method, body, headers: { 'content-type': 'application/json' } }),
            ),
            what,
          );
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, what).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = ApiErrorSchema.safeParse(await res.json());
            expect(parsed.success, what).toBe(true);
            const issues = parsed.data!.error.issues ?? [];
            expect(issues.length, what).toBeGreaterThan(0);
            for (const i of issues) expect(i.path, what).not.toBe('');
          } else {
            await res.arrayBuffer();
          }
          expect(({} as Record<string, unknown>).polluted, 'prototype polluted').toBeUndefined();
        }),
        { seed: SEED, numRuns: runsEach, endOnFailure: true },
      );
      // Most bodies must be refused; a few mutations (a deleted optional field) stay valid.
      const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
      expect(refused / runsEach).toBeGreaterThan(0.8);
    },
    ROUTE_TIMEOUT_MS,
  );
});
