/**
 * @module plans/sqlite — saved plans in the embedded SQLite file (better-sqlite3); the file, its
 * pragmas and migrations are api/storage's.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  ALL_COLUMNS,
  SUMMARY_COLUMNS,
  createdColumns,
  fromRow,
  historySql,
  recordVersionSql,
  summaryFromRow,
  toColumns,
  versionFromRow,
  type PlanColumns,
  type Row,
} from './columns';
import { StaleVersionError, type PlanRepository } from './repository';

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
  // The list's statements, with and without an owner: every plan, a first page, a page after one.
  const lists = [false, true].map((byOwner) => {
    const owner = byOwner ? 'created_by = @owner' : '';
    const where = (...c: string[]) =>
      c.some(Boolean) ? ` WHERE ${c.filter(Boolean).join(' AND ')}` : '';
    const select = `SELECT ${SUMMARY_COLUMNS.join(', ')} FROM plans`;
    const order = 'ORDER BY saved_at DESC, id';
    return {
      all: db.prepare(`${select}${where(owner)} ${order}`),
      first: db.prepare(`${select}${where(owner)} ${order} LIMIT @limit`),
      // saved_at is ISO 8601 text of one fixed format, so text order is time order.
      after: db.prepare(
        `${select}${where(owner, '(saved_at < @savedAt OR (saved_at = @savedAt AND id > @id))')} ` +
          `${order} LIMIT @limit`,
      ),
    };
  });
  const remove = db.prepare('DELETE FROM plans WHERE id = ?');
  const removeAt = db.prepare('DELETE FROM plans WHERE id = ? AND version = ?');
  // The history (migration 6): each write copies the row it leaves into plan_versions, in its
  // transaction; a deleted plan's history goes with it.
  const recordVersion = db.prepare(recordVersionSql('plans', 'id = ?'));
  const forgetVersions = db.prepare('DELETE FROM plan_versions WHERE plan_id = ?');
  const history = historySql(
    (c) => c,
    (i) => `@p${i}`,
  );
  const listVersions = db.prepare(history.list);
  const oneVersion = db.prepare(history.one);
  const versionOf = db.prepare('SELECT version FROM plans WHERE id = ?');
  /** After a conditional write that changed nothing: stale (throws) or missing (undefined). */
  const staleOrMissing = (id: string, expected: number): undefined => {
    const row = versionOf.get(id) as { version: number } | undefined;
    if (row) throw new StaleVersionError(expected, row.version);
    return undefined;
  };
  // One statement per set of columns updated, with or without the version check; there are few.
  const updates = new Map<string, Database.Statement>();
  const updateStatement = (cols: string[], checked: boolean) => {
    const key = `${cols.join(',')}${checked ? '@' : ''}`;
    let st = updates.get(key);
    if (!st) {
      st = db.prepare(
        `UPDATE plans SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1 ` +
          `WHERE id = @id${checked ? ' AND version = @expected' : ''} ` +
          `RETURNING ${ALL_COLUMNS.join(', ')}`,
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
        ...createdColumns(fields),
        version: 1,
        ...bindable(toColumns(fields)),
      };
      db.transaction(() => {
        insert.run(row);
        recordVersion.run(row.id);
      }).immediate();
      return fromRow(row);
    },
    async list(page) {
      const by = page?.owner === undefined ? {} : { owner: page.owner };
      const q = lists[page?.owner === undefined ? 0 : 1];
      const rows = !page
        ? q.all.all(by)
        : page.after
          ? q.after.all({ limit: page.limit, ...page.after, ...by })
          : q.first.all({ limit: page.limit, ...by });
      return (rows as Row[]).map(summaryFromRow);
    },
    async get(id) {
      const row = selectOne.get(id) as Row | undefined;
      return row && fromRow(row);
    },
    async update(id, fields, version) {
      const cols = { ...bindable(toColumns(fields)), saved_at: new Date().toISOString() };
      const checked = version !== undefined;
      // The check and the write in one IMMEDIATE transaction: another process on the same file
      // cannot write between them.
      return db
        .transaction(() => {
          const st = updateStatement(Object.keys(cols), checked);
          const row = st.get({ ...cols, id, ...(checked && { expected: version }) }) as
            | Row
            | undefined;
          if (row) {
            recordVersion.run(id);
            return fromRow(row);
          }
          return checked ? staleOrMissing(id, version) : undefined;
        })
        .immediate();
    },
    async delete(id, version) {
      return db
        .transaction(() => {
          const gone =
            version === undefined
              ? remove.run(id).changes > 0
              : removeAt.run(id, version).changes > 0 || !!staleOrMissing(id, version);
          if (gone) forgetVersions.run(id);
          return gone;
        })
        .immediate();
    },
    async versions(id) {
      const rows = listVersions.all({ p1: id }) as Row[];
      return rows.length ? rows.map(versionFromRow) : undefined;
    },
    async version(id, version) {
      const row = oneVersion.get({ p1: id, p2: version }) as Row | undefined;
      return row && fromRow(row);
    },
    async close() {},
  };
}
