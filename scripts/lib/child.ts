/**
 * @module scripts/lib/child — start a TypeScript file under tsx, a built file, or the real server
 * in a child Node process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A child process with its output gathered line by line. */
export interface Child {
  readonly process: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /**
   * Resolves with the first stdout line matching `re` (already seen or to come); rejects on exit or
   * timeout.
   */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `file` (a path from the repository root) with `node --import tsx`, in the repository root,
 * with `env` over the current environment.
 */
export function spawnTs(
  file: string,
  env: Record<string, string | undefined> = {},
  options: SpawnOptions = {},
): Child {
  return spawnNode(['--import', 'tsx', file], env, options);
}

/** How a child is started. */
export interface SpawnOptions {
  /**
   * In a session of its own (`setsid`), as a service runs: on Linux with autogroup scheduling the
   * kernel then shares the CPU between it and this process' session fairly, rather than making
   * them one group whose CPU they split.
   */
  readonly session?: boolean;
}

/** Runs `node <args>` in the repository root, with `env` over the current environment. */
export function spawnNode(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  options: SpawnOptions = {},
): Child {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.session ?? false,
  });
  const lines: string[] = [];
  let all = '';
  let partial = '';
  const waiters = new Set<() => void>();
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    all += chunk;
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters) w();
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (all += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const w of waiters) w();
    }),
  );
  const waitFor = (re: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`timed out after ${timeoutMs} ms waiting for ${re}; output:\n${all}`)),
        timeoutMs,
      );
      const check = () => {
        for (const l of lines) {
          const m = l.match(re);
          if (m) return done(null, m);
        }
        if (proc.exitCode !== null || proc.signalCode !== null)
          done(
            new Error(`exited (${proc.exitCode ?? proc.signalCode}) before ${re}; output:\n${all}`),
          );
      };
      const done = (err: Error | null, m?: RegExpMatchArray) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(err);
        else resolve(m!);
      };
      waiters.add(check);
      check();
    });
  return { process: proc, lines, output: () => all, waitFor, exited };
}

/**
 * The real server on 127.0.0.1 and a free port, with its base URL once it listens: `api/server.ts`
 * under tsx, or with `built` the bundle `dist/server/server.js` under plain Node (`npm run build`
 * first). The analysis threads' warm-up is off unless `env.WARM_UP` says otherwise.
 */
export async function startServer(
  env: Record<string, string | undefined> = {},
  built = false,
  options: SpawnOptions = {},
): Promise<Child & { url: string }> {
  const serverEnv = { PORT: '0', HOST: '127.0.0.1', WARM_UP: '0', ...env };
  const child = built
    ? spawnNode(['dist/server/server.js'], serverEnv, options)
    : spawnTs('api/server.ts', serverEnv, options);
  const m = await child.waitFor(/listening on (http:\/\/\S+)/, 60_000);
  return Object.assign(child, { url: m[1] });
}
