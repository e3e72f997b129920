/**
 * The production build: `npm run build`'s server bundle runs under plain Node (no TypeScript
 * runner) and reaches only Node's built-ins, its own files and runtime dependencies (so `npm ci
 * --omit=dev` is enough to run it); its worker threads, javascript-lp-solver's worker and HiGHS'
 * WebAssembly load from it; a second build of unchanged sources does nothing; and the `switchyard`
 * command runs its sub-commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import { SolveResultSchema } from '../model';
import { startServer } from '../scripts/lib/child';
import { tempDir } from './plans/fixture';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist', 'server');
const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--server', '--if-stale'], {
    cwd: root,
    stdio: 'pipe',
    timeout: 120_000,
  });
}, 180_000);

describe('npm run build', () => {
  it('bundles the server, the command line and the four worker threads as plain JavaScript', () => {
    const files = readdirSync(out);
    for (const f of [
      'server.js',
      'cli.js',
      'solve-worker.js',
      'analysis-worker.js',
      'jslp-worker.js',
      'aside-worker.js',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('reaches only Node built-ins, its own files and runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const packageOf = (spec: string) =>
      spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    const reached = new Set<string>();
    for (const f of readdirSync(out).filter((f) => f.endsWith('.js'))) {
      const src = readFileSync(join(out, f), 'utf8');
      const specs = [
        ...src.matchAll(/^(?:import|export)\b[^;"]*?(?:from\s*)?"([^"]+)"/gm),
        ...src.matchAll(/\bimport\("([^"]+)"\)/g),
      ];
      for (const m of specs) {
        const spec = m[1].replace(/^node:/, '');
        if (!spec.startsWith('.')) reached.add(packageOf(spec));
      }
    }
    expect([...reached].filter((p) => !allowed.has(p))).toEqual([]);
    expect(reached).toContain('highs');
  });

  it('builds nothing the second time when the sources have not changed', () => {
    const again = node(['scripts/build.mjs', '--server', '--if-stale']);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toContain('built');
  });
});

describe('the built server under plain Node', () => {
  it('warms its analysis threads, then answers /api/optimize with HiGHS and with javascript-lp-solver', async () => {
    const srv = await startServer({ DATA_DIR: tempDir('build'), WARM_UP: '4' }, true);
    try {
      await srv.waitFor(/Analysis threads warm/, 120_000);
      const scenario = loadPreset(DEFAULT_PRESET_ID) as any;
      const post = (body: unknown) =>
        fetch(`${srv.url}/api/optimize`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
      const highs = SolveResultSchema.parse(await (await post(scenario)).json());
      expect(highs).toMatchObject({ status: 'optimal', solver: { name: 'highs' } });
      const small = {
        ...scenario,
        horizonMonths: 12,
        solve: { solver: 'jslp', timeLimitSeconds: 60 },
      };
      const jslp = SolveResultSchema.parse(await (await post(small)).json());
      expect(jslp.solver.name).toBe('jslp');
      expect(jslp.status, jslp.message).toBe('optimal');
      const health = (await (await fetch(`${srv.url}/api/health`)).json()) as any;
      expect(health.analyses.live).toBeGreaterThan(0);
    } finally {
      srv.process.kill('SIGTERM');
      await srv.exited;
    }
  });
});

describe('the switchyard command', () => {
  it('optimize prints the plan of a preset; lp prints its LP file', () => {
    const optimize = node(['bin/switchyard.mjs', 'optimize', DEFAULT_PRESET_ID]);
    expect(optimize.status, optimize.stderr).toBe(0);
    expect(optimize.stdout).toMatch(/status: optimal/);
    expect(optimize.stdout).toMatch(/Plan — HPC phases/);
    const lp = node(['bin/switchyard.mjs', 'lp', DEFAULT_PRESET_ID]);
    expect(lp.status, lp.stderr).toBe(0);
    expect(lp.stdout).toMatch(/^\\ Switchyard LP/);
    expect(lp.stdout).toMatch(/\nEnd\n?$/);
  });

  it(
    'a worker without a queue, an unknown command or a bad argument exits 2 ' +
      'and says why; montecarlo runs here',
    () => {
      const worker = node(['bin/switchyard.mjs', 'worker'], { QUEUE_URL: '' });
      expect([worker.status, worker.stderr]).toEqual([
        2,
        expect.stringMatching(/QUEUE_URL is not set/),
      ]);
      const montecarlo = node([
        'bin/switchyard.mjs',
        'montecarlo',
        DEFAULT_PRESET_ID,
        '--paths',
        '20',
      ]);
      expect(montecarlo.status, montecarlo.stderr).toBe(0);
      expect(montecarlo.stdout).toMatch(/20 paths, seed 1/);
      expect(montecarlo.stdout).toMatch(/converting beats mining on/);
      const bad = node(['bin/switchyard.mjs', 'montecarlo', DEFAULT_PRESET_ID, '--paths', '0']);
      expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/paths/)]);
      expect(node(['bin/switchyard.mjs', 'nope']).status).toBe(2);
      const missing = node(['bin/switchyard.mjs', 'optimize', 'no-such-preset']);
      expect([missing.status, missing.stderr]).toEqual([
        2,
        expect.stringMatching(/no preset or file "no-such-preset"/),
      ]);
    },
  );
});
