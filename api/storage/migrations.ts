/** @module storage/migrations — what the SQLite and PostgreSQL schema histories have in common. */

/** One schema change, applied once, in order, inside the migration transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The error for a database whose schema is newer than this build's last migration (it is refused,
 * not guessed at); undefined when the build knows the version `current`.
 */
export function newerSchemaError(
  current: number,
  migrations: readonly Migration[],
): Error | undefined {
  const latest = migrations.at(-1)?.version ?? 0;
  if (current <= latest) return undefined;
  return new Error(
    `invalid database schema version: ${current} (this build knows up to ${latest}); ` +
      'upgrade Switchyard',
  );
}

/** Column types of one SQL dialect, for a table both back ends create alike. */
interface Dialect {
  readonly text: string;
  readonly integer: string;
  readonly time: string;
  /** After each CREATE TABLE's closing parenthesis (SQLite: `STRICT`). */
  readonly tableSuffix: string;
}

/**
 * Migration 2 of either back end: the job runs and their per-item results. IF NOT EXISTS, since
 * builds before this migration created these tables outside the history. Shipped: never edit it.
 */
export function jobTablesSql({ text, integer, time, tableSuffix }: Dialect): string {
  return `
    CREATE TABLE IF NOT EXISTS job_runs (
      id ${text} PRIMARY KEY, kind ${text} NOT NULL, status ${text} NOT NULL,
      total ${integer} NOT NULL, input ${text} NOT NULL, answer ${text}, error ${text},
      created_at ${time} NOT NULL
    )${tableSuffix};
    CREATE TABLE IF NOT EXISTS job_results (
      run_id ${text} NOT NULL, idx ${integer} NOT NULL, data ${text} NOT NULL,
      PRIMARY KEY (run_id, idx)
    )${tableSuffix};`;
}

/**
 * Migration 3 of either back end: every plan's version, 1 for the plans saved before it and
 * counted up by each write (the ETag of `GET /api/plans/:id`). Shipped: never edit it.
 */
export function planVersionSql(integer: string): string {
  return `ALTER TABLE plans ADD COLUMN version ${integer} NOT NULL DEFAULT 1;`;
}
