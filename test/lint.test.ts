/**
 * The linter enforces the layer table of docs/style.md §1 (biome.json, noRestrictedImports): a file that
 * breaks a rule, put where the rule applies, fails `biome lint`; the same import where it is
 * allowed passes. Beside test/layers.test.ts, which checks the sources themselves.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'switchyard-lint-'));
copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Lints one file with the repository's configuration; returns the exit code and the diagnostics.
 */
function lint(path: string, source: string): { status: number | null; output: string } {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  const r = spawnSync(process.execPath, [biome, 'lint', '--vcs-enabled=false', path], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  rmSync(file);
  return { status: r.status, output: r.stdout + r.stderr };
}

const cases: [path: string, source: string, message: RegExp | null][] = [
  [
    'model/parts/probe.ts',
    "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    /model\/ is pure/,
  ],
  [
    'model/parts/probe.ts',
    "import { createApp } from '../../api/app';\nexport const f = createApp;\n",
    /model\/ imports no other layer/,
  ],
  [
    'model/parts/probe.ts',
    "import highs from 'highs';\nexport const f = highs;\n",
    /only model\/solvers\//,
  ],
  ['model/solvers/probe.ts', "import highs from 'highs';\nexport const f = highs;\n", null],
  [
    'model/solvers/probe.ts',
    "import glpk from 'glpk.js';\nexport const f = glpk;\n",
    /glpk\.js \(GPL-3\.0\)/,
  ],
  [
    'api/probe.ts',
    "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    null,
  ],
  [
    'api/probe.ts',
    "import glpk from 'glpk.js';\nexport const f = glpk;\n",
    /glpk\.js \(GPL-3\.0\)/,
  ],
  [
    'api/probe.ts',
    "import { App } from '../web/src/App';\nexport const f = App;\n",
    /api\/ never imports web\//,
  ],
  [
    'data/probe.ts',
    "import { optimize } from '../model';\nexport const f = optimize;\n",
    /data\/ reaches only model\/schema/,
  ],
  [
    'data/probe.ts',
    "import { ScenarioSchema } from '../model/schema';\nexport const f = ScenarioSchema;\n",
    null,
  ],
  [
    'web/src/lib/probe.ts',
    "import { createApp } from '../../../api/app';\nexport const f = createApp;\n",
    /web\/ takes only types from api\//,
  ],
  [
    'web/src/lib/probe.ts',
    "import type { AppType } from '../../../api/app';\nexport type T = AppType;\n",
    null,
  ],
  ['web/src/lib/probe.ts', "import { api } from './api';\nexport const f = api;\n", null],
  [
    'web/src/lib/probe.ts',
    "import { optimize } from '../../../model';\nexport const f = optimize;\n",
    /web\/ reaches model\/ only through its schema/,
  ],
  [
    'web/src/lib/probe.ts',
    "import { loadPreset } from '../../../data/load';\nexport const f = loadPreset;\n",
    /web\/ reads no data files/,
  ],
  ['test/probe.ts', "import glpk from 'glpk.js';\nexport const f = glpk;\n", null],
];

describe('biome lint: the layer rules', () => {
  it.each(cases)('%s: %s', (path, source, message) => {
    const { status, output } = lint(path, source);
    if (message === null) expect([status, output]).toEqual([0, expect.anything()]);
    else expect([status, output]).toEqual([1, expect.stringMatching(message)]);
  });
});
