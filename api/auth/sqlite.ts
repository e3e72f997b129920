/**
 * @module auth/sqlite — users, sessions and API tokens in the embedded SQLite file
 * (better-sqlite3); the file and its migrations are api/storage's.
 */
import type Database from 'better-sqlite3';
import { tokenOf, userOf, type AuthStore, type Row } from './store';

/** The auth store in the SQLite database `db` (opened and migrated by api/storage). */
export function sqliteAuth(db: Database.Database): AuthStore {
  const now = () => new Date().toISOString();
  const q = {
    any: db.prepare('SELECT 1 FROM users LIMIT 1'),
    users: db.prepare('SELECT name, role, created_at FROM users ORDER BY name'),
    user: db.prepare('SELECT name, role, created_at, password_hash FROM users WHERE name = ?'),
    addUser: db.prepare(
      'INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (name) DO NOTHING',
    ),
    setRole: db.prepare('UPDATE users SET role = ? WHERE name = ?'),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE name = ?'),
    removeUser: db.prepare('DELETE FROM users WHERE name = ?'),
    removeSessionsOf: db.prepare('DELETE FROM sessions WHERE user_name = ?'),
    removeTokensOf: db.prepare('DELETE FROM api_tokens WHERE user_name = ?'),
    expire: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    addSession: db.prepare(
      'INSERT INTO sessions (id_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    sessionUser: db.prepare(
      'SELECT u.name, u.role, u.created_at FROM sessions s JOIN users u ON u.name = s.user_name ' +
        'WHERE s.id_hash = ? AND s.expires_at > ?',
    ),
    removeSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    addToken: db.prepare(
      'INSERT INTO api_tokens (id, token_hash, user_name, label, created_at, revoked_at) ' +
        'VALUES (?, ?, ?, ?, ?, NULL)',
    ),
    tokenUser: db.prepare(
      'SELECT u.name, u.role, u.created_at FROM api_tokens t JOIN users u ON u.name = t.user_name ' +
        'WHERE t.token_hash = ? AND t.revoked_at IS NULL',
    ),
    revoke: db.prepare('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?'),
    tokens: db.prepare(
      'SELECT id, user_name, label, created_at, revoked_at FROM api_tokens ORDER BY created_at, id',
    ),
  };
  const get = (name: string) => q.user.get(name) as Row | undefined;

  return {
    kind: 'sqlite',
    async hasUsers() {
      return q.any.get() !== undefined;
    },
    async listUsers() {
      return (q.users.all() as Row[]).map(userOf);
    },
    async credentials(name) {
      const row = get(name);
      return row && { user: userOf(row), passwordHash: String(row.password_hash) };
    },
    async addUser(name, role, passwordHash) {
      const createdAt = now();
      const added = q.addUser.run(name, role, passwordHash, createdAt).changes > 0;
      return added ? { name, role, createdAt } : undefined;
    },
    async updateUser(name, { role, passwordHash }) {
      return db.transaction(() => {
        if (!get(name)) return undefined;
        if (role !== undefined) q.setRole.run(role, name);
        if (passwordHash !== undefined) {
          q.setPassword.run(passwordHash, name);
          q.removeSessionsOf.run(name);
        }
        return userOf(get(name)!);
      })();
    },
    async removeUser(name) {
      return db.transaction(() => {
        q.removeSessionsOf.run(name);
        q.removeTokensOf.run(name);
        return q.removeUser.run(name).changes > 0;
      })();
    },
    async addSession(idHash, user, expiresAt) {
      const t = now();
      q.expire.run(t);
      q.addSession.run(idHash, user, t, expiresAt.toISOString());
    },
    async sessionUser(idHash) {
      const row = q.sessionUser.get(idHash, now()) as Row | undefined;
      return row && userOf(row);
    },
    async deleteSession(idHash) {
      q.removeSession.run(idHash);
    },
    async addToken(id, tokenHash, user, label) {
      const createdAt = now();
      q.addToken.run(id, tokenHash, user, label, createdAt);
      return { id, user, label, createdAt, revokedAt: null };
    },
    async tokenUser(tokenHash) {
      const row = q.tokenUser.get(tokenHash) as Row | undefined;
      return row && userOf(row);
    },
    async revokeToken(id) {
      return q.revoke.run(now(), id).changes > 0;
    },
    async listTokens() {
      return (q.tokens.all() as Row[]).map(tokenOf);
    },
  };
}
