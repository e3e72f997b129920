/** @module vitest.config — every test under test/, with the summary line CI reads. */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { NEEDS, probe } from './scripts/ensure-test-deps.mjs';

// Tests whose machine dependency is missing are left out (npm test's pretest step says so loudly).
const present = probe();
const exclude = (Object.keys(NEEDS) as (keyof typeof NEEDS)[])
  .filter((n) => !present[n])
  .flatMap((n) => NEEDS[n].tests);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...exclude],
    reporters: ['default', './test/reporter.ts'],
    // Generous: a clean clone on a busy machine must pass; a test that hangs still fails, later.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two files at a time even on two cores (vitest's default is one fewer than the cores): a file
    // spends part of its time waiting on its solve threads, Chromium or PostgreSQL. Measured on a
    // 2-core machine: the whole suite in 790 s against 953 s one file at a time, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
