/**
 * @module plans/columns — a saved plan as table columns and back, shared by the SQLite and
 * PostgreSQL stores.
 */
import {
  LONE_SURROGATE,
  type PlanFields,
  type PlanSummary,
  type SavedPlan,
  type StoredVersion,
} from './schema';

/**
 * The `plans` table's columns. The big fields (`scenario`, `plan`, `answer`) are JSON text; the
 * summary columns beside them let a list be read without parsing any of it.
 */
export interface PlanColumns {
  name?: string;
  scenario?: string;
  scenario_name?: string;
  start_month?: string;
  horizon_months?: number;
  plan?: string | null;
  evaluated?: boolean;
  answer?: string;
  status?: string;
  npv_usd?: number | null;
  saved_by?: string | null;
}

/**
 * The text with each lone surrogate replaced by U+FFFD. Both stores then hold the same: SQLite
 * would keep the escaped `\ud800` of the JSON and PostgreSQL's json type refuses it, while each
 * driver writes its own bytes for a lone surrogate in a text column.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** JSON text of a value whose strings are made well-formed (see `wellFormed`). */
const jsonText = (v: unknown) =>
  JSON.stringify(v, (_, x) => (typeof x === 'string' ? wellFormed(x) : x));

/**
 * The columns that store the fields given, each big field with the summary columns derived from it.
 */
export function toColumns(f: Partial<PlanFields>): PlanColumns {
  const c: PlanColumns = {};
  if (f.name !== undefined) c.name = wellFormed(f.name);
  if (f.scenario !== undefined) {
    c.scenario = jsonText(f.scenario);
    // A display copy: PostgreSQL text cannot hold NUL (the scenario's JSON keeps it, escaped).
    c.scenario_name = wellFormed(f.scenario.name).replaceAll('\u0000', '\uFFFD');
    c.start_month = f.scenario.startMonth;
    c.horizon_months = f.scenario.horizonMonths;
  }
  if (f.plan !== undefined) {
    c.plan = f.plan === null ? null : jsonText(f.plan);
    c.evaluated = f.plan !== null;
  }
  if (f.answer !== undefined) {
    c.answer = jsonText(f.answer);
    c.status = f.answer.status;
    c.npv_usd = f.answer.npvUsd;
  }
  if (f.savedBy !== undefined) c.saved_by = f.savedBy;
  return c;
}

/** The column names of a full row, in table order. */
export const ALL_COLUMNS = [
  'id',
  'name',
  'scenario',
  'scenario_name',
  'start_month',
  'horizon_months',
  'plan',
  'evaluated',
  'answer',
  'status',
  'npv_usd',
  'saved_at',
  'created_by',
  'saved_by',
  'version',
] as const;

/** The columns a list reads. */
export const SUMMARY_COLUMNS = [
  'id',
  'name',
  'scenario_name',
  'start_month',
  'horizon_months',
  'evaluated',
  'status',
  'npv_usd',
  'saved_at',
  'created_by',
  'saved_by',
  'version',
] as const;

/**
 * A row as a driver returns it: `evaluated` may be 0/1 (SQLite), `saved_at` a string or a Date
 * (PostgreSQL).
 */
export type Row = Record<string, unknown>;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/** `createdBy` and `savedBy` where the row has them (a plan saved with sign-in off has neither). */
const savers = (r: Row) => ({
  ...(r.created_by == null ? {} : { createdBy: String(r.created_by) }),
  ...(r.saved_by == null ? {} : { savedBy: String(r.saved_by) }),
});

/** The columns of a new plan's row that say who saved it. */
export const createdColumns = (f: PlanFields) => ({
  created_by: f.savedBy ?? null,
  saved_by: f.savedBy ?? null,
});

/** A full row as the stored plan. */
export function fromRow(r: Row): SavedPlan {
  return {
    id: String(r.id),
    name: String(r.name),
    scenario: JSON.parse(String(r.scenario)),
    plan: r.plan === null || r.plan === undefined ? null : JSON.parse(String(r.plan)),
    answer: JSON.parse(String(r.answer)),
    savedAt: iso(r.saved_at),
    ...savers(r),
    version: Number(r.version),
  };
}

/** A list row as the plan's summary. */
export function summaryFromRow(r: Row): PlanSummary {
  return {
    id: String(r.id),
    name: String(r.name),
    scenarioName: String(r.scenario_name),
    startMonth: String(r.start_month),
    horizonMonths: Number(r.horizon_months),
    evaluated: Boolean(r.evaluated),
    status: String(r.status) as PlanSummary['status'],
    npvUsd: r.npv_usd === null || r.npv_usd === undefined ? null : Number(r.npv_usd),
    savedAt: iso(r.saved_at),
    ...savers(r),
    version: Number(r.version),
  };
}

/** The columns of a row of `plan_versions` (migration 6), in table order. */
const HISTORY_COLUMNS = [
  'plan_id',
  'version',
  'name',
  'scenario',
  'plan',
  'answer',
  'status',
  'npv_usd',
  'saved_at',
  'saved_by',
] as const;

/**
 * The statement that copies plan rows as they are now into their history: the rows of `from` (the
 * plans table, or the rows a write returned), those `where` says if given; run in the transaction
 * of each write, so that every version is kept.
 */
export const recordVersionSql = (from: string, where = '') =>
  `INSERT INTO plan_versions (${HISTORY_COLUMNS.join(', ')}) ` +
  `SELECT ${HISTORY_COLUMNS.map((c) => (c === 'plan_id' ? 'id' : c)).join(', ')} FROM ${from}` +
  (where && ` WHERE ${where}`);

/**
 * The statements that read a plan's history: its versions newest first without their answers
 * (`list`), and one version whole, with the plan's owner (`one`). `text(c)` reads a JSON column as
 * text (PostgreSQL's json type); `p(i)` is the placeholder of parameter i (id, then version).
 */
export function historySql(text: (column: string) => string, p: (i: number) => string) {
  const json = ['plan', 'scenario', 'answer'];
  const select = (columns: readonly string[], table: string) =>
    columns
      .map((c) => (json.includes(c) ? `${text(`${table}${c}`)} AS ${c}` : `${table}${c}`))
      .join(', ');
  const base = ['version', 'name', 'plan', 'scenario', 'status', 'npv_usd', 'saved_at', 'saved_by'];
  return {
    list:
      `SELECT ${select(base, '')} FROM plan_versions WHERE plan_id = ${p(1)} ` +
      'ORDER BY version DESC',
    one:
      `SELECT v.plan_id AS id, ${select([...base, 'answer'], 'v.')}, p.created_by ` +
      'FROM plan_versions v JOIN plans p ON p.id = v.plan_id ' +
      `WHERE v.plan_id = ${p(1)} AND v.version = ${p(2)}`,
  };
}

/** A row of a history list as the version it records (without its answer). */
export function versionFromRow(r: Row): StoredVersion {
  return {
    version: Number(r.version),
    name: String(r.name),
    scenario: JSON.parse(String(r.scenario)),
    plan: r.plan === null || r.plan === undefined ? null : JSON.parse(String(r.plan)),
    status: String(r.status) as StoredVersion['status'],
    npvUsd: r.npv_usd === null || r.npv_usd === undefined ? null : Number(r.npv_usd),
    savedAt: iso(r.saved_at),
    ...(r.saved_by == null ? {} : { savedBy: String(r.saved_by) }),
  };
}
