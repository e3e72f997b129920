/**
 * @module auth/secrets — password hashes (Node's `crypto.scrypt`, a random salt, compared in
 * constant time) and the random secrets of sessions and API tokens, stored only as their SHA-256.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB and some 50–100 ms per hash, on the libuv thread
 * pool, never the event loop); salt 16 bytes, key 32 bytes.
 */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

/** Shortest and longest password accepted, characters. */
export const PASSWORD_LENGTH = { min: 10, max: 1024 } as const;

function scryptKey(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
  keyBytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      keyBytes,
      { ...params, maxmem: 256 * params.N * params.r },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/**
 * The stored form of a password: `scrypt$N$r$p$<salt>$<key>` (base64url), a fresh salt each time.
 * @example await hashPassword('correct horse battery') // 'scrypt$32768$8$1$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltBytes);
  const key = await scryptKey(password, salt, SCRYPT, SCRYPT.keyBytes);
  const { N, r, p } = SCRYPT;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether `password` is the one `stored` was made from (`hashPassword`), compared in constant time;
 * false for anything that is not such a hash. Its own parameters are used, so that hashes made
 * with an older cost still check.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !key || !Object.values(params).every(Number.isInteger))
    return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptKey(password, Buffer.from(salt, 'base64url'), params, expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A new random secret: `prefix` and 32 random bytes, base64url. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What is stored of a session id or an API token: its SHA-256, hex. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
