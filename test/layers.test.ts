/**
 * The layer rules of the style guide, enforced on the sources: model/ is pure (no fs, fetch, DOM,
 * api, web or data; only model/solvers/ may touch a solver or a worker thread), data/ reaches only
 * model/schema, api/ never web/, web/ reaches the API by type only and never a solver or data (its
 * solver worker runs the model, not a solver), and GLPK (GPL) is never imported by shipped code.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(join(root, p)).isDirectory())
      return f === 'node_modules' || f === 'dist' ? [] : files(p);
    return /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

/** Every module specifier a file imports (static, dynamic and type imports). */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const src = readFileSync(join(root, file), 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm))
    out.push({ spec: m[3], typeOnly: !!m[2] });
  for (const m of src.matchAll(/import\(\s*'([^']+)'\s*\)/g))
    out.push({ spec: m[1], typeOnly: false });
  return out;
}

/** The top-level folder an import lands in, for relative imports. */
function target(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(root, join(root, file, '..', spec)).split('/')[0];
}

describe('layers', () => {
  it('model/ is pure: no I/O, no other layer; solvers and workers only under model/solvers/', () => {
    for (const f of files('model')) {
      for (const { spec } of imports(f)) {
        expect([`${f} → ${spec}`, /^(node:fs|fs|node:http|node:net)/.test(spec)]).toEqual([
          `${f} → ${spec}`,
          false,
        ]);
        expect(['api', 'web', 'data', 'scripts', 'test']).not.toContain(target(f, spec));
        if (/^(highs|glpk\.js|javascript-lp-solver|node:worker_threads)/.test(spec))
          expect(f, spec).toMatch(/^model\/solvers\//);
      }
    }
  });
  it('data/ reaches only model/schema', () => {
    for (const f of files('data')) {
      for (const { spec } of imports(f)) {
        const t = target(f, spec);
        if (t === 'model') expect(spec, f).toMatch(/model\/schema$/);
        else expect(['api', 'web'], `${f} → ${spec}`).not.toContain(t);
      }
    }
  });
  it('api/ never imports web/', () => {
    for (const f of files('api'))
      for (const { spec } of imports(f)) expect(target(f, spec), `${f} → ${spec}`).not.toBe('web');
  });
  it('web/ takes only types from api/, only the schema from model/ (but in its solver worker), and never a solver or data', () => {
    for (const f of files('web/src')) {
      for (const { spec, typeOnly } of imports(f)) {
        const t = target(f, spec);
        if (t === 'api') expect(typeOnly, `${f} → ${spec}`).toBe(true);
        // The solver worker runs the model itself (docs/web.md); the rest of web/src/worker/ takes
        // its types only, so that the model never enters the page's own chunks.
        if (t === 'model' && f === 'web/src/worker/solver.worker.ts') continue;
        if (t === 'model' && f.startsWith('web/src/worker/') && typeOnly) continue;
        if (t === 'model') expect(spec, f).toMatch(/model\/(schema|analyses\/schema|time)$/);
        expect(['data', 'scripts'], `${f} → ${spec}`).not.toContain(t);
        expect(spec, f).not.toMatch(/^(highs|glpk\.js|javascript-lp-solver)/);
      }
    }
  });
  it('GLPK (GPL-3.0) is never imported by shipped code', () => {
    for (const f of [...files('api'), ...files('web/src'), ...files('model')]) {
      if (f === 'model/solvers/glpk.ts') continue;
      for (const { spec } of imports(f)) {
        expect(spec, f).not.toMatch(/glpk/);
      }
    }
  });
});
