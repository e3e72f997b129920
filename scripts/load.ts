/**
 * @module scripts/load — `npm run load`: a bounded load test on loopback. Starts the real server
 * (`api/server.ts`, worker pool and all) on 127.0.0.1 and a free port in a child process, runs N
 * concurrent clients posting the default preset to /api/optimize with small seeded random
 * variations, and a prober reading /api/health every 100 ms; then reports throughput, latency
 * percentiles, errors and the health latency, and stops the server. The server runs in a session of
 * its own and the prober in a process and session of its own (scripts/lib/prober.ts); a 3 s warm-up phase
 * comes before the measured one.
 *
 * Clients that get a 503 wait its `Retry-After`, as a client should. Targets (exit code 1 when
 * missed): zero errors — a non-200 other than 503, a network error, or an answer that is not
 * `optimal` —, no 503 either while the clients fit in what the server holds (its solvers and
 * queue, from /api/health: 66 by default), and /api/health p99 ≤ 50 ms. With more clients than
 * that (`--clients 150`) the 503s are the queue limit at work and are reported, not failed.
 *
 * `--storm` (default 100 clients, 10 s): more clients than the queue holds, in two phases on the
 * same server — first clients that wait `Retry-After` after a 503, then clients that retry at once.
 * Targets: no 5xx other than 503 and no network error in either phase, storm answers/s at least
 * half the well-behaved answers/s, and storm /api/health p99 ≤ 50 ms.
 *
 * Usage: npm run load [-- --clients 50 --seconds 30 --seed 1]   (clients ≤ 200, seconds ≤ 300)
 *        npm run load -- --storm [--clients 100 --seconds 10]
 */
import { parseArgs } from 'node:util';
import { movePrice } from './lib/offers';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPreset, DEFAULT_PRESET_ID } from '../data/load';
import { startServer } from './lib/child';
import { startProber as startHealthProber } from './lib/prober';
import { rng } from '../test/helpers/rng';

const HEALTH_P99_TARGET_MS = 50;
const HEALTH_INTERVAL_MS = 100;
/**
 * A request that takes longer than this is aborted and counted as an error (it would be a hang).
 */
const REQUEST_TIMEOUT_MS = 60_000;

const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    seconds: { type: 'string' },
    seed: { type: 'string', default: '1' },
    storm: { type: 'boolean', default: false },
  },
});
const storm = values.storm;
const clients = Math.min(200, Math.max(1, Number(values.clients ?? (storm ? 100 : 50))));
const seconds = Math.min(300, Math.max(1, Number(values.seconds ?? (storm ? 10 : 30))));

// A seeded generator, so that a run's inputs can be repeated.
const random = rng(Number(values.seed)).next;
const base = loadPreset(DEFAULT_PRESET_ID) as any;
/**
 * The default preset with BTC price, power price, lease rent and capex each moved by up to ±10 %.
 */
function variant(): unknown {
  const s = structuredClone(base);
  const jitter = () => 1 + (random() - 0.5) * 0.2;
  if (s.market.hashprice.kind === 'projection') s.market.hashprice.btcUsd *= jitter();
  s.site.energyUsdPerMWh *= jitter();
  for (const o of s.hpcOptions) {
    movePrice(o, jitter());
    o.capexUsdPerMWIt *= jitter();
  }
  return s;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-load-'));
console.log(`starting the server (worker pool, DATA_DIR ${dataDir}) …`);
const server = await startServer(
  { DATA_DIR: dataDir, DATABASE_URL: '', SOLVE_PROCESS: process.env.SOLVE_PROCESS },
  false,
  { session: true },
);
// In a session of its own the server does not get the terminal's Ctrl-C: pass it on.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    server.process.kill('SIGTERM');
    process.exit(130);
  });
console.log(
  `server at ${server.url}; ${clients} clients for ${seconds} s against ` +
    `/api/optimize, /api/health every ${HEALTH_INTERVAL_MS} ms`,
);

/**
 * The next request body. A storm's clients send thousands of requests a second: building each body
 * afresh would take the CPU that the server and its solve threads share with this process, so a
 * storm cycles through bodies built before it starts.
 */
const prebuilt = storm ? Array.from({ length: 500 }, () => JSON.stringify(variant())) : [];
let sentBodies = 0;
const nextBody = () =>
  storm ? prebuilt[sentBodies++ % prebuilt.length] : JSON.stringify(variant());

/**
 * How a client treats a 503: as an error (the plain run), or, in a storm, waiting Retry-After or
 * retrying at once.
 */
type OnBusy = 'error' | 'wait' | 'ignore';

/** What one phase's clients and health prober saw. */
interface Phase {
  readonly name: string;
  sent: number;
  /** Latency of every answer that was not a 503 counted as refused. */
  readonly latencies: number[];
  readonly errors: Map<string, number>;
  readonly answers: Map<string, number>;
  /** 503s answered to clients in a storm phase (in the plain run a 503 is an error). */
  refused: number;
  elapsed: number;
  readonly healthMs: number[];
  /** The probes over the target: seconds into the phase and ms. */
  readonly slowProbes: [number, number][];
  healthErrors: number;
  readonly proberStalls: number[];
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * Runs `clients` clients and the health prober for `seconds` s; resolves when the last answer is
 * in.
 */
async function runPhase(
  name: string,
  onBusy: OnBusy,
  phaseSeconds: number,
  prober: Prober,
): Promise<Phase> {
  const ph: Phase = {
    name,
    sent: 0,
    latencies: [],
    errors: new Map(),
    answers: new Map(),
    refused: 0,
    elapsed: 0,
    healthMs: [],
    slowProbes: [],
    healthErrors: 0,
    proberStalls: [],
  };
  const t0 = performance.now();
  const endAt = t0 + phaseSeconds * 1000;
  const client = async () => {
    while (performance.now() < endAt) {
      const body = nextBody();
      const start = performance.now();
      ph.sent++;
      try {
        const res = await fetch(`${server.url}/api/optimize`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const json = (await res.json()) as { status?: string };
        if (res.status === 503 && onBusy !== 'error') {
          ph.refused++;
          const waitMs = Number(res.headers.get('retry-after') ?? 1) * 1000;
          if (onBusy === 'wait')
            await new Promise((r) =>
              setTimeout(r, Math.max(0, Math.min(waitMs, endAt - performance.now()))),
            );
          continue;
        }
        ph.latencies.push(performance.now() - start);
        if (res.status !== 200) bump(ph.errors, `HTTP ${res.status}`);
        else {
          bump(ph.answers, json.status ?? '?');
          if (json.status !== 'optimal') bump(ph.errors, `answer ${json.status}`);
        }
      } catch (e) {
        bump(ph.errors, `network: ${(e as Error).name}`);
      }
    }
  };
  await Promise.all([...Array.from({ length: clients }, client), prober(phaseSeconds, ph)]);
  ph.elapsed = (performance.now() - t0) / 1000;
  ph.latencies.sort((a, b) => a - b);
  ph.healthMs.sort((a, b) => a - b);
  return ph;
}

const count = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
/** Answers with HTTP 200 per second. */
const answersPerSecond = (ph: Phase) => count(ph.answers) / ph.elapsed;
const ms = (x: number) => `${x.toFixed(1)} ms`;

function report(ph: Phase): void {
  const errorCount = count(ph.errors);
  const indent = ' '.repeat(16);
  const answers = [...ph.answers].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const errors = [...ph.errors].map(([k, v]) => `${k}: ${v}`).join(', ');
  console.log(
    [
      '',
      ph.name,
      `/api/optimize   requests ${ph.sent}, answered ${ph.latencies.length} ` +
        `in ${ph.elapsed.toFixed(1)} s = ${(ph.latencies.length / ph.elapsed).toFixed(1)} req/s` +
        (ph.refused ? `; refused 503 ${ph.refused}` : ''),
      `${indent}latency p50 ${ms(percentile(ph.latencies, 50))}  p90 ${ms(percentile(ph.latencies, 90))}  ` +
        `p99 ${ms(percentile(ph.latencies, 99))}  max ${ms(ph.latencies.at(-1) ?? NaN)}`,
      `${indent}answers ${answers} (${answersPerSecond(ph).toFixed(1)} answers/s)`,
      `${indent}errors ${errorCount}${errorCount ? ` (${errors})` : ''}`,
      `/api/health     probes ${ph.healthMs.length}, errors ${ph.healthErrors}; ` +
        `p50 ${ms(percentile(ph.healthMs, 50))}  p99 ${ms(percentile(ph.healthMs, 99))}  ` +
        `max ${ms(ph.healthMs.at(-1) ?? NaN)}  (target p99 ≤ ${HEALTH_P99_TARGET_MS} ms)`,
    ].join('\n'),
  );
  if (ph.slowProbes.length) {
    const list = ph.slowProbes.map(([at, took]) => `${ms(took)} at ${at.toFixed(1)} s`);
    console.log(`                over ${HEALTH_P99_TARGET_MS} ms: ${list.join(', ')}`);
  }
  if (ph.proberStalls.length) {
    console.log(
      `                the prober got no CPU for > 50 ms ${ph.proberStalls.length} times ` +
        `(max ${ms(Math.max(...ph.proberStalls))}): the machine was busy beyond this test ` +
        `(load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')})`,
    );
  }
}

type Prober = (phaseSeconds: number, ph: Phase) => Promise<void>;

/**
 * Starts a prober (scripts/lib/prober.ts) now; the function probes for a phase's seconds when
 * called and adds what it saw to the phase.
 */
function startProber(): Prober {
  const probe = startHealthProber(
    `${server.url}/api/health`,
    HEALTH_INTERVAL_MS,
    HEALTH_P99_TARGET_MS,
  );
  return async (phaseSeconds, ph) => {
    const got = await probe(phaseSeconds);
    ph.healthMs.push(...got.ms);
    ph.slowProbes.push(...got.slow);
    ph.healthErrors += got.errors;
    ph.proberStalls.push(...got.stalls);
  };
}

/**
 * Niceness of the storm's clients (Linux: this thread only). On the server's own two cores
 * thousands of requests a second would take the CPU its solve threads (nice 10) need, which clients
 * on other machines do not; the probers, started before, keep the normal priority.
 */
const STORM_CLIENT_NICE = 19;

/** Solves the server holds at once: its solve workers and their queue (/api/health). */
async function capacity(): Promise<number> {
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
    solvers: { size: number; maxQueue?: number };
  };
  return health.solvers.size + (health.solvers.maxQueue ?? Number.POSITIVE_INFINITY);
}

let ok: boolean;
try {
  if (!storm) {
    const holds = await capacity();
    // As in a storm: a short first phase, not measured, warms the JIT of the server's event loop and
    // HiGHS in its solve threads; its health figures are shown so that a cold start is not hidden.
    const cold = await runPhase('warm-up', 'wait', Math.min(3, seconds), startProber());
    console.log(
      `\nwarm-up (3 s, not counted): /api/health p50 ${ms(percentile(cold.healthMs, 50))}, ` +
        `max ${ms(cold.healthMs.at(-1) ?? NaN)}`,
    );
    const ph = await runPhase(
      `${clients} clients for ${seconds} s (the server holds ${holds} solves at once)`,
      'wait',
      seconds,
      startProber(),
    );
    report(ph);
    const refusedOk = clients > holds || ph.refused === 0;
    if (!refusedOk) console.log(`503 refused ${ph.refused} though ${clients} clients fit`);
    ok =
      count(ph.errors) === 0 &&
      refusedOk &&
      ph.healthErrors === 0 &&
      percentile(ph.healthMs, 99) <= HEALTH_P99_TARGET_MS;
    console.log(
      ok
        ? `PASS: zero errors, health p99 ${ms(percentile(ph.healthMs, 99))} within target`
        : 'FAIL: see above',
    );
  } else {
    const probers = [startProber(), startProber(), startProber()];
    if (process.platform === 'linux') {
      try {
        setPriority(STORM_CLIENT_NICE);
      } catch {
        console.log(
          "could not lower the clients' priority: they compete with the server for the CPU",
        );
      }
    }
    // A short first phase warms the JIT and HiGHS in the solve threads, so that neither measured
    // phase pays for it.
    await runPhase('warm-up', 'wait', Math.min(3, seconds), probers[0]);
    const polite = await runPhase(
      `well-behaved: ${clients} clients for ${seconds} s, waiting Retry-After after a 503`,
      'wait',
      seconds,
      probers[1],
    );
    report(polite);
    const stormy = await runPhase(
      `storm: ${clients} clients for ${seconds} s, retrying at once after a 503`,
      'ignore',
      seconds,
      probers[2],
    );
    report(stormy);
    const ratio = answersPerSecond(stormy) / answersPerSecond(polite);
    const serverErrors = (ph: Phase) =>
      [...ph.errors].filter(([k]) => !k.startsWith('answer')).reduce((a, [, v]) => a + v, 0);
    const p99 = percentile(stormy.healthMs, 99);
    console.log(
      '\nstorm vs well-behaved: ' +
        `${answersPerSecond(stormy).toFixed(1)} vs ${answersPerSecond(polite).toFixed(1)} answers/s = ` +
        `${(ratio * 100).toFixed(0)} % (target ≥ 50 %); ` +
        `errors other than 503 ${serverErrors(polite)} + ${serverErrors(stormy)} (target 0); ` +
        `storm health p99 ${ms(p99)} (target ≤ ${HEALTH_P99_TARGET_MS} ms)`,
    );
    ok =
      serverErrors(polite) + serverErrors(stormy) === 0 &&
      ratio >= 0.5 &&
      p99 <= HEALTH_P99_TARGET_MS &&
      stormy.healthErrors === 0;
    console.log(ok ? 'PASS: storm targets met' : 'FAIL: see above');
  }
} finally {
  server.process.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
