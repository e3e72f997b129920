/**
 * @module stores/uncertainty — the two-stage plan for the scenario on screen under the panel's
 * bear/base/bull cases: the scenario with the form's `uncertainty` block, optimised through the
 * latest-input store while the panel is on.
 */
import { createMemo, createSignal, type Accessor } from 'solid-js';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import type { Solves } from '../lib/solves';
import { DEFAULT_UNCERTAINTY_FORM, toUncertainty, type UncertaintyForm } from '../lib/uncertainty';
import { createLatest } from './latest';

/**
 * While `enabled`, solves the valid scenario with the form's cases (250 ms after the last edit);
 * `checked` holds the form's own problems, and while there are any nothing is sent; nor while
 * `paused`. `solve` optimises (the app's solves, or a test's fake).
 */
export function createUncertaintyStore(
  scenario: Accessor<ScenarioInput | undefined>,
  options: { solve: Solves['optimize']; paused?: Accessor<boolean> },
) {
  const [enabled, setEnabled] = createSignal(false);
  const [form, setForm] = createSignal<UncertaintyForm>(DEFAULT_UNCERTAINTY_FORM);
  const checked = createMemo(() => {
    const s = scenario();
    return s ? toUncertainty(form(), s) : { issues: [] };
  });
  const input = createMemo(() => {
    const s = scenario();
    const u = checked().uncertainty;
    if (!enabled() || !s || !u) return undefined;
    const withCases: ScenarioInput = { ...s, uncertainty: u };
    return { key: JSON.stringify(withCases), scenario: withCases };
  });
  const solve = options.solve;
  const latest = createLatest<{ key: string; scenario: ScenarioInput }, SolveResult>(
    input,
    (i, signal) => solve(i.scenario, signal),
    {
      debounceMs: 250,
      maxWaitMs: 1000,
      leading: false,
      paused: options.paused,
      keep: (r) => r.status === 'optimal' || r.status === 'infeasible',
    },
  );
  return {
    enabled,
    setEnabled,
    form,
    setForm,
    /** The form's problems, by field. */
    issues: () => checked().issues,
    /** The scenario that was (or is being) sent, with its cases. */
    input,
    ...latest,
  };
}

/** The uncertainty store's interface. */
export type UncertaintyStore = ReturnType<typeof createUncertaintyStore>;
