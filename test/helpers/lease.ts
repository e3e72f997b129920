/**
 * @module helpers/lease — an offer the test knows to be a lease, narrowed to the lease's fields (a
 * cloud throws).
 */
import { isLease } from '../../model/schema';

export function leaseOf<O extends { readonly kind?: 'lease' | 'cloud'; readonly id?: string }>(
  o: O,
): Exclude<O, { readonly kind: 'cloud' }> {
  if (!isLease(o)) throw new Error(`offer ${o.id} is not a lease`);
  return o;
}
