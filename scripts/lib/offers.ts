/**
 * @module scripts/lib/offers — moving an offer's price in generated traffic, whatever the offer's
 * kind.
 */
import { offerPriceField } from '../../model';

/**
 * Multiplies the field that prices the offer (a lease's rent, a cloud's compute price) by `factor`,
 * in place.
 */
export function movePrice(o: { readonly kind?: 'lease' | 'cloud' }, factor: number): void {
  (o as unknown as Record<string, number>)[offerPriceField(o)] *= factor;
}
