/**
 * /api/openapi.json validates as OpenAPI 3.1, documents every route the app serves (found from its
 * route table) with its error responses, and matches what the routes really send: real answers
 * validate against the document's own schemas. /api/docs renders it.
 */
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createApp } from '../../api/app';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';

const app = createApp();
const doc = (await (await app.request('/api/openapi.json')).json()) as any;
const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(
  ([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })),
);
const served = [
  ...new Set(
    app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
  ),
];

/** Validates a value against a component schema of the document. */
function conforms(component: string, value: unknown) {
  return conformsToSchema({ $ref: `#/components/schemas/${component}` }, value);
}

/**
 * Validates a value against a schema of the document (inline, or a `$ref` to one of its
 * components).
 */
function conformsToSchema(schema: object, value: unknown) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components });
  const validate = ajv.compile(
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')),
  );
  const ok = validate(value);
  return { ok, errors: validate.errors ? JSON.stringify(validate.errors.slice(0, 5)) : null };
}

describe('the OpenAPI document', () => {
  it('names every operation with a unique operationId', () => {
    const ids = ops.map((o) => o.op.operationId);
    for (const { path, method, op } of ops)
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation an example — path parameters, request body, answer — that fits its schema', () => {
    for (const { path, method, op } of ops) {
      const where = `${method} ${path} (${op.operationId})`;
      let examples = 0;
      for (const p of op.parameters ?? []) {
        expect(p.example, `${where}: parameter ${p.name}`).toBeDefined();
        expect(conformsToSchema(p.schema, p.example), `${where}: parameter ${p.name}`).toEqual({
          ok: true,
          errors: null,
        });
        examples++;
      }
      for (const [type, media] of Object.entries(
        (op.requestBody?.content ?? {}) as Record<string, any>,
      )) {
        expect(media.example, `${where}: request ${type}`).toBeDefined();
        expect(conformsToSchema(media.schema, media.example), `${where}: request`).toEqual({
          ok: true,
          errors: null,
        });
        examples++;
      }
      const ok = Object.keys(op.responses).find((c) => c.startsWith('2'))!;
      const content = Object.entries((op.responses[ok].content ?? {}) as Record<string, any>);
      if (content.length) {
        const withExample = content.filter(([, media]) => media.example !== undefined);
        expect(withExample.length, `${where}: ${ok} answer`).toBeGreaterThan(0);
        for (const [, media] of withExample)
          expect(conformsToSchema(media.schema, media.example), `${where}: answer`).toEqual({
            ok: true,
            errors: null,
          });
        examples += withExample.length;
      }
      expect(examples, where).toBeGreaterThan(0);
    }
  });

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route the app serves, and nothing it does not', () => {
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual([...served].sort());
  });

  it('declares the error responses: 400 and 413 with a body, 404 with an id, 503 where it solves', () => {
    for (const { path, method, op } of ops) {
      const codes = Object.keys(op.responses);
      const where = `${method} ${path}`;
      expect(
        codes.some((c) => c.startsWith('2')),
        where,
      ).toBe(true);
      if (op.requestBody) expect(codes, where).toEqual(expect.arrayContaining(['400', '413']));
      if (path.includes('{id}')) expect(codes, where).toContain('404');
      for (const c of codes.filter((c) => /^[45]/.test(c))) {
        expect(op.responses[c].content['application/json'].schema.$ref, `${where} ${c}`).toBe(
          '#/components/schemas/ApiError',
        );
      }
      expect(op.summary, where).toBeTruthy();
    }
    const solving = [
      'post /api/optimize',
      'post /api/evaluate',
      'post /api/plans',
      'put /api/plans/{id}',
    ];
    for (const s of solving) {
      const [method, path] = s.split(' ');
      const r503 = doc.paths[path][method].responses['503'];
      expect(r503, s).toBeDefined();
      expect(r503.headers['Retry-After']).toBeDefined();
    }
  });

  it('shares the schemas by reference: Scenario, Plan, SolveResult, SavedPlan, ApiError', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Scenario',
        'Plan',
        'SolveResult',
        'EvaluateRequest',
        'SavedPlan',
        'PlanSummary',
        'ApiError',
        'Health',
      ]),
    );
    expect(
      doc.paths['/api/optimize'].post.requestBody.content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/Scenario');
    const scenario = doc.components.schemas.Scenario;
    expect(scenario.additionalProperties).toBe(false);
    expect(scenario.properties.horizonMonths).toMatchObject({
      type: 'integer',
      minimum: 12,
      maximum: 240,
    });
    expect(scenario.properties.site.properties.gridMW.description).toMatch(/MW/);
  });

  it('matches what the routes send: a preset, an answer, a saved plan, a list, an error, health', async () => {
    const scenario = loadPreset(DEFAULT_PRESET_ID);
    expect(conforms('Scenario', scenario)).toMatchObject({ ok: true });
    const answer = await (
      await app.request('/api/optimize', {
        method: 'POST',
        body: JSON.stringify(scenario),
        headers: { 'content-type': 'application/json' },
      })
    ).json();
    expect(conforms('SolveResult', answer)).toEqual({ ok: true, errors: null });
    const saved = await (
      await app.request('/api/plans', {
        method: 'POST',
        body: JSON.stringify({ name: 'doc', scenario }),
        headers: { 'content-type': 'application/json' },
      })
    ).json();
    expect(conforms('SavedPlan', saved)).toEqual({ ok: true, errors: null });
    const list = await (await app.request('/api/plans')).json();
    expect(conforms('PlanSummary', (list as unknown[])[0])).toEqual({ ok: true, errors: null });
    const error = await (
      await app.request('/api/optimize', {
        method: 'POST',
        body: '{"name": 1}',
        headers: { 'content-type': 'application/json' },
      })
    ).json();
    expect(conforms('ApiError', error)).toEqual({ ok: true, errors: null });
    expect(conforms('Health', await (await app.request('/api/health')).json())).toEqual({
      ok: true,
      errors: null,
    });
    // And the schema refuses what the API refuses.
    expect(conforms('Scenario', { ...scenario, colour: 'red' }).ok).toBe(false);
  });
});

describe('/api/docs', () => {
  it('is a self-contained HTML page naming every route and schema', async () => {
    const res = await app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    for (const { path, method } of ops) expect(html).toContain(`${method.toUpperCase()} ${path}`);
    for (const name of Object.keys(doc.components.schemas))
      expect(html).toContain(`id="schema-${name}"`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!127)/);
  });
});
