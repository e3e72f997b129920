/**
 * The built web app as the server sends it (api/static.ts, docs/web.md "Static files"): a hashed
 * file under /assets/ as its brotli or gzip copy, as the request's Accept-Encoding allows, cached
 * for a year as immutable; the page at every app path revalidated (no-cache, an ETag, 304 when
 * unchanged); a missing asset not cached.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { precompress } from '../../scripts/precompress.mjs';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-static-'));
mkdirSync(join(dir, 'assets'));
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(5000))});\n`;
writeFileSync(join(dir, 'assets', 'index-Ab12.js'), SCRIPT);
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Switchyard</title>');
await precompress(dir);
const app = createApp({ staticDir: dir });
const get = (path: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { host: '127.0.0.1', ...headers } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('static files', () => {
  it('sends a hashed asset brotli-compressed when accepted, gzip otherwise, cached as immutable', async () => {
    const br = await get('/assets/index-Ab12.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await br.arrayBuffer());
    expect(body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(SCRIPT);

    const gz = await get('/assets/index-Ab12.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(SCRIPT);

    const plain = await get('/assets/index-Ab12.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);
  });

  it('revalidates the page: no-cache with an ETag, 304 without a body when unchanged', async () => {
    for (const path of ['/', '/some/app/path']) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<title>Switchyard</title>');
      const tag = page.headers.get('etag');
      expect(tag).toMatch(/^"/);
      const again = await get(path, { 'if-none-match': tag! });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('does not cache a missing asset as immutable', async () => {
    const res = await get('/assets/missing-Zz99.js');
    expect(res.headers.get('cache-control')).not.toContain('immutable');
  });
});
