/** @module stores/context — the app's stores, handed to components through one Solid context. */
import { createContext, useContext, type Accessor } from 'solid-js';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import type { FieldIssue, PresetSummary } from '../lib/api';
import type { Solves } from '../lib/solves';
import type { createEvaluations, PlansStore } from './plans';
import type { BreakevenResponse } from '../../../model/analyses/schema';
import type { AnalysesStore } from './analyses';
import type { createLatest } from './latest';
import type { RiskStore } from './risk';
import type { ScenarioStore } from './scenario';
import type { SolveStore } from './solve';
import type { UncertaintyStore } from './uncertainty';

/** The views the app can show (kept in the URL). */
export type View = 'optimum' | 'plans' | 'analyses' | 'risk' | 'saved' | 'report';

/** The plan the user is looking at, with its answer: what the downloads export. */
export interface SelectedAnswer {
  /** `optimum` or the user plan's name. */
  readonly name: string;
  readonly scenario: ScenarioInput;
  readonly result: SolveResult;
}

/** Everything components read and act on. */
export interface AppStores {
  /** Where the app's solves run (made once by the entry, main.tsx; lib/solves.ts). */
  readonly solves: Solves;
  readonly scenario: ScenarioStore;
  readonly solve: SolveStore;
  readonly plans: PlansStore;
  readonly evaluations: ReturnType<typeof createEvaluations>;
  readonly presets: Accessor<readonly PresetSummary[]>;
  readonly presetId: Accessor<string | undefined>;
  readonly loadPreset: (id: string) => Promise<void>;
  /** Validation issues to show beside fields (from the last failed request). */
  readonly issues: Accessor<readonly FieldIssue[]>;
  /** The month hovered in any chart (charts share it). */
  readonly hover: Accessor<number | undefined>;
  readonly setHover: (i: number | undefined) => void;
  readonly view: Accessor<View>;
  readonly setView: (v: View) => void;
  /** The user plan picked on the plans view (the first one when none was picked). */
  readonly selectedPlanId: Accessor<string | undefined>;
  readonly selectPlan: (id: string | undefined) => void;
  /**
   * On the plans view the selected plan's evaluation, elsewhere the optimum; only when it is for
   * the inputs on screen.
   */
  readonly selected: Accessor<SelectedAnswer | undefined>;
  /**
   * The analyses of the inputs on screen; they run only while the analyses view is open, and keep
   * their answers.
   */
  readonly analyses: AnalysesStore;
  /**
   * The first offer's breakeven lease rate (the first site's in a portfolio) for the inputs on
   * screen, searched in the background for the headline.
   */
  readonly leaseBreakeven: ReturnType<
    typeof createLatest<
      { key: string; scenario: ScenarioInput; parameter: string },
      BreakevenResponse
    >
  >;
  /**
   * The bear/base/bull cases of the optimum view and their two-stage answer (solved while that view
   * is open).
   */
  readonly uncertainty: UncertaintyStore;
  /** The Risk view's Monte Carlo inputs and run (cancelled when the view is left). */
  readonly risk: RiskStore;
  /**
   * Replaces the scenario on screen with the one in a JSON file the app saved (file picker or
   * drop).
   */
  readonly openFile: (file: File) => Promise<void>;
}

/** The context; provided once by `App`. */
export const AppContext = createContext<AppStores>();

/** Reads the app's stores; throws outside `App`. */
export function useApp(): AppStores {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('invalid component tree: useApp() outside <AppContext.Provider>');
  return ctx;
}
