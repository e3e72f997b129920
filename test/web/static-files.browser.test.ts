/**
 * @module test/web/static-files.browser — what the app costs on the wire, in Chromium (docs/web.md,
 * "Static files"): a first visit transfers at most 200 kB before the first chart (the page, its
 * script and styles compressed, the presets and the first answer), HiGHS' WebAssembly once (the
 * solver workers and the offline cache share it through the HTTP cache), brotli-compressed and
 * at most 1.3 MB; a repeat visit transfers none of the app's files but the page (revalidated).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedBuild, type RunningServer } from './harness';
import { bytesOf, firstAndRepeatVisit, isApi, type Transfer } from './transfers';

let server: RunningServer | undefined;
let visits: Awaited<ReturnType<typeof firstAndRepeatVisit>>;

beforeAll(async () => {
  server = await servedBuild();
  visits = await firstAndRepeatVisit(server.url);
}, 600_000);

afterAll(() => server?.close());

const isWasm = (t: Transfer) => t.path.endsWith('.wasm');
const overWire = (t: Transfer) => t.bytes > 0;
const show = (ts: readonly Transfer[]) =>
  ts.map((t) => `${t.path} ${t.bytes} B${t.byServiceWorker ? ' (service worker)' : ''}`);

describe('the app on the wire', () => {
  it('a first visit transfers at most 200 kB before the first chart, the API answers included', () => {
    const before = visits.first.transfers.filter((t) => t.beforeChart);
    expect(before.some((t) => t.path.startsWith('/assets/index-'))).toBe(true);
    expect(bytesOf(before), show(before).join('\n')).toBeLessThanOrEqual(200 * 1024);
  });

  it('sends the scripts, the styles and the WebAssembly brotli-compressed', () => {
    const files = visits.first.transfers.filter(
      (t) => overWire(t) && /\.(?:js|css|wasm)$/.test(t.path) && t.bytes > 2048,
    );
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const t of files) expect(t.encoding, t.path).toBe('br');
  });

  it('transfers HiGHS’ WebAssembly once, at most 1.3 MB, though every worker loads it', () => {
    const wasm = visits.first.transfers.filter(isWasm);
    // Each worker asks for it, and the offline cache; one of them goes over the wire.
    expect(wasm.length, show(wasm).join('\n')).toBeGreaterThanOrEqual(2);
    const sent = wasm.filter(overWire);
    expect(sent.length, show(wasm).join('\n')).toBe(1);
    expect(sent[0].bytes).toBeLessThanOrEqual(1.3e6);
  });

  it('a repeat visit transfers none of the app’s files but the page', () => {
    const files = visits.repeat.transfers.filter((t) => overWire(t) && !isApi(t));
    expect(
      files.map((t) => t.path),
      show(files).join('\n'),
    ).toEqual(['/']);
    // Revalidated, not sent again: headers only.
    expect(files[0].bytes).toBeLessThan(2048);
  });
});
