/**
 * @module worker/node-only — what the browser build gets for `node:worker_threads`, `node:module`
 * and `node:url` (vite.config.ts): the model imports them only to run javascript-lp-solver in a
 * Node worker thread, which the browser never does (a scenario with `solve.solver: "jslp"` is
 * solved on the server, lib/api.ts).
 */
const unavailable = (name: string) => () => {
  throw new Error(`${name} is not available in the browser: this scenario is solved on the server`);
};

export const Worker = unavailable('worker_threads.Worker');
export const isMainThread = true;
export const parentPort = null;
export const workerData = undefined;
export const createRequire = unavailable('module.createRequire');
export const pathToFileURL = unavailable('url.pathToFileURL');
export const fileURLToPath = unavailable('url.fileURLToPath');
export default {};
