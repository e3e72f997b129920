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
 * Migration 4 of either back end: users, their sign-in sessions and API tokens, and who created and
 * last saved each plan (docs/security.md). Sessions and tokens are stored as the SHA-256 of the
 * secret, passwords as scrypt hashes: the tables hold nothing that signs anyone in. Shipped: never
 * edit it.
 */
export function authTablesSql({ text, time, tableSuffix }: Dialect): string {
  return `
    CREATE TABLE users (
      name ${text} PRIMARY KEY, role ${text} NOT NULL, password_hash ${text} NOT NULL,
      created_at ${time} NOT NULL
    )${tableSuffix};
    CREATE TABLE sessions (
      id_hash ${text} PRIMARY KEY, user_name ${text} NOT NULL, created_at ${time} NOT NULL,
      expires_at ${time} NOT NULL
    )${tableSuffix};
    CREATE INDEX sessions_by_user ON sessions (user_name);
    CREATE TABLE api_tokens (
      id ${text} PRIMARY KEY, token_hash ${text} NOT NULL UNIQUE, user_name ${text} NOT NULL,
      label ${text} NOT NULL, created_at ${time} NOT NULL, revoked_at ${time}
    )${tableSuffix};
    ALTER TABLE plans ADD COLUMN created_by ${text};
    ALTER TABLE plans ADD COLUMN saved_by ${text};
    CREATE INDEX plans_by_created_by ON plans (created_by, saved_at DESC);`;
}

/**
 * Migration 5 of either back end: every plan's version, 1 for the plans saved before it and
 * counted up by each write (the ETag of `GET /api/plans/:id`). Shipped: never edit it.
 */
export function planVersionSql(integer: string): string {
  return `ALTER TABLE plans ADD COLUMN version ${integer} NOT NULL DEFAULT 1;`;
}

/** The column types of the plan history that differ between the back ends. */
interface HistoryTypes {
  readonly id: string;
  readonly json: string;
  readonly real: string;
}

/**
 * Migration 6 of either back end: every version of every plan as it was saved (name, scenario,
 * plan, answer, who and when), so that a plan's history can be listed and two versions compared;
 * the plans saved before it keep their current version only. Shipped: never edit it.
 */
export function planHistorySql(
  { text, integer, time, tableSuffix }: Dialect,
  { id, json, real }: HistoryTypes,
): string {
  return `
    CREATE TABLE plan_versions (
      plan_id ${id} NOT NULL, version ${integer} NOT NULL, name ${text} NOT NULL,
      scenario ${json} NOT NULL, plan ${json}, answer ${json} NOT NULL, status ${text} NOT NULL,
      npv_usd ${real}, saved_at ${time} NOT NULL, saved_by ${text},
      PRIMARY KEY (plan_id, version)
    )${tableSuffix};
    INSERT INTO plan_versions
      SELECT id, version, name, scenario, plan, answer, status, npv_usd, saved_at, saved_by
      FROM plans;`;
}
