/**
 * @module solves — where the app's solves run: the browser's solver workers once they have started,
 * the server before that, when they cannot start, or with `?solve=server` in the page's address.
 * The app's entry (main.tsx) makes one {@link Solves} and passes it to the stores; nothing here
 * holds state between calls of {@link makeSolves}. See docs/web.md, "Where a solve runs".
 */
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import type { MapRequest, MapResponse } from '../../../model/analyses/schema';
import type { AnalysisProgress, SolverPool } from '../worker/pool';
import { ApiRequestError } from './api';
import { server } from './server-solves';

/** Where an answer was solved. */
export type SolvePlace = 'browser' | 'server';

/**
 * Where the app's solves run: `browser` (its workers) unless the page's address says
 * `?solve=server` or there are no workers.
 */
export function solvePlace(): SolvePlace {
  if (
    typeof Worker === 'undefined' ||
    typeof WebAssembly === 'undefined' ||
    typeof location === 'undefined'
  )
    return 'server';
  return new URLSearchParams(location.search).get('solve') === 'server' ? 'server' : 'browser';
}

/** The server's routes, whose shapes the app's solves share. */
type Server = typeof server;

/**
 * The app's solves and analyses, each run in the browser's pool or on the server, with the
 * shapes of the server's routes (lib/server-solves.ts).
 */
export interface Solves {
  /** Where solves run once the pool is up: `server` when there is no pool to start. */
  readonly place: SolvePlace;
  /** The optimal plan for a scenario (also `infeasible` answers). */
  readonly optimize: Server['optimize'];
  /** A fixed capital plan, with its operating decisions optimised. */
  readonly evaluate: Server['evaluate'];
  /**
   * A dragged slider's solve (docs/web.md, "A slider's preview"): the optimum for `scenario` as
   * given; in the browser's workers a preview without the reason, on the server the
   * complete answer.
   */
  readonly optimizePreview: Server['optimize'];
  /** NPV and HPC MW at a low and a high value of each parameter (default ±20 %). */
  readonly sensitivity: Server['sensitivity'];
  /** The value of a parameter at which the optimal HPC MW changes, or "no change". */
  readonly breakeven: Server['breakeven'];
  /**
   * The optimum with every marginal value computed (`solve.marginalValues = 'all'`): it also
   * carries the value of one month earlier commencement, which the default (`fast`) leaves out.
   */
  readonly optimizeWithAllMarginals: Server['optimize'];
  /**
   * The decision map: `onProgress` gets `{ done, total }` as cells are solved (in the browser's
   * workers also the cells' mean solve time and the workers serving them). Aborting `signal` stops
   * the remaining solves. A bad axis rejects with the API's issues (`x.from`).
   */
  readonly streamMap: (
    body: MapRequest,
    onProgress: (p: AnalysisProgress) => void,
    signal?: AbortSignal,
  ) => Promise<MapResponse>;
  /** Where `answer` (from any of the above) was solved; undefined for an answer from elsewhere. */
  placeOf(answer: object): SolvePlace | undefined;
  /**
   * Wall time per analysis point in the browser's workers over their last runs, ms; undefined
   * before any, or without a started pool.
   */
  pointWallMs(): number | undefined;
}

/**
 * Whether the browser can run this scenario: every shipped solver but javascript-lp-solver (a Node
 * worker thread).
 */
const runsInBrowser = (scenario: ScenarioInput | undefined) =>
  (scenario?.solve as { solver?: string } | undefined)?.solver !== 'jslp';

/**
 * The app's solves. `startPool` starts the browser's solver pool, its interactive worker warmed up on
 * the scenario of the first solve (main.tsx passes a lazy import of
 * worker/pool.ts, so its code and HiGHS are fetched only then); without it every solve runs on the
 * server. The pool is started once the server has answered the first request, so that the first
 * chart is not held back by HiGHS' download; with no network the first solve waits for the pool
 * instead. A pool that fails to start, or breaks later, is given up for the server.
 *
 * @example
 * const solves = makeSolves(() => import('../worker/pool').then((m) => m.startPool()));
 * const answer = await solves.optimize(scenario); // the server's, then the browser's
 */
export function makeSolves(startPool?: (warmUp?: ScenarioInput) => Promise<SolverPool>): Solves {
  let pool: Promise<SolverPool | undefined> | undefined;
  let started: SolverPool | undefined;
  const places = new WeakMap<object, SolvePlace>();

  /**
   * The pool, started on first use (its interactive worker warmed up on `scenario`); undefined when
   * solves run on the server.
   */
  const solverPool = (scenario?: ScenarioInput): Promise<SolverPool | undefined> => {
    if (started?.broken()) {
      started = undefined;
      pool = Promise.resolve(undefined);
    }
    pool ??= startPool
      ? startPool(scenario)
          .then((p) => (started = p))
          .catch((e: unknown) => {
            console.warn(
              `Solving on the server: the browser's solver did not start (${String(e)}).`,
            );
            return undefined;
          })
      : Promise.resolve(undefined);
    return pool;
  };
  /** The pool if it has started (without waiting for it or starting it), else undefined. */
  const startedPool = () => (started && !started.broken() ? started : undefined);

  /**
   * Runs `local` in the pool when it has started (or, after a network failure, once it starts),
   * else `remote` on the server, then starts the pool.
   */
  const run = async <T>(
    scenario: ScenarioInput | undefined,
    local: (p: SolverPool) => Promise<T>,
    remote: () => Promise<T>,
  ): Promise<T> => {
    const mark = (place: SolvePlace) => (value: T) => {
      if (typeof value === 'object' && value !== null) places.set(value, place);
      return value;
    };
    if (!runsInBrowser(scenario)) return remote().then(mark('server'));
    const p = startedPool();
    if (p) return local(p).then(mark('browser'));
    try {
      return mark('server')(await remote());
    } catch (e) {
      if (!(e instanceof ApiRequestError && e.code === 'network')) throw e;
      const late = await solverPool(scenario);
      if (!late) throw e;
      return local(late).then(mark('browser'));
    } finally {
      // The workers start once the server has answered: their code and HiGHS (3.5 MB of
      // WebAssembly) never hold back the first chart, and the next solve runs in the browser.
      void solverPool(scenario);
    }
  };

  const optimize = (scenario: ScenarioInput, signal?: AbortSignal) =>
    run<SolveResult>(
      scenario,
      (p) => p.solve({ kind: 'optimize', body: scenario }, { signal }),
      () => server.optimize(scenario, signal),
    );
  return {
    place: startPool ? 'browser' : 'server',
    optimize,
    optimizePreview: (scenario, signal) =>
      run<SolveResult>(
        scenario,
        (p) => p.solve({ kind: 'optimize', body: scenario, preview: true }, { signal }),
        () => server.optimize(scenario, signal),
      ),
    evaluate: (scenario, plan, signal) =>
      run(
        scenario,
        (p) => p.solve({ kind: 'evaluate', body: { scenario, plan } }, { signal }),
        () => server.evaluate(scenario, plan, signal),
      ),
    sensitivity: (body, signal) =>
      run(
        body.scenario as ScenarioInput,
        (p) => p.analyse({ kind: 'sensitivity', body }, { signal }),
        () => server.sensitivity(body, signal),
      ),
    breakeven: (body, signal) =>
      run(
        body.scenario as ScenarioInput,
        (p) => p.analyse({ kind: 'breakeven', body }, { signal }),
        () => server.breakeven(body, signal),
      ),
    optimizeWithAllMarginals: (scenario, signal) =>
      optimize(
        { ...scenario, solve: { ...scenario.solve, marginalValues: 'all' as const } },
        signal,
      ),
    streamMap: (body, onProgress, signal) =>
      run(
        body.scenario as ScenarioInput,
        (p) => p.analyse({ kind: 'map', body }, { signal, onProgress }),
        () => server.streamMap(body, onProgress, signal),
      ),
    placeOf: (answer) => places.get(answer),
    pointWallMs: () => startedPool()?.pointWallMs(),
  };
}
