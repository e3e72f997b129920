/**
 * @module stores/scenario — the scenario being edited: one immutable value, updated by dot path.
 */
import { createMemo, createSignal, getOwner, runWithOwner, type Accessor } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { getIn, setIn } from '../lib/paths';
import { makeUndoHistory } from '../lib/undo';
import { siteBase, sitesOf } from '../lib/portfolio';
import { sameIssues, scenarioWarnings, validateScenario } from '../lib/validate';

/** Text typed in a field, not committed: why it is not a valid value yet, if it is not. */
export interface Draft {
  readonly text: string;
  readonly message?: string;
}

/**
 * The scenario on screen. Each change replaces the whole value (sharing unchanged branches), so
 * a memo keyed on it sees every edit; `key` is its JSON, which answers are matched against.
 */
export function createScenarioStore(initial?: ScenarioInput) {
  const [scenario, setValue] = createSignal<ScenarioInput | undefined>(initial);
  // Every change goes through here, so that each can be undone (lib/undo.ts); `field` joins the
  // changes of one field into one step (typing, a slider dragged) until `seal`.
  const history = makeUndoHistory<ScenarioInput>();
  const [steps, setSteps] = createSignal(history.sizes());
  const setScenario = (
    fn: (s: ScenarioInput | undefined) => ScenarioInput | undefined,
    field?: string,
  ) => {
    const before = scenario();
    const after = fn(before);
    // A change that changes nothing (a field typed back to its value) is no step.
    if (after === before || (after && before && JSON.stringify(after) === key())) return;
    if (before) history.record(before, field);
    setValue(() => after);
    setSteps(history.sizes());
  };
  const travel = (to: (s: ScenarioInput) => ScenarioInput | undefined) => {
    const s = scenario();
    const next = s && to(s);
    if (!next) return false;
    setValue(() => next);
    setSteps(history.sizes());
    return true;
  };
  const key = createMemo(() => {
    const s = scenario();
    return s ? JSON.stringify(s) : '';
  });
  // Text typed in a field and not committed yet, by full path: `message` says why it cannot be.
  const [drafts, setDrafts] = createSignal<ReadonlyMap<string, Draft>>(new Map());
  // Checked in the browser with the API's schema: an invalid scenario is never sent, nor one while
  // a field holds text that is not a valid value (its own problem replaces the stored value's).
  const issues = createMemo(
    () => {
      const s = scenario();
      const typed = [...drafts()].flatMap(([path, d]) =>
        d.message ? [{ path, message: d.message }] : [],
      );
      return s ? [...typed, ...validateScenario(s).filter((i) => !drafts().has(i.path))] : [];
    },
    undefined,
    { equals: sameIssues },
  );
  // The site whose own inputs (site, fleet, offers) the editor panels show; 0 in the single-site
  // form.
  const [pickedSite, setPickedSite] = createSignal(0);
  const site = createMemo(() =>
    Math.min(pickedSite(), Math.max(0, (sitesOf(scenario())?.length ?? 1) - 1)),
  );
  const base = createMemo(() => siteBase(scenario(), site()));
  // One memo per path read, owned by the store: an input, a checkbox or a slider reading its own
  // value is updated only when that value changes, not on every edit elsewhere (a dragged slider
  // would otherwise rewrite every field of the editor, and a select's same value set again costs
  // the browser's form tracking a layout).
  const owner = getOwner();
  const memos = new Map<string, Accessor<unknown>>();
  const at = (path: string): Accessor<unknown> => {
    let memo = memos.get(path);
    if (!memo) {
      memo = runWithOwner(owner, () => createMemo(() => getIn(scenario(), path)))!;
      memos.set(path, memo);
    }
    return memo;
  };
  return {
    scenario,
    key,
    /** Fields whose typed text is not committed yet (the figures are for the stored values). */
    drafts,
    /** Records (or with `undefined` clears) the uncommitted text of the field at `path`. */
    setDraft: (path: string, draft: Draft | undefined) =>
      setDrafts((m) => {
        if (!draft && !m.has(path)) return m;
        const next = new Map(m);
        if (draft) next.set(path, draft);
        else next.delete(path);
        return next;
      }),
    /** The problems the stored scenario with `value` at `path` would have at that path. */
    checkAt: (path: string, value: unknown) => {
      const s = scenario();
      return s ? validateScenario(setIn(s, path, value)).filter((i) => i.path === path) : [];
    },
    /** The index of the site being edited (always a site of the scenario). */
    site,
    selectSite: (i: number) => setPickedSite(i),
    /**
     * The dot path of the edited site's inputs: `''` for a single site, `sites.<i>` in a portfolio.
     */
    siteBase: base,
    /** Replaces the scenario by `fn` of it (adding, removing or duplicating a site). */
    update: (fn: (s: ScenarioInput) => ScenarioInput) => setScenario((s) => (s ? fn(s) : s)),
    /** What the API would refuse the scenario on screen for (empty when it is valid). */
    issues,
    /** The scenario when it is valid, else `undefined` (what the analyses and evaluations send). */
    valid: () => (issues().length ? undefined : scenario()),
    /**
     * Valid but suspicious inputs (eligible MW above the grid, starting cash below the covenant).
     */
    warnings: createMemo(
      () => {
        const s = scenario();
        return s && !issues().length ? scenarioWarnings(s) : [];
      },
      undefined,
      { equals: sameIssues },
    ),
    /** Replaces the scenario (a preset picked, a shared link opened). */
    replace: (s: ScenarioInput) => setScenario(() => structuredClone(s)),
    /** The value at a dot path (`site.gridMW`). */
    get: (path: string): unknown => (owner ? at(path)() : getIn(scenario(), path)),
    /** Sets one value; `undefined` removes an optional key or section. */
    set: (path: string, value: unknown) =>
      setScenario((s) => (s ? setIn(s, path, value) : s), path),
    /** Goes back one step (a run of changes to one field is one step); false when there is none. */
    undo: () => travel(history.undo),
    /** Goes forward one undone step; false when there is none. */
    redo: () => travel(history.redo),
    /** Steps that can be undone and redone now. */
    steps,
    /** Ends the current step: the next change, even to the same field, is a step of its own. */
    seal: () => history.seal(),
    /** Appends to the array at `path`. */
    push: (path: string, item: unknown) =>
      setScenario((s) =>
        s ? setIn(s, path, [...((getIn(s, path) as unknown[]) ?? []), item]) : s,
      ),
    /** Removes item `index` of the array at `path`. */
    removeAt: (path: string, index: number) =>
      setScenario((s) =>
        s
          ? setIn(
              s,
              path,
              ((getIn(s, path) as unknown[]) ?? []).filter((_, i) => i !== index),
            )
          : s,
      ),
  };
}

/** The scenario store's interface, for components that receive it. */
export type ScenarioStore = ReturnType<typeof createScenarioStore>;
