/** The access log's writer: one write per turn of the event loop, every line in order. */
import { describe, expect, it } from 'vitest';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createApp } from '../../api/app';
import { batchedLog } from '../../api/middleware';

describe('batchedLog', () => {
  it("writes one turn's lines in one write, in order, each ended by a newline", async () => {
    const writes: string[] = [];
    const log = batchedLog((text) => writes.push(text));
    log('a');
    log('b');
    expect(writes).toEqual([]);
    await nextTurn();
    log('c');
    await nextTurn();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it("carries the app's access log: one line per request", async () => {
    const writes: string[] = [];
    const app = createApp({ log: batchedLog((text) => writes.push(text)) });
    await Promise.all([app.request('/api/health'), app.request('/api/nothing')]);
    await nextTurn();
    const lines = writes.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => / GET \/api\/health 200 [\d.]+ms$/.test(l))).toBe(true);
    expect(lines.some((l) => / GET \/api\/nothing 404 [\d.]+ms$/.test(l))).toBe(true);
  });
});
