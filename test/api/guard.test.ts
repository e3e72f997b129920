/**
 * No cross-site writes, against a real server on loopback: a text/plain or form POST (which a page
 * on another site can send without a preflight), a foreign `Origin`, a `Sec-Fetch-Site` of another
 * site and a foreign `Host` (DNS rebinding) are refused and store nothing; the server's own origin,
 * a listed one and a client that is not a browser (no Origin) still write.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { parseAllowedHosts, serverHosts } from '../../api/guard';
import { memoryRuns } from '../../api/jobs';
import { sqlitePlanRepository } from '../../api/plans';
import { SavedPlanSchema } from '../../api/plans/schema';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { ApiErrorSchema } from '../../model';
import { json, listen, send, type Answer, type Listening } from './wire';

const LISTED = 'https://app.example.com';
const JSON_TYPE = { 'content-type': 'application/json' };
const scenario = () => ({ ...(loadPreset(DEFAULT_PRESET_ID) as any), horizonMonths: 24 });
const planBody = (name: string) => JSON.stringify({ name, scenario: scenario() });
const batchBody = () => JSON.stringify({ scenarios: [scenario()] });

describe('cross-site writes on a real server', () => {
  const plans = sqlitePlanRepository(':memory:');
  const runs = memoryRuns();
  const createRun = vi.spyOn(runs.store, 'createRun');
  let srv: Listening;
  let own: string;
  let existing: { id: string; name: string };
  beforeAll(async () => {
    srv = await listen(
      createApp({ plans, runs, corsOrigins: [LISTED], hosts: serverHosts('127.0.0.1') }),
    );
    own = `http://127.0.0.1:${srv.port}`;
    const made = await send(srv.port, 'POST', '/api/plans', JSON_TYPE, planBody('existing'));
    expect(made.status, made.text).toBe(201);
    existing = SavedPlanSchema.parse(json(made));
    createRun.mockClear();
  });
  afterAll(async () => {
    await srv.close();
    await plans.close();
    await runs.close();
  });

  /** The plans stored now, by id, name and time of the last write. */
  const stored = async () =>
    (await plans.list()).map((p) => ({ id: p.id, name: p.name, savedAt: p.savedAt }));

  const expectRefused = (a: Answer, status: number, path: string) => {
    expect(a.status, a.text).toBe(status);
    const body = ApiErrorSchema.parse(json(a));
    expect(body.error.issues?.map((i) => i.path)).toContain(path);
    return body;
  };

  it('a text/plain or form POST is 415 naming the header, and stores nothing', async () => {
    const before = await stored();
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const headers = { 'content-type': type };
      const body = expectRefused(
        await send(srv.port, 'POST', '/api/plans', headers, planBody('plain')),
        415,
        'content-type',
      );
      expect(body.error.message).toContain('application/json');
      expectRefused(
        await send(srv.port, 'POST', '/api/batches', headers, batchBody()),
        415,
        'content-type',
      );
      expectRefused(
        await send(
          srv.port,
          'PUT',
          `/api/plans/${existing.id}`,
          { ...headers, 'if-match': '*' },
          '{"name":"x"}',
        ),
        415,
        'content-type',
      );
    }
    // No content type at all is refused too.
    expectRefused(
      await send(srv.port, 'POST', '/api/plans', {}, planBody('none')),
      415,
      'content-type',
    );
    expect(await stored()).toEqual(before);
    expect(createRun).not.toHaveBeenCalled();
  });

  it('a foreign Origin, Origin null or a cross-site Sec-Fetch-Site is 403 and stores nothing', async () => {
    const before = await stored();
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://127.0.0.1.evil.example' },
      { origin: `http://localhost:${srv.port}` }, // another name for this server is another origin
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const h of foreign) {
      const path = 'origin' in h ? 'origin' : 'sec-fetch-site';
      const headers = { ...JSON_TYPE, ...h };
      expectRefused(
        await send(srv.port, 'POST', '/api/plans', headers, planBody('foreign')),
        403,
        path,
      );
      expectRefused(await send(srv.port, 'POST', '/api/batches', headers, batchBody()), 403, path);
      const ifMatch = { ...headers, 'if-match': '*' };
      expectRefused(
        await send(srv.port, 'PUT', `/api/plans/${existing.id}`, ifMatch, '{"name":"x"}'),
        403,
        path,
      );
      expectRefused(
        await send(srv.port, 'DELETE', `/api/plans/${existing.id}`, ifMatch),
        403,
        path,
      );
    }
    expect(await stored()).toEqual(before);
    expect(createRun).not.toHaveBeenCalled();
  });

  it('a foreign Host (DNS rebinding) is 421 for reads and writes, and stores nothing', async () => {
    const before = await stored();
    for (const host of [`evil.example:${srv.port}`, 'evil.example', `10.1.2.3:${srv.port}`]) {
      // The page that rebinds evil.example to 127.0.0.1 is same-origin with its own Host.
      const headers = { ...JSON_TYPE, host, origin: `http://${host}` };
      expectRefused(await send(srv.port, 'GET', '/api/plans', { host }), 421, 'host');
      expectRefused(
        await send(srv.port, 'GET', `/api/plans/${existing.id}`, { host }),
        421,
        'host',
      );
      expectRefused(
        await send(srv.port, 'POST', '/api/plans', headers, planBody('rebound')),
        421,
        'host',
      );
      expectRefused(
        await send(srv.port, 'POST', '/api/batches', headers, batchBody()),
        421,
        'host',
      );
      const del = { ...headers, 'if-match': '*' };
      expectRefused(await send(srv.port, 'DELETE', `/api/plans/${existing.id}`, del), 421, 'host');
    }
    // An absolute request target naming another host is refused the same way.
    expectRefused(await send(srv.port, 'GET', 'http://evil.example/api/plans'), 421, 'host');
    expect(await stored()).toEqual(before);
    expect(createRun).not.toHaveBeenCalled();
  });

  it('the own origin, a listed origin and a client without Origin write; a bodiless DELETE needs no type', async () => {
    for (const headers of [
      { ...JSON_TYPE, origin: own, 'sec-fetch-site': 'same-origin' },
      { ...JSON_TYPE, origin: LISTED, 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'application/json; charset=utf-8' },
      { ...JSON_TYPE, host: `localhost:${srv.port}` },
    ]) {
      const made = await send(srv.port, 'POST', '/api/plans', headers, planBody('ok'));
      expect(made.status, made.text).toBe(201);
      const { id } = SavedPlanSchema.parse(json(made));
      const { origin: _, 'sec-fetch-site': __, 'content-type': ___, ...rest } = headers as any;
      const gone = await send(srv.port, 'DELETE', `/api/plans/${id}`, {
        ...rest,
        'if-match': '"1"',
      });
      expect(gone.status, gone.text).toBe(204);
    }
    // Reads are not refused for their Origin: CORS decides whether a page may read the answer.
    const read = await send(srv.port, 'GET', '/api/health', { origin: 'https://evil.example' });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the names a server answers to', () => {
  it('are the loopback names, the address it listens on, and ALLOWED_HOSTS', async () => {
    expect(serverHosts('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(serverHosts('0.0.0.0', parseAllowedHosts('Switchyard.example.com, 10.0.0.5'))).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'switchyard.example.com',
      '10.0.0.5',
    ]);
    expect(serverHosts('::1')).toContain('[::1]');
    expect(serverHosts('192.168.1.20')).toContain('192.168.1.20');
    for (const bad of ['https://a.example', 'a.example:8080', 'a.example/x', 'user@a.example'])
      expect(() => parseAllowedHosts(bad)).toThrow(`invalid ALLOWED_HOSTS entry: ${bad}`);
    const app = createApp({ hosts: serverHosts('0.0.0.0', ['switchyard.example.com']) });
    const at = (host: string) => app.request('/api/health', { headers: { host } });
    expect((await at('switchyard.example.com:8787')).status).toBe(200);
    expect((await at('SWITCHYARD.example.com')).status).toBe(200);
    expect((await at('127.0.0.1:8787')).status).toBe(200);
    expect((await at('other.example.com')).status).toBe(421);
    expect(
      (await createApp({ hosts: ['*'] }).request('/api/health', { headers: { host: 'x.y' } }))
        .status,
    ).toBe(200);
  });
});
