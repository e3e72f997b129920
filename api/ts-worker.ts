/**
 * @module ts-worker — starts a worker thread from a module that may be TypeScript source run
 * through tsx. Only api/ starts threads: the model is given what it needs to run on one (a
 * `JslpRun`, jslp-thread.ts).
 */
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
 * `file` with the extension of the running code: a URL without an extension gets `.ts` when this
 * module is TypeScript source (tsx, vitest) and `.js` when it is the built bundle (`npm run build`
 * puts every worker beside the bundle that starts it). A URL with an extension is kept.
 */
export function workerModule(file: URL): URL {
  if (/\.[cm]?[jt]s$/.test(file.pathname)) return file;
  const url = new URL(file.href);
  // The URL's path, not its text: a module tsx loads inside a worker has a `?tsx-namespace=…` query
  // after its name.
  url.pathname += new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';
  return url;
}

/**
 * The Node options that run `module` as a process (`child_process.fork`): tsx's loader for a `.ts`
 * file, none for a built one.
 */
export function nodeArgsFor(module: URL): string[] {
  if (!module.pathname.endsWith('.ts')) return [];
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return ['--import', new URL('dist/loader.mjs', pathToFileURL(pkg)).href];
}

/**
 * Starts a worker running `file` (see `workerModule` for a URL without an extension). A `.js` file
 * starts directly. A `.ts` file (the app runs its sources through tsx; so do the tests) cannot: on
 * Node 20 a worker neither inherits tsx's loader nor accepts `--import tsx` in `execArgv`, so a
 * tiny eval'd bootstrap loads tsx's API inside the worker and imports the file through it. Messages
 * posted before the module has loaded wait in the port's queue.
 *
 * @example
 * const worker = startWorker(new URL('./solve-worker', import.meta.url)); // solve-worker.ts or
 * solve-worker.js
 */
export function startWorker(file: URL, options: WorkerOptions = {}): Worker {
  const module = workerModule(file);
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const bootstrap =
    `import(${JSON.stringify(tsxApiUrl())}).then((m) => ` +
    `m.tsImport(${JSON.stringify(module.href)}, ` +
    `${JSON.stringify(import.meta.url)}));`;
  return new Worker(bootstrap, { ...options, eval: true });
}
