/**
 * @module cli/jobs — `switchyard worker` (chunks from the shared queue), `switchyard montecarlo` (a
 * risk run here) and `switchyard cancel` (a run on a server).
 */
import { parseArgs } from 'node:util';
import { calibratedProcess } from '../../data/load';
import { MAX_RUN_DEADLINE_SECONDS } from '../../model';
import { memoryRuns } from '../jobs';
import { createApp } from '../app';
import { runWorker } from '../queue-worker';
import {
  SIMULATOR_OPTIONS,
  SIMULATOR_USAGE,
  simulatorBody,
  simulatorLines,
} from './montecarlo-options';
import { readScenario } from './solve';
import { UsageError, type Command } from './types';

/**
 * `worker`: takes batch and Monte Carlo chunks from QUEUE_URL until SIGINT/SIGTERM (docs/scale.md).
 */
export const workerCommand: Command = {
  summary: 'run batch and Monte Carlo chunks from the shared job queue (QUEUE_URL, DATABASE_URL)',
  usage: 'worker   (QUEUE_URL=postgres://… [DATABASE_URL=…] [WORKER_CONCURRENCY=1])',
  async run() {
    if (!process.env.QUEUE_URL)
      throw new UsageError(
        'QUEUE_URL is not set: a worker takes its chunks from the queue database (postgres://…)',
      );
    const worker = await runWorker(process.env);
    console.log('Switchyard worker: taking chunks from the queue');
    const stop = () => void worker.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return 'running';
  },
};

const pct = (v: number) => `$${(v / 1e6).toFixed(1)}M`;

/**
 * `montecarlo <preset|file> [--paths N] [--seed S] [--btc-vol V] [--network-vol V] [--correlation
 * C] [--mode …] [--slip-probability P …] [--hold-share S …] [--deadline SECONDS] [--json]` (the
 * simulator's options: cli/montecarlo-options.ts); the process defaults to the one fitted to the market history
 * (`data/calibration.json`). A run here is bounded only by its deadline (default the most a
 * server takes, `MAX_RUN_DEADLINE_SECONDS`): no admission limits apply to this process's own runs.
 */
export const montecarloCommand: Command = {
  summary:
    'run a Monte Carlo risk analysis of the optimum (or --plan file) and print its NPV distribution',
  usage:
    'montecarlo <preset id | scenario.json> [--paths 1000] [--seed 1] ' +
    '[--btc-vol V] [--network-vol V] [--correlation C] (defaults: the calibration, data/calibration.json) ' +
    `${SIMULATOR_USAGE} [--deadline ${MAX_RUN_DEADLINE_SECONDS}] [--json]`,
  async run(args) {
    // Defaults: the process fitted to the market history (docs/market.md, "Calibration").
    const fitted = calibratedProcess();
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        paths: { type: 'string', default: '1000' },
        seed: { type: 'string', default: '1' },
        'btc-vol': { type: 'string', default: String(fitted.btcVolatilityPerYear) },
        'network-vol': { type: 'string', default: String(fitted.networkVolatilityPerYear) },
        correlation: { type: 'string', default: String(fitted.correlation) },
        deadline: { type: 'string', default: String(MAX_RUN_DEADLINE_SECONDS) },
        json: { type: 'boolean' },
        ...SIMULATOR_OPTIONS,
      },
    });
    const scenario = readScenario(positionals[0]);
    const body = {
      scenario,
      paths: Number(values.paths),
      seed: Number(values.seed),
      btc: { volatilityPerYear: Number(values['btc-vol']) },
      network: {
        volatilityPerYear: Number(values['network-vol']),
        correlation: Number(values.correlation),
      },
      deadlineSeconds: Number(values.deadline),
      ...simulatorBody(values),
    };
    // The API's own route, in this process: the same validation, answer and errors.
    const runs = memoryRuns();
    const app = createApp({ runs });
    const res = await app.request('/api/montecarlo', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const answer = (await res.json()) as any;
    await runs.close();
    if (!res.ok) {
      const issues = (answer.error?.issues ?? []).map(
        (i: { path: string; message: string }) => `  ${i.path}: ${i.message}`,
      );
      throw new UsageError([answer.error?.message ?? `HTTP ${res.status}`, ...issues].join('\n'));
    }
    if (values.json) {
      console.log(JSON.stringify(answer, null, 2));
      return 0;
    }
    const p = answer.plan.npvPercentilesUsd;
    const m = answer.miningOnly.npvPercentilesUsd;
    console.log(`\n${scenario.name}: ${answer.paths} paths, seed ${answer.seed}`);
    const given =
      values['btc-vol'] !== String(fitted.btcVolatilityPerYear) ||
      values['network-vol'] !== String(fitted.networkVolatilityPerYear) ||
      values.correlation !== String(fitted.correlation);
    console.log(
      `process          BTC σ ${(body.btc.volatilityPerYear * 100).toFixed(1)} %/yr · network σ ` +
        `${(body.network.volatilityPerYear * 100).toFixed(1)} %/yr · correlation ` +
        `${body.network.correlation.toFixed(2)} ` +
        (given ? '(as given)' : `(fitted to ${fitted.from} … ${fitted.to}, data/calibration.json)`),
    );
    console.log(
      `plan NPV         p5 ${pct(p.p5)} · p10 ${pct(p.p10)} · p50 ` +
        `${pct(p.p50)} · p90 ${pct(p.p90)} · p95 ${pct(p.p95)} · mean ` +
        `${pct(answer.plan.meanNpvUsd)}`,
    );
    console.log(
      `mining-only NPV  p5 ${pct(m.p5)} · p10 ${pct(m.p10)} · p50 ` +
        `${pct(m.p50)} · p90 ${pct(m.p90)} · p95 ${pct(m.p95)} · mean ` +
        `${pct(answer.miningOnly.meanNpvUsd)}`,
    );
    console.log(
      'converting beats mining on ' +
        `${(answer.probabilityConversionBeatsMining * 100).toFixed(1)} % of ` +
        `paths; unfunded on ${(answer.plan.unfundedShare * 100).toFixed(1)} %`,
    );
    for (const line of simulatorLines(answer, values['hold-share'] !== undefined))
      console.log(line);
    return 0;
  },
};

/** `cancel <batch | montecarlo> <id> [--server URL]`: `DELETE` the run on a server. */
export const cancelCommand: Command = {
  summary:
    'cancel a batch or Monte Carlo run on a server (queued chunks dropped, running ones stopped)',
  usage: 'cancel <batch | montecarlo> <run id> [--server http://127.0.0.1:8787]',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { server: { type: 'string', default: 'http://127.0.0.1:8787' } },
    });
    const [kind, id] = positionals;
    const route = kind === 'batch' ? 'batches' : kind === 'montecarlo' ? 'montecarlo' : undefined;
    if (!route || !id || positionals.length > 2)
      throw new UsageError('expected the run kind (batch or montecarlo) and its id');
    const url = `${values.server!.replace(/\/+$/, '')}/api/${route}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE' });
    const answer = (await res.json().catch(() => ({}))) as any;
    if (!res.ok) throw new UsageError(answer.error?.message ?? `HTTP ${res.status} from ${url}`);
    console.log(`${kind} ${id}: ${answer.status} (${answer.done} of ${answer.total} items done)`);
    return 0;
  },
};
