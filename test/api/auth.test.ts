/**
 * Sign-in and roles against the real server (api/server.ts in a child process, 127.0.0.1, port 0),
 * on SQLite and on PostgreSQL (docs/security.md): without a session or token every route but
 * health, the sign-in page and sign-in answers 401; a viewer cannot save (403); an editor cannot
 * manage users or tokens (403); a revoked token and a signed-out session stop working at once;
 * plans record who saved them and the list filters by owner; passwords, tokens and session ids
 * are never in the database nor in the server's log in clear; off loopback the server refuses to
 * start without users; the command line adds a user with the password from stdin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { createApp } from '../../api/app';
import { authStore } from '../../api/auth';
import { addUser } from '../../api/auth/manage';
import { SavedPlanSchema } from '../../api/plans/schema';
import { openStorage, type Storage, type StorageEnv } from '../../api/storage';
import { spawnNode, startServer, type Child } from '../../scripts/lib/child';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { ApiErrorSchema } from '../../model';
import { tempDir } from '../plans/fixture';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestPostgres } from '../plans/pg-server';

const PASSWORDS = {
  ada: 'ada-admin-passphrase-4711',
  ed: 'ed-editor-passphrase-0815',
  vi: 'vi-viewer-passphrase-1234',
} as const;
const ROLES = { ada: 'admin', ed: 'editor', vi: 'viewer' } as const;
type Name = keyof typeof PASSWORDS;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pg = await startTestPostgres();
if (!pg.ok) console.warn(`PostgreSQL auth tests skipped: ${pg.reason}`);
afterAll(async () => {
  if (pg.ok) await pg.stop();
});

/** Every API route the app serves, as method and a path with its parameters filled in. */
function apiRoutes(): { method: string; path: string }[] {
  const app = createApp();
  const fill = (p: string) =>
    p
      .replace(':id', '959eed84-4c4b-41f4-a43a-cb261981eecb')
      .replace(':name', 'someone')
      .replace(/:(\w+)/g, 'x');
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    .map((r) => ({ method: r.method, path: fill(r.path) }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

const scenario = () => loadPreset(DEFAULT_PRESET_ID);

/** Every row of the auth tables and the plans' savers, as one text to search. */
async function databaseText(storage: Storage): Promise<string> {
  const tables = ['users', 'sessions', 'api_tokens'];
  const rows: unknown[] = [];
  for (const t of tables) {
    if (storage.kind === 'sqlite') rows.push(storage.db.prepare(`SELECT * FROM ${t}`).all());
    else rows.push((await storage.pool.query(`SELECT * FROM ${t}`)).rows);
  }
  return JSON.stringify(rows);
}

const stores: [string, () => Promise<StorageEnv | undefined>][] = [
  ['SQLite', async () => ({ DATA_DIR: tempDir('auth'), DATABASE_URL: '' })],
  ['PostgreSQL', async () => (pg.ok ? { DATABASE_URL: await pg.freshDatabase() } : undefined)],
];

describe.each(stores)('sign-in and roles on %s', (label, makeEnv) => {
  let env: StorageEnv | undefined;
  let storage: Storage;
  let server: Child & { url: string };
  /** Secrets handed out during the run: none may appear in the database or the log. */
  const secrets: string[] = Object.values(PASSWORDS);
  const skip = () => label === 'PostgreSQL' && !pg.ok;

  beforeAll(async () => {
    env = await makeEnv();
    if (!env) return;
    storage = await openStorage(env);
    const store = authStore(storage);
    for (const name of Object.keys(PASSWORDS) as Name[])
      await addUser(store, name, ROLES[name], PASSWORDS[name]);
    server = await startServer({ ...env, TRUST_PROXY_TLS: '1' } as Record<string, string>);
  });
  afterAll(async () => {
    server?.process.kill('SIGTERM');
    if (server) await server.exited;
    await storage?.close();
  });

  const call = (method: string, path: string, init: { body?: unknown; auth?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        // A write to a saved plan names the version it replaces (docs/security-transport.md).
        ...(method === 'PUT' || method === 'DELETE' ? { 'if-match': '*' } : {}),
        ...(init.auth?.startsWith('swy_')
          ? { authorization: `Bearer ${init.auth}` }
          : init.auth
            ? { cookie: init.auth }
            : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const signIn = async (name: Name) => {
    const res = await call('POST', '/api/session', {
      body: { name, password: PASSWORDS[name] },
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    secrets.push(cookie.split(';')[0].split('=')[1]);
    return { cookie: cookie.split(';')[0], header: cookie };
  };

  it.skipIf(skip())(
    'without a session or token every route but health, the page and sign-in is a 401',
    async () => {
      const routes = apiRoutes();
      expect(routes.length).toBeGreaterThan(20);
      const open = ['GET /api/health', 'POST /api/session', 'DELETE /api/session'];
      for (const { method, path } of routes) {
        const res = await call(method, path, method === 'GET' ? {} : { body: {} });
        const where = `${method} ${path}`;
        if (open.includes(where)) expect(res.status, where).not.toBe(401);
        else {
          expect(res.status, where).toBe(401);
          expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('unauthenticated');
        }
      }
      // An unknown API route too (nothing about the API is told before sign-in), and a bad token.
      expect((await call('GET', '/api/no-such-route')).status).toBe(401);
      expect((await call('GET', '/api/plans', { auth: 'swy_not-a-token' })).status).toBe(401);
      expect((await call('GET', '/api/health')).status).toBe(200);
      const page = await fetch(`${server.url}/signin`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<form id="signin"/);
      expect((await fetch(`${server.url}/signin.js`)).status).toBe(200);
      expect((await fetch(`${server.url}/`)).status).not.toBe(401);
    },
  );

  it.skipIf(skip())(
    'signs in with a strict HttpOnly cookie (Secure over TLS), refuses a wrong password',
    async () => {
      const wrong = await call('POST', '/api/session', {
        body: { name: 'vi', password: 'not-the-password' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const unknown = await call('POST', '/api/session', {
        body: { name: 'nobody', password: 'not-the-password' },
      });
      expect(unknown.status).toBe(401);

      const { cookie, header } = await signIn('vi');
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/SameSite=Strict/);
      expect(header).not.toMatch(/Secure/);
      const me = await call('GET', '/api/session', { auth: cookie });
      expect(await me.json()).toEqual({
        authRequired: true,
        user: { name: 'vi', role: 'viewer', via: 'session' },
      });
      // Behind a proxy that terminated TLS (TRUST_PROXY_TLS=1): the cookie is Secure.
      const tls = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ name: 'vi', password: PASSWORDS.vi }),
      });
      expect(tls.headers.get('set-cookie')).toMatch(/; Secure/);
      secrets.push((tls.headers.get('set-cookie') ?? '').split(';')[0].split('=')[1]);
    },
  );

  it.skipIf(skip())(
    'a viewer reads but cannot save, run or delete (403); an editor cannot manage users or tokens',
    async () => {
      const vi = (await signIn('vi')).cookie;
      expect((await call('GET', '/api/plans', { auth: vi })).status).toBe(200);
      expect((await call('GET', `/api/presets/${DEFAULT_PRESET_ID}`, { auth: vi })).status).toBe(
        200,
      );
      const save = await call('POST', '/api/plans', {
        auth: vi,
        body: { name: 'by a viewer', scenario: scenario() },
      });
      expect(save.status).toBe(403);
      expect(ApiErrorSchema.parse(await save.json()).error.code).toBe('forbidden');
      expect((await call('POST', '/api/optimize', { auth: vi, body: scenario() })).status).toBe(
        403,
      );
      expect(
        (await call('DELETE', '/api/plans/959eed84-4c4b-41f4-a43a-cb261981eecb', { auth: vi }))
          .status,
      ).toBe(403);
      expect((await call('GET', '/api/users', { auth: vi })).status).toBe(403);

      const ed = (await signIn('ed')).cookie;
      const user = { name: 'mallory', role: 'admin', password: 'mallory-passphrase-99' };
      expect((await call('POST', '/api/users', { auth: ed, body: user })).status).toBe(403);
      expect((await call('GET', '/api/users', { auth: ed })).status).toBe(403);
      expect(
        (await call('PUT', '/api/users/ed', { auth: ed, body: { role: 'admin' } })).status,
      ).toBe(403);
      expect((await call('DELETE', '/api/users/ada', { auth: ed })).status).toBe(403);
      expect((await call('POST', '/api/tokens', { auth: ed, body: { user: 'ed' } })).status).toBe(
        403,
      );
      expect((await call('GET', '/api/tokens', { auth: ed })).status).toBe(403);
      const ada = (await signIn('ada')).cookie;
      const users = (await (await call('GET', '/api/users', { auth: ada })).json()) as {
        name: string;
      }[];
      expect(users.map((u) => u.name)).toEqual(['ada', 'ed', 'vi']);
    },
  );

  it.skipIf(skip())(
    'plans record who saved them; the list filters by owner; an API token acts as its user until revoked',
    async () => {
      const ada = (await signIn('ada')).cookie;
      const created = await call('POST', '/api/tokens', {
        auth: ada,
        body: { user: 'ed', label: 'nightly' },
      });
      expect(created.status).toBe(201);
      const { id, token } = (await created.json()) as { id: string; token: string };
      secrets.push(token);
      expect(token).toMatch(/^swy_[A-Za-z0-9_-]{43}$/);
      const listed = JSON.stringify(await (await call('GET', '/api/tokens', { auth: ada })).json());
      expect(listed).toContain(id);
      expect(listed).not.toContain(token);

      const res = await call('POST', '/api/plans', {
        auth: token,
        body: { name: 'by a token', scenario: scenario() },
      });
      expect(res.status).toBe(201);
      const byEd = SavedPlanSchema.parse(await res.json());
      expect(byEd).toMatchObject({ createdBy: 'ed', savedBy: 'ed' });
      const renamed = await call('PUT', `/api/plans/${byEd.id}`, {
        auth: ada,
        body: { name: 'renamed by ada' },
      });
      expect(await renamed.json()).toMatchObject({ createdBy: 'ed', savedBy: 'ada' });
      const mine = await call('POST', '/api/plans', {
        auth: ada,
        body: { name: 'by ada', scenario: scenario() },
      });
      const byAda = SavedPlanSchema.parse(await mine.json());
      const owned = async (owner: string) =>
        (
          (await (await call('GET', `/api/plans?owner=${owner}`, { auth: token })).json()) as {
            id: string;
            createdBy?: string;
          }[]
        ).map((p) => [p.id, p.createdBy]);
      expect(await owned('ed')).toEqual([[byEd.id, 'ed']]);
      expect(await owned('ada')).toEqual([[byAda.id, 'ada']]);
      expect(await owned('nobody')).toEqual([]);

      expect((await call('DELETE', `/api/tokens/${id}`, { auth: ada })).status).toBe(204);
      const after = await call('GET', '/api/plans', { auth: token });
      expect(after.status).toBe(401);
      const tokens = (await (await call('GET', '/api/tokens', { auth: ada })).json()) as {
        revokedAt: string | null;
      }[];
      expect(tokens[0].revokedAt).not.toBeNull();
    },
  );

  it.skipIf(skip())(
    'signing out ends the session on the server, not only in the browser',
    async () => {
      const { cookie } = await signIn('ed');
      expect((await call('GET', '/api/plans', { auth: cookie })).status).toBe(200);
      const out = await call('DELETE', '/api/session', { auth: cookie });
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
      expect((await call('GET', '/api/plans', { auth: cookie })).status).toBe(401);
    },
  );

  it.skipIf(skip())(
    'passwords, tokens and session ids are in neither the database nor the log in clear',
    async () => {
      expect(secrets.length).toBeGreaterThan(5);
      const db = await databaseText(storage);
      const log = server.output();
      expect(log).toMatch(/sign-in: ada \(admin\)/);
      expect(log).toMatch(/POST \/api\/session 200/);
      for (const s of secrets) {
        expect(s.length).toBeGreaterThan(8);
        expect(db.includes(s), 'a secret is stored in clear').toBe(false);
        expect(log.includes(s), 'a secret is logged in clear').toBe(false);
      }
      // What is stored instead: scrypt hashes and SHA-256 digests.
      expect(db).toMatch(/scrypt\$32768\$8\$1\$/);
      const token = secrets.find((s) => s.startsWith('swy_'))!;
      expect(db).toContain(createHash('sha256').update(token).digest('hex'));
    },
  );

  it.skipIf(skip())('refuses to start off loopback without users, naming the fix', async () => {
    const empty = (await makeEnv()) as Record<string, string>;
    const child = spawnNode(['--import', 'tsx', 'api/server.ts'], {
      ...empty,
      PORT: '0',
      HOST: '0.0.0.0',
      WARM_UP: '0',
    });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.output()).toMatch(/no users are set up/);
    expect(child.output()).toMatch(/switchyard users add NAME --role admin/);
    expect(child.output()).not.toMatch(/listening on/);
  });
});

describe('the command line', () => {
  it('adds a user with the password read from stdin, who can then sign in', async () => {
    const dir = tempDir('auth-cli');
    const main =
      "import { main } from './api/cli/index.ts'; process.exitCode = await main(process.argv.slice(1));";
    const run = (args: string[], input: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', main, ...args],
          {
            cwd: ROOT,
            env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', SWITCHYARD_PASSWORD: '' },
          },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.stdin.end(input);
        child.on('close', (code) => resolve({ code, out }));
      });
    const password = 'piped-in-passphrase-42';
    const added = await run(['users', 'add', 'cli', '--role', 'editor'], `${password}\n`);
    expect(added.out).toMatch(/added cli \(editor\)/);
    expect(added.code).toBe(0);
    expect(added.out).not.toContain(password);
    expect((await run(['users', 'add', 'short', '--role', 'viewer'], 'short\n')).code).toBe(2);
    expect((await run(['users', 'add', 'x', '--role', 'owner'], `${password}\n`)).code).toBe(2);

    const storage = await openStorage({ DATA_DIR: dir });
    const auth = { store: authStore(storage) };
    const app = createApp({ auth });
    const server = await new Promise<ReturnType<typeof serve>>((ok) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'cli', password }),
      });
      expect(res.status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
      await storage.close();
    }
  });
});

describe("an authenticating proxy's user header", () => {
  it('is trusted from a listed proxy address only, and names an existing user', async () => {
    const storage = await openStorage({ DATA_DIR: tempDir('auth-proxy') });
    const store = authStore(storage);
    await addUser(store, 'pat', 'viewer', 'pat-viewer-passphrase');
    const start = async (addresses: string[]) => {
      const app = createApp({ auth: { store, proxy: { header: 'X-Remote-User', addresses } } });
      const server = await new Promise<ReturnType<typeof serve>>((ok) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
      });
      const { port } = server.address() as AddressInfo;
      const get = (user: string) =>
        fetch(`http://127.0.0.1:${port}/api/session`, { headers: { 'x-remote-user': user } });
      return { get, close: () => new Promise((r) => server.close(r)) };
    };
    try {
      const listed = await start(['127.0.0.1']);
      const res = await listed.get('pat');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        user: { name: 'pat', role: 'viewer', via: 'proxy' },
      });
      expect((await listed.get('nobody')).status).toBe(401);
      await listed.close();
      const other = await start(['10.9.9.9']);
      expect((await other.get('pat')).status).toBe(401);
      await other.close();
    } finally {
      await storage.close();
    }
  });
});
