#!/usr/bin/env node
/**
 * @module switchyard — the `switchyard` command (package.json "bin"): builds what is missing or
 * stale (see scripts/build.mjs), then runs the built command line, dist/server/cli.js. `serve`
 * needs the web app too.
 */
import { buildParts } from '../scripts/build.mjs';

const argv = process.argv.slice(2);
// `switchyard lp texas-100mw | head`: a reader that stops early is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
try {
  await buildParts({
    parts: argv[0] === 'serve' ? ['server', 'web'] : ['server'],
    onlyStale: true,
  });
} catch (e) {
  console.error(`switchyard: ${e instanceof Error ? e.message : e}`);
  process.exit(2);
}
const { main } = await import('../dist/server/cli.js');
const code = await main(argv);
if (code !== 'running') process.exitCode = code;
