/**
 * @module ensure-test-deps — `npm test`'s pretest step: finds what the tests need beyond Node and
 * npm (Chromium for the browser tests, PostgreSQL's server binaries for the PostgreSQL plan-store
 * tests). When some are missing and this is Debian as root, installs them with apt-get; otherwise
 * says loudly what is missing, how to get it, and which tests vitest.config.ts leaves out for it.
 * Plain JavaScript and quick (a few file checks) when all is there.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What each need is for: its Debian package, the tests it serves and how else to get it. */
export const NEEDS = {
  chromium: {
    debian: 'chromium',
    tests: ['test/web/browser.test.ts', 'test/web/*.browser.test.ts'],
    otherwise:
      'install Chromium and set CHROMIUM_PATH, or `npx playwright-core install chromium` where downloads are allowed',
  },
  postgresql: {
    debian: 'postgresql',
    tests: ['test/plans/postgres.test.ts'],
    otherwise:
      'install the PostgreSQL server (initdb, pg_ctl), or set TEST_DATABASE_URL to a database the tests may use',
  },
};

/** Whether each need is present on this machine. */
export function probe(env = process.env) {
  const chromium = existsSync(env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  let postgresql = Boolean(env.TEST_DATABASE_URL?.trim());
  if (!postgresql && existsSync('/usr/lib/postgresql')) {
    postgresql = readdirSync('/usr/lib/postgresql').some((v) =>
      existsSync(`/usr/lib/postgresql/${v}/bin/initdb`),
    );
  }
  return { chromium, postgresql };
}

/**
 * What to do: `install` the Debian packages of the missing needs when apt-get can (root on Debian,
 * installing not turned off with TEST_DEPS_INSTALL=0), else `skip` the missing needs' tests. Pure,
 * for the unit test.
 *
 * @example
 * decide({ chromium: false, postgresql: true }, { root: true, debian: true, allowInstall: true })
 * // { install: ['chromium'], skip: [] }
 */
export function decide(present, { root, debian, allowInstall }) {
  const missing = Object.keys(NEEDS).filter((n) => !present[n]);
  if (!missing.length) return { install: [], skip: [] };
  if (root && debian && allowInstall)
    return { install: missing.map((n) => NEEDS[n].debian), skip: [] };
  return { install: [], skip: missing };
}

/** The loud message for needs whose tests are left out. */
export function skipMessage(skip) {
  const bar = '!'.repeat(78);
  const lines = skip.map(
    (n) =>
      `  ${n} is missing: ${NEEDS[n].tests.join(', ')} will be SKIPPED.\n    To run them: ${NEEDS[n].otherwise}.`,
  );
  return (
    `${bar}\n${lines.join('\n')}\n  (As root on Debian, npm test installs ` +
    'them itself: apt-get install -y ' +
    `${skip.map((n) => NEEDS[n].debian).join(' ')}.)\n${bar}`
  );
}

function main() {
  const facts = {
    root: process.getuid?.() === 0,
    debian: existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get'),
    allowInstall: process.env.TEST_DEPS_INSTALL !== '0',
  };
  let { install, skip } = decide(probe(), facts);
  if (install.length) {
    console.error(
      `pretest: installing what the tests need: apt-get install -y ${install.join(' ')}`,
    );
    try {
      execSync(`apt-get update -qq && apt-get install -y -qq ${install.join(' ')}`, {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      console.error('pretest: apt-get failed');
    }
    skip = decide(probe(), { ...facts, allowInstall: false }).skip;
  }
  if (skip.length) console.error(skipMessage(skip));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
