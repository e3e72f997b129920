/** @module auth/schema — zod schemas of the session, user and token routes' bodies, answers. */
import { z } from 'zod';
import { PASSWORD_LENGTH } from './secrets';
import { ROLES, UserNameSchema } from './store';

export const RoleSchema = z
  .enum(ROLES)
  .describe('viewer: read; editor: also save, run and delete; admin: also users and tokens');

export const PasswordSchema = z
  .string()
  .min(PASSWORD_LENGTH.min, `must be at least ${PASSWORD_LENGTH.min} characters`)
  .max(PASSWORD_LENGTH.max, `must be at most ${PASSWORD_LENGTH.max} characters`)
  .describe(`password, ${PASSWORD_LENGTH.min}–${PASSWORD_LENGTH.max} characters`);

export const UserSchema = z.object({
  name: UserNameSchema,
  role: RoleSchema,
  createdAt: z.iso.datetime(),
});

/** `POST /api/session`: a name and a password (any length: a wrong one is just refused). */
export const SignInRequestSchema = z.strictObject({
  name: z.string().max(200),
  password: z.string().max(PASSWORD_LENGTH.max),
});

/** `GET`/`POST /api/session`: whether sign-in is required and who is signed in. */
export const SessionSchema = z.object({
  authRequired: z.boolean().describe('false while the server has no users (loopback only)'),
  user: z
    .object({
      name: UserNameSchema,
      role: RoleSchema,
      via: z.enum(['session', 'token', 'proxy']),
    })
    .nullable()
    .describe('who is calling; null while sign-in is off'),
});

export const CreateUserRequestSchema = z.strictObject({
  name: UserNameSchema,
  role: RoleSchema,
  password: PasswordSchema,
});

export const UpdateUserRequestSchema = z
  .strictObject({ role: RoleSchema.optional(), password: PasswordSchema.optional() })
  .refine((b) => b.role !== undefined || b.password !== undefined, {
    message: 'send role, password or both',
  });

export const TokenIdSchema = z
  .string()
  .regex(/^[0-9a-f]{16}$/, 'must be a token id (16 hex digits)')
  .describe('API token id (not the token)');

export const TokenSchema = z.object({
  id: TokenIdSchema,
  user: UserNameSchema,
  label: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable().describe('when it was revoked; null while it works'),
});

export const CreateTokenRequestSchema = z.strictObject({
  user: UserNameSchema.describe("whose token: it acts with that user's role"),
  label: z
    .string()
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must not contain control characters')
    .default('')
    .describe('what the token is for, shown in lists'),
});

export const CreatedTokenSchema = TokenSchema.extend({
  token: z
    .string()
    .describe('the token, shown this once: send it as Authorization: Bearer <token>'),
});
