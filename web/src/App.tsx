/** @module App — wires the stores, the URL (shared scenario and view) and the layout. */
import { createEffect, createSignal, Match, on, onCleanup, onMount, Show, Switch } from 'solid-js';
import type { ScenarioInput } from '../../model/schema';
import { ApiRequestError, getPreset, listPresets, toApiError, type PresetSummary } from './lib/api';
import type { Solves } from './lib/solves';
import { headlineBreakeven } from './lib/headline';
import { issueLabel } from './lib/fields';
import { readScenarioFile } from './lib/scenario-file';
import { createAnalysesStore } from './stores/analyses';
import { createRiskStore } from './stores/risk';
import { createUncertaintyStore } from './stores/uncertainty';
import { createLatest } from './stores/latest';
import { decodeShare, encodeShare, formatHash, parseHash } from './lib/share';
import { AppContext, type AppStores, type SelectedAnswer, type View } from './stores/context';
import { createEvaluations, createPlansStore, parsePlans } from './stores/plans';
import { createScenarioStore } from './stores/scenario';
import { createSolveStore } from './stores/solve';
import { Header } from './components/Header';
import { OptimumView } from './components/OptimumView';
import { PlansView } from './components/PlansView';
import { AnalysesView } from './components/AnalysesView';
import { RiskView } from './components/RiskView';
import { SavedPlansView } from './components/SavedPlansView';
import { ReportView } from './components/ReportView';
import { ScenarioEditor } from './components/ScenarioEditor';
import { Sliders } from './components/Sliders';
import { Loading, RequestError } from './components/StatusBanner';

/**
 * The app: reads the URL hash (a shared scenario) or opens the first preset, then keeps the hash
 * current. `solves` runs its solves (lib/solves.ts: made once by the entry, main.tsx).
 */
export function App(props: { readonly solves: Solves }) {
  const solves = props.solves;
  const initialHash = parseHash(location.hash);
  const scenario = createScenarioStore();
  const solve = createSolveStore(scenario.scenario, scenario.key, {
    solve: solves.optimize,
    preview: solves.optimizePreview,
    placeOf: solves.placeOf,
    place: solves.place,
    localIssues: scenario.issues,
  });
  const plans = createPlansStore();
  const [view, setView] = createSignal<View>(
    ['plans', 'analyses', 'risk', 'saved', 'report'].includes(initialHash.view ?? '')
      ? (initialHash.view as View)
      : 'optimum',
  );
  const evaluations = createEvaluations(
    solves.evaluate,
    scenario.valid,
    scenario.key,
    plans.plans,
    () => view() === 'plans',
  );
  const [presets, setPresets] = createSignal<readonly PresetSummary[]>([]);
  const [presetId, setPresetId] = createSignal<string>();
  const [bootError, setBootError] = createSignal<ApiRequestError>();
  const [hover, setHover] = createSignal<number>();
  const [presetScenarioKey, setPresetScenarioKey] = createSignal<string>();
  const [pickedPlan, selectPlan] = createSignal<string>();
  const selectedPlanId = () =>
    (plans.plans().find((p) => p.id === pickedPlan()) ?? plans.plans()[0])?.id;
  const selected = (): SelectedAnswer | undefined => {
    const opt = solve.current() ? solve.answer() : undefined;
    const id = view() === 'plans' ? selectedPlanId() : undefined;
    if (!id) return opt && { name: 'optimum', scenario: opt.scenario, result: opt.result };
    const ev = evaluations.get(id);
    const s = scenario.scenario();
    return ev?.state === 'ok' && s
      ? { name: plans.plans().find((p) => p.id === id)!.name, scenario: s, result: ev.result }
      : undefined;
  };
  // The headline's lease breakeven: one search per change of the (valid) inputs, in the background,
  // whatever the view, once the optimum for them is drawn: while a slider moves, the workers (and
  // the cores) are the optimum's.
  const leaseBreakeven = createLatest(
    () => {
      const s = scenario.valid();
      const parameter = s && headlineBreakeven(s);
      return s && parameter ? { key: scenario.key(), scenario: s, parameter } : undefined;
    },
    (i, signal) => solves.breakeven({ scenario: i.scenario, parameter: i.parameter }, signal),
    { debounceMs: 400, maxWaitMs: 1500, leading: false, paused: () => !solve.current() },
  );
  // Created once: leaving the analyses view aborts what runs, and coming back with the same inputs
  // shows the cached answers without asking the server again.
  const analyses = createAnalysesStore(scenario.valid, scenario.key, {
    api: solves,
    active: () => view() === 'analyses',
  });
  // Created once, like the analyses: the cases and the Monte Carlo inputs (and answers) survive a
  // change of view. The cases are solved only on the optimum view; leaving the Risk view cancels
  // its run.
  const uncertainty = createUncertaintyStore(scenario.valid, {
    solve: solves.optimize,
    paused: () => view() !== 'optimum' || !solve.current(),
  });
  const risk = createRiskStore(scenario.valid);
  createEffect(on(view, (v) => v !== 'risk' && risk.cancel(), { defer: true }));
  const [fileError, setFileError] = createSignal<string>();
  const openFile = async (file: File) => {
    try {
      const s = readScenarioFile(await file.text());
      solve.startOver();
      scenario.replace(s);
      setPresetId(undefined);
      setFileError(undefined);
    } catch (e) {
      setFileError(`${file.name}: ${(e as Error).message}`);
    }
  };
  // A scenario file dropped anywhere on the page opens like one picked with "Open".
  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  const onDragOver = (e: DragEvent) => hasFiles(e) && e.preventDefault();
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void openFile(file);
  };
  onMount(() => {
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
  });
  onCleanup(() => {
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('drop', onDrop);
  });

  const loadPreset = async (id: string) => {
    try {
      const s = await getPreset(id);
      solve.startOver();
      scenario.replace(s);
      setPresetId(id);
      setPresetScenarioKey(scenario.key());
      setBootError(undefined);
    } catch (e) {
      setBootError(toApiError(e));
    }
  };

  const boot = async () => {
    setBootError(undefined);
    let list: PresetSummary[] = [];
    try {
      list = await listPresets();
      setPresets(list);
    } catch (e) {
      setBootError(toApiError(e));
    }
    if (initialHash.plans) {
      try {
        plans.merge(parsePlans(await decodeShare(initialHash.plans)));
      } catch (e) {
        setBootError(
          new ApiRequestError(
            0,
            'share',
            `${(e as Error).message}: the link's plans could not be read.`,
          ),
        );
      }
    }
    if (initialHash.scenario && !scenario.scenario()) {
      try {
        scenario.replace((await decodeShare(initialHash.scenario)) as ScenarioInput);
        return;
      } catch (e) {
        setBootError(
          new ApiRequestError(
            0,
            'share',
            `${(e as Error).message}. The first preset is shown instead.`,
          ),
        );
      }
    }
    if (!scenario.scenario() && list[0]) await loadPreset(list[0].id);
  };
  onMount(() => void boot());

  // Once the user edits a preset it becomes a custom scenario.
  createEffect(
    on(scenario.key, (k) => presetId() && k !== presetScenarioKey() && setPresetId(undefined), {
      defer: true,
    }),
  );

  let hashTimer: ReturnType<typeof setTimeout> | undefined;
  let hashSeq = 0;
  const writeHash = async () => {
    const mine = ++hashSeq;
    const s = scenario.scenario();
    // On the plans view the link carries the user's plans too, so a colleague sees the same
    // comparison.
    const shared =
      view() === 'plans' && plans.plans().length ? await encodeShare(plans.plans()) : undefined;
    const hash = formatHash({
      scenario: s ? await encodeShare(s) : undefined,
      view: view() === 'optimum' ? undefined : view(),
      plans: shared,
    });
    // Compression is async: a slower, older call must not overwrite a newer hash.
    if (mine === hashSeq)
      history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
    return `${location.origin}${location.pathname}${location.search}${hash}`;
  };
  // The view goes into the URL at once (a reload right after switching keeps it); scenario edits
  // are batched, because a dragged slider would otherwise call replaceState faster than browsers
  // allow, and wait for the optimum's answer: the link's compression is not done while a slider's
  // next answer is awaited.
  createEffect(on(view, () => void writeHash(), { defer: true }));
  const settled = () => !solve.loading();
  createEffect(
    on(
      [scenario.key, plans.plans, settled],
      () => {
        clearTimeout(hashTimer);
        if (settled()) hashTimer = setTimeout(() => void writeHash(), 250);
      },
      { defer: true },
    ),
  );

  // Fields with typed text not committed yet: the figures on screen are for their stored values.
  const editing = () => [...scenario.drafts().keys()].map(issueLabel);

  const stores: AppStores = {
    solves,
    scenario,
    solve,
    plans,
    evaluations,
    presets,
    presetId,
    loadPreset,
    issues: solve.issues,
    hover,
    setHover,
    view,
    setView,
    selectedPlanId,
    selectPlan,
    selected,
    leaseBreakeven,
    analyses,
    uncertainty,
    risk,
    openFile,
  };

  return (
    <AppContext.Provider value={stores}>
      <a class="skip-link" href="#main-view">
        Skip to results
      </a>
      <Header shareUrl={writeHash} />
      <Show when={bootError()}>
        {(e) => <RequestError error={e()} onRetry={() => void boot()} />}
      </Show>
      <Show when={fileError()}>
        {(m) => (
          <div class="banner error-banner" role="alert" data-testid="file-error">
            <strong>The scenario could not be opened.</strong> {m()}{' '}
            <button
              type="button"
              class="icon-button"
              aria-label="Close"
              onClick={() => setFileError(undefined)}
            >
              ✕
            </button>
          </div>
        )}
      </Show>
      <Show
        when={scenario.scenario()}
        fallback={
          <Show when={!bootError()}>
            <Loading label="Loading the scenario…" />
          </Show>
        }
      >
        <div class="layout">
          <aside class="sidebar" aria-label="Scenario editor">
            <ScenarioEditor />
          </aside>
          <main id="main-view" tabindex="-1" role="tabpanel" aria-labelledby={`tab-${view()}`}>
            <Sliders />
            {/* Zero height: the spinner floats over the KPI strip so the page does not jump on every slider step. */}
            <div
              class="status-line"
              aria-live="polite"
              data-testid="status"
              data-solved-in={solve.answer()?.place}
              data-preset={presetId() ?? ''}
              data-state={
                solve.current() && !editing().length
                  ? 'ready'
                  : solve.failed()
                    ? solve.issues().length
                      ? 'invalid'
                      : 'error'
                    : solve.current()
                      ? 'editing'
                      : 'loading'
              }
            >
              <Show when={solve.late()}>
                <Loading label={solve.answer() ? 'Solving for the new inputs…' : 'Solving…'} />
              </Show>
              <Show when={!solve.failed() && editing().length && solve.answer()}>
                <p class="stale-mark" data-stale="editing">
                  Stale — figures for the previous inputs until {editing().join(', ')} is committed
                  (Enter, leaving the box, or a pause).
                </p>
              </Show>
            </div>
            <Switch>
              <Match when={solve.failed() && solve.issues().length}>
                <div class="banner warn-banner" role="alert" data-stale="invalid">
                  Some inputs are not valid (marked in the editor). The figures below are for the
                  last valid inputs.
                </div>
              </Match>
              <Match when={solve.failed() && solve.error()}>
                {(e) => <RequestError error={e()} onRetry={solve.retry} />}
              </Match>
            </Switch>
            <Switch>
              <Match when={view() === 'optimum'}>
                <OptimumView />
              </Match>
              <Match when={view() === 'plans'}>
                <PlansView />
              </Match>
              <Match when={view() === 'analyses'}>
                <AnalysesView />
              </Match>
              <Match when={view() === 'risk'}>
                <RiskView />
              </Match>
              <Match when={view() === 'saved'}>
                <SavedPlansView />
              </Match>
              <Match when={view() === 'report'}>
                <ReportView />
              </Match>
            </Switch>
          </main>
        </div>
      </Show>
    </AppContext.Provider>
  );
}
