/**
 * @module requester — who is asking, for the per-requester admission of batches and Monte Carlo
 * runs (api/jobs/admission.ts). The one place that names the requester: until sign-in provides an
 * authenticated user, it is the client's address.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The requester of `c`: the client's address (`ip:…`); `local` when the request did not come over
 * a socket (`app.request` in scripts, the CLI and tests).
 */
export function requesterOf(c: Context): string {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? `ip:${address}` : 'local';
  } catch {
    return 'local';
  }
}
