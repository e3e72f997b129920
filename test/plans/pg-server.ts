/**
 * A throw-away PostgreSQL server for the tests: `initdb` in a temporary folder, started with
 * `pg_ctl` on a free loopback port (as the `postgres` user when the tests run as root, since
 * PostgreSQL refuses to run as root), stopped and deleted afterwards. `TEST_DATABASE_URL` names an
 * existing server instead. Where neither can be had, the tests are skipped with the reason.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { tempDir } from './fixture';

/** A running server, or why there is none. */
export type TestPostgres =
  | {
      readonly ok: true;
      readonly url: string;
      freshDatabase(): Promise<string>;
      stop(): Promise<void>;
    }
  | { readonly ok: false; readonly reason: string };

function binDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs a PostgreSQL tool, as `postgres` when we are root. */
function run(user: string | undefined, cmd: string, args: string[]) {
  const [file, argv] = user ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 });
}

/**
 * Creates databases `t1`, `t2`, … on the server at `url` (which names its maintenance database).
 */
function databaseMaker(url: string) {
  let n = 0;
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  return async () => {
    const name = `switchyard_test_${tag}_${++n}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
}

/** Starts (or finds) a server; never throws: a failure is returned as the reason to skip. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  if (external)
    return {
      ok: true,
      url: external,
      freshDatabase: databaseMaker(external),
      stop: async () => {},
    };
  const bin = binDir();
  if (!bin)
    return {
      ok: false,
      reason:
        'PostgreSQL server binaries not found (apt-get install -y postgresql, or set TEST_DATABASE_URL)',
    };
  let user: string | undefined;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
      user = 'postgres';
    } catch {
      return {
        ok: false,
        reason: 'running as root and there is no postgres user to run the server as',
      };
    }
  }
  const dir = tempDir('pg');
  const data = join(dir, 'data');
  try {
    if (user) execFileSync('chown', [user, dir]);
    run(user, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'switchyard',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
    run(user, join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-o',
      opts,
      '-w',
      '-t',
      '30',
      'start',
    ]);
    const url = `postgres://switchyard@127.0.0.1:${port}/postgres`;
    return {
      ok: true,
      url,
      freshDatabase: databaseMaker(url),
      stop: async () => {
        try {
          run(user, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; message: string };
    return {
      ok: false,
      reason: `could not start PostgreSQL: ${err.stderr?.toString().trim() || err.message}`,
    };
  }
}
