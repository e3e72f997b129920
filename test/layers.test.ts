/**
 * @module test/layers — the layer rules of the style guide (docs/style.md §1, §9, §11), enforced on
 * the sources: model/ is pure (no fs, fetch, DOM, api, web or data; only model/solvers/ may touch a
 * solver or a worker thread), data/ reaches only model/schema, api/ never web/, web/ reaches the
 * API by type only and never a solver or data (its solver worker runs the model, not a solver),
 * and GLPK (GPL) is never imported by shipped code. No import circle, no module-level state outside
 * the entry points, no line over 120 characters.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

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
  // Dynamic imports on code lines only: a TSDoc `@example` may show one.
  for (const line of src.split('\n'))
    if (!/^\s*(\*|\/\/)/.test(line))
      for (const m of line.matchAll(/import\(\s*'([^']+)'\s*\)/g))
        out.push({ spec: m[1], typeOnly: false });
  return out;
}

/**
 * The source file a relative import names (`./x` is `x.ts`, `x.tsx` or `x/index.ts`; `./x.js` is
 * `x.ts`), relative to the repository root; undefined for a package or a file that is not source.
 */
function resolveImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = relative(root, join(root, dirname(file), spec));
  const bare = base.replace(/\.(m?js|jsx)$/, '');
  const tries = [base, `${bare}.ts`, `${bare}.tsx`, `${bare}/index.ts`, `${bare}/index.tsx`];
  return tries.find((p) => /\.tsx?$/.test(p) && existsSync(join(root, p)));
}

/**
 * Every import circle among `sources` (repository-relative paths), each named as the files in
 * import order, the first repeated at the end (`a.ts → b.ts → a.ts`). Every relative import counts:
 * static, dynamic, `import type` and `export … from`. Depth-first search: each back edge closes one
 * circle, so a file in several circles is named in each.
 */
function importCycles(sources: readonly string[]): string[] {
  const known = new Set(sources);
  const edges = new Map(
    sources.map((f) => [
      f,
      [...new Set(imports(f).map(({ spec }) => resolveImport(f, spec)))].filter(
        (t): t is string => t !== undefined && known.has(t),
      ),
    ]),
  );
  const cycles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (f: string) => {
    path.push(f);
    for (const t of edges.get(f) ?? []) {
      const at = path.indexOf(t);
      if (at >= 0) cycles.push([...path.slice(at), t].join(' → '));
      else if (!done.has(t)) visit(t);
    }
    path.pop();
    done.add(f);
  };
  for (const f of [...sources].sort()) if (!done.has(f)) visit(f);
  return cycles;
}

/**
 * Module-level state: a top-level `let`, or a top-level `const` holding a new Map, Set, WeakMap or
 * WeakSet (a cache or a registry shared by every caller). Named as `file:line: text`.
 */
function moduleState(file: string): string[] {
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) =>
      /^(export )?let /.test(line) || /^(export )?const [^=]+= new (Weak)?(Map|Set)\b/.test(line)
        ? [`${file}:${i + 1}: ${line.trim()}`]
        : [],
    );
}

/**
 * Where module-level state is allowed: entry points, which run once per process, thread or page,
 * the lazily loaded WebAssembly runtimes of the solvers (loaded once per process), and bounded memo
 * tables of pure functions.
 */
const STATE_ALLOWED = [
  'api/server.ts', // the HTTP server process
  'api/cli/index.ts', // the command line
  'api/worker-thread.ts', // worker-thread entries: one module instance per thread
  'api/analysis-worker.ts',
  'api/solve-worker.ts',
  'api/queue-worker.ts', // a worker process
  'api/jslp-worker.ts',
  'api/aside-worker.ts',
  'web/src/main.tsx', // the page
  'web/src/worker/solver.worker.ts', // the browser's solver worker
  'web/src/worker/register-sw.ts',
  'model/solvers/highs.ts', // HiGHS' WebAssembly, loaded on first use
  'model/solvers/glpk.ts', // GLPK's WebAssembly, loaded on first use (as HiGHS')
  // Memo tables of pure functions, bounded (docs/style.md §11): the same value for the same key.
  'model/lp.ts', // the LP names `key` has built
  'model/time.ts', // month labels and discount factors
];

/** Every source file (any JavaScript or TypeScript) under `dir`, or `dir` itself if a file. */
function sourceFiles(dir: string): string[] {
  if (!statSync(join(root, dir)).isDirectory()) return [dir];
  return readdirSync(join(root, dir)).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(join(root, p)).isDirectory())
      return ['node_modules', 'dist', '__snapshots__'].includes(f) ? [] : sourceFiles(p);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(f) ? [p] : [];
  });
}

/** The hard line limit (docs/style.md §9): biome wraps code at 100, comments are wrapped by hand. */
const MAX_LINE = 120;

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
  it(
    'web/ takes only types from api/, only the schema, the CSV writer, month arithmetic and the ' +
      'report content from model/ (but in its solver worker), and never a solver or data',
    () => {
      for (const f of files('web/src')) {
        for (const { spec, typeOnly } of imports(f)) {
          const t = target(f, spec);
          if (t === 'api') expect(typeOnly, `${f} → ${spec}`).toBe(true);
          // The solver worker runs the model itself (docs/web.md); the rest of web/src/worker/ takes
          // its types only, so that the model never enters the page's own chunks.
          if (t === 'model' && f === 'web/src/worker/solver.worker.ts') continue;
          if (t === 'model' && f.startsWith('web/src/worker/') && typeOnly) continue;
          if (t === 'model')
            expect(spec, f).toMatch(/model\/(schema|analyses\/schema|csv|time|tree-diff|report)$/);
          expect(['data', 'scripts'], `${f} → ${spec}`).not.toContain(t);
          expect(spec, f).not.toMatch(/^(highs|glpk\.js|javascript-lp-solver)/);
        }
      }
    },
  );
  it('GLPK (GPL-3.0) is never imported by shipped code', () => {
    for (const f of [...files('api'), ...files('web/src'), ...files('model')]) {
      if (f === 'model/solvers/glpk.ts') continue;
      for (const { spec } of imports(f)) {
        expect(spec, f).not.toMatch(/glpk/);
      }
    }
  });
});

describe('structure', () => {
  const shipped = () => [...files('model'), ...files('api'), ...files('web/src')];

  it('the cycle walker finds a three-file circle through `export … from` and `import type`', () => {
    const fixture = files('test/fixtures/cycle');
    expect(fixture).toHaveLength(3);
    expect(importCycles(fixture)).toEqual([
      'test/fixtures/cycle/a.ts → test/fixtures/cycle/b.ts → test/fixtures/cycle/c.ts → ' +
        'test/fixtures/cycle/a.ts',
    ]);
    // Without the circle's last edge there is none.
    expect(importCycles(fixture.filter((f) => !f.endsWith('c.ts')))).toEqual([]);
  });

  it('no import circle among the sources of model/, api/ and web/src/', () => {
    expect(importCycles(shipped())).toEqual([]);
  });

  it('no module-level state in model/, api/ and web/src/ outside the entry points', () => {
    for (const f of STATE_ALLOWED) expect(existsSync(join(root, f)), f).toBe(true);
    const found = shipped()
      .filter((f) => !STATE_ALLOWED.includes(f))
      .flatMap(moduleState);
    expect(found).toEqual([]);
  });

  it(`no source line is over ${MAX_LINE} characters`, () => {
    const dirs = ['model', 'api', 'web/src', 'data/load.ts', 'scripts', 'test', 'bin'];
    const long = dirs.flatMap(sourceFiles).flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const n = [...line].length;
          return n > MAX_LINE ? [`${f}:${i + 1} (${n})`] : [];
        }),
    );
    expect(long).toEqual([]);
  });
});
