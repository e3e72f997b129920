/**
 * @module plans/sqlite — saved plans in the embedded SQLite file (better-sqlite3); the file, its
 * pragmas and migrations are api/storage's.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  ALL_COLUMNS,
  SUMMARY_COLUMNS,
  fromRow,
  summaryFromRow,
  toColumns,
  type PlanColumns,
  type Row,
} from './columns';
import type { PlanRepository } from './repository';

/** better-sqlite3 binds no booleans. */
function bindable(c: PlanColumns): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  if (c.evaluated !== undefined) out.evaluated = c.evaluated ? 1 : 0;
  return out;
}

/**
 * Saved plans in the SQLite database `db` (opened and migrated by api/storage). Closing the
 * repository leaves the database open: its opener closes it.
 */
export function sqlitePlans(db: Database.Database): PlanRepository {
  const insert = db.prepare(
    `INSERT INTO plans (${ALL_COLUMNS.join(', ')}) VALUES (${ALL_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const selectOne = db.prepare(`SELECT ${ALL_COLUMNS.join(', ')} FROM plans WHERE id = ?`);
  const selectAll = db.prepare(
    `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans ORDER BY saved_at DESC, id`,
  );
  const selectFirst = db.prepare(
    `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans ORDER BY saved_at DESC, id LIMIT @limit`,
  );
  // saved_at is ISO 8601 text of one fixed format, so text order is time order.
  const selectAfter = db.prepare(
    `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans ` +
      'WHERE saved_at < @savedAt OR (saved_at = @savedAt AND id > @id) ' +
      'ORDER BY saved_at DESC, id LIMIT @limit',
  );
  const remove = db.prepare('DELETE FROM plans WHERE id = ?');
  // One statement per set of columns updated; there are few such sets.
  const updates = new Map<string, Database.Statement>();
  const updateStatement = (cols: string[]) => {
    const key = cols.join(',');
    let st = updates.get(key);
    if (!st) {
      st = db.prepare(
        `UPDATE plans SET ${cols.map((c) => `${c} = @${c}`).join(', ')} ` +
          `WHERE id = @id RETURNING ${ALL_COLUMNS.join(', ')}`,
      );
      updates.set(key, st);
    }
    return st;
  };

  return {
    kind: 'sqlite',
    async create(fields) {
      const row = {
        id: randomUUID(),
        saved_at: new Date().toISOString(),
        ...bindable(toColumns(fields)),
      };
      insert.run(row);
      return fromRow(row);
    },
    async list(page) {
      const rows = !page
        ? selectAll.all()
        : page.after
          ? selectAfter.all({ limit: page.limit, ...page.after })
          : selectFirst.all({ limit: page.limit });
      return (rows as Row[]).map(summaryFromRow);
    },
    async get(id) {
      const row = selectOne.get(id) as Row | undefined;
      return row && fromRow(row);
    },
    async update(id, fields) {
      const cols = { ...bindable(toColumns(fields)), saved_at: new Date().toISOString() };
      const row = updateStatement(Object.keys(cols)).get({ ...cols, id }) as Row | undefined;
      return row && fromRow(row);
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async close() {},
  };
}
