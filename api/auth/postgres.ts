/**
 * @module auth/postgres — users, sessions and API tokens in PostgreSQL (npm `pg`), in the database
 * of saved plans.
 */
import type pg from 'pg';
import { withTransaction } from '../storage/postgres';
import { tokenOf, userOf, type AuthStore } from './store';

/** The auth store in the PostgreSQL database of `pool` (opened and migrated by api/storage). */
export function postgresAuth(pool: pg.Pool): AuthStore {
  return {
    kind: 'postgres',
    async hasUsers() {
      return (await pool.query('SELECT 1 FROM users LIMIT 1')).rows.length > 0;
    },
    async listUsers() {
      return (await pool.query('SELECT name, role, created_at FROM users ORDER BY name')).rows.map(
        userOf,
      );
    },
    async credentials(name) {
      const { rows } = await pool.query(
        'SELECT name, role, created_at, password_hash FROM users WHERE name = $1',
        [name],
      );
      return rows[0] && { user: userOf(rows[0]), passwordHash: String(rows[0].password_hash) };
    },
    async addUser(name, role, passwordHash) {
      const { rows } = await pool.query(
        'INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, now()) ' +
          'ON CONFLICT (name) DO NOTHING RETURNING name, role, created_at',
        [name, role, passwordHash],
      );
      return rows[0] && userOf(rows[0]);
    },
    async updateUser(name, { role, passwordHash }) {
      return withTransaction(pool, async (c) => {
        const { rows } = await c.query(
          'UPDATE users SET role = coalesce($2, role), password_hash = coalesce($3, password_hash) ' +
            'WHERE name = $1 RETURNING name, role, created_at',
          [name, role ?? null, passwordHash ?? null],
        );
        if (rows[0] && passwordHash !== undefined)
          await c.query('DELETE FROM sessions WHERE user_name = $1', [name]);
        return rows[0] && userOf(rows[0]);
      });
    },
    async removeUser(name) {
      return withTransaction(pool, async (c) => {
        await c.query('DELETE FROM sessions WHERE user_name = $1', [name]);
        await c.query('DELETE FROM api_tokens WHERE user_name = $1', [name]);
        return ((await c.query('DELETE FROM users WHERE name = $1', [name])).rowCount ?? 0) > 0;
      });
    },
    async addSession(idHash, user, expiresAt) {
      await pool.query('DELETE FROM sessions WHERE expires_at <= now()');
      await pool.query(
        'INSERT INTO sessions (id_hash, user_name, created_at, expires_at) VALUES ($1, $2, now(), $3)',
        [idHash, user, expiresAt.toISOString()],
      );
    },
    async sessionUser(idHash) {
      const { rows } = await pool.query(
        'SELECT u.name, u.role, u.created_at FROM sessions s JOIN users u ON u.name = s.user_name ' +
          'WHERE s.id_hash = $1 AND s.expires_at > now()',
        [idHash],
      );
      return rows[0] && userOf(rows[0]);
    },
    async deleteSession(idHash) {
      await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async addToken(id, tokenHash, user, label) {
      const { rows } = await pool.query(
        'INSERT INTO api_tokens (id, token_hash, user_name, label, created_at, revoked_at) ' +
          'VALUES ($1, $2, $3, $4, now(), NULL) RETURNING id, user_name, label, created_at, revoked_at',
        [id, tokenHash, user, label],
      );
      return tokenOf(rows[0]);
    },
    async tokenUser(tokenHash) {
      const { rows } = await pool.query(
        'SELECT u.name, u.role, u.created_at FROM api_tokens t JOIN users u ON u.name = t.user_name ' +
          'WHERE t.token_hash = $1 AND t.revoked_at IS NULL',
        [tokenHash],
      );
      return rows[0] && userOf(rows[0]);
    },
    async revokeToken(id) {
      const { rowCount } = await pool.query(
        'UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1',
        [id],
      );
      return (rowCount ?? 0) > 0;
    },
    async listTokens() {
      const { rows } = await pool.query(
        'SELECT id, user_name, label, created_at, revoked_at FROM api_tokens ORDER BY created_at, id',
      );
      return rows.map(tokenOf);
    },
  };
}
