/**
 * @module scripts/lib/prober — the health prober of `npm run load`: reads a URL every `interval` ms
 * from a process and session of its own for a phase's seconds, and reports the latencies.
 */
import { spawn } from 'node:child_process';

/** What a prober saw in one phase. */
export interface Probes {
  /** Latency of every 200, ms. */
  readonly ms: number[];
  /** Probes that failed or answered other than 200. */
  readonly errors: number;
  /** Gaps of over 50 ms in the prober's own 10 ms ticker: times it got no CPU. */
  readonly stalls: number[];
  /** The probes over `slowMs`: seconds into the phase and ms. */
  readonly slow: [number, number][];
}

/**
 * The health prober runs in a process and session of its own, as a monitor would run on its own:
 * timed on the clients' event loop, busy parsing answers, it would measure that loop's delays as
 * well as the server's; in the clients' process (a thread of it), Linux's autogroup scheduling
 * shares one session's CPU between the prober and the clients, so it measured the clients' CPU
 * use too.
 */
const PROBER = (slowMs: number) => `
process.once('message', ({ url, interval, endAt }) => {
// A 10 ms ticker: gaps far beyond it mean this process got no CPU — the machine was busy, not the
// server.
let last = performance.now();
const stalls = [];
const ticker = setInterval(() => {
  const now = performance.now();
  if (now - last > 50) stalls.push(now - last);
  last = now;
}, 10);
(async () => {
  const ms = [];
  const slow = [];
  const t0 = performance.now();
  let errors = 0;
  // A process' first fetch loads and compiles its HTTP client: that time is not the server's.
  await fetch(url).then((res) => res.arrayBuffer(), () => {});
  while (Date.now() < endAt) {
    const start = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      const took = performance.now() - start;
      if (res.status === 200) ms.push(took);
      else errors++;
      if (took > ${slowMs}) slow.push([(start - t0) / 1000, took]);
    } catch {
      errors++;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  clearInterval(ticker);
  process.send({ ms, errors, stalls, slow }, () => process.disconnect());
})();
});`;

/**
 * Starts a prober process now, at normal priority; the function it returns probes `url` every
 * `interval` ms for a phase's seconds when called, once.
 */
export function startProber(
  url: string,
  interval: number,
  slowMs: number,
): (phaseSeconds: number) => Promise<Probes> {
  const child = spawn(process.execPath, ['-e', PROBER(slowMs)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return (phaseSeconds) =>
    new Promise((resolve, reject) => {
      child.once('message', (m) => child.once('exit', () => resolve(m as Probes)));
      child.once('error', reject);
      child.send({ url, interval, endAt: Date.now() + phaseSeconds * 1000 });
    });
}
