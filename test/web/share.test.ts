/** @module test/web/share — scenario ⇄ URL hash (deflate-raw + base64url) and dot paths. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeShare,
  encodeShare,
  formatHash,
  fromBase64Url,
  parseHash,
  toBase64Url,
} from '../../web/src/lib/share';
import { getIn, pathMatches, setIn } from '../../web/src/lib/paths';

const scenario = JSON.parse(
  readFileSync(new URL('../fixtures/spec-example.json', import.meta.url), 'utf8'),
);

describe('share links', () => {
  it('round-trips the SPEC scenario, compressed and URL-safe', async () => {
    const text = await encodeShare(scenario);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(JSON.stringify(scenario).length * 0.8);
    expect(await decodeShare(text)).toEqual(scenario);
  });
  it('round-trips bytes through base64url', () => {
    const bytes = new Uint8Array([0, 250, 251, 252, 253, 254, 255, 62, 63]);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(toBase64Url(bytes)).not.toMatch(/[+/=]/);
  });
  it('rejects what it did not write', async () => {
    await expect(decodeShare('not base64!')).rejects.toThrow(/invalid share link/);
    await expect(decodeShare('AAAA')).rejects.toThrow(/invalid share link/);
  });
  it('reads and writes the hash', () => {
    expect(formatHash({ scenario: 'abc', view: 'plans', plans: 'xyz' })).toBe(
      '#v=plans&p=xyz&s=abc',
    );
    expect(parseHash('#v=plans&p=xyz&s=abc')).toEqual({
      scenario: 'abc',
      view: 'plans',
      plans: 'xyz',
    });
    expect(parseHash('')).toEqual({ scenario: undefined, view: undefined, plans: undefined });
    expect(formatHash({})).toBe('');
  });
});

describe('dot paths', () => {
  it('reads nested values and array items', () => {
    expect(getIn(scenario, 'site.gridMW')).toBe(100);
    expect(getIn(scenario, 'hpcOptions.0.leaseUsdPerKwMonth')).toBe(150);
    expect(getIn(scenario, 'site.nothing.deeper')).toBeUndefined();
  });
  it('sets by copying only the path, keeping other branches', () => {
    const next = setIn(scenario, 'hpcOptions.0.leaseUsdPerKwMonth', 160);
    expect(getIn(next, 'hpcOptions.0.leaseUsdPerKwMonth')).toBe(160);
    expect(getIn(scenario, 'hpcOptions.0.leaseUsdPerKwMonth')).toBe(150);
    expect(Array.isArray(next.hpcOptions)).toBe(true);
    expect(next.site).toBe(scenario.site);
    expect(next.hpcOptions).not.toBe(scenario.hpcOptions);
  });
  it('removes a key when set to undefined', () => {
    const next = setIn(scenario, 'financing.facility', undefined);
    expect('facility' in next.financing).toBe(false);
    expect(next.financing.projectDebt).toBe(scenario.financing.projectDebt);
  });
  it('matches API issue paths to fields', () => {
    expect(pathMatches('site.gridMW', 'site.gridMW')).toBe(true);
    expect(pathMatches('site.gridAdditions.0.month', 'site.gridAdditions')).toBe(true);
    expect(pathMatches('site.gridMWx', 'site.gridMW')).toBe(false);
  });
});
