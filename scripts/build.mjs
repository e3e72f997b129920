/**
 * @module build — `npm run build`: bundles the server, its worker threads and the command line into
 * dist/server (plain JavaScript, esbuild) and the web app into dist/web (vite). `--if-stale` (what
 * `npm start` and the `switchyard` command use) builds only the parts whose sources changed since
 * the last build. Plain JavaScript, so that it runs with Node alone; the build tools (dev
 * dependencies) are imported only when something is built.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

/**
 * The two parts of the build: what each is made from (files and folders, from the root) and its
 * stamp, a hash of those files' contents written after a successful build. A part is stale when its
 * stamp is missing or differs.
 */
export const PARTS = {
  server: {
    inputs: ['api', 'model', 'data', 'package.json', 'package-lock.json', 'scripts/build.mjs'],
    stamp: join(DIST, 'server', '.stamp'),
  },
  web: {
    inputs: [
      'web',
      'model',
      'vite.config.ts',
      'package-lock.json',
      'scripts/build.mjs',
      'scripts/precompress.mjs',
    ],
    stamp: join(DIST, 'web', '.stamp'),
  },
};

/**
 * The server bundle's entry points: name in dist/server → source. Workers are started beside the
 * code that starts them.
 */
const ENTRIES = {
  server: 'api/server.ts',
  cli: 'api/cli/index.ts',
  'solve-host': 'api/solve-host.ts',
  'solve-worker': 'api/solve-worker.ts',
  'analysis-worker': 'api/analysis-worker.ts',
  'jslp-worker': 'api/jslp-worker.ts',
  'aside-worker': 'api/aside-worker.ts',
};

/** Every file under the inputs, sorted, without tests' and editors' leftovers. */
function files(inputs) {
  const out = [];
  const walk = (rel) => {
    const abs = join(ROOT, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const f of readdirSync(abs))
        if (f !== 'node_modules' && !f.startsWith('.')) walk(join(rel, f));
    } else out.push(rel);
  };
  inputs.forEach(walk);
  return [...new Set(out)].sort();
}

/** Hash of the part's input files (names and contents). */
export function sourceHash(part) {
  const hash = createHash('sha256');
  for (const f of files(PARTS[part].inputs))
    hash
      .update(`${f}\0`)
      .update(readFileSync(join(ROOT, f)))
      .update('\0');
  return hash.digest('hex');
}

/** Whether the part must be built: no stamp, or one of another source hash. */
export function isStale(part) {
  const { stamp } = PARTS[part];
  return !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== sourceHash(part);
}

/** Whether the build tools are installed (not after `npm ci --omit=dev`). */
export function canBuild() {
  try {
    createRequire(import.meta.url).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

async function buildServer() {
  const { build } = await import('esbuild');
  const outdir = join(DIST, 'server');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies stay in node_modules (npm ci --omit=dev installs them): better-sqlite3 is
    // native, highs loads its .wasm beside its own module, and nothing of a dev dependency is
    // reached at run time.
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  });
  // data/load.ts reads the presets, the CSV tables and the calibration beside itself: beside the
  // bundle, they are copied there.
  const data = join(ROOT, 'data');
  mkdirSync(join(outdir, 'presets'), { recursive: true });
  for (const f of readdirSync(data))
    if (f.endsWith('.csv') || f === 'calibration.json')
      copyFileSync(join(data, f), join(outdir, f));
  for (const f of readdirSync(join(data, 'presets')))
    copyFileSync(join(data, 'presets', f), join(outdir, 'presets', f));
}

async function buildWeb() {
  const { build } = await import('vite');
  // Paths from the root, not the cwd: `switchyard serve` may be started from anywhere.
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'web'),
    build: { outDir: join(DIST, 'web'), emptyOutDir: true },
    logLevel: 'warn',
  });
  // The brotli and gzip copies the server sends (api/static.ts), once every file is written.
  const { precompress } = await import('./precompress.mjs');
  await precompress(join(DIST, 'web'));
}

/**
 * Builds the parts (`all`, or only the stale ones) and stamps them. Returns what was built. Without
 * the build tools, a stale part that has a build is kept (with a warning) and a missing one is an
 * error.
 */
export async function buildParts({
  parts = ['server', 'web'],
  onlyStale = false,
  log = console.error,
} = {}) {
  const built = [];
  for (const part of parts) {
    if (onlyStale && !isStale(part)) continue;
    const { stamp } = PARTS[part];
    if (!canBuild()) {
      if (existsSync(stamp)) {
        log(
          `warning: dist/${part} is older than its sources and the build tools ` +
            'are not installed (npm ci --omit=dev); running the existing build',
        );
        continue;
      }
      throw new Error(
        `dist/${part} is missing and the build tools are not installed: run npm install, then npm run build`,
      );
    }
    const t0 = performance.now();
    const hash = sourceHash(part);
    await (part === 'server' ? buildServer() : buildWeb());
    mkdirSync(dirname(stamp), { recursive: true });
    writeFileSync(stamp, `${hash}\n`);
    log(`built dist/${part} in ${Math.round(performance.now() - t0)} ms`);
    built.push(part);
  }
  return built;
}

/** Total size of a folder's files, bytes. */
export function folderBytes(dir) {
  return files([relative(ROOT, dir)]).reduce((sum, f) => sum + statSync(join(ROOT, f)).size, 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const onlyStale = process.argv.includes('--if-stale');
  const parts = ['server', 'web'].filter((p) => process.argv.includes(`--${p}`));
  try {
    await buildParts({ parts: parts.length ? parts : undefined, onlyStale });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
