/** @module solvers/ts-worker — starts a worker thread from a module that may be TypeScript source run through tsx. */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** URL of tsx's ESM API, resolved from this file (an eval worker would resolve from the cwd). */
function tsxApiUrl(): string {
  try {
    if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  } catch {
    // fall through: resolve by the package's location
  }
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return new URL('dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
}

/**
 * The module `stem` beside `base` (an `import.meta.url`), with base's own extension: `.ts` when base is TypeScript
 * source run through tsx or vitest, `.js` when compiled. Looks at the URL's path only: a module tsx loads inside a
 * worker has a `?tsx-namespace=…` query after its name.
 * @example siblingModule(import.meta.url, './jslp-worker') // …/jslp-worker.ts under tsx
 */
export function siblingModule(base: string, stem: string): URL {
  return new URL(`${stem}${new URL(base).pathname.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/**
 * Starts a worker running `file`. A `.js` file starts directly. A `.ts` file (the app runs its sources through
 * tsx; so do the tests) cannot: on Node 20 a worker neither inherits tsx's loader nor accepts `--import tsx` in
 * `execArgv`, so a tiny eval'd bootstrap loads tsx's API inside the worker and imports the file through it.
 * Messages posted before the module has loaded wait in the port's queue.
 */
export function startWorker(file: URL, options: WorkerOptions = {}): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, options);
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((m) => m.tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(bootstrap, { ...options, eval: true });
}
