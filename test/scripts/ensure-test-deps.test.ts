/**
 * npm test's pretest decision (scripts/ensure-test-deps.mjs): nothing to do when all is there;
 * install the Debian packages of what is missing as root on Debian; otherwise skip the tests that
 * need it and say so.
 */
import { describe, expect, it } from 'vitest';
import { decide, NEEDS, probe, skipMessage } from '../../scripts/ensure-test-deps.mjs';

const all = { chromium: true, postgresql: true };
const rootOnDebian = { root: true, debian: true, allowInstall: true };

describe('pretest: what the tests need', () => {
  it('does nothing when everything is there, wherever it runs', () => {
    for (const facts of [rootOnDebian, { root: false, debian: false, allowInstall: true }])
      expect(decide(all, facts)).toEqual({ install: [], skip: [] });
  });

  it('installs the missing packages as root on Debian', () => {
    expect(decide({ chromium: false, postgresql: true }, rootOnDebian)).toEqual({
      install: ['chromium'],
      skip: [],
    });
    expect(decide({ chromium: false, postgresql: false }, rootOnDebian)).toEqual({
      install: ['chromium', 'postgresql'],
      skip: [],
    });
  });

  it(
    'skips the tests of what is missing when it cannot install: not root, ' +
      'not Debian, or installing turned off',
    () => {
      const missing = { chromium: false, postgresql: false };
      for (const facts of [
        { ...rootOnDebian, root: false },
        { ...rootOnDebian, debian: false },
        { ...rootOnDebian, allowInstall: false },
      ])
        expect(decide(missing, facts)).toEqual({ install: [], skip: ['chromium', 'postgresql'] });
    },
  );

  it('names the skipped tests and how to get what they need', () => {
    const message = skipMessage(['postgresql']);
    expect(message).toContain('test/plans/postgres.test.ts will be SKIPPED');
    expect(message).toContain('TEST_DATABASE_URL');
    expect(message).toContain('apt-get install -y postgresql');
  });

  it('probes the paths the tests use: CHROMIUM_PATH and TEST_DATABASE_URL count', () => {
    expect(
      probe({ CHROMIUM_PATH: '/no/such/chromium', TEST_DATABASE_URL: 'postgres://x' }),
    ).toMatchObject({ chromium: false, postgresql: true });
    expect(probe({ CHROMIUM_PATH: process.execPath }).chromium).toBe(true);
    expect(Object.keys(NEEDS).sort()).toEqual(['chromium', 'postgresql']);
  });
});
