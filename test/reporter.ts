/** @module reporter — prints the closing line CI reads: `N passed, N failed[, N skipped]`. */
import type { Reporter, TestModule } from 'vitest/node';

/** Counts every test; a test file that failed to load counts as one failure. */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      let any = false;
      for (const t of m.children.allTests()) {
        any = true;
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (!any && m.state() === 'failed') failed++;
    }
    failed += errors.length;
    process.stdout.write(
      `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
