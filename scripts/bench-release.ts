/**
 * @module bench-release — `npx tsx scripts/bench-release.ts [commit]`: the 60-month default
 * preset's API p50 with this tree's conventions against an earlier release (default `BENCH_RELEASE`
 * or the last release before the v2 conventions, bbdbaf2), in the same run: both servers start on
 * loopback (the release from a temporary git worktree sharing this tree's node_modules), and
 * slider-like requests alternate between them so that both see the same machine load. Prints p50,
 * p95 and the ratio.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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
    const [now, then] = [
      await serve(ROOT, join(dir, 'data-now')),
      await serve(tree, join(dir, 'data-then')),
    ];
    servers.push(now, then);
    const base = structuredClone(loadPreset(DEFAULT_PRESET_ID)) as any;
    let k = 0;
    const moved = () => {
      const s = structuredClone(base);
      k++;
      s.hpcOptions.forEach((o: any) => (o.leaseUsdPerKwMonth *= 1 + 0.01 * (k % 11) - 0.05));
      s.site.energyUsdPerMWh *= 1 + 0.01 * (k % 7) - 0.03;
      return s;
    };
    const post = async (url: string, body: unknown) => {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/optimize`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      const answer = (await res.json()) as { status: string };
      if (answer.status !== 'optimal') throw new Error(`${url}: ${answer.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 8; i++) for (const s of servers) await post(s.url, moved()); // warm both pools
    const ms: [number[], number[]] = [[], []];
    for (let i = 0; i < REQUESTS; i++) {
      const body = moved();
      // Alternate which goes first, so that neither always follows the other's work.
      const order = i % 2 ? [0, 1] : [1, 0];
      for (const j of order) ms[j].push(await post(servers[j].url, body));
    }
    const [p50Now, p50Then] = ms.map((x) => quantile(x, 0.5));
    console.log(`  60-month default, ${REQUESTS} slider-like requests each, alternating:`);
    console.log(
      `  this tree: p50 ${p50Now.toFixed(1)} ms, p95 ` +
        `${quantile(ms[0], 0.95).toFixed(1)} ms · release ${RELEASE}: p50 ` +
        `${p50Then.toFixed(1)} ms, p95 ${quantile(ms[1], 0.95).toFixed(1)} ms`,
    );
    console.log(
      `  ratio (this tree ÷ release): p50 ${(p50Now / p50Then).toFixed(2)} (target ≤ 1.2)`,
    );
  } finally {
    for (const s of servers) s.proc.kill('SIGTERM');
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
