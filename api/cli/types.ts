/** @module cli/types — what a `switchyard` sub-command is. */

/**
 * One sub-command. `run` resolves with the exit code, or `'running'` for a server that keeps the
 * process up.
 */
export interface Command {
  /** One line for `switchyard --help`. */
  readonly summary: string;
  /** Its arguments, for `switchyard <command> --help` and usage errors. */
  readonly usage: string;
  run(args: string[]): Promise<number | 'running'>;
}

/** Bad arguments or input: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
