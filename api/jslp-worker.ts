/**
 * @module jslp-worker — one javascript-lp-solver solve in a worker thread, so that the solver's
 * caller can kill it at its time limit (jslp-thread.ts).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { solveJslp, type JslpRequest } from '../model';

// Only when started as a worker: importing this file for its types must not solve anything.
if (!isMainThread && parentPort) parentPort.postMessage(solveJslp(workerData as JslpRequest));
