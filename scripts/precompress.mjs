/**
 * @module precompress — writes a brotli (`.br`) and a gzip (`.gz`) copy beside every compressible
 * file of a built web app (scripts, styles, the page, WebAssembly, JSON, SVG over 1 kB), for the
 * server to send as the browser's Accept-Encoding asks (api/static.ts). Brotli at its best quality
 * takes seconds on HiGHS' 3.5 MB .wasm, so each compressed copy is also kept in
 * node_modules/.cache/switchyard-precompress under the hash of what it compresses: a build whose
 * file did not change copies it from there. Plain JavaScript: the vite config and the build script
 * both run it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const CACHE = fileURLToPath(
  new URL('../node_modules/.cache/switchyard-precompress/', import.meta.url),
);
/** Files worth compressing, by extension. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|wasm|json|svg|txt|map)$/;
/** Smaller files gain less than their headers cost. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** The encodings written: file suffix → compressor. */
const ENCODINGS = {
  '.br': (buf) =>
    brotli(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      },
    }),
  '.gz': (buf) => gz(buf, { level: constants.Z_BEST_COMPRESSION }),
};

/** Every compressible file under `dir` (absolute paths). */
function compressible(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...compressible(p));
    else if (COMPRESSIBLE.test(f) && statSync(p).size >= MIN_BYTES) out.push(p);
  }
  return out;
}

/**
 * Writes `file.br` and `file.gz` beside every compressible file under `dir`; a copy not smaller
 * than the file is not written. Returns the files compressed.
 */
export async function precompress(dir) {
  mkdirSync(CACHE, { recursive: true });
  const files = compressible(dir);
  await Promise.all(
    files.flatMap((file) => {
      const buf = readFileSync(file);
      const hash = createHash('sha256').update(buf).digest('hex');
      return Object.entries(ENCODINGS).map(async ([suffix, compress]) => {
        const cached = join(CACHE, hash + suffix);
        const out = existsSync(cached) ? readFileSync(cached) : await compress(buf);
        if (!existsSync(cached)) writeFileSync(cached, out);
        if (out.length < buf.length) writeFileSync(file + suffix, out);
      });
    }),
  );
  return files;
}
