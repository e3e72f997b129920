/**
 * @module cli — `switchyard <command>` (package.json "bin"): `serve`, `optimize`, `lp`, `worker`,
 * `montecarlo`, `users`, `tokens`. A command is an entry of `COMMANDS`.
 */
import { parseArgs } from 'node:util';
import { cancelCommand, montecarloCommand, workerCommand } from './jobs';
import { lpCommand, optimizeCommand } from './solve';
import { tokensCommand, usersCommand } from './users';
import { UsageError, type Command } from './types';

export { UsageError, type Command };

/** `serve [--port N] [--host H]`: the API and the web app (api/server.ts), until SIGINT/SIGTERM. */
const serveCommand: Command = {
  summary: 'serve the API and the web app (default 127.0.0.1:8787; PORT and HOST work too)',
  usage: 'serve [--port 8787] [--host 127.0.0.1]',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string', short: 'p' }, host: { type: 'string' } },
    });
    if (values.port !== undefined) process.env.PORT = values.port;
    if (values.host !== undefined) process.env.HOST = values.host;
    await import('../server');
    return 'running';
  },
};

/** The sub-commands, by name. Add one here (and to docs/api.md) to extend the command line. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  serve: serveCommand,
  optimize: optimizeCommand,
  lp: lpCommand,
  worker: workerCommand,
  montecarlo: montecarloCommand,
  cancel: cancelCommand,
  users: usersCommand,
  tokens: tokensCommand,
};

const help = () =>
  [
    'usage: switchyard <command> [arguments]   (switchyard <command> --help for its arguments)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`),
  ].join('\n');

/**
 * Runs `argv` (the arguments after `switchyard`) and resolves with the exit code: 0 done, 1 a solve
 * that is not optimal, 2 a usage error or an unknown command; `'running'` when serving.
 *
 * @example
 * process.exitCode = await main(['optimize', 'texas-100mw']); // prints the plan
 */
export async function main(argv: readonly string[]): Promise<number | 'running'> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`switchyard: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: switchyard ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    // parseArgs throws a TypeError with a code for an unknown or malformed option.
    if (
      e instanceof UsageError ||
      (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`switchyard ${name}: ${e.message}\nusage: switchyard ${command.usage}`);
      return 2;
    }
    throw e;
  }
}
