/**
 * @module requester — who is asking, for the per-requester admission of batches and Monte Carlo
 * runs (api/jobs/admission.ts). The one place that names the requester: the signed-in user (or
 * token's owner) when sign-in is on, else the client's address.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { callerOf } from './auth/middleware';

/**
 * The requester of `c`: `user:NAME` when signed in, else the client's address (`ip:…`); `local`
 * when the request did not come over a socket (`app.request` in scripts, the CLI and tests).
 */
export function requesterOf(c: Context): string {
  const caller = callerOf(c);
  if (caller) return `user:${caller.name}`;
  try {
    const address = getConnInfo(c).remote.address;
    return address ? `ip:${address}` : 'local';
  } catch {
    return 'local';
  }
}
