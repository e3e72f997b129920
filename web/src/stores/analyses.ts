/**
 * @module stores/analyses — the analyses of the scenario on screen: tornado, breakevens, all
 * marginal values and the decision map. Each re-runs when an input changes (debounced; the
 * superseded request is aborted, so the server drops its solves); an answer for older inputs stays
 * on screen, marked stale, until the new one comes.
 */
import { createEffect, createMemo, createSignal, untrack, type Accessor } from 'solid-js';
import type {
  BreakevenResponse,
  MapProgress,
  MapResponse,
  SensitivityResponse,
} from '../../../model/analyses/schema';
import type { MarginalValues, ScenarioInput } from '../../../model/schema';
import { toApiError, type ApiRequestError } from '../lib/api';
import type { Solves } from '../lib/solves';
import { createLatest as createAnalysis } from './latest';
import {
  breakevenParameters,
  decisionParameters,
  defaultAxis,
  firstCellsCount,
  hasBlockBuilds,
  mapTimeFromFirstCells,
  paceFrom,
  type MapSample,
  parameterValue,
  type MapAxisInput,
} from '../lib/parameters';
import { joinPath } from '../lib/paths';
import { offerPaths, sitePaths } from '../lib/portfolio';

/**
 * The requests the store makes: the app's solves (lib/solves.ts), or a test's fakes (which may
 * leave out the browser's measured time per point).
 */
export type AnalysesApi = Pick<
  Solves,
  'sensitivity' | 'breakeven' | 'optimizeWithAllMarginals' | 'streamMap'
> &
  Partial<Pick<Solves, 'pointWallMs'>>;

/** One breakeven: the answer, or why there is none. */
export type BreakevenItem =
  | { readonly state: 'ok'; readonly answer: BreakevenResponse }
  | { readonly state: 'error'; readonly error: ApiRequestError };

/** The decision map's two axes, in the API's units. */
export interface MapConfig {
  readonly x: MapAxisInput;
  readonly y: MapAxisInput;
}

/** The default map: the first offer's lease rate across, its capex (or else the power price) up. */
export function defaultMapConfig(scenario: ScenarioInput): MapConfig {
  const first = offerPaths(scenario)[0]?.path;
  const x = first ? `${first}.leaseUsdPerKwMonth` : decisionParameters(scenario)[0];
  const y = first
    ? `${first}.capexUsdPerMWIt`
    : joinPath(sitePaths(scenario)[0], 'site.energyUsdPerMWh');
  return { x: defaultAxis(x, scenario), y: defaultAxis(y, scenario) };
}

/**
 * The analyses of `scenario` (its JSON is `key`), each re-run when the inputs change. The map can
 * be cancelled; it then waits for `map.run()` before it follows the inputs again.
 */
export function createAnalysesStore(
  scenario: Accessor<ScenarioInput | undefined>,
  key: Accessor<string>,
  options: {
    api: AnalysesApi;
    debounceMs?: number;
    /**
     * While false (the view is not on screen) nothing is sent and what runs is aborted; answers
     * stay cached.
     */
    active?: Accessor<boolean>;
  },
) {
  const idle = () => !(options.active?.() ?? true);
  const api = options.api;
  const debounceMs = options.debounceMs ?? 250;
  const input = createMemo(() => {
    const s = scenario();
    return s && key() ? { key: key(), scenario: s } : undefined;
  });

  // The wall time per analysis point in the browser's workers, as the last analyses ran
  // (lib/map-time.ts: the map's estimate before any map was drawn). Read from the pool when asked
  // (the headline's breakeven, solved before this view opens, counts too); the signal makes an
  // estimate on screen follow each analysis that ends. On the server path, the tornado's own wall
  // time over its points (1 + 2 per row) stands in for it.
  const [pointTick, setPointTick] = createSignal(0);
  const [tornadoPointMs, setTornadoPointMs] = createSignal<number>();
  const pointWallMs = () => {
    pointTick();
    return api.pointWallMs?.() ?? tornadoPointMs();
  };
  const notePointTime = <T>(answer: T): T => {
    setPointTick((n) => n + 1);
    return answer;
  };

  const tornado = createAnalysis<{ key: string; scenario: ScenarioInput }, SensitivityResponse>(
    input,
    (i, signal) => {
      const t0 = performance.now();
      return api.sensitivity({ scenario: i.scenario }, signal).then((r) => {
        setTornadoPointMs((performance.now() - t0) / (1 + 2 * r.rows.length));
        return notePointTime(r);
      });
    },
    { debounceMs, maxWaitMs: 1000, leading: false, paused: idle },
  );

  const breakevens = createAnalysis<
    { key: string; scenario: ScenarioInput },
    Readonly<Record<string, BreakevenItem>>
  >(
    input,
    async (i, signal, report) => {
      const out: Record<string, BreakevenItem> = {};
      // All at once: the server's analysis threads take them in turn, and each is shown as it
      // comes.
      await Promise.all(
        breakevenParameters(i.scenario).map(async (parameter) => {
          try {
            out[parameter] = {
              state: 'ok',
              answer: await api.breakeven({ scenario: i.scenario, parameter }, signal),
            };
          } catch (e) {
            if (signal.aborted) throw e;
            out[parameter] = { state: 'error', error: toApiError(e) };
          }
          report({ ...out });
        }),
      );
      return notePointTime(out);
    },
    { debounceMs, maxWaitMs: 1000, leading: false, paused: idle },
  );

  const marginals = createAnalysis<{ key: string; scenario: ScenarioInput }, MarginalValues | null>(
    input,
    async (i, signal) =>
      (await api.optimizeWithAllMarginals(i.scenario, signal)).marginalValues ?? null,
    { debounceMs, maxWaitMs: 1000, leading: false, paused: idle },
  );

  // The map's axes: chosen once per scenario shape, reset when a parameter no longer exists
  // (another preset) or when block builds come or go (a MILP's cells are slow, so its default map
  // is smaller).
  const [mapConfig, setMapConfig] = createSignal<MapConfig>();
  let milp: boolean | undefined;
  createEffect(() => {
    const s = scenario();
    if (!s) return;
    const c = untrack(mapConfig);
    const valid = (a: MapAxisInput) =>
      parameterValue(s, a.parameter) !== undefined && decisionParameters(s).includes(a.parameter);
    if (!c || !valid(c.x) || !valid(c.y) || (milp !== undefined && milp !== hasBlockBuilds(s)))
      setMapConfig(defaultMapConfig(s));
    milp = hasBlockBuilds(s);
  });
  const [mapPaused, setMapPaused] = createSignal(false);
  const [measured, setMeasured] = createSignal<
    Partial<Record<'lp' | 'milp', { ms: number; cells: number }>>
  >({});
  const [progress, setProgress] = createSignal<{ key: string } & MapProgress>();
  // The map under way's estimated wall time per cell once its first cells are solved
  // (lib/map-time.ts, `mapTimeFromFirstCells`), kept for its inputs after it ends.
  const [firstCells, setFirstCells] = createSignal<{ key: string; msPerCell: number }>();
  // Its estimate again at each progress after (the pace of its recent cells), and what it read.
  const [running, setRunning] = createSignal<{ key: string } & MapRunningEstimate>();
  const mapInput = createMemo(() => {
    const i = input();
    const c = mapConfig();
    return i && c
      ? { key: `${i.key}|${JSON.stringify(c)}`, scenario: i.scenario, config: c }
      : undefined;
  });
  const map = createAnalysis<
    { key: string; scenario: ScenarioInput; config: MapConfig },
    MapResponse
  >(
    mapInput,
    (i, signal) => {
      setProgress({ key: i.key, done: 0, total: i.config.x.steps * i.config.y.steps });
      setRunning(undefined);
      const kind = hasBlockBuilds(i.scenario) ? 'milp' : 'lp';
      // The pace is taken from the first progress on, not from the request: the request may wait
      // (for a connection, or behind the tornado on the same threads) before its first cell. The
      // time so far is the map's own clock when its progress has one (the server's: the start its
      // `ms` counts from), else the time since the request.
      const sent = performance.now();
      const samples: MapSample[] = [];
      let first: { at: number; done: number } | undefined;
      let paced = false;
      return api
        .streamMap(
          { scenario: i.scenario, x: i.config.x, y: i.config.y },
          (p) => {
            if (signal.aborted) return;
            setProgress({ key: i.key, ...p });
            const now = performance.now();
            first ??= { at: now, done: p.done };
            if (!p.lanes) samples.push({ done: p.done, elapsedMs: p.elapsedMs ?? now - sent });
            if (p.done - first.done < firstCellsCount(p.total)) return;
            // In the browser, the pool's own clock and counts since the map's points started; on
            // the server, its time so far and the pace of its recent cells.
            const elapsedMs = p.lanes ? (p.elapsedMs ?? now - first.at) : samples.at(-1)!.elapsedMs;
            const ms = mapTimeFromFirstCells(
              p.lanes
                ? { ...p, elapsedMs }
                : { elapsedMs, done: p.done, total: p.total, from: paceFrom(samples, p.total) },
            );
            if (!paced) setFirstCells({ key: i.key, msPerCell: ms / p.total });
            paced = true;
            setRunning({ key: i.key, ms, done: p.done, total: p.total, elapsedMs });
          },
          signal,
        )
        .then((r) => {
          setMeasured((m) => ({ ...m, [kind]: { ms: r.ms, cells: r.cells.length } }));
          return notePointTime(r);
        });
    },
    {
      debounceMs: debounceMs + 150,
      maxWaitMs: 1500,
      leading: false,
      paused: () => idle() || mapPaused(),
    },
  );

  return {
    tornado,
    breakevens,
    marginals,
    map: {
      ...map,
      config: mapConfig,
      /** Sets one axis (or resets both to the defaults with `undefined`). */
      setAxis: (axis: 'x' | 'y', value: MapAxisInput) =>
        setMapConfig((c) => (c ? { ...c, [axis]: value } : c)),
      resetAxes: () => {
        const s = scenario();
        if (s) setMapConfig(defaultMapConfig(s));
      },
      /**
       * One analysis point's wall time as the last analyses ran (the browser's workers, else the
       * server's tornado), ms.
       */
      pointWallMs,
      /** Cells solved so far of the map under way (for the inputs on screen). */
      /**
       * The map's wall time per cell from its first cells (`firstCellsCount`), for the inputs on
       * screen; undefined before they are solved.
       */
      firstCellsMs: () => {
        const f = firstCells();
        return f && f.key === mapInput()?.key ? f.msPerCell : undefined;
      },
      /**
       * The map under way's estimate now (`mapTimeFromFirstCells` at its latest progress, once its
       * first cells are solved) and what it read: its cells done and its time so far, ms.
       */
      runningEstimate: (): MapRunningEstimate | undefined => {
        const r = running();
        if (!r || r.key !== mapInput()?.key || !map.loading()) return undefined;
        const { ms, done, total, elapsedMs } = r;
        return { ms, done, total, elapsedMs };
      },
      progress: createMemo(() =>
        progress() && progress()!.key === mapInput()?.key && map.loading() ? progress() : undefined,
      ),
      paused: mapPaused,
      /**
       * The last map drawn of the scenario's kind (LP or block-build MILP): its wall time and
       * cells, for estimates.
       */
      measured: () => {
        const s = scenario();
        return s ? measured()[hasBlockBuilds(s) ? 'milp' : 'lp'] : undefined;
      },
      /** Stops the map under way; it follows the inputs again after `run()`. */
      cancel: () => {
        setRunning(undefined);
        setMapPaused(true);
        map.cancel();
      },
      /** Draws the map for the inputs on screen and follows them again. */
      run: () => {
        setRunning(undefined);
        if (mapPaused()) setMapPaused(false);
        else map.retry();
      },
    },
  };
}

/** A map under way's estimated wall time (`ms`) at `done` of `total` cells, `elapsedMs` in. */
export interface MapRunningEstimate {
  readonly ms: number;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

/** The analyses store's interface. */
export type AnalysesStore = ReturnType<typeof createAnalysesStore>;
