/**
 * @module vite.config — builds the SolidJS web app from web/ into dist/web, which the API serves:
 * the app, its solver workers (the model and HiGHS, their own chunks, fetched after first paint)
 * and the service worker that keeps them all for offline use (web/sw.js, with the build's file
 * list). See docs/web.md.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

/**
 * Every file under `dir` as a site path (`/assets/…`), sorted; dot files, the service worker and
 * the compressed copies left out.
 */
function siteFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (f.startsWith('.')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.push(`/${relative(dir, p).split('\\').join('/')}`);
    }
  };
  walk(dir);
  return out.filter((f) => f !== '/sw.js' && !/\.(?:br|gz)$/.test(f)).sort();
}

/**
 * The offline cache, written after the build: web/sw.js with the list of every file built (the app,
 * its chunks, the solver worker, HiGHS' .wasm) and a cache name from their hash, so that a new
 * build replaces the cache whole. (The build script and the tests' build then write the compressed
 * copies, scripts/precompress.mjs; they are left out of the list.)
 */
function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'switchyard-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = isAbsolute(config.build.outDir)
        ? config.build.outDir
        : join(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = siteFiles(outDir);
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const source = readFileSync(fileURLToPath(new URL('./web/sw.js', import.meta.url)), 'utf8')
        .replace(
          "'__CACHE_NAME__'",
          JSON.stringify(`switchyard-${hash.digest('hex').slice(0, 12)}`),
        )
        .replace("['__PRECACHE__']", JSON.stringify(files));
      writeFileSync(join(outDir, 'sw.js'), source);
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [solid(), serviceWorker()],
  // ES module workers: the solver worker imports HiGHS' loader, which finds its .wasm by
  // import.meta.url.
  worker: { format: 'es' },
  // ExcelJS (~930 kB) is its own chunk, fetched only when a workbook is downloaded.
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  // The dev server passes its own Host on (changeOrigin false): the API accepts a write whose
  // Origin is the host it was sent to (docs/security-transport.md), and localhost is one of its
  // names.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8787', changeOrigin: false } } },
});
