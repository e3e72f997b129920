/**
 * @module bench-release — `npx tsx scripts/bench-release.ts [commit]`: this tree's API p50 on the
 * 60-month default preset against an earlier release (default `BENCH_RELEASE` or the last release
 * before the v2 conventions, bbdbaf2), in the same run: both servers start on loopback (the
 * release from a temporary git worktree sharing this tree's node_modules), and slider-like
 * requests alternate between them so that both see the same machine load. Prints p50, p95 and the
 * ratio.
 *
 * Like with like: both servers solve the release's own copy of the default preset (from its
 * worktree; a release refuses fields added after it, such as the v3 hashprice floor). A scenario
 * without the v2 fields is read by this tree with the v2 conventions, so for a release before v2
 * this tree's copy also names v1's: "equity" value, no merchant tail, flat ASIC prices
 * (docs/model.md "Value", "Value after the horizon", "ASICs"). Both answers' npvUsd for the
 * unmoved preset are printed and must agree (1e-6 relative): the same problem. Today's default
 * preset through this tree is timed alongside, for reference. A refused request or an answer that
 * is not `optimal` stops the run with the server's own text.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RELEASE = process.argv[2] ?? process.env.BENCH_RELEASE ?? 'bbdbaf2';
const REQUESTS = Number(process.env.BENCH_RELEASE_REQUESTS ?? 60);

function serve(cwd: string, dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`no "listening" line from ${cwd} in 60 s:\n${out}`)),
      60_000,
    );
    proc.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc });
      }
    });
    proc.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
    proc.on('exit', (code) => reject(new Error(`${cwd} server exited with ${code}:\n${out}`)));
  });
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** POST /api/optimize: the time and npvUsd of an `optimal` answer. @throws with the server's text. */
async function optimizeAt(url: string, body: unknown) {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/optimize`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let answer: { status?: string; npvUsd?: number | null } = {};
  try {
    answer = JSON.parse(text);
  } catch {}
  if (res.status !== 200 || answer.status !== 'optimal')
    throw new Error(`${url}/api/optimize answered ${res.status}: ${text.slice(0, 2000)}`);
  return { ms, npvUsd: answer.npvUsd ?? Number.NaN };
}

/** A slider move: the k-th of a cycle of lease rates and power prices around the scenario's. */
function moved(base: any, k: number) {
  const s = structuredClone(base);
  s.hpcOptions.forEach((o: any) => (o.leaseUsdPerKwMonth *= 1 + 0.01 * (k % 11) - 0.05));
  s.site.energyUsdPerMWh *= 1 + 0.01 * (k % 7) - 0.03;
  return s;
}

/** The release's scenario as this tree reads it the release's way: v1's conventions named. */
function asRelease(s: any, v1: boolean) {
  if (!v1) return s;
  const valuation = { method: 'equity', merchantTailMonths: 0 };
  return { ...s, valuation, market: { ...s.market, asicPriceIndex: 'flat' } };
}

const fmt = (xs: number[]) =>
  `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-release-'));
  const tree = join(dir, 'tree');
  const add = spawnSync('git', ['worktree', 'add', '--detach', tree, RELEASE], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (add.status !== 0) {
    console.log(`  release ${RELEASE} not available here (${add.stderr.trim()}); skipped`);
    return;
  }
  const servers: { url: string; proc: ChildProcess }[] = [];
  try {
    if (!existsSync(join(tree, 'node_modules')))
      symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    servers.push(await serve(ROOT, join(dir, 'data-now')));
    servers.push(await serve(tree, join(dir, 'data-then')));
    const [now, then] = servers.map((s) => s.url);
    const preset = join(tree, 'data', 'presets', `${DEFAULT_PRESET_ID}.json`);
    const theirs = JSON.parse(readFileSync(preset, 'utf8'));
    const v1 = !readFileSync(join(tree, 'model', 'schema.ts'), 'utf8').includes('asicPriceIndex');
    const today = loadPreset(DEFAULT_PRESET_ID);
    const [a, b] = [
      (await optimizeAt(now, asRelease(theirs, v1))).npvUsd,
      (await optimizeAt(then, theirs)).npvUsd,
    ];
    console.log(
      `  release ${RELEASE}'s ${DEFAULT_PRESET_ID}.json${v1 ? ', v1 conventions' : ''}: npvUsd ` +
        `${a.toFixed(2)} (this tree), ${b.toFixed(2)} (release), relative difference ` +
        `${(Math.abs(a - b) / Math.abs(b)).toExponential(1)}`,
    );
    if (!(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))))
      throw new Error('the two servers answer different problems (npvUsd differs by > 1e-6)');
    // Each round: the release's problem through both servers, today's default through this tree.
    const round = (k: number): [string, unknown][] => [
      [now, asRelease(moved(theirs, k), v1)],
      [then, moved(theirs, k)],
      [now, moved(today, k)],
    ];
    for (let k = 0; k < 8; k++) for (const [url, body] of round(k)) await optimizeAt(url, body);
    const ms: number[][] = [[], [], []];
    for (let i = 0; i < REQUESTS; i++) {
      const jobs = round(8 + i);
      // Rotate which goes first, so that none always follows another's work.
      for (let r = 0; r < 3; r++) {
        const j = (i + r) % 3;
        ms[j].push((await optimizeAt(...jobs[j])).ms);
      }
    }
    const [p50Now, p50Then] = ms.map((x) => quantile(x, 0.5));
    console.log(`  60 months, ${REQUESTS} slider-like requests each, interleaved:`);
    console.log(`  this tree, the release's problem: ${fmt(ms[0])}`);
    console.log(`  release ${RELEASE}: ${fmt(ms[1])}`);
    console.log(`  this tree, today's ${DEFAULT_PRESET_ID} (for reference): ${fmt(ms[2])}`);
    console.log(
      `  ratio (this tree ÷ release, same problem): p50 ${(p50Now / p50Then).toFixed(2)} ` +
        `(target ≤ 1.0); today's default ÷ release: ${(quantile(ms[2], 0.5) / p50Then).toFixed(2)}`,
    );
  } finally {
    for (const s of servers) s.proc.kill('SIGTERM');
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT });
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
  process.exit(0);
} catch (e) {
  console.error(`  bench-release failed: ${(e as Error).message}`);
  process.exit(1);
}
