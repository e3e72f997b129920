/**
 * @module test/web/solve-store — the reactive stores with Solid's browser build (through Vite, so
 * effects run in Node): re-solving on edits, the answer cache, API issues, start-over after a new
 * scenario, plan storage.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import solid from 'vite-plugin-solid';
import type { ScenarioInput, SolveResult } from '../../model/schema';
import { ROOT } from './harness';
import { until } from './solid-node';
import { leaseOf } from '../helpers/lease';

let vite: ViteDevServer;
let solidJs: typeof import('solid-js');
let stores: {
  scenario: typeof import('../../web/src/stores/scenario');
  solve: typeof import('../../web/src/stores/solve');
};
let api: typeof import('../../web/src/lib/api');
let plansMod: typeof import('../../web/src/stores/plans');

const base: ScenarioInput = JSON.parse(
  readFileSync(new URL('../fixtures/spec-example.json', import.meta.url), 'utf8'),
);

beforeAll(async () => {
  vite = await createServer({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    plugins: [solid()],
    // Solid's browser build, so createEffect runs (its server build only renders once).
    resolve: { conditions: ['browser'] },
    ssr: {
      noExternal: ['solid-js'],
      resolve: { conditions: ['browser'], externalConditions: ['browser'] },
    },
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  solidJs = (await vite.ssrLoadModule('solid-js')) as typeof solidJs;
  stores = {
    scenario: (await vite.ssrLoadModule('/web/src/stores/scenario.ts')) as typeof stores.scenario,
    solve: (await vite.ssrLoadModule('/web/src/stores/solve.ts')) as typeof stores.solve,
  };
  api = (await vite.ssrLoadModule('/web/src/lib/api.ts')) as typeof api;
  plansMod = (await vite.ssrLoadModule('/web/src/stores/plans.ts')) as typeof plansMod;
});

afterAll(async () => {
  await vite?.close();
});

/**
 * A fake solver: the NPV is the lease rate × 1e6, so answers can be told apart; `fail` makes it
 * answer 400.
 */
function fakeSolve(log: number[], fail?: (s: ScenarioInput) => boolean) {
  return async (s: ScenarioInput): Promise<SolveResult> => {
    const lease = leaseOf(s.hpcOptions[0]).leaseUsdPerKwMonth;
    log.push(lease);
    await new Promise((r) => setTimeout(r, 5));
    if (fail?.(s))
      throw new api.ApiRequestError(400, 'invalid_scenario', 'the scenario is not valid', [
        { path: 'site.gridMW', message: 'must be ≥ 0' },
      ]);
    return {
      status: 'optimal',
      npvUsd: lease * 1e6,
      plan: { builds: [], refreshes: [] },
      months: [],
      kpis: null,
      solver: {} as SolveResult['solver'],
    };
  };
}

/** Runs `body` inside a reactive root and disposes it afterwards. */
async function inRoot(body: (dispose: () => void) => Promise<void>) {
  let dispose!: () => void;
  const done = solidJs.createRoot((d) => {
    dispose = d;
    return body(d);
  });
  try {
    await done;
  } finally {
    dispose();
  }
}

describe('createSolveStore', () => {
  it('solves the scenario, re-solves on an edit and reports the previous answer', async () => {
    await inRoot(async () => {
      const log: number[] = [];
      const sc = stores.scenario.createScenarioStore(base);
      const st = stores.solve.createSolveStore(sc.scenario, sc.key, { solve: fakeSolve(log) });
      await until(() => st.current());
      expect(st.answer()?.result.npvUsd).toBe(150e6);
      sc.set('hpcOptions.0.leaseUsdPerKwMonth', 160);
      expect(st.current()).toBe(false);
      expect(st.loading()).toBe(true);
      await until(() => st.current());
      expect(st.answer()?.result.npvUsd).toBe(160e6);
      expect(st.previous()?.result.npvUsd).toBe(150e6);
      expect(log).toEqual([150, 160]);
    });
  });

  it('answers a value solved before from its cache, without a request', async () => {
    await inRoot(async () => {
      const log: number[] = [];
      const sc = stores.scenario.createScenarioStore(base);
      const st = stores.solve.createSolveStore(sc.scenario, sc.key, { solve: fakeSolve(log) });
      await until(() => st.current());
      sc.set('hpcOptions.0.leaseUsdPerKwMonth', 170);
      await until(() => st.current());
      sc.set('hpcOptions.0.leaseUsdPerKwMonth', 150);
      expect(st.current()).toBe(true); // synchronously: from the cache
      expect(st.answer()?.result.npvUsd).toBe(150e6);
      expect(log).toEqual([150, 170]);
    });
  });

  it('keeps the last valid answer and reports the API issues for invalid inputs', async () => {
    await inRoot(async () => {
      const sc = stores.scenario.createScenarioStore(base);
      const st = stores.solve.createSolveStore(sc.scenario, sc.key, {
        solve: fakeSolve([], (s) => s.site.gridMW < 0),
      });
      await until(() => st.current());
      sc.set('site.gridMW', -10);
      await until(() => st.failed());
      expect(st.issues()).toEqual([{ path: 'site.gridMW', message: 'must be ≥ 0' }]);
      expect(st.error()).toBeUndefined();
      expect(st.answer()?.result.npvUsd).toBe(150e6);
      sc.set('site.gridMW', 100);
      expect(st.current()).toBe(true);
      expect(st.issues()).toEqual([]);
    });
  });

  it('shows only the newest input’s answer during a burst of edits', async () => {
    await inRoot(async () => {
      const log: number[] = [];
      const sc = stores.scenario.createScenarioStore(base);
      const st = stores.solve.createSolveStore(sc.scenario, sc.key, {
        solve: fakeSolve(log),
        debounceMs: 20,
        maxWaitMs: 100,
      });
      await until(() => st.current());
      for (const lease of [151, 152, 153, 154, 155])
        sc.set('hpcOptions.0.leaseUsdPerKwMonth', lease);
      await until(() => st.current());
      expect(st.answer()?.result.npvUsd).toBe(155e6);
      expect(log.length).toBeLessThan(6); // the burst was merged
    });
  });

  it('solves a drag without marginal values, shows each answer, and completes the last at rest', async () => {
    await inRoot(async () => {
      const asked: string[] = [];
      const solve = fakeSolve([]);
      const st = (() => {
        const sc = stores.scenario.createScenarioStore(base);
        return {
          sc,
          store: stores.solve.createSolveStore(sc.scenario, sc.key, {
            place: 'browser',
            solve: (s: ScenarioInput) => {
              asked.push(
                `${leaseOf(s.hpcOptions[0]).leaseUsdPerKwMonth}:${s.solve?.marginalValues ?? 'fast'}`,
              );
              return solve(s);
            },
          }),
        };
      })();
      await until(() => st.store.current());
      // Steps that follow the last answer at once: a drag's.
      // A typed value is never a drag's: solved complete.
      st.sc.set('hpcOptions.0.leaseUsdPerKwMonth', 150.5);
      await until(() => st.store.current());
      expect(st.store.answer()?.marginalsPending).toBeUndefined();
      st.store.slide();
      st.sc.set('hpcOptions.0.leaseUsdPerKwMonth', 151);
      st.store.slide();
      st.sc.set('hpcOptions.0.leaseUsdPerKwMonth', 152);
      await until(() => st.store.current());
      expect(st.store.answer()?.result.npvUsd).toBe(152e6);
      expect(st.store.answer()?.marginalsPending).toBe(true);
      // At rest the complete answer replaces it, for the same inputs.
      await until(() => st.store.answer()?.marginalsPending !== true);
      expect(st.store.answer()?.result.npvUsd).toBe(152e6);
      expect(st.store.current()).toBe(true);
      expect(asked.slice(1)).toEqual(['150.5:fast', '151:off', '152:off', '152:fast']);
    });
  });

  it('compares nothing with the answer before a new scenario', async () => {
    await inRoot(async () => {
      const sc = stores.scenario.createScenarioStore(base);
      const st = stores.solve.createSolveStore(sc.scenario, sc.key, { solve: fakeSolve([]) });
      await until(() => st.current());
      st.startOver();
      sc.replace({
        ...structuredClone(base),
        name: 'Another site',
        hpcOptions: [{ ...leaseOf(base.hpcOptions[0]), leaseUsdPerKwMonth: 120 }],
      });
      await until(() => st.current());
      expect(st.answer()?.result.npvUsd).toBe(120e6);
      expect(st.previous()).toBeUndefined();
    });
  });
});

describe('createPlansStore', () => {
  it('saves every change to storage and merges shared plans without duplicates', async () => {
    await inRoot(async () => {
      const data = new Map<string, string>();
      const storage = {
        getItem: (k: string) => data.get(k) ?? null,
        setItem: (k: string, v: string) => void data.set(k, v),
      };
      const store = plansMod.createPlansStore(storage);
      await Promise.resolve(); // let the root finish setting up, so effects run on each change
      const id = store.add('Stay mining', { builds: [], refreshes: [] });
      store.update(id, { name: 'Mining only' });
      const saved = () => plansMod.loadPlans(storage);
      expect(saved()).toEqual([{ id, name: 'Mining only', plan: { builds: [], refreshes: [] } }]);
      store.merge([
        ...saved(),
        {
          id: 'shared',
          name: 'From a colleague',
          plan: { builds: [{ optionId: 'ai-lease', month: '2027-04', mw: 50 }], refreshes: [] },
        },
      ]);
      expect(saved().map((p) => p.name)).toEqual(['Mining only', 'From a colleague']);
      store.remove(id);
      expect(saved().map((p) => p.id)).toEqual(['shared']);
    });
  });
});
