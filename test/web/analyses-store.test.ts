/**
 * @module test/web/analyses-store — the analyses and saved-plans stores with Solid's browser build
 * and fake requests: re-running on edits, aborting superseded requests, the cache, the map's
 * progress, cancel and resume, per-request errors; saving, renaming, deleting and loading saved
 * plans with their loading and error states.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BreakevenRequest,
  MapRequest,
  MapResponse,
  SensitivityRequest,
} from '../../model/analyses/schema';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import type { PlanSummary, SavedPlan } from '../../api/plans/schema';
import type { AnalysisProgress } from '../../web/src/worker/pool';
import { afterTimers, inRoot, solidModules, until } from './solid-node';
import { leaseOf } from '../helpers/lease';

type Mods = {
  solid: typeof import('solid-js');
  scenario: typeof import('../../web/src/stores/scenario');
  analyses: typeof import('../../web/src/stores/analyses');
  saved: typeof import('../../web/src/stores/saved-plans');
  api: typeof import('../../web/src/lib/api');
};
let m: Mods;
let close: () => Promise<void>;

const base: ScenarioInput = JSON.parse(
  readFileSync(new URL('../fixtures/spec-example.json', import.meta.url), 'utf8'),
);
const LEASE = 'hpcOptions.0.leaseUsdPerKwMonth';

beforeAll(async () => {
  const vite = await solidModules();
  close = vite.close;
  m = {
    solid: vite.solid,
    scenario: await vite.load('/web/src/stores/scenario.ts'),
    analyses: await vite.load('/web/src/stores/analyses.ts'),
    saved: await vite.load('/web/src/stores/saved-plans.ts'),
    api: await vite.load('/web/src/lib/api.ts'),
  };
});

afterAll(async () => {
  await close?.();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const aborted = () => new DOMException('aborted', 'AbortError');

/** Fake analysis requests: answers carry the lease rate; every call and its signal is logged. */
function fakeApi(
  opts: {
    mapCells?: number;
    mapStepMs?: number;
    breakevenFails?: string;
    /** The server's map clock at each progress (`elapsedMs`, ms since the map was taken up). */
    mapClock?: (done: number) => number;
    /** What the browser's pool adds to a map's progress (its clock and each worker's points). */
    mapLanes?: (done: number) => {
      elapsedMs: number;
      lanes: { solved: number; left: number }[];
    };
  } = {},
) {
  const log: { kind: string; lease: number; signal?: AbortSignal }[] = [];
  // The requests carry a scenario of either form; these fakes are sent the single-site one.
  const lease = (s: { hpcOptions?: ScenarioInput['hpcOptions'] }) =>
    leaseOf(s.hpcOptions![0]).leaseUsdPerKwMonth;
  const wait = async (ms: number, signal?: AbortSignal) => {
    await sleep(ms);
    if (signal?.aborted) throw aborted();
  };
  return {
    log,
    api: {
      sensitivity: async (body: SensitivityRequest, signal?: AbortSignal) => {
        log.push({ kind: 'tornado', lease: lease(body.scenario), signal });
        await wait(5, signal);
        return {
          baseNpvUsd: lease(body.scenario) * 1e6,
          baseHpcMW: 100,
          rows: [],
          skipped: [],
          notes: [],
        };
      },
      breakeven: async (body: BreakevenRequest, signal?: AbortSignal) => {
        log.push({ kind: `breakeven ${body.parameter}`, lease: lease(body.scenario), signal });
        await wait(5, signal);
        if (body.parameter === opts.breakevenFails)
          throw new m.api.ApiRequestError(400, 'invalid_parameter', 'out of bounds', [
            { path: 'parameter', message: 'no' },
          ]);
        return {
          parameter: body.parameter,
          label: body.parameter,
          value: null,
          tolerance: 1,
          from: 1,
          to: 2,
          message: '',
          scan: [],
        };
      },
      optimizeWithAllMarginals: async (s: ScenarioInput, signal?: AbortSignal) => {
        log.push({ kind: 'marginals', lease: lease(s), signal });
        await wait(5, signal);
        return {
          marginalValues: {
            gridMWUsd: lease(s),
            facilityPerMillionUsd: null,
            earlierCommencementUsd: 1,
            methods: {},
          },
        } as unknown as SolveResult;
      },
      streamMap: async (
        body: MapRequest,
        onProgress: (p: AnalysisProgress) => void,
        signal?: AbortSignal,
      ) => {
        log.push({ kind: 'map', lease: lease(body.scenario), signal });
        const total = opts.mapCells ?? 4;
        for (let done = 1; done <= total; done++) {
          await wait(opts.mapStepMs ?? 1, signal);
          const clock = opts.mapClock && { elapsedMs: opts.mapClock(done) };
          onProgress({ done, total, ...clock, ...opts.mapLanes?.(done) });
        }
        return { x: { values: [lease(body.scenario)] }, cells: [] } as unknown as MapResponse;
      },
    },
  };
}

describe('createAnalysesStore', () => {
  it('runs every analysis for the scenario and again, newest input only, when it changes', async () => {
    await inRoot(m.solid, async () => {
      const { log, api } = fakeApi();
      const sc = m.scenario.createScenarioStore(base);
      const a = m.analyses.createAnalysesStore(sc.scenario, sc.key, { api, debounceMs: 20 });
      const all = () =>
        a.tornado.current() &&
        a.breakevens.current() &&
        a.marginals.current() &&
        a.map.current() &&
        !a.breakevens.loading();
      await until(all);
      expect(a.tornado.value()?.baseNpvUsd).toBe(
        leaseOf(base.hpcOptions[0]).leaseUsdPerKwMonth * 1e6,
      );
      expect(Object.keys(a.breakevens.value()!).sort()).toEqual(
        [
          'hpcOptions.0.capexUsdPerMWIt',
          LEASE,
          'market.hashprice.btcUsd',
          'site.energyUsdPerMWh',
        ].sort(),
      );
      expect(a.marginals.value()?.gridMWUsd).toBe(leaseOf(base.hpcOptions[0]).leaseUsdPerKwMonth);
      expect(a.map.config()?.x.parameter).toBe(LEASE);
      // A burst of edits: the old answers stay, marked stale, and only the last input is answered.
      for (const lease of [101, 102, 103]) sc.set(LEASE, lease);
      expect(a.tornado.current()).toBe(false);
      expect(a.tornado.loading()).toBe(true);
      expect(a.tornado.value()).toBeDefined();
      await until(all);
      expect(a.tornado.value()?.baseNpvUsd).toBe(103e6);
      expect((a.map.value() as unknown as { x: { values: number[] } }).x.values).toEqual([103]);
      const tornadoCalls = log.filter((c) => c.kind === 'tornado').map((c) => c.lease);
      expect(tornadoCalls[tornadoCalls.length - 1]).toBe(103);
      expect(tornadoCalls).not.toContain(102); // merged by the debounce
    });
  });

  it('aborts a superseded request and answers a value seen before from its cache', async () => {
    await inRoot(m.solid, async () => {
      const { log, api } = fakeApi({ mapCells: 50, mapStepMs: 2 });
      const sc = m.scenario.createScenarioStore(base);
      const a = m.analyses.createAnalysesStore(sc.scenario, sc.key, { api, debounceMs: 5 });
      await until(() => (a.map.progress()?.done ?? 0) > 2);
      const first = log.find((c) => c.kind === 'map')!;
      sc.set(LEASE, 111);
      await until(() => first.signal!.aborted);
      await until(() => a.map.current() && a.tornado.current());
      const calls = log.length;
      await afterTimers(() => {
        sc.set(LEASE, leaseOf(base.hpcOptions[0]).leaseUsdPerKwMonth);
        sc.set(LEASE, 111);
        expect(a.tornado.current()).toBe(true); // synchronously, from the cache
        expect(a.map.current()).toBe(true);
      });
      expect(log.length).toBe(calls);
    });
  });

  it('reports the map’s progress; Cancel aborts it and pauses the map until it is drawn again', async () => {
    await inRoot(m.solid, async () => {
      const { log, api } = fakeApi({ mapCells: 200, mapStepMs: 2 });
      const sc = m.scenario.createScenarioStore(base);
      const a = m.analyses.createAnalysesStore(sc.scenario, sc.key, { api, debounceMs: 5 });
      await until(() => (a.map.progress()?.done ?? 0) >= 3);
      expect(a.map.progress()?.total).toBe(200);
      expect(a.map.loading()).toBe(true);
      a.map.cancel();
      const maps = () => log.filter((c) => c.kind === 'map');
      expect(maps()[0].signal!.aborted).toBe(true);
      expect(a.map.loading()).toBe(false);
      expect(a.map.paused()).toBe(true);
      expect(a.map.progress()).toBeUndefined();
      // The edit's debounces and the fake requests run in fake time: the tornado is answered, and
      // whatever else the edit would start has started.
      await afterTimers(() => sc.set(LEASE, 120));
      expect(a.tornado.current()).toBe(true);
      expect(maps()).toHaveLength(1); // paused: edits send no map
      a.map.run();
      expect(a.map.paused()).toBe(false);
      await until(() => maps().length === 2);
      expect(maps()[1].lease).toBe(120);
      a.map.cancel();
    });
  });

  it('estimates the map from the workers’ points once its first cells are solved', async () => {
    await inRoot(m.solid, async () => {
      // 40 cells, so the estimate is taken after 8 (a tenth, at least 8) past the first progress.
      // The pool's clock says 600 ms; its two workers solved 70 + 40 points (the map's and the other
      // analyses') and have 78 + 108 left: 600 × (1 + 186 / 110) ms.
      const { api } = fakeApi({
        mapCells: 40,
        mapLanes: () => ({
          elapsedMs: 600,
          lanes: [
            { solved: 70, left: 78 },
            { solved: 40, left: 108 },
          ],
        }),
      });
      const sc = m.scenario.createScenarioStore(base);
      const a = m.analyses.createAnalysesStore(sc.scenario, sc.key, { api, debounceMs: 5 });
      await until(() => a.map.current());
      expect(a.map.firstCellsMs()! * 40).toBeCloseTo(600 * (1 + 186 / 110), 6);
    });
  });

  it('estimates a server map from its own clock and recent cells, again at each progress', async () => {
    await inRoot(m.solid, async () => {
      // 40 cells: 1 s behind other points before the first, then 10 ms a cell, 30 from the 20th on.
      const clock = (done: number) => 1000 + 10 * Math.min(done, 20) + 30 * Math.max(0, done - 20);
      const seen: { done: number; ms: number; elapsedMs: number }[] = [];
      const { api } = fakeApi({ mapCells: 40, mapClock: clock });
      const sc = m.scenario.createScenarioStore(base);
      const a = m.analyses.createAnalysesStore(sc.scenario, sc.key, { api, debounceMs: 5 });
      m.solid.createEffect(() => {
        const r = a.map.runningEstimate();
        if (r) seen.push(r);
      });
      await until(() => a.map.current());
      // After 8 cells past the first progress (a tenth, at least 8): the 1,090 ms so far + 31
      // cells left at the 10 ms a cell of the first ones; the first cells' pace alone said 400.
      expect(a.map.firstCellsMs()! * 40).toBeCloseTo(1090 + 31 * 10, 6);
      expect(seen[0]).toEqual({ done: 9, total: 40, ms: 1400, elapsedMs: 1090 });
      // Each later progress: the time so far + the cells left at the pace of the recent ones (the
      // last half of those done, 8 at least).
      for (const r of seen) {
        const back = Math.max(8, Math.floor(r.done / 2));
        expect(r.ms).toBeCloseTo(
          clock(r.done) + (40 - r.done) * ((clock(r.done) - clock(r.done - back)) / back),
          6,
        );
      }
      expect(seen.at(-1)!.ms).toBeCloseTo(clock(40), 6);
      // Once drawn, no estimate of a map under way.
      expect(a.map.runningEstimate()).toBeUndefined();
    });
  });

  it('shows no estimate of an earlier run when the same map is drawn again', async () => {
    await inRoot(m.solid, async () => {
      const { api } = fakeApi({ mapCells: 200, mapStepMs: 2, mapClock: (done) => 10 * done });
      const sc = m.scenario.createScenarioStore(base);
      const a = m.analyses.createAnalysesStore(sc.scenario, sc.key, { api, debounceMs: 5 });
      await until(() => a.map.runningEstimate() !== undefined);
      a.map.cancel();
      a.map.run();
      await until(() => a.map.loading());
      // Its own first cells are not solved yet: nothing from the cancelled run stands for it.
      expect(a.map.runningEstimate()).toBeUndefined();
      await until(() => a.map.runningEstimate() !== undefined);
      expect(a.map.runningEstimate()!.done).toBeLessThan(200);
      a.map.cancel();
    });
  });

  it('shows a failed breakeven on its own line and a failed analysis as its error', async () => {
    await inRoot(m.solid, async () => {
      const { api } = fakeApi({ breakevenFails: 'site.energyUsdPerMWh' });
      const failing = {
        ...api,
        sensitivity: async () =>
          Promise.reject(new m.api.ApiRequestError(503, 'busy', 'the analysis solvers are busy')),
      };
      const sc = m.scenario.createScenarioStore(base);
      const a = m.analyses.createAnalysesStore(sc.scenario, sc.key, {
        api: failing,
        debounceMs: 5,
      });
      await until(() => a.breakevens.current() && !a.breakevens.loading() && !!a.tornado.error());
      const item = a.breakevens.value()!['site.energyUsdPerMWh'];
      expect(item.state).toBe('error');
      expect(item.state === 'error' && item.error.message).toBe('out of bounds');
      expect(a.breakevens.value()![LEASE].state).toBe('ok');
      expect(a.tornado.error()?.code).toBe('busy');
      expect(a.tornado.loading()).toBe(false);
    });
  });
});

describe('createSavedPlansStore', () => {
  const saved = (id: string, name: string, npvUsd = 1e8): SavedPlan =>
    ({
      id,
      name,
      scenario: base,
      plan: null,
      answer: { status: 'optimal', npvUsd, months: [], kpis: null },
      savedAt: `2026-11-22T04:00:0${id.length}.000Z`,
      version: 1,
    }) as unknown as SavedPlan;

  /** An in-memory server; `fail` makes the next call of that kind answer an error. */
  function fakeServer() {
    const plans = new Map<string, SavedPlan>();
    const fail = new Set<string>();
    const gets: string[] = [];
    let n = 0;
    const maybeFail = async (kind: string) => {
      await sleep(3);
      if (fail.delete(kind))
        throw new m.api.ApiRequestError(
          kind === 'list' ? 0 : 400,
          kind === 'list' ? 'network' : 'invalid_request',
          `${kind} failed`,
        );
    };
    /** The plan, if it is at `version` (else the server's 412). */
    const current = (id: string, version: number) => {
      const p = plans.get(id)!;
      if (p.version !== version)
        throw new m.api.ApiRequestError(412, 'precondition_failed', 'the plan has changed');
      return p;
    };
    return {
      plans,
      fail,
      gets,
      /** Someone else renames plan `id` on the server. */
      renameElsewhere(id: string, name: string) {
        const p = plans.get(id)!;
        plans.set(id, { ...p, name, version: p.version + 1 });
      },
      api: {
        list: async () => (
          await maybeFail('list'),
          [...plans.values()].reverse().map((p) => m.saved.summaryOf(p)) as PlanSummary[]
        ),
        create: async (body: { name: string }) => {
          await maybeFail('create');
          const p = saved(`p${++n}`, body.name);
          plans.set(p.id, p);
          return p;
        },
        get: async (id: string) => (await maybeFail('get'), gets.push(id), plans.get(id)!),
        rename: async (id: string, name: string, version: number) => {
          await maybeFail('rename');
          const p = { ...current(id, version), name, version: version + 1 };
          plans.set(id, p);
          return p;
        },
        remove: async (id: string, version: number) => {
          await maybeFail('remove');
          current(id, version);
          plans.delete(id);
        },
      },
    };
  }

  it('lists, saves, renames and deletes, each with its loading and error state', async () => {
    await inRoot(m.solid, async () => {
      const srv = fakeServer();
      const store = m.saved.createSavedPlansStore(srv.api);
      srv.fail.add('list');
      await store.refresh();
      expect(store.listState()).toBe('error');
      expect(store.listError()?.message).toBe('list failed');
      const loading = store.refresh();
      expect(store.listState()).toBe('loading');
      await loading;
      expect(store.listState()).toBe('ok');
      expect(store.list()).toEqual([]);

      const saving = store.save('Base', base);
      expect(store.saving()).toBe(true);
      expect((await saving)?.name).toBe('Base');
      expect(store.saving()).toBe(false);
      await store.save('Second', base);
      expect(store.list().map((x) => x.name)).toEqual(['Second', 'Base']);
      srv.fail.add('create');
      expect(await store.save('Broken', base)).toBeUndefined();
      expect(store.saveError()?.message).toBe('create failed');
      expect(store.list()).toHaveLength(2);

      const id = store.list()[1].id;
      const renaming = store.rename(id, 'Base case');
      expect(store.action(id)).toBe('renaming');
      expect(await renaming).toBe(true);
      expect(store.action(id)).toBeUndefined();
      expect(store.list().map((x) => x.name)).toEqual(['Second', 'Base case']);
      srv.fail.add('remove');
      expect(await store.remove(id)).toBe(false);
      expect(store.actionError(id)?.message).toBe('remove failed');
      expect(await store.remove(id)).toBe(true);
      expect(store.actionError(id)).toBeUndefined();
      expect(store.list().map((x) => x.name)).toEqual(['Second']);
    });
  });

  it('a rename or delete refused for a newer version offers reload or overwrite', async () => {
    await inRoot(m.solid, async () => {
      const srv = fakeServer();
      const store = m.saved.createSavedPlansStore(srv.api);
      const { id } = (await store.save('Base', base))!;
      srv.renameElsewhere(id, 'Theirs');
      expect(await store.rename(id, 'Mine')).toBe(false);
      expect(store.actionError(id)?.status).toBe(412);
      expect(store.conflict(id)).toEqual({ action: 'renaming', name: 'Mine' });
      expect(await store.overwrite(id)).toBe(true);
      expect(store.conflict(id)).toBeUndefined();
      expect(srv.plans.get(id)).toMatchObject({ name: 'Mine', version: 3 });
      expect(store.list()[0]).toMatchObject({ name: 'Mine', version: 3 });

      srv.renameElsewhere(id, 'Theirs again');
      expect(await store.remove(id)).toBe(false);
      expect(store.conflict(id)).toEqual({ action: 'deleting' });
      expect(await store.reload(id)).toBe(true);
      expect(store.conflict(id)).toBeUndefined();
      expect(store.actionError(id)).toBeUndefined();
      expect(store.list()[0]).toMatchObject({ name: 'Theirs again', version: 4 });
      expect(await store.remove(id)).toBe(true);
      expect(srv.plans.size).toBe(0);
    });
  });

  it('loads the plans picked for a comparison once, and again only when they were saved anew', async () => {
    await inRoot(m.solid, async () => {
      const srv = fakeServer();
      srv.plans.set('a', saved('a', 'A'));
      srv.plans.set('bb', saved('bb', 'B'));
      const store = m.saved.createSavedPlansStore(srv.api);
      await store.refresh();
      srv.fail.add('get');
      store.load(['a', 'bb']);
      expect(store.loaded('a')?.state).toBe('loading');
      await until(
        () => store.loaded('a')?.state !== 'loading' && store.loaded('bb')?.state !== 'loading',
      );
      expect([store.loaded('a')?.state, store.loaded('bb')?.state].sort()).toEqual(['error', 'ok']);
      store.load(['a', 'bb']); // the failed one is fetched again, the loaded one is kept
      await until(() => store.loaded('a')?.state === 'ok' && store.loaded('bb')?.state === 'ok');
      expect(srv.gets.sort()).toEqual(['a', 'bb']);
      expect((await store.open('a'))?.name).toBe('A');
      expect(srv.gets).toHaveLength(2); // opened from what was loaded
      await store.rename('a', 'A2');
      await afterTimers(() => store.load(['a']));
      expect(store.loaded('a')?.state === 'ok' && store.loaded('a')).toMatchObject({
        plan: { name: 'A2' },
      });
      expect(srv.gets).toHaveLength(2); // the rename's answer is the new plan
    });
  });
});
