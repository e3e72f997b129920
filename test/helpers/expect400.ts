/**
 * @module helpers/expect400 — asserts an API answer is a 400 whose issues name `path` (and match
 * `message`).
 */
import { expect } from 'vitest';
import { ApiErrorSchema } from '../../model';

export async function expect400(res: Response, path: string, message?: RegExp): Promise<void> {
  expect(res.status).toBe(400);
  const body = ApiErrorSchema.parse(await res.json());
  const issue = body.error.issues?.find((i) => i.path === path);
  expect(issue, JSON.stringify(body.error.issues)).toBeDefined();
  if (message) expect(issue!.message).toMatch(message);
}
