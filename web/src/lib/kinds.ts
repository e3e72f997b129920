/**
 * @module kinds — the ways to use the site's power, side by side: keep mining, lease the halls, run
 * GPUs (cloud), or the optimum over every offer. Each is the scenario on screen with only that
 * kind's offers, optimised by the API.
 */
import { isLease, type ScenarioInput } from '../../../model/schema';

/** One way to use the power: its name and the scenario that allows only it. */
export interface Way {
  readonly id: 'mining' | 'lease' | 'cloud';
  readonly label: string;
  readonly scenario: ScenarioInput;
}

/** The offer's kind: "cloud" runs its own GPUs, anything else is a lease (the schema's default). */
export function offerKind(o: { readonly kind?: 'lease' | 'cloud' }): 'lease' | 'cloud' {
  return isLease(o) ? 'lease' : 'cloud';
}

/**
 * Keep mining (no offers), then each kind the scenario has offers of, with only those offers. The
 * optimum over all of them is the answer on screen, not one of these (it is the same as one of them
 * when the scenario has one kind).
 */
export function waysToUsePower(s: ScenarioInput): Way[] {
  const only = (kind: 'lease' | 'cloud') => s.hpcOptions.filter((o) => offerKind(o) === kind);
  const ways: Way[] = [{ id: 'mining', label: 'Keep mining', scenario: { ...s, hpcOptions: [] } }];
  if (only('lease').length)
    ways.push({ id: 'lease', label: 'Lease', scenario: { ...s, hpcOptions: only('lease') } });
  if (only('cloud').length)
    ways.push({ id: 'cloud', label: 'GPU cloud', scenario: { ...s, hpcOptions: only('cloud') } });
  return ways;
}
